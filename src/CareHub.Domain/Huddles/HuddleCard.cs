using CareHub.Domain.Common;

namespace CareHub.Domain.Huddles;

/// <summary>The board's lanes, left to right.</summary>
public enum HuddleLane
{
    ToDiscuss,
    Barriers,
    Actions,
    Done,
}

/// <summary>The AHRQ huddle agenda sections a card belongs to.</summary>
public enum AgendaSection
{
    SafetyConcerns,
    TodaysPatients,
    ImprovementItems,
    OpenInput,
    Announcements,
}

public enum HuddleCardKind
{
    Patient,
    Topic,
}

/// <summary>Why a card is on the board: proposed from the data, or added by hand.</summary>
public enum HuddleCardReason
{
    AddedByHand,
    AdmittedOrEdVisit,
    AwaitingTransitionCall,
    ReferralOverdue,
    HighReadmissionRisk,
    OpenEscalation,
}

/// <summary>A card on a huddle board: a patient to discuss or a topic, with its lane, order key, owner and notes.</summary>
public sealed class HuddleCard : VersionedEntity
{
    public const int MaxNotesLength = 4000;

    private HuddleCard() { Title = SortKey = Notes = string.Empty; }

    private HuddleCard(HuddleBoard board, HuddleCardKind kind, Guid? patientId, string title, HuddleCardReason reason,
        AgendaSection section, HuddleLane lane, string sortKey, DateTimeOffset createdAt)
    {
        BoardId = board.Id;
        TeamId = board.TeamId;
        Kind = kind;
        PatientId = patientId;
        Title = Guard.Text(title, "Card title", 200);
        Reason = reason;
        Section = section;
        Lane = lane;
        SortKey = CheckKey(sortKey);
        Notes = string.Empty;
        CreatedAt = createdAt;
    }

    public Guid BoardId { get; private set; }
    public Guid TeamId { get; private set; }
    public HuddleCardKind Kind { get; private set; }
    public Guid? PatientId { get; private set; }
    public string Title { get; private set; }
    public HuddleCardReason Reason { get; private set; }
    public AgendaSection Section { get; private set; }
    public HuddleLane Lane { get; private set; }

    /// <summary>A <see cref="FractionalIndex"/> key: the order within the lane (ties broken by id).</summary>
    public string SortKey { get; private set; }
    public Guid? OwnerId { get; private set; }
    public DateOnly? Due { get; private set; }
    public string Notes { get; private set; }
    public bool CarriedOver { get; private set; }
    public bool Discussed { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }

    public bool IsResolved => Lane == HuddleLane.Done;

    public static HuddleCard ForPatient(HuddleBoard board, Guid patientId, string title, HuddleCardReason reason, string sortKey, DateTimeOffset at) =>
        new(board, HuddleCardKind.Patient, Guard.Id(patientId, "Patient"), title, reason, AgendaSection.TodaysPatients, HuddleLane.ToDiscuss, sortKey, at);

    public static HuddleCard ForTopic(HuddleBoard board, string title, AgendaSection section, string sortKey, DateTimeOffset at) =>
        new(board, HuddleCardKind.Topic, null, title, HuddleCardReason.AddedByHand, section, HuddleLane.ToDiscuss, sortKey, at);

    /// <summary>Yesterday's unresolved card on today's board, marked as carried over, keeping its notes and owner.</summary>
    public HuddleCard CarryOverTo(HuddleBoard board, string sortKey, DateTimeOffset at)
    {
        if (IsResolved)
            throw new DomainRuleException("A card that is done is not carried over.");
        return new HuddleCard(board, Kind, PatientId, Title, Reason, Section, Lane, sortKey, at)
        {
            OwnerId = OwnerId,
            Due = Due,
            Notes = Notes,
            CarriedOver = true,
        };
    }

    public void MoveTo(HuddleLane lane, string sortKey)
    {
        if (!Enum.IsDefined(lane))
            throw new DomainRuleException("That lane does not exist on this board.");
        // Checked before anything changes: a refused position leaves the card where it was.
        SortKey = CheckKey(sortKey);
        Lane = lane;
    }

    public void EditNotes(string? notes)
    {
        var text = notes?.Trim() ?? string.Empty;
        if (text.Length > MaxNotesLength)
            throw new DomainRuleException($"Discussion notes can be at most {MaxNotesLength} characters (they have {text.Length}).");
        Notes = text;
    }

    public void Assign(Guid? ownerId, DateOnly? due)
    {
        if (ownerId == Guid.Empty)
            throw new DomainRuleException("Choose an owner or leave the card unassigned.");
        OwnerId = ownerId;
        Due = due;
    }

    public void MarkDiscussed() => Discussed = true;

    private static string CheckKey(string sortKey) =>
        FractionalIndex.IsValid(sortKey) ? sortKey : throw new DomainRuleException("The card's position is not valid; reload the board.");
}

/// <summary>An action decided in the huddle: an owner, a due date, and (for a patient card) the task it became.</summary>
public sealed class HuddleActionItem : Entity
{
    private HuddleActionItem() { Title = string.Empty; }

    public HuddleActionItem(HuddleCard card, string title, Guid ownerId, DateOnly due, DateOnly today, DateTimeOffset createdAt)
    {
        if (due < today)
            throw new DomainRuleException("An action cannot be due in the past.");
        CardId = card.Id;
        BoardId = card.BoardId;
        TeamId = card.TeamId;
        PatientId = card.PatientId;
        Title = Guard.Text(title, "Action", 300);
        OwnerId = Guard.Id(ownerId, "Owner");
        Due = due;
        CreatedAt = createdAt;
    }

    public Guid CardId { get; private set; }
    public Guid BoardId { get; private set; }
    public Guid TeamId { get; private set; }
    public Guid? PatientId { get; private set; }
    public string Title { get; private set; }
    public Guid OwnerId { get; private set; }
    public DateOnly Due { get; private set; }
    public Guid? TaskId { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }

    public void LinkTask(Guid taskId) => TaskId = Guard.Id(taskId, "Task");
}
