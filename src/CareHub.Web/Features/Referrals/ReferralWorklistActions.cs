namespace CareHub.Web.Features.Referrals;

public sealed record LoadReferralTeamsAction;

public sealed record ReferralTeamsLoadedAction(IReadOnlyList<ReferralTeam> Teams);

public sealed record ReferralOwnersLoadedAction(IReadOnlyList<ReferralOwner> Owners);

/// <summary>Shows the first page of the worklist for <paramref name="Filter"/> (the rows shown before go).</summary>
public sealed record LoadReferralWorklistAction(ReferralFilter Filter);

/// <summary>The first page(s) for <paramref name="Filter"/>, replacing what was shown.</summary>
public sealed record ReferralWorklistLoadedAction(ReferralFilter Filter, ReferralPage Page);

public sealed record ReferralWorklistLoadFailedAction(ReferralFilter Filter, string Message);

/// <summary>Appends the page after the shown one.</summary>
public sealed record LoadMoreReferralsAction;

/// <summary>The page read after <paramref name="After"/>; appended only when it still follows what is shown.</summary>
public sealed record ReferralWorklistAppendedAction(ReferralFilter Filter, string After, ReferralPage Page);

/// <summary>A referral of <paramref name="TeamId"/> changed on some screen (or by the escalation job).</summary>
public sealed record ReferralsChangedRemotelyAction(Guid TeamId, Guid ReferralId, long Version);

/// <summary>Reads again as many rows as are shown (after a remote change), keeping them on screen meanwhile.</summary>
public sealed record ReloadReferralWorklistAction;

public sealed record LoadReferralMetricsAction(Guid? TeamId);

public sealed record ReferralMetricsLoadedAction(Guid? TeamId, ReferralMetrics Metrics);

public sealed record ReferralMetricsLoadFailedAction(Guid? TeamId, string Message);
