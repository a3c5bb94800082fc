using CareHub.Domain.Common;

namespace CareHub.Domain.Referrals;

/// <summary>One entry of a referral's timeline: what happened, who did it, when, and their note. Append-only.</summary>
public sealed class ReferralEvent : Entity, IPatientOwned
{
    private ReferralEvent() { }

    internal ReferralEvent(Referral referral, ReferralEventKind kind, ReferralStatus? fromStatus, ReferralStatus? toStatus,
        ReferralMilestone? milestone, string? note, Guid? staffId, DateTimeOffset at)
    {
        ReferralId = referral.Id;
        PatientId = referral.PatientId;
        TeamId = referral.TeamId;
        Kind = kind;
        FromStatus = fromStatus;
        ToStatus = toStatus;
        Milestone = milestone;
        Note = note;
        StaffId = staffId;
        At = at;
    }

    public Guid ReferralId { get; private set; }
    public Guid PatientId { get; private set; }
    public Guid TeamId { get; private set; }
    public ReferralEventKind Kind { get; private set; }
    public ReferralStatus? FromStatus { get; private set; }
    public ReferralStatus? ToStatus { get; private set; }
    public ReferralMilestone? Milestone { get; private set; }
    public string? Note { get; private set; }

    /// <summary>Who did it (null: CareHub itself, e.g. an escalation).</summary>
    public Guid? StaffId { get; private set; }

    public DateTimeOffset At { get; private set; }
}

/// <summary>A status change as the clocks read it (<see cref="Referral.HoldsFrom"/>): from where, to where, when.</summary>
public readonly record struct ReferralStatusChange(ReferralStatus? FromStatus, ReferralStatus? ToStatus, DateTimeOffset At)
{
    /// <summary>Into a hold or out of one: the only changes the holds are read from.</summary>
    public bool TouchesHold => ToStatus == ReferralStatus.OnHold || FromStatus == ReferralStatus.OnHold;
}
