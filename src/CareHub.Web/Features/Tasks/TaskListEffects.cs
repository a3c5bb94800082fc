using CareHub.Flux;

namespace CareHub.Web.Features.Tasks;

/// <summary>
/// Reads the list and makes the changes through <see cref="TasksService"/> (the user's own access). Remote changes come
/// in bursts (a colleague completing three calls in a row): they are gathered for <see cref="Debounce"/> and answered
/// with one reload. A change of this circuit reloads at once; a change refused because someone else got there first
/// reloads too, so the person decides again on what is true now.
/// </summary>
public sealed class TaskListEffects(TasksService tasks, IState<TaskListState> state, ILogger<TaskListEffects> logger) : IDisposable
{
    public static readonly TimeSpan Debounce = TimeSpan.FromMilliseconds(150);

    private const string NotFoundNotice = "This task is no longer on your teams' list; the list has been reloaded.";
    private const string FailedNotice = "The task could not be changed. Try again in a moment.";

    private readonly Lock _gate = new();
    private CancellationTokenSource? _pending;

    [EffectMethod(typeof(LoadTaskTeamsAction))]
    public async Task LoadTeams(IDispatcher dispatcher)
    {
        try
        {
            dispatcher.Dispatch(new TaskTeamsLoadedAction(await tasks.MyTeamsAsync(CancellationToken.None)));
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogError(e, "Loading the user's task teams failed");
            dispatcher.Dispatch(new TaskTeamsLoadedAction([]));
        }
    }

    [EffectMethod]
    public Task Handle(LoadTasksAction action, IDispatcher dispatcher) =>
        LoadAsync(action.Filter, dispatcher, "The tasks could not be loaded. Try again in a moment.");

    [EffectMethod(typeof(ReloadTasksAction))]
    public Task Reload(IDispatcher dispatcher) =>
        LoadAsync(state.Value.Filter, dispatcher, "The tasks could not be refreshed; what you see may be out of date. Reload the page.");

    [EffectMethod(typeof(TasksChangedRemotelyAction))]
    public async Task ChangedRemotely(IDispatcher dispatcher)
    {
        CancellationTokenSource mine;
        lock (_gate)
        {
            _pending?.Cancel();
            _pending?.Dispose();
            _pending = mine = new CancellationTokenSource();
        }
        try
        {
            await Task.Delay(Debounce, mine.Token);
        }
        catch (OperationCanceledException)
        {
            return; // a later event reloads
        }
        if (state.Value.Status != TaskListStatus.Idle)
            dispatcher.Dispatch(new ReloadTasksAction());
    }

    [EffectMethod]
    public Task Handle(CompleteTaskAction action, IDispatcher dispatcher) =>
        ChangeAsync(action.TaskId, dispatcher, () => tasks.CompleteAsync(action.TaskId, action.Version, CancellationToken.None));

    [EffectMethod]
    public Task Handle(CancelTaskAction action, IDispatcher dispatcher) =>
        ChangeAsync(action.TaskId, dispatcher, () => tasks.CancelAsync(action.TaskId, action.Version, CancellationToken.None));

    [EffectMethod]
    public Task Handle(ReassignTaskAction action, IDispatcher dispatcher) =>
        ChangeAsync(action.TaskId, dispatcher, () => tasks.ReassignAsync(action.TaskId, action.Version, action.AssigneeId, action.Due, CancellationToken.None));

    private async Task LoadAsync(TaskFilter filter, IDispatcher dispatcher, string failure)
    {
        try
        {
            dispatcher.Dispatch(new TasksLoadedAction(filter, await tasks.ListAsync(filter, CancellationToken.None)));
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogError(e, "Loading the task list failed");
            dispatcher.Dispatch(new TasksLoadFailedAction(filter, failure));
        }
    }

    private async Task ChangeAsync(Guid taskId, IDispatcher dispatcher, Func<Task<TaskResult>> change)
    {
        TaskResult result;
        try
        {
            result = await change();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogError(e, "Changing task {TaskId} failed", taskId);
            dispatcher.Dispatch(new TaskChangeAnsweredAction(taskId, FailedNotice));
            return;
        }
        var notice = result switch
        {
            TaskResult.Saved => null,
            TaskResult.Stale stale => stale.Message,
            TaskResult.Invalid invalid => invalid.Message,
            _ => NotFoundNotice,
        };
        dispatcher.Dispatch(new TaskChangeAnsweredAction(taskId, notice));
        if (result is not TaskResult.Invalid)
            dispatcher.Dispatch(new ReloadTasksAction());
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _pending?.Cancel();
            _pending?.Dispose();
            _pending = null;
        }
    }
}
