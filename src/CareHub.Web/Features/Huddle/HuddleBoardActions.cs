namespace CareHub.Web.Features.Huddle;

public sealed record LoadHuddleTeamsAction;

public sealed record HuddleTeamsLoadedAction(IReadOnlyList<HuddleTeam> Teams);

public sealed record LoadHuddleTeamsFailedAction(string Message);

/// <summary>Opens (creating it when it is the first of the day) today's board of <paramref name="TeamId"/>.</summary>
public sealed record OpenHuddleBoardAction(Guid TeamId);

/// <summary>A board as read from the server; null: not found, or not one of the user's teams.</summary>
public sealed record HuddleBoardLoadedAction(Guid TeamId, HuddleBoardView? Board);

public sealed record HuddleBoardLoadFailedAction(Guid TeamId, string Message);

/// <summary>Reads the board again (a page started following its topic and may have missed an event meanwhile).</summary>
public sealed record ReloadHuddleBoardAction(Guid BoardId);

/// <summary>The person dismissed the message about the last failure.</summary>
public sealed record DismissHuddleErrorAction;

/// <summary>The bus said the board changed (to <paramref name="Version"/>) on some screen.</summary>
public sealed record HuddleBoardChangedRemotelyAction(Guid BoardId, long Version);

public sealed record LoadHuddleMembersAction(Guid TeamId);

public sealed record HuddleMembersLoadedAction(Guid TeamId, IReadOnlyList<HuddleMember> Members);

public sealed record LoadHuddleHistoryAction(Guid TeamId);

public sealed record HuddleHistoryLoadedAction(Guid TeamId, IReadOnlyList<HuddleHistoryEntry> History);

/// <summary>Moves a card; the reducer shows the move at once, the server's answer (and reload) replaces it.</summary>
public sealed record MoveHuddleCardAction(Guid BoardId, CardMove Move);

public sealed record AddHuddleTopicAction(Guid BoardId, string Title, Domain.Huddles.AgendaSection Section);

public sealed record UpdateHuddleCardAction(Guid BoardId, Guid CardId, long ExpectedCardVersion, string? Notes, Guid? OwnerId, DateOnly? Due);

public sealed record AddHuddleActionItemAction(Guid BoardId, Guid CardId, string Title, Guid OwnerId, DateOnly Due);

public sealed record StartHuddleTimerAction(Guid BoardId);

public sealed record PauseHuddleTimerAction(Guid BoardId);

public sealed record NextHuddleCardAction(Guid BoardId);

public sealed record FocusHuddleCardAction(Guid BoardId, Guid CardId);

public sealed record CloseHuddleAction(Guid BoardId, string? Decisions);

/// <summary>A change to the board was saved (<paramref name="Change"/> is the action that asked for it).</summary>
public sealed record HuddleChangeSucceededAction(Guid BoardId, object Change, long BoardVersion);

/// <summary>A change to the board was refused or failed; <paramref name="Message"/> says why, for the person.</summary>
public sealed record HuddleChangeFailedAction(Guid BoardId, object Change, string Message);
