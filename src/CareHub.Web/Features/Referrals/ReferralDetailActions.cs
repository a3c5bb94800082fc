using CareHub.Domain.Referrals;

namespace CareHub.Web.Features.Referrals;

public sealed record LoadReferralDetailAction(Guid ReferralId);

/// <summary>The referral as read; null: missing or not the user's (the two read alike).</summary>
public sealed record ReferralDetailLoadedAction(Guid ReferralId, ReferralDetail? Detail);

public sealed record ReferralDetailLoadFailedAction(Guid ReferralId, string Message);

/// <summary>Reads the shown referral again (following its team's topic may have missed an event meanwhile).</summary>
public sealed record ReloadReferralDetailAction(Guid ReferralId);

/// <summary>The bus said this referral changed (to <paramref name="Version"/>) on some screen.</summary>
public sealed record ReferralChangedRemotelyAction(Guid ReferralId, long Version);

public sealed record ReferralOwnersOfTeamLoadedAction(Guid TeamId, IReadOnlyList<ReferralOwner> Owners);

public sealed record MoveReferralAction(Guid ReferralId, long Version, ReferralStatus To, string? Note);

public sealed record ReachReferralMilestoneAction(
    Guid ReferralId, long Version, ReferralMilestone Milestone, DateTimeOffset? AppointmentAt, ReferralOutcome? Outcome, string? Note);

public sealed record RecordReferralConsentAction(Guid ReferralId, long Version, bool PatientWantsHelp, string? Note);

/// <summary>Records the patient's 42 CFR Part 2 consent to disclose the referral (the form's values, checked again on the server).</summary>
public sealed record RecordPart2ConsentAction(Guid ReferralId, long Version, Part2ConsentForm Consent);

public sealed record RevokePart2ConsentAction(Guid ReferralId, long Version, string? Note);

public sealed record ReassignReferralAction(Guid ReferralId, long Version, Guid OwnerId, string? Note);

public sealed record ReferralChangeSucceededAction(Guid ReferralId, long Version);

/// <summary>A change was refused; <paramref name="Stale"/>: someone else changed the referral first (the page reloads).</summary>
public sealed record ReferralChangeFailedAction(Guid ReferralId, string Message, bool Stale);

public sealed record DismissReferralErrorAction;
