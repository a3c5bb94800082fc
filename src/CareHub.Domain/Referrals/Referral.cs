using CareHub.Domain.Common;

namespace CareHub.Domain.Referrals;

public enum ReferralType
{
    Specialty,
    BehavioralHealth,
    SubstanceUseTreatment,
    HomeHealth,
    DurableMedicalEquipment,
    CommunityOrganization,
}

public enum ReferralUrgency
{
    Routine,
    Urgent,
    Stat,
}

/// <summary>The Gravity SDOH referral Task statuses (FHIR Task.status).</summary>
public enum ReferralStatus
{
    Draft,
    Requested,
    Received,
    Accepted,
    Rejected,
    InProgress,
    OnHold,
    Completed,
    Failed,
    Cancelled,
    EnteredInError,
}

/// <summary>A referral followed until the loop is closed.</summary>
public sealed class Referral : VersionedEntity, IPatientOwned
{
    private static readonly Dictionary<ReferralStatus, ReferralStatus[]> Allowed = new()
    {
        [ReferralStatus.Draft] = [ReferralStatus.Requested, ReferralStatus.Cancelled, ReferralStatus.EnteredInError],
        [ReferralStatus.Requested] = [ReferralStatus.Received, ReferralStatus.Accepted, ReferralStatus.Rejected, ReferralStatus.Cancelled, ReferralStatus.EnteredInError],
        [ReferralStatus.Received] = [ReferralStatus.Accepted, ReferralStatus.Rejected, ReferralStatus.Cancelled, ReferralStatus.EnteredInError],
        [ReferralStatus.Accepted] = [ReferralStatus.InProgress, ReferralStatus.OnHold, ReferralStatus.Cancelled, ReferralStatus.Failed, ReferralStatus.EnteredInError],
        [ReferralStatus.InProgress] = [ReferralStatus.Completed, ReferralStatus.OnHold, ReferralStatus.Failed, ReferralStatus.Cancelled, ReferralStatus.EnteredInError],
        [ReferralStatus.OnHold] = [ReferralStatus.Accepted, ReferralStatus.InProgress, ReferralStatus.Cancelled, ReferralStatus.Failed, ReferralStatus.EnteredInError],
        [ReferralStatus.Rejected] = [ReferralStatus.EnteredInError],
        [ReferralStatus.Completed] = [ReferralStatus.EnteredInError],
        [ReferralStatus.Failed] = [ReferralStatus.EnteredInError],
        [ReferralStatus.Cancelled] = [ReferralStatus.EnteredInError],
        [ReferralStatus.EnteredInError] = [],
    };

    private Referral() { Destination = Reason = string.Empty; }

    public Referral(Guid patientId, Guid teamId, Guid ownerId, ReferralType type, ReferralUrgency urgency, string destination, string reason, DateTimeOffset createdAt)
    {
        PatientId = Guard.Id(patientId, "Patient");
        TeamId = Guard.Id(teamId, "Care team");
        OwnerId = Guard.Id(ownerId, "Owner");
        Type = type;
        Urgency = urgency;
        Destination = Guard.Text(destination, "Destination", 200);
        Reason = Guard.Text(reason, "Reason for referral", 1000);
        CreatedAt = StatusChangedAt = createdAt;
        Status = ReferralStatus.Draft;
        IsSensitive = type == ReferralType.SubstanceUseTreatment;
    }

    public Guid PatientId { get; private set; }
    public Guid TeamId { get; private set; }
    public Guid OwnerId { get; private set; }
    public ReferralType Type { get; private set; }
    public ReferralUrgency Urgency { get; private set; }
    public ReferralStatus Status { get; private set; }
    public string Destination { get; private set; }
    public string Reason { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset StatusChangedAt { get; private set; }

    /// <summary>Substance use disorder treatment (42 CFR Part 2): details only for those with a need.</summary>
    public bool IsSensitive { get; private set; }

    public bool IsOpen => Status is not (ReferralStatus.Completed or ReferralStatus.Failed or ReferralStatus.Cancelled
        or ReferralStatus.Rejected or ReferralStatus.EnteredInError);

    public static bool CanMove(ReferralStatus from, ReferralStatus to) => Array.IndexOf(Allowed[from], to) >= 0;

    public void MoveTo(ReferralStatus to, DateTimeOffset at)
    {
        if (!CanMove(Status, to))
            throw new DomainRuleException($"A referral that is {Describe(Status)} cannot become {Describe(to)}.");
        if (at < StatusChangedAt)
            throw new DomainRuleException("A status change cannot be dated before the previous one.");
        Status = to;
        StatusChangedAt = at;
    }

    public void Reassign(Guid ownerId) => OwnerId = Guard.Id(ownerId, "Owner");

    public static string Describe(ReferralStatus status) => status switch
    {
        ReferralStatus.InProgress => "in progress",
        ReferralStatus.OnHold => "on hold",
        ReferralStatus.EnteredInError => "entered in error",
        _ => status.ToString().ToLowerInvariant(),
    };
}
