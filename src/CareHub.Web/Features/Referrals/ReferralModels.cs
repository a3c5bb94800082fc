using CareHub.Domain.Referrals;

namespace CareHub.Web.Features.Referrals;

/// <summary>
/// Which referrals a worklist shows. Null means "any". By default the open loops of all the user's teams (a loop is
/// open until it is closed with an outcome, whatever the status); <see cref="IncludeClosed"/> adds closed loops.
/// </summary>
public sealed record ReferralFilter
{
    public Guid? TeamId { get; init; }
    public IReadOnlyCollection<ReferralStatus>? Statuses { get; init; }
    public ReferralType? Type { get; init; }
    public ReferralUrgency? Urgency { get; init; }
    public Guid? OwnerId { get; init; }
    public bool OverdueOnly { get; init; }
    public bool IncludeClosed { get; init; }
}

/// <summary>
/// One worklist row. <see cref="DetailsHidden"/>: a sensitive (42 CFR Part 2) referral the viewer has no need to see;
/// then <see cref="Destination"/> reads "Restricted" and nothing of its reason or notes is sent to the screen.
/// </summary>
public sealed record ReferralRow(
    Guid Id, long Version, Guid PatientId, string PatientName, Guid TeamId, string TeamName, ReferralType Type,
    ReferralUrgency Urgency, ReferralStatus Status, string Destination, bool IsSensitive, bool DetailsHidden,
    Guid OwnerId, string OwnerName, DateTimeOffset CreatedAt, DateTimeOffset? RequestedAt, ReferralClockSet Clocks,
    bool LoopClosed, ReferralOutcome? Outcome)
{
    /// <summary>The most pressing open clock (what the worklist sorts and colours by).</summary>
    public ReferralClock? Worst => Clocks.Worst;
}

/// <summary>A page of the worklist, sorted by the clock (due day, then id); <see cref="NextCursor"/> null on the last page.</summary>
public sealed record ReferralPage(IReadOnlyList<ReferralRow> Rows, string? NextCursor);

/// <summary>One entry of a referral's timeline as a screen shows it.</summary>
public sealed record ReferralTimelineEntry(
    Guid Id, ReferralEventKind Kind, string What, string? Note, string By, DateTimeOffset At,
    ReferralStatus? FromStatus, ReferralStatus? ToStatus, ReferralMilestone? Milestone);

/// <summary>
/// A referral with its timeline and what may happen next. For a hidden sensitive referral, <see cref="Reason"/> and
/// timeline notes are withheld (null) and the destination reads "Restricted".
/// </summary>
public sealed record ReferralDetail(
    ReferralRow Row, string? Reason, DateTimeOffset? ConsentRecordedAt, bool? PatientWantsHelp, DateTimeOffset? AppointmentAt,
    DateTimeOffset? SeenAt, DateTimeOffset? ResultReceivedAt, DateTimeOffset? LoopClosedAt,
    IReadOnlyList<ReferralTimelineEntry> Timeline, IReadOnlyList<ReferralStatus> AllowedMoves,
    IReadOnlyList<ReferralMilestone> AllowedMilestones, bool NeedsConsent)
{
    /// <summary>A Part 2 record's consent to disclose, for those who see its details; null otherwise (and for ordinary referrals).</summary>
    public Part2ConsentView? Part2Consent { get; init; }
}

public enum Part2ConsentState
{
    None,
    Active,
    NotYetValid,
    Expired,
    Revoked,
}

/// <summary>The patient's consent to disclose a Part 2 record, as the referral page shows it.</summary>
public sealed record Part2ConsentView(
    Part2ConsentState State, string? ConsentedBy, string? Recipient, string? Purpose, DateOnly? SignedOn, DateOnly? ExpiresOn,
    string? RecordedBy, DateTimeOffset? RecordedAt, string? RevokedBy, DateTimeOffset? RevokedAt);

/// <summary>
/// The consent form's values as the user typed them (checked again on the server: <see cref="Domain.Referrals.Referral.RecordPart2Consent"/>).
/// </summary>
public sealed class Part2ConsentForm
{
    public string? ConsentedBy { get; set; }
    public string? Recipient { get; set; }
    public string? Purpose { get; set; }
    public DateOnly? SignedOn { get; set; }
    public DateOnly? ExpiresOn { get; set; }
    public bool UntilRevoked { get; set; } = true;
}

/// <summary>A new referral. <see cref="Send"/>: request it at once (otherwise it stays a draft).</summary>
public sealed record NewReferral(Guid PatientId, Guid TeamId, ReferralType Type, ReferralUrgency Urgency, string Destination, string Reason)
{
    public Guid? OwnerId { get; init; }

    /// <summary>For a community organisation: the patient consented to sharing, and whether they want help.</summary>
    public bool ConsentGiven { get; init; }

    public bool? PatientWantsHelp { get; init; }

    public bool Send { get; init; }

    public string? Note { get; init; }
}

/// <summary>The answer to a change of a referral.</summary>
public abstract record ReferralResult
{
    private ReferralResult() { }

    public sealed record Saved(Guid ReferralId, long Version) : ReferralResult;

    /// <summary>Someone else changed the referral since the version the change names: nothing saved; reload and decide again.</summary>
    public sealed record Stale(string Message) : ReferralResult;

    /// <summary>Missing or not the user's (the two read alike).</summary>
    public sealed record NotFound : ReferralResult;

    public sealed record Invalid(string Message) : ReferralResult;
}

/// <summary>How the team's loops are doing, for a manager at a glance.</summary>
public sealed record ReferralMetrics(
    int Open, int Overdue, int DueSoon, int ClosedLoops, int Finished, double? ClosureRate, double? MedianDaysToClose,
    IReadOnlyList<ReferralMetricsGroup> ByType, IReadOnlyList<ReferralMetricsGroup> ByDestination,
    IReadOnlyList<ReferralMetricsWeek> Weeks);

/// <summary>One group's figures: open, overdue, closed loops of finished referrals, median days from request to closed loop.</summary>
public sealed record ReferralMetricsGroup(string Name, int Open, int Overdue, int ClosedLoops, int Finished, double? ClosureRate, double? MedianDaysToClose);

/// <summary>A week (Monday, local): referrals sent and loops closed.</summary>
public sealed record ReferralMetricsWeek(DateOnly Monday, int Sent, int LoopsClosed);
