using CareHub.Web.Realtime;

namespace CareHub.Web.Features.Tasks;

/// <summary>
/// What the task feature publishes on <c>Topics.Tasks(teamId)</c>: the task id and its new version (ResourceId, Version);
/// never its title. Every task list of the team reloads what it shows.
/// </summary>
public static class TasksEvents
{
    public const string Changed = "task.changed";

    /// <summary>The announcement that task <paramref name="taskId"/> of <paramref name="teamId"/> is now at <paramref name="version"/>.</summary>
    public static RealtimeEvent TaskChanged(Guid teamId, Guid taskId, long version, DateTimeOffset at) =>
        new(Topics.Tasks(teamId), Changed, taskId, version, at);
}
