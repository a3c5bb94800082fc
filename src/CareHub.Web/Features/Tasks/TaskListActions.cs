namespace CareHub.Web.Features.Tasks;

public sealed record LoadTaskTeamsAction;

public sealed record TaskTeamsLoadedAction(IReadOnlyList<TaskTeam> Teams);

/// <summary>Shows the open tasks of <paramref name="Filter"/> (the rows shown before go).</summary>
public sealed record LoadTasksAction(TaskFilter Filter);

public sealed record TasksLoadedAction(TaskFilter Filter, TaskList List);

public sealed record TasksLoadFailedAction(TaskFilter Filter, string Message);

/// <summary>A task of <paramref name="TeamId"/> changed on some screen.</summary>
public sealed record TasksChangedRemotelyAction(Guid TeamId, Guid TaskId, long Version);

/// <summary>Reads the list again (after a change), keeping the rows on screen meanwhile.</summary>
public sealed record ReloadTasksAction;

public sealed record CompleteTaskAction(Guid TaskId, long Version);

public sealed record CancelTaskAction(Guid TaskId, long Version);

public sealed record ReassignTaskAction(Guid TaskId, long Version, Guid AssigneeId, DateOnly Due);

/// <summary>A change of a task was answered: <paramref name="Notice"/> null when it was made, else why not.</summary>
public sealed record TaskChangeAnsweredAction(Guid TaskId, string? Notice);

public sealed record DismissTaskNoticeAction;
