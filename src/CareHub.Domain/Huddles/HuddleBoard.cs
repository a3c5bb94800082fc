using CareHub.Domain.Common;

namespace CareHub.Domain.Huddles;

public enum HuddleBoardStatus
{
    Open,
    Closed,
}

/// <summary>
/// A care team's board for one day's huddle, with the huddle's shared timer: the remaining time is kept as
/// "remaining when last started or paused" plus "running since", so every screen computes the same number.
/// </summary>
public sealed class HuddleBoard : VersionedEntity
{
    public const int DefaultTimeBoxSeconds = 60;

    private HuddleBoard() { Attendees = Decisions = string.Empty; }

    public HuddleBoard(Guid teamId, DateOnly day)
    {
        TeamId = Guard.Id(teamId, "Care team");
        Day = day;
        Status = HuddleBoardStatus.Open;
        TimeBoxSeconds = DefaultTimeBoxSeconds;
        TimerRemainingMs = DefaultTimeBoxSeconds * 1000L;
        Attendees = Decisions = string.Empty;
    }

    public Guid TeamId { get; private set; }
    public DateOnly Day { get; private set; }
    public HuddleBoardStatus Status { get; private set; }
    public DateTimeOffset? ClosedAt { get; private set; }

    /// <summary>The time box per card.</summary>
    public int TimeBoxSeconds { get; private set; }

    /// <summary>The card being discussed now (highlighted on every screen), if the huddle has started.</summary>
    public Guid? CurrentCardId { get; private set; }

    public DateTimeOffset? TimerRunningSince { get; private set; }
    public long TimerRemainingMs { get; private set; }

    /// <summary>Closing summary: who attended (names), the decisions taken, how many cards were discussed and actions created.</summary>
    public string Attendees { get; private set; }
    public string Decisions { get; private set; }
    public int CardsDiscussed { get; private set; }
    public int ActionsCreated { get; private set; }

    /// <summary>When anything on the board (a card, an action, the timer) last changed; touching it bumps the board's version.</summary>
    public DateTimeOffset? LastChangedAt { get; private set; }

    public bool IsTimerRunning => TimerRunningSince is not null;

    /// <summary>Records a change to the board or one of its cards, so the board's version moves with every change.</summary>
    public void RecordChange(DateTimeOffset at)
    {
        RequireOpen();
        LastChangedAt = at;
    }

    public TimeSpan RemainingAt(DateTimeOffset now)
    {
        // A reader whose clock is behind the starter's (another instance) never sees more than was left.
        var remaining = TimerRunningSince is { } since
            ? TimerRemainingMs - Math.Max(0, (long)(now - since).TotalMilliseconds)
            : TimerRemainingMs;
        return TimeSpan.FromMilliseconds(Math.Max(0, remaining));
    }

    public void SetTimeBox(int seconds)
    {
        RequireOpen();
        if (seconds is < 10 or > 900)
            throw new DomainRuleException("The time per card is between 10 seconds and 15 minutes.");
        TimeBoxSeconds = seconds;
        if (!IsTimerRunning)
            TimerRemainingMs = seconds * 1000L;
    }

    /// <summary>Starts (or resumes) the timer on the current card, or on <paramref name="firstCardId"/> when none is current.</summary>
    public void StartTimer(Guid? firstCardId, DateTimeOffset now)
    {
        RequireOpen();
        if (IsTimerRunning)
            return;
        CurrentCardId ??= firstCardId ?? throw new DomainRuleException("Add a card to the board before starting the huddle.");
        if (TimerRemainingMs <= 0)
            TimerRemainingMs = TimeBoxSeconds * 1000L;
        TimerRunningSince = now;
    }

    public void PauseTimer(DateTimeOffset now)
    {
        RequireOpen();
        if (!IsTimerRunning)
            return;
        TimerRemainingMs = (long)RemainingAt(now).TotalMilliseconds;
        TimerRunningSince = null;
    }

    /// <summary>Moves the huddle to <paramref name="cardId"/> with a fresh time box; a running timer keeps running.</summary>
    public void FocusCard(Guid cardId, DateTimeOffset now)
    {
        RequireOpen();
        CurrentCardId = Guard.Id(cardId, "Card");
        TimerRemainingMs = TimeBoxSeconds * 1000L;
        if (IsTimerRunning)
            TimerRunningSince = now;
    }

    public void Close(DateTimeOffset at, IEnumerable<string> attendees, string? decisions, int cardsDiscussed, int actionsCreated)
    {
        if (Status == HuddleBoardStatus.Closed)
            throw new DomainRuleException("This huddle is already closed.");
        // Checked before anything changes, so refused decisions leave the board open and untouched.
        var checkedDecisions = Guard.OptionalText(decisions, "Decisions", 4000) ?? string.Empty;
        var names = string.Join(", ", attendees.Where(a => !string.IsNullOrWhiteSpace(a)).Select(a => a.Trim()).Distinct().Order(StringComparer.Ordinal));
        Attendees = names.Length <= 2000 ? names : names[..2000];
        Decisions = checkedDecisions;
        CardsDiscussed = Math.Max(0, cardsDiscussed);
        ActionsCreated = Math.Max(0, actionsCreated);
        Status = HuddleBoardStatus.Closed;
        ClosedAt = at;
        TimerRunningSince = null;
        CurrentCardId = null;
    }

    private void RequireOpen()
    {
        if (Status == HuddleBoardStatus.Closed)
            throw new DomainRuleException("This huddle is closed; its board can no longer be changed.");
    }
}
