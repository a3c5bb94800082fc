using CareHub.Web.Calendar;
using CareHub.Web.Security;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace CareHub.Web.Features.Tasks;

/// <summary>What a reassignment asks for: the teammate and the day the task is due by.</summary>
public sealed record TaskReassignment(Guid AssigneeId, DateOnly Due);

/// <summary>
/// Hands a task to a member of its team (only they are offered; the service checks again) with a new due day (today or
/// later, in the app's time zone). Closes with the choice; the page makes the change.
/// </summary>
public sealed partial class TaskReassignDialog
{
    private IReadOnlyList<TaskAssignee> _assignees = [];
    private Guid? _assigneeId;
    private DateTime? _due;
    private DateTime _today;
    private string? _message;

    [CascadingParameter]
    private IMudDialogInstance Dialog { get; set; } = default!;

    [Parameter, EditorRequired]
    public TaskRow Row { get; set; } = default!;

    [Inject]
    private TasksService Tasks { get; set; } = default!;

    [Inject]
    private CurrentUser User { get; set; } = default!;

    [Inject]
    private WorkCalendar Calendar { get; set; } = default!;

    [Inject]
    private TimeProvider Time { get; set; } = default!;

    private Guid? Me => User.StaffId;

    private bool CanSave => _assigneeId is { } id && id != Guid.Empty && _due is not null;

    protected override async Task OnInitializedAsync()
    {
        var today = Calendar.DateOf(Time.GetUtcNow());
        _today = today.ToDateTime(TimeOnly.MinValue);
        var due = Calendar.DateOf(Row.DueAt);
        _due = (due < today ? today : due).ToDateTime(TimeOnly.MinValue);
        try
        {
            _assignees = await Tasks.AssigneesAsync(Row.Id, CancellationToken.None);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            _message = "The team could not be loaded. Try again in a moment.";
            return;
        }
        if (_assignees.Count == 0)
            _message = "This task is no longer on your teams' list.";
        _assigneeId = _assignees.Any(a => a.StaffId == Row.AssigneeId) ? Row.AssigneeId : null;
    }

    private void Save()
    {
        if (_assigneeId is { } id && _due is { } due)
            Dialog.Close(DialogResult.Ok(new TaskReassignment(id, DateOnly.FromDateTime(due))));
    }

    private void Cancel() => Dialog.Cancel();

    /// <summary>Asks who the task goes to and by when; null when the person cancelled.</summary>
    public static async Task<TaskReassignment?> ShowAsync(IDialogService dialogs, TaskRow task)
    {
        var parameters = new DialogParameters<TaskReassignDialog> { { d => d.Row, task } };
        var dialog = await dialogs.ShowAsync<TaskReassignDialog>("Reassign task", parameters,
            new DialogOptions { MaxWidth = MaxWidth.Small, FullWidth = true, CloseOnEscapeKey = true });
        var result = await dialog.Result;
        return result is { Canceled: false, Data: TaskReassignment choice } ? choice : null;
    }
}
