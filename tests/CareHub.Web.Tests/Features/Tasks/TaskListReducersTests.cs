using CareHub.Domain.Tasks;
using CareHub.Web.Features.Tasks;

namespace CareHub.Web.Tests.Features.Tasks;

/// <summary>The task list's reducers as plain functions.</summary>
public sealed class TaskListReducersTests
{
    private static readonly TaskFilter Mine = new();

    private static TaskRow Row(string title = "Call the patient") =>
        new(Guid.NewGuid(), 1, Guid.NewGuid(), "Okafor, Ada", Guid.NewGuid(), "North", title, CareTaskKind.General, CareTaskPriority.Routine,
            new DateTimeOffset(2026, 3, 3, 22, 0, 0, TimeSpan.Zero), Guid.NewGuid(), "Maria Lopez");

    private static TaskListState Shown(params TaskRow[] rows) => new() { Filter = Mine, Status = TaskListStatus.Loaded, Rows = rows };

    [Fact]
    public void A_new_filter_clears_the_rows_and_shows_loading()
    {
        var overdue = Mine with { OverdueOnly = true };

        var state = TaskListReducers.OnLoad(Shown(Row()), new LoadTasksAction(overdue));

        state.Filter.ShouldBe(overdue);
        state.Status.ShouldBe(TaskListStatus.Loading);
        state.Rows.ShouldBeEmpty();
    }

    [Fact]
    public void A_loaded_list_is_shown_in_the_services_order()
    {
        var loading = TaskListReducers.OnLoad(new TaskListState(), new LoadTasksAction(Mine));
        TaskRow[] rows = [Row("B"), Row("A")];

        var state = TaskListReducers.OnLoaded(loading, new TasksLoadedAction(Mine, new TaskList(rows, true)));

        state.Status.ShouldBe(TaskListStatus.Loaded);
        state.Rows.ShouldBe(rows);
        state.Truncated.ShouldBeTrue();
    }

    [Fact]
    public void A_list_for_a_filter_no_longer_shown_is_dropped()
    {
        var shown = Shown(Row());

        var state = TaskListReducers.OnLoaded(shown, new TasksLoadedAction(Mine with { Scope = TaskScope.MyTeams }, new TaskList([], false)));

        state.ShouldBeSameAs(shown);
    }

    [Fact]
    public void A_failed_reload_keeps_the_rows_and_says_they_may_be_out_of_date()
    {
        var row = Row();

        var state = TaskListReducers.OnLoadFailed(Shown(row) with { Refreshing = true }, new TasksLoadFailedAction(Mine, "Out of date"));

        state.Status.ShouldBe(TaskListStatus.Loaded);
        state.Rows.ShouldBe([row]);
        state.Error.ShouldBe("Out of date");
        state.Refreshing.ShouldBeFalse();
    }

    [Fact]
    public void A_failed_first_load_shows_the_failure()
    {
        var loading = TaskListReducers.OnLoad(new TaskListState(), new LoadTasksAction(Mine));

        TaskListReducers.OnLoadFailed(loading, new TasksLoadFailedAction(Mine, "No")).Status.ShouldBe(TaskListStatus.Failed);
    }

    [Fact]
    public void A_remote_change_marks_a_shown_list_refreshing_but_not_one_never_loaded()
    {
        var change = new TasksChangedRemotelyAction(Guid.NewGuid(), Guid.NewGuid(), 2);

        TaskListReducers.OnChangedRemotely(Shown(Row()), change).Refreshing.ShouldBeTrue();
        TaskListReducers.OnChangedRemotely(new TaskListState(), change).Refreshing.ShouldBeFalse();
    }

    [Fact]
    public void A_change_on_its_way_holds_the_task_until_it_is_answered_with_its_notice()
    {
        var row = Row();
        var shown = Shown(row) with { Notice = "Earlier notice" };

        var started = TaskListReducers.OnComplete(shown, new CompleteTaskAction(row.Id, row.Version));
        var answered = TaskListReducers.OnChangeAnswered(started, new TaskChangeAnsweredAction(row.Id, "Changed by someone else"));

        started.Pending.ShouldBe([row.Id]);
        started.Notice.ShouldBeNull();
        answered.Pending.ShouldBeEmpty();
        answered.Notice.ShouldBe("Changed by someone else");
        TaskListReducers.OnDismissNotice(answered).Notice.ShouldBeNull();
        TaskListReducers.OnReassign(shown, new ReassignTaskAction(row.Id, 1, Guid.NewGuid(), new DateOnly(2026, 3, 4))).Pending.ShouldContain(row.Id);
        TaskListReducers.OnCancel(shown, new CancelTaskAction(row.Id, 1)).Pending.ShouldContain(row.Id);
    }

    [Fact]
    public void The_teams_are_kept()
    {
        TaskTeam[] teams = [new(Guid.NewGuid(), "North")];

        TaskListReducers.OnTeamsLoaded(new TaskListState(), new TaskTeamsLoadedAction(teams)).Teams.ShouldBe(teams);
    }

    [Theory]
    [InlineData(-1, TaskDueState.Overdue)]
    [InlineData(1, TaskDueState.DueToday)]
    [InlineData(30, TaskDueState.Later)]
    public void The_due_chip_says_overdue_due_today_or_later_in_the_apps_time_zone(int hoursFromNow, TaskDueState expected)
    {
        // 10:00 in New York on Monday 2 March 2026.
        var now = new DateTimeOffset(2026, 3, 2, 15, 0, 0, TimeSpan.Zero);
        var zone = TaskTestBed.NewCalendar().Zone;

        TaskText.DueState(now.AddHours(hoursFromNow), now, zone).ShouldBe(expected);
    }

    [Fact]
    public void A_time_after_midnight_utc_but_before_midnight_local_is_still_due_today()
    {
        // 19:00 in New York; due at 23:30 New York time, which is already tomorrow in UTC.
        var now = new DateTimeOffset(2026, 3, 3, 0, 0, 0, TimeSpan.Zero);
        var zone = TaskTestBed.NewCalendar().Zone;

        TaskText.DueState(new DateTimeOffset(2026, 3, 3, 4, 30, 0, TimeSpan.Zero), now, zone).ShouldBe(TaskDueState.DueToday);
        TaskText.Due(new DateTimeOffset(2026, 3, 3, 4, 30, 0, TimeSpan.Zero), now, zone).ShouldBe("Due today 23:30");
    }
}
