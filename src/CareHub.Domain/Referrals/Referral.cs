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

/// <summary>The loop milestones on top of the Gravity statuses, in the order a loop closes.</summary>
public enum ReferralMilestone
{
    AppointmentScheduled,
    PatientSeen,
    ResultReceived,
    LoopClosed,
}

/// <summary>How a loop ended (the outcome recorded when it is closed).</summary>
public enum ReferralOutcome
{
    ServiceProvided,
    PatientDeclined,
    UnableToContact,
    NotEligible,
    NoCapacity,
    PatientMovedOrTransferred,
    Other,
}

/// <summary>What an entry of a referral's timeline records.</summary>
public enum ReferralEventKind
{
    Created,
    StatusChanged,
    Milestone,
    ConsentRecorded,
    Reassigned,
    Escalated,
    Part2ConsentRecorded,
    Part2ConsentRevoked,
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

    public const int MaxNoteLength = 1000;
    public const int MaxConsentPartyLength = 200;
    public const int MaxConsentPurposeLength = 500;

    private readonly List<ReferralEvent> _events = [];

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
        if (!Enum.IsDefined(type))
            throw new DomainRuleException("That kind of referral does not exist.");
        if (!Enum.IsDefined(urgency))
            throw new DomainRuleException("That urgency does not exist.");
        CreatedAt = StatusChangedAt = createdAt;
        Status = ReferralStatus.Draft;
        IsSensitive = type == ReferralType.SubstanceUseTreatment;
        _events.Add(new ReferralEvent(this, ReferralEventKind.Created, null, ReferralStatus.Draft, null, null, ownerId, createdAt));
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

    /// <summary>When it was first sent (requested): the clocks start here.</summary>
    public DateTimeOffset? RequestedAt { get; private set; }

    public DateTimeOffset? AcceptedAt { get; private set; }
    public DateTimeOffset? AppointmentScheduledAt { get; private set; }

    /// <summary>When the appointment is (if the destination said).</summary>
    public DateTimeOffset? AppointmentAt { get; private set; }

    public DateTimeOffset? SeenAt { get; private set; }
    public DateTimeOffset? ResultReceivedAt { get; private set; }
    public DateTimeOffset? LoopClosedAt { get; private set; }
    public ReferralOutcome? Outcome { get; private set; }

    /// <summary>When the patient's consent to share their information with a community organisation was recorded.</summary>
    public DateTimeOffset? ConsentRecordedAt { get; private set; }

    /// <summary>Whether the patient wants help with the need (asked with the consent).</summary>
    public bool? PatientWantsHelp { get; private set; }

    /// <summary>
    /// The patient's written consent to disclose this substance use disorder record (42 CFR Part 2, § 2.31): who signed it
    /// (the patient or their representative), to whom and for what it allows disclosure, when it was signed, until when
    /// (null: until revoked), and who recorded it. Null when none was ever recorded. A revoked consent stays here, marked,
    /// until a new one replaces it; the timeline keeps every recording and revocation.
    /// </summary>
    public string? Part2ConsentedBy { get; private set; }

    public string? Part2ConsentRecipient { get; private set; }
    public string? Part2ConsentPurpose { get; private set; }
    public DateOnly? Part2ConsentSignedOn { get; private set; }

    /// <summary>The last day the consent holds (inclusive); null: until the patient revokes it.</summary>
    public DateOnly? Part2ConsentExpiresOn { get; private set; }

    public Guid? Part2ConsentRecordedBy { get; private set; }
    public DateTimeOffset? Part2ConsentRecordedAt { get; private set; }
    public Guid? Part2ConsentRevokedBy { get; private set; }
    public DateTimeOffset? Part2ConsentRevokedAt { get; private set; }

    /// <summary>How far an overdue clock has been escalated (0 none, 1 the owner, 2 the team's manager), and for which stage.</summary>
    public int EscalationLevel { get; private set; }

    public string? EscalatedStage { get; private set; }

    /// <summary>The timeline, oldest first: creation, every status change, milestone, consent, reassignment, escalation.</summary>
    public IReadOnlyList<ReferralEvent> Events => _events;

    /// <summary>A community organisation sees the patient's information only with the patient's consent.</summary>
    public bool NeedsConsent => Type == ReferralType.CommunityOrganization;

    public bool IsLoopClosed => LoopClosedAt is not null;

    /// <summary>
    /// The due day of the most pressing open clock (null: none runs), kept with the referral so that a worklist of a
    /// million referrals sorts "by the clock" with an index; set by <see cref="PlanNextDue"/> after every change.
    /// </summary>
    public DateOnly? NextDueOn { get; private set; }

    public ReferralClockStage? NextDueStage { get; private set; }

    /// <summary>What the clocks of this referral are computed from.</summary>
    public ReferralClockInput ClockInput() => ClockInput(Holds());

    /// <summary>
    /// What the clocks of this referral are computed from, with its holds read elsewhere (<see cref="HoldsFrom"/> over
    /// status changes loaded apart from the referral, e.g. those of a whole worklist page in one query).
    /// </summary>
    public ReferralClockInput ClockInput(IReadOnlyList<(DateTimeOffset From, DateTimeOffset? To)> holds) =>
        new(Type, Urgency, RequestedAt, AcceptedAt, AppointmentScheduledAt, ResultReceivedAt, holds,
            IsClosed: !IsOpen || IsLoopClosed);

    /// <summary>Remembers the most pressing open clock's due day (see <see cref="NextDueOn"/>).</summary>
    public void PlanNextDue(ReferralClockSet clocks)
    {
        ArgumentNullException.ThrowIfNull(clocks);
        var worst = clocks.Worst;
        NextDueOn = worst?.DueOn;
        NextDueStage = worst?.Stage;
    }

    public bool IsOpen => Status is not (ReferralStatus.Completed or ReferralStatus.Failed or ReferralStatus.Cancelled
        or ReferralStatus.Rejected or ReferralStatus.EnteredInError);

    public static bool CanMove(ReferralStatus from, ReferralStatus to) => Array.IndexOf(Allowed[from], to) >= 0;

    public void MoveTo(ReferralStatus to, DateTimeOffset at) => MoveTo(to, at, null, null);

    /// <summary>Moves to another Gravity status, if the life cycle allows it; recorded on the timeline with who and a note.</summary>
    public ReferralEvent MoveTo(ReferralStatus to, DateTimeOffset at, Guid? staffId, string? note)
    {
        if (!Enum.IsDefined(to))
            throw new DomainRuleException("That status does not exist.");
        if (!CanMove(Status, to))
            throw new DomainRuleException($"A referral that is {Describe(Status)} cannot become {Describe(to)}.");
        if (at < StatusChangedAt)
            throw new DomainRuleException("A status change cannot be dated before the previous one.");
        if (to == ReferralStatus.Requested && NeedsConsent && (ConsentRecordedAt is null || PatientWantsHelp is null))
            throw new DomainRuleException("Record the patient's consent and whether they want help before sending a referral to a community organisation.");
        var checkedNote = Note(note);
        var from = Status;
        Status = to;
        StatusChangedAt = at;
        if (to == ReferralStatus.Requested)
            RequestedAt ??= at;
        if (to == ReferralStatus.Accepted)
            AcceptedAt ??= at;
        return Record(new ReferralEvent(this, ReferralEventKind.StatusChanged, from, to, null, checkedNote, staffId, at));
    }

    /// <summary>
    /// Records a loop milestone: the appointment scheduled (again, to reschedule, until the patient was seen), the
    /// patient seen, the result or consult note received, the loop closed with an outcome. Each needs the one before
    /// it; closing needs a finished referral: completed with its result, or rejected, failed or cancelled.
    /// </summary>
    public ReferralEvent Reach(ReferralMilestone milestone, DateTimeOffset at, Guid? staffId, string? note,
        DateTimeOffset? appointmentAt = null, ReferralOutcome? outcome = null)
    {
        if (!Enum.IsDefined(milestone))
            throw new DomainRuleException("That milestone does not exist.");
        if (IsLoopClosed)
            throw new DomainRuleException("The loop of this referral is already closed.");
        if (Status == ReferralStatus.EnteredInError)
            throw new DomainRuleException("A referral entered in error has no loop to follow.");
        var checkedNote = Note(note);
        switch (milestone)
        {
            case ReferralMilestone.AppointmentScheduled:
                if (Status is not (ReferralStatus.Accepted or ReferralStatus.InProgress))
                    throw new DomainRuleException("An appointment can be scheduled once the referral is accepted.");
                if (SeenAt is not null)
                    throw new DomainRuleException("The patient was already seen; the appointment cannot be rescheduled.");
                AppointmentScheduledAt = at;
                AppointmentAt = appointmentAt;
                break;
            case ReferralMilestone.PatientSeen:
                if (AppointmentScheduledAt is null)
                    throw new DomainRuleException("Record the appointment before recording that the patient was seen.");
                if (SeenAt is not null)
                    throw new DomainRuleException("The patient was already recorded as seen.");
                if (Status is not (ReferralStatus.Accepted or ReferralStatus.InProgress or ReferralStatus.Completed))
                    throw new DomainRuleException($"A referral that is {Describe(Status)} has no visit to record.");
                SeenAt = at;
                break;
            case ReferralMilestone.ResultReceived:
                if (SeenAt is null)
                    throw new DomainRuleException("Record that the patient was seen before recording the result.");
                if (ResultReceivedAt is not null)
                    throw new DomainRuleException("The result was already recorded.");
                ResultReceivedAt = at;
                break;
            case ReferralMilestone.LoopClosed:
                if (outcome is not { } closedWith || !Enum.IsDefined(closedWith))
                    throw new DomainRuleException("Choose the outcome to close the loop.");
                if (Status == ReferralStatus.Completed && ResultReceivedAt is null)
                    throw new DomainRuleException("Record the result or consult note before closing the loop.");
                if (Status is not (ReferralStatus.Completed or ReferralStatus.Rejected or ReferralStatus.Failed or ReferralStatus.Cancelled))
                    throw new DomainRuleException($"A referral that is {Describe(Status)} is still open; complete, cancel or mark it failed first.");
                LoopClosedAt = at;
                Outcome = closedWith;
                break;
        }
        return Record(new ReferralEvent(this, ReferralEventKind.Milestone, null, null, milestone, checkedNote, staffId, at));
    }

    /// <summary>Records the patient's consent to share their information with the organisation, and whether they want help.</summary>
    public ReferralEvent RecordConsent(bool patientWantsHelp, DateTimeOffset at, Guid? staffId, string? note)
    {
        if (!NeedsConsent)
            throw new DomainRuleException("Only a referral to a community organisation records consent here.");
        if (Status != ReferralStatus.Draft)
            throw new DomainRuleException("Consent is recorded before the referral is sent.");
        var checkedNote = Note(note);
        ConsentRecordedAt = at;
        PatientWantsHelp = patientWantsHelp;
        return Record(new ReferralEvent(this, ReferralEventKind.ConsentRecorded, null, null, null,
            checkedNote ?? (patientWantsHelp ? "Consent given; the patient wants help." : "Consent given; the patient does not want help now."), staffId, at));
    }

    public void Reassign(Guid ownerId) => OwnerId = Guard.Id(ownerId, "Owner");

    /// <summary>Hands the referral to another owner (whether they are on the team is the caller's check).</summary>
    public ReferralEvent Reassign(Guid ownerId, DateTimeOffset at, Guid? staffId, string? note)
    {
        var checkedNote = Note(note);
        OwnerId = Guard.Id(ownerId, "Owner");
        return Record(new ReferralEvent(this, ReferralEventKind.Reassigned, null, null, null, checkedNote, staffId, at));
    }

    /// <summary>
    /// Escalates an overdue clock one level at a time, at most once per level and stage: first to the owner, then,
    /// when the clock is <paramref name="managerAfterDays"/> business days overdue, to the team's manager. Null when
    /// there is nothing new to escalate (so a check that runs every minute escalates once).
    /// </summary>
    public ReferralEvent? Escalate(string stage, int businessDaysOverdue, int managerAfterDays, DateTimeOffset at)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(stage);
        if (!IsOpen || businessDaysOverdue < 0)
            return null;
        var level = businessDaysOverdue >= managerAfterDays ? 2 : 1;
        var current = string.Equals(EscalatedStage, stage, StringComparison.Ordinal) ? EscalationLevel : 0;
        if (level <= current)
            return null;
        EscalationLevel = level;
        EscalatedStage = stage;
        var to = level == 2 ? "the team's manager" : "the owner";
        return Record(new ReferralEvent(this, ReferralEventKind.Escalated, null, null, null,
            $"{stage} overdue by {businessDaysOverdue} business day{(businessDaysOverdue == 1 ? "" : "s")}: escalated to {to}.", null, at));
    }

    /// <summary>
    /// Records the patient's written consent to disclose this Part 2 record (see ADR 0014): who signed it, to whom, for what
    /// purpose, the day it was signed and the last day it holds (null: until revoked). One consent holds at a time: an
    /// active one is revoked before another is recorded.
    /// </summary>
    public ReferralEvent RecordPart2Consent(string consentedBy, string recipient, string purpose, DateOnly signedOn, DateOnly? expiresOn,
        DateOnly today, DateTimeOffset at, Guid staffId)
    {
        if (!IsSensitive)
            throw new DomainRuleException("Only a substance use treatment referral needs this consent (42 CFR Part 2).");
        if (HasActivePart2Consent(today))
            throw new DomainRuleException("The patient's consent is already on file; revoke it before recording a new one.");
        var who = Guard.Text(consentedBy, "Who signed the consent", MaxConsentPartyLength);
        var to = Guard.Text(recipient, "Who may receive the information", MaxConsentPartyLength);
        var why = Guard.Text(purpose, "The purpose of the disclosure", MaxConsentPurposeLength);
        if (signedOn > today)
            throw new DomainRuleException("The consent cannot be signed on a day still to come.");
        if (expiresOn is { } ends && ends < signedOn)
            throw new DomainRuleException("The consent cannot end before the day it was signed.");
        if (expiresOn is { } ended && ended < today)
            throw new DomainRuleException("That consent has already ended: ask the patient for a new one.");
        Part2ConsentedBy = who;
        Part2ConsentRecipient = to;
        Part2ConsentPurpose = why;
        Part2ConsentSignedOn = signedOn;
        Part2ConsentExpiresOn = expiresOn;
        Part2ConsentRecordedBy = Guard.Id(staffId, "Who recorded the consent");
        Part2ConsentRecordedAt = at;
        Part2ConsentRevokedBy = null;
        Part2ConsentRevokedAt = null;
        return Record(new ReferralEvent(this, ReferralEventKind.Part2ConsentRecorded, null, null, null, null, staffId, at));
    }

    /// <summary>Records that the patient revoked their consent: from now on the record is disclosed to nobody.</summary>
    public ReferralEvent RevokePart2Consent(DateTimeOffset at, Guid staffId, string? note)
    {
        if (Part2ConsentRecordedAt is null || Part2ConsentRevokedAt is not null)
            throw new DomainRuleException("There is no consent on file to revoke.");
        var checkedNote = Note(note);
        Part2ConsentRevokedBy = Guard.Id(staffId, "Who recorded the revocation");
        Part2ConsentRevokedAt = at;
        return Record(new ReferralEvent(this, ReferralEventKind.Part2ConsentRevoked, null, null, null, checkedNote, staffId, at));
    }

    /// <summary>Whether the patient's consent to disclose holds on <paramref name="today"/>: signed, not revoked, not ended.</summary>
    public bool HasActivePart2Consent(DateOnly today) =>
        Part2ConsentRecordedAt is not null && Part2ConsentRevokedAt is null
        && Part2ConsentSignedOn is { } signed && signed <= today
        && (Part2ConsentExpiresOn is not { } ends || today <= ends);

    /// <summary>Whether the record may leave its holder (to the team or in an export): any ordinary referral; a Part 2 record with an active consent.</summary>
    public bool MayBeDisclosed(DateOnly today) => !IsSensitive || HasActivePart2Consent(today);

    /// <summary>
    /// Whether a person may see a sensitive referral's details (42 CFR Part 2, ADR 0014): its owner always (the holder of the
    /// record); the team's clinicians and social workers who treat or coordinate the patient only while the patient's consent
    /// to disclose holds; nobody else. Anyone else on the team sees that a referral exists, not what it is.
    /// </summary>
    public bool DetailsVisibleTo(Guid staffId, Organization.StaffRole role, DateOnly today) =>
        !IsSensitive || staffId == OwnerId
        || (HasActivePart2Consent(today) && role is Organization.StaffRole.Physician or Organization.StaffRole.Nurse or Organization.StaffRole.SocialWorker);

    /// <summary>The periods the referral spent on hold, from its timeline (the last may still be open).</summary>
    public IReadOnlyList<(DateTimeOffset From, DateTimeOffset? To)> Holds() =>
        HoldsFrom(_events.Where(e => e.Kind == ReferralEventKind.StatusChanged).Select(e => new ReferralStatusChange(e.FromStatus, e.ToStatus, e.At)));

    /// <summary>
    /// The periods on hold that one referral's status changes describe (the last may still be open), in any order. Every
    /// change records where it came from, so the changes into a hold and out of it (<see cref="ReferralStatusChange.TouchesHold"/>)
    /// give the same holds as all of them.
    /// </summary>
    public static IReadOnlyList<(DateTimeOffset From, DateTimeOffset? To)> HoldsFrom(IEnumerable<ReferralStatusChange> statusChanges)
    {
        ArgumentNullException.ThrowIfNull(statusChanges);
        var holds = new List<(DateTimeOffset From, DateTimeOffset? To)>();
        DateTimeOffset? since = null;
        foreach (var e in statusChanges.OrderBy(e => e.At))
        {
            if (e.ToStatus == ReferralStatus.OnHold)
                since ??= e.At;
            else if (since is { } from)
            {
                holds.Add((from, e.At));
                since = null;
            }
        }
        if (since is { } open)
            holds.Add((open, null));
        return holds;
    }

    private ReferralEvent Record(ReferralEvent entry)
    {
        _events.Add(entry);
        return entry;
    }

    private static string? Note(string? note) => Guard.OptionalText(note, "Note", MaxNoteLength);

    public static string Describe(ReferralStatus status) => status switch
    {
        ReferralStatus.InProgress => "in progress",
        ReferralStatus.OnHold => "on hold",
        ReferralStatus.EnteredInError => "entered in error",
        _ => status.ToString().ToLowerInvariant(),
    };
}
