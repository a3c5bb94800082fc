using CareHub.Domain.Tasks;

namespace CareHub.Web.Features.Tasks;

/// <summary>Whose tasks the list shows: the user's own (the default) or everyone's on the user's teams.</summary>
public enum TaskScope
{
    AssignedToMe,
    MyTeams,
}

/// <summary>
/// Which open tasks the list shows. Always the tasks of the user's care teams (a task's own team, not its patient's
/// teams); <see cref="TeamId"/> narrows to one of them, <see cref="Kind"/> to one kind.
/// </summary>
public sealed record TaskFilter
{
    public TaskScope Scope { get; init; } = TaskScope.AssignedToMe;
    public Guid? TeamId { get; init; }
    public bool OverdueOnly { get; init; }
    public CareTaskKind? Kind { get; init; }
}

/// <summary>One open task as the list shows it (the title as typed: rendered as text, never as markup).</summary>
public sealed record TaskRow(
    Guid Id, long Version, Guid PatientId, string PatientName, Guid TeamId, string TeamName, string Title, CareTaskKind Kind,
    CareTaskPriority Priority, DateTimeOffset DueAt, Guid AssigneeId, string AssigneeName);

/// <summary>The open tasks of a filter, by due time; <see cref="Truncated"/> when there were more than the list holds.</summary>
public sealed record TaskList(IReadOnlyList<TaskRow> Rows, bool Truncated);

public sealed record TaskTeam(Guid TeamId, string Name);

/// <summary>Someone a task can go to: an active member of the task's team.</summary>
public sealed record TaskAssignee(Guid StaffId, string Name);

/// <summary>What a change of a task came to.</summary>
public abstract record TaskResult
{
    private TaskResult()
    {
    }

    public sealed record Saved(Guid TaskId, long Version) : TaskResult;

    /// <summary>Missing, or another team's: the two read alike.</summary>
    public sealed record NotFound : TaskResult;

    /// <summary>Changed by someone else since it was shown: nothing was done.</summary>
    public sealed record Stale(string Message) : TaskResult;

    /// <summary>Refused by a rule, in words for the person.</summary>
    public sealed record Invalid(string Message) : TaskResult;
}
