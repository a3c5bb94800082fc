using CareHub.Flux;
using CareHub.Web.Realtime;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace CareHub.Web.Features.Tasks;

/// <summary>
/// The open tasks of the user's teams, the user's own by default, where they get done: completed, handed to a teammate
/// with a new due date, or cancelled. Follows <c>tasks:{teamId}</c> of every team of the user: a task changed on any
/// screen reloads the list (the effect gathers a burst into one reload).
/// </summary>
public sealed partial class TasksPage
{
    private readonly TeamTopicsFollower _teams = new(Topics.Tasks);

    [Inject]
    private IState<TaskListState> State { get; set; } = default!;

    [Inject]
    private IDispatcher Dispatcher { get; set; } = default!;

    [Inject]
    private IRealtimeBus Bus { get; set; } = default!;

    [Inject]
    private IDialogService Dialogs { get; set; } = default!;

    protected override void OnInitialized()
    {
        SubscribeToAction<TaskTeamsLoadedAction>(a => Follow(a.Teams));
        Dispatcher.Dispatch(new LoadTaskTeamsAction());
        // The filter chosen last in this circuit stays (coming back from a patient keeps the list as it was).
        Dispatcher.Dispatch(new LoadTasksAction(State.Value.Filter));
    }

    private void Follow(IReadOnlyList<TaskTeam> teams)
    {
        if (_teams.Follow(Bus, Dispatcher, teams.Select(t => t.TeamId), (e, teamId) => new TasksChangedRemotelyAction(teamId, e.ResourceId, e.Version)))
            // An event published between the first read and the subscription would be missed otherwise.
            Dispatcher.Dispatch(new ReloadTasksAction());
    }

    private void ChangeFilter(TaskFilter filter) => Dispatcher.Dispatch(new LoadTasksAction(filter));

    private void DismissNotice() => Dispatcher.Dispatch(new DismissTaskNoticeAction());

    private void Complete(TaskRow task) => Dispatcher.Dispatch(new CompleteTaskAction(task.Id, task.Version));

    private async Task ReassignAsync(TaskRow task)
    {
        if (await TaskReassignDialog.ShowAsync(Dialogs, task) is { } choice)
            Dispatcher.Dispatch(new ReassignTaskAction(task.Id, task.Version, choice.AssigneeId, choice.Due));
    }

    private async Task CancelAsync(TaskRow task)
    {
        var confirmed = await Dialogs.ShowMessageBoxAsync("Cancel this task?",
            $"\"{task.Title}\" for {task.PatientName} will no longer be on anyone's list.", yesText: "Cancel task", cancelText: "Keep it");
        if (confirmed == true)
            Dispatcher.Dispatch(new CancelTaskAction(task.Id, task.Version));
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
            _teams.Dispose();
        base.Dispose(disposing);
    }
}
