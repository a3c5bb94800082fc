using CareHub.Flux;

namespace CareHub.Web.Features.Tasks;

public static class TaskListReducers
{
    [ReducerMethod]
    public static TaskListState OnTeamsLoaded(TaskListState state, TaskTeamsLoadedAction action) =>
        state with { Teams = action.Teams };

    [ReducerMethod]
    public static TaskListState OnLoad(TaskListState state, LoadTasksAction action) =>
        // Rows of another filter would read as answers to this one: they go at once.
        state with { Filter = action.Filter, Status = TaskListStatus.Loading, Rows = [], Truncated = false, Refreshing = false, Error = null };

    [ReducerMethod]
    public static TaskListState OnLoaded(TaskListState state, TasksLoadedAction action) =>
        // An answer for a filter no longer shown (the person changed it meanwhile) is dropped.
        action.Filter != state.Filter
            ? state
            : state with { Rows = action.List.Rows, Truncated = action.List.Truncated, Status = TaskListStatus.Loaded, Refreshing = false, Error = null };

    [ReducerMethod]
    public static TaskListState OnLoadFailed(TaskListState state, TasksLoadFailedAction action) =>
        action.Filter != state.Filter
            ? state
            : state with
            {
                // Rows already on screen stay; the message says they may be out of date.
                Status = state.Status == TaskListStatus.Loading ? TaskListStatus.Failed : state.Status,
                Refreshing = false, Error = action.Message,
            };

    [ReducerMethod]
    public static TaskListState OnChangedRemotely(TaskListState state, TasksChangedRemotelyAction action) =>
        state.Status == TaskListStatus.Idle ? state : state with { Refreshing = true };

    [ReducerMethod]
    public static TaskListState OnComplete(TaskListState state, CompleteTaskAction action) => Started(state, action.TaskId);

    [ReducerMethod]
    public static TaskListState OnCancel(TaskListState state, CancelTaskAction action) => Started(state, action.TaskId);

    [ReducerMethod]
    public static TaskListState OnReassign(TaskListState state, ReassignTaskAction action) => Started(state, action.TaskId);

    [ReducerMethod]
    public static TaskListState OnChangeAnswered(TaskListState state, TaskChangeAnsweredAction action) =>
        state with { Pending = state.Pending.Remove(action.TaskId), Notice = action.Notice };

    [ReducerMethod(typeof(DismissTaskNoticeAction))]
    public static TaskListState OnDismissNotice(TaskListState state) => state with { Notice = null };

    // A second click on a task whose change is on its way is not a second change.
    private static TaskListState Started(TaskListState state, Guid taskId) =>
        state with { Pending = state.Pending.Add(taskId), Notice = null };
}
