using System.Collections.Immutable;
using CareHub.Flux;

namespace CareHub.Web.Features.Tasks;

public enum TaskListStatus
{
    Idle,
    Loading,
    Loaded,
    Failed,
}

/// <summary>
/// The task list this circuit shows: the filter, the open tasks in the service's order (by due time), the user's teams,
/// the tasks with a change on its way (their buttons wait), and the last change's answer when it was not done.
/// </summary>
[FeatureState(Name = "TaskList")]
public sealed record TaskListState
{
    public TaskFilter Filter { get; init; } = new();
    public TaskListStatus Status { get; init; }
    public IReadOnlyList<TaskRow> Rows { get; init; } = [];

    /// <summary>More tasks match than the list holds (<see cref="TasksService.MaxRows"/>).</summary>
    public bool Truncated { get; init; }

    /// <summary>A change arrived on a team's topic; the rows are being read again (they stay on screen meanwhile).</summary>
    public bool Refreshing { get; init; }

    public string? Error { get; init; }

    /// <summary>Why the last change of a task was not made (someone else changed it, a rule refused it).</summary>
    public string? Notice { get; init; }

    /// <summary>The tasks whose change is on its way.</summary>
    public ImmutableHashSet<Guid> Pending { get; init; } = [];

    /// <summary>The user's teams; null until they were asked for.</summary>
    public IReadOnlyList<TaskTeam>? Teams { get; init; }
}
