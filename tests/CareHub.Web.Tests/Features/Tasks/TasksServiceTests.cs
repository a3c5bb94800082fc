using CareHub.Domain.Audit;
using CareHub.Domain.Huddles;
using CareHub.Domain.Tasks;
using CareHub.Web.Features.Huddle;
using CareHub.Web.Features.Tasks;
using CareHub.Web.Tests.Infrastructure;

namespace CareHub.Web.Tests.Features.Tasks;

/// <summary>The task list and its changes over real SQLite: whose tasks, in what order, and what a change does and refuses.</summary>
public sealed class TasksServiceTests(PatientsDatabase database) : IClassFixture<PatientsDatabase>
{
    private readonly TaskTestBed _bed = new(database);

    private static CancellationToken Ct => TaskTestBed.Ct;

    [Fact]
    public async Task The_list_shows_my_open_tasks_by_due_time_and_my_teams_shows_my_teammates_too()
    {
        var team = await database.TeamAsync(new PatientSeed("Okafor", "Ada"), new PatientSeed("Lindqvist", "Per"));
        var mate = await _bed.AddMemberAsync(team, "Devon", "Mate");
        var later = await _bed.TaskAsync(team, 0, "Call the pharmacy", TimeSpan.FromDays(3));
        var overdue = await _bed.TaskAsync(team, 1, "Book the follow-up visit", TimeSpan.FromHours(-5));
        var today = await _bed.TaskAsync(team, 0, "Check the scales arrived", TimeSpan.FromHours(4));
        var theirs = await _bed.TaskAsync(team, 1, "Visit at home", TimeSpan.FromDays(1), assignee: mate.Id);
        var done = await _bed.TaskAsync(team, 0, "Already done", TimeSpan.FromDays(1));
        (await _bed.ServiceFor(team.Member).CompleteAsync(done.Id, done.Version, Ct)).ShouldBeOfType<TaskResult.Saved>();
        var service = _bed.ServiceFor(team.Member);

        var mine = await service.ListAsync(new TaskFilter(), Ct);
        var all = await service.ListAsync(new TaskFilter { Scope = TaskScope.MyTeams }, Ct);

        mine.Rows.Select(r => r.Id).ShouldBe([overdue.Id, today.Id, later.Id]);
        all.Rows.Select(r => r.Id).ShouldBe([overdue.Id, today.Id, theirs.Id, later.Id]);
        mine.Truncated.ShouldBeFalse();
        var row = all.Rows.Single(r => r.Id == theirs.Id);
        (row.PatientName, row.Title, row.AssigneeName, row.TeamName, row.Kind).ShouldBe(("Lindqvist, Per", "Visit at home", "Devon Mate", team.Team.Name, CareTaskKind.General));
        row.PatientId.ShouldBe(team[1].Id);
    }

    [Fact]
    public async Task Overdue_only_and_the_kind_narrow_the_list()
    {
        var team = await database.TeamAsync(new PatientSeed("Mensah", "Kofi"));
        var overdue = await _bed.TaskAsync(team, 0, "Overdue", TimeSpan.FromHours(-1));
        await _bed.TaskAsync(team, 0, "Not yet", TimeSpan.FromHours(1));
        var call = await _bed.DischargedHomeWithCallAsync(team, 0, TimeSpan.FromDays(1));
        var service = _bed.ServiceFor(team.Member);

        (await service.ListAsync(new TaskFilter { OverdueOnly = true }, Ct)).Rows.Select(r => r.Id).ShouldBe([overdue.Id]);
        (await service.ListAsync(new TaskFilter { Kind = CareTaskKind.TransitionContact }, Ct)).Rows.Select(r => r.Id).ShouldBe([call.Id]);
        (await service.ListAsync(new TaskFilter { Kind = CareTaskKind.TransitionVisit }, Ct)).Rows.ShouldBeEmpty();
    }

    [Fact]
    public async Task Another_teams_task_on_a_shared_patient_is_not_listed_and_reads_like_a_missing_one()
    {
        var mine = await database.TeamAsync(new PatientSeed("Shared", "Sam"));
        var theirs = await database.TeamAsync(new PatientSeed("Theirs", "Theo"));
        await _bed.EnrolAsync(mine[0].Id, theirs.Team.Id);
        var myTask = await _bed.TaskAsync(mine, 0, "Ours", TimeSpan.FromDays(1));
        var theirTask = await _bed.TaskAsync(theirs, 0, "Theirs on the shared patient", TimeSpan.FromDays(1));
        var service = _bed.ServiceFor(mine.Member);
        var source = $"circuit:{Guid.NewGuid():N}";
        using var events = _bed.Listen(theirs.Team.Id);

        var list = await service.ListAsync(new TaskFilter { Scope = TaskScope.MyTeams }, Ct);
        var otherTeam = await service.ListAsync(new TaskFilter { Scope = TaskScope.MyTeams, TeamId = theirs.Team.Id }, Ct);
        var forged = _bed.ServiceFor(mine.Member, source);
        var complete = await forged.CompleteAsync(theirTask.Id, theirTask.Version, Ct);
        var cancel = await forged.CancelAsync(theirTask.Id, theirTask.Version, Ct);
        var reassign = await forged.ReassignAsync(theirTask.Id, theirTask.Version, mine.Member.Id, new DateOnly(2026, 3, 4), Ct);
        var assignees = await forged.AssigneesAsync(theirTask.Id, Ct);

        list.Rows.Select(r => r.Id).ShouldBe([myTask.Id]);
        otherTeam.Rows.ShouldBeEmpty();
        complete.ShouldBe(new TaskResult.NotFound());
        cancel.ShouldBe(new TaskResult.NotFound());
        reassign.ShouldBe(new TaskResult.NotFound());
        assignees.ShouldBeEmpty();
        (await _bed.StoredAsync(theirTask.Id)).ShouldSatisfyAllConditions(
            t => t.Status.ShouldBe(CareTaskStatus.Open), t => t.AssigneeId.ShouldBe(theirs.Member.Id), t => t.Version.ShouldBe(theirTask.Version));
        events.Events.ShouldBeEmpty();
        var audit = await _bed.AuditOfAsync(source);
        audit.Select(a => (a.Action, a.EntityType, a.EntityId, a.PatientId)).ShouldBe(
            Enumerable.Repeat((AuditAction.AccessDenied, "Task", (Guid?)theirTask.Id, (Guid?)null), 3));
    }

    [Fact]
    public async Task The_list_audits_a_read_of_every_patient_it_shows()
    {
        var team = await database.TeamAsync(new PatientSeed("Abara", "Ify"), new PatientSeed("Bello", "Ada"), new PatientSeed("Chukwu", "Obi"));
        await _bed.TaskAsync(team, 0, "One", TimeSpan.FromDays(1));
        await _bed.TaskAsync(team, 0, "Two", TimeSpan.FromDays(2));
        await _bed.TaskAsync(team, 1, "Three", TimeSpan.FromDays(2));
        var source = $"circuit:{Guid.NewGuid():N}";

        await _bed.ServiceFor(team.Member, source).ListAsync(new TaskFilter(), Ct);

        var audit = await _bed.AuditOfAsync(source);
        audit.ShouldAllBe(a => a.Action == AuditAction.Read && a.EntityType == "TaskList" && a.UserId == team.Member.Id.ToString());
        audit.Select(a => a.PatientId).ShouldBe([team[0].Id, team[1].Id], ignoreOrder: true);
    }

    [Fact]
    public async Task Completing_a_task_marks_it_done_now_audits_the_write_and_tells_the_team()
    {
        var team = await database.TeamAsync(new PatientSeed("Ito", "Ken"));
        var task = await _bed.TaskAsync(team, 0, "Call the daughter", TimeSpan.FromDays(1));
        var source = $"circuit:{Guid.NewGuid():N}";
        using var events = _bed.Listen(team.Team.Id);

        var result = await _bed.ServiceFor(team.Member, source).CompleteAsync(task.Id, task.Version, Ct);

        var saved = result.ShouldBeOfType<TaskResult.Saved>();
        var stored = await _bed.StoredAsync(task.Id);
        stored.Status.ShouldBe(CareTaskStatus.Done);
        stored.CompletedAt.ShouldBe(_bed.Clock.Now);
        stored.Version.ShouldBe(task.Version + 1);
        saved.Version.ShouldBe(stored.Version);
        events.Events.Select(e => (e.Kind, e.ResourceId, e.Version)).ShouldBe([(TasksEvents.Changed, task.Id, stored.Version)]);
        var audit = await _bed.AuditOfAsync(source);
        audit.Select(a => (a.Action, a.EntityType, a.EntityId, a.PatientId)).ShouldBe([(AuditAction.Update, nameof(CareTask), (Guid?)task.Id, (Guid?)team[0].Id)]);
        (await _bed.ServiceFor(team.Member).ListAsync(new TaskFilter(), Ct)).Rows.ShouldBeEmpty();
    }

    [Fact]
    public async Task A_task_changed_by_someone_else_since_it_was_shown_is_not_changed()
    {
        var team = await database.TeamAsync(new PatientSeed("Novak", "Ivana"));
        var mate = await _bed.AddMemberAsync(team, "Devon", "Mate");
        var task = await _bed.TaskAsync(team, 0, "Arrange transport", TimeSpan.FromDays(1));
        (await _bed.ServiceFor(mate).ReassignAsync(task.Id, task.Version, mate.Id, new DateOnly(2026, 3, 5), Ct)).ShouldBeOfType<TaskResult.Saved>();
        using var events = _bed.Listen(team.Team.Id);

        var complete = await _bed.ServiceFor(team.Member).CompleteAsync(task.Id, task.Version, Ct);
        var cancel = await _bed.ServiceFor(team.Member).CancelAsync(task.Id, task.Version, Ct);

        complete.ShouldBe(new TaskResult.Stale(TasksService.StaleMessage));
        cancel.ShouldBe(new TaskResult.Stale(TasksService.StaleMessage));
        var stored = await _bed.StoredAsync(task.Id);
        (stored.Status, stored.AssigneeId, stored.Version).ShouldBe((CareTaskStatus.Open, mate.Id, task.Version + 1));
        events.Events.ShouldBeEmpty();
    }

    [Fact]
    public async Task Reassigning_hands_the_task_to_a_teammate_due_at_five_in_the_afternoon_local_time()
    {
        var team = await database.TeamAsync(new PatientSeed("Garcia", "Ana"));
        var mate = await _bed.AddMemberAsync(team, "Devon", "Mate");
        var task = await _bed.TaskAsync(team, 0, "Medication review", TimeSpan.FromDays(1));

        var result = await _bed.ServiceFor(team.Member).ReassignAsync(task.Id, task.Version, mate.Id, new DateOnly(2026, 3, 4), Ct);

        result.ShouldBeOfType<TaskResult.Saved>();
        var stored = await _bed.StoredAsync(task.Id);
        stored.AssigneeId.ShouldBe(mate.Id);
        // 17:00 in New York on Wednesday 4 March 2026 (EST, UTC-5).
        stored.DueAt.ShouldBe(new DateTimeOffset(2026, 3, 4, 22, 0, 0, TimeSpan.Zero));
        (await _bed.ServiceFor(mate).ListAsync(new TaskFilter(), Ct)).Rows.Select(r => r.Id).ShouldBe([task.Id]);
        (await _bed.ServiceFor(team.Member).AssigneesAsync(task.Id, Ct)).Select(a => a.StaffId).ShouldBe([mate.Id, team.Member.Id], ignoreOrder: true);
    }

    [Fact]
    public async Task Reassigning_refuses_someone_off_the_team_and_a_day_in_the_past_or_out_of_range()
    {
        var team = await database.TeamAsync(new PatientSeed("Kowalski", "Jan"));
        var other = await database.TeamAsync(new PatientSeed("Other", "Olga"));
        var task = await _bed.TaskAsync(team, 0, "Food bank form", TimeSpan.FromDays(1));
        var service = _bed.ServiceFor(team.Member);
        using var events = _bed.Listen(team.Team.Id);

        (await service.ReassignAsync(task.Id, task.Version, other.Member.Id, new DateOnly(2026, 3, 4), Ct))
            .ShouldBe(new TaskResult.Invalid(TasksService.NotOnTeamMessage));
        (await service.ReassignAsync(task.Id, task.Version, Guid.Empty, new DateOnly(2026, 3, 4), Ct))
            .ShouldBe(new TaskResult.Invalid(TasksService.NoAssigneeMessage));
        (await service.ReassignAsync(task.Id, task.Version, team.Member.Id, new DateOnly(2026, 3, 1), Ct))
            .ShouldBe(new TaskResult.Invalid(TasksService.DueInThePastMessage));
        (await service.ReassignAsync(task.Id, task.Version, team.Member.Id, new DateOnly(9999, 12, 31), Ct))
            .ShouldBe(new TaskResult.Invalid(TasksService.DueOutOfRangeMessage));

        var stored = await _bed.StoredAsync(task.Id);
        (stored.AssigneeId, stored.DueAt, stored.Version).ShouldBe((team.Member.Id, task.DueAt, task.Version));
        events.Events.ShouldBeEmpty();
    }

    [Fact]
    public async Task Due_today_after_five_is_due_by_the_end_of_the_local_day()
    {
        var team = await database.TeamAsync(new PatientSeed("Late", "Lara"));
        var task = await _bed.TaskAsync(team, 0, "Call back", TimeSpan.FromDays(1));
        // 18:30 in New York: past 17:00 today.
        _bed.Clock.Now = new DateTimeOffset(2026, 3, 2, 23, 30, 0, TimeSpan.Zero);

        (await _bed.ServiceFor(team.Member).ReassignAsync(task.Id, task.Version, team.Member.Id, new DateOnly(2026, 3, 2), Ct)).ShouldBeOfType<TaskResult.Saved>();

        (await _bed.StoredAsync(task.Id)).DueAt.ShouldBe(new DateTimeOffset(2026, 3, 3, 4, 59, 0, TimeSpan.Zero));
    }

    [Fact]
    public async Task Cancelling_takes_the_task_off_the_list()
    {
        var team = await database.TeamAsync(new PatientSeed("Haddad", "Omar"));
        var task = await _bed.TaskAsync(team, 0, "No longer needed", TimeSpan.FromDays(1));

        (await _bed.ServiceFor(team.Member).CancelAsync(task.Id, task.Version, Ct)).ShouldBeOfType<TaskResult.Saved>();

        (await _bed.StoredAsync(task.Id)).Status.ShouldBe(CareTaskStatus.Cancelled);
        (await _bed.ServiceFor(team.Member).ListAsync(new TaskFilter(), Ct)).Rows.ShouldBeEmpty();
        (await _bed.ServiceFor(team.Member).CompleteAsync(task.Id, task.Version + 1, Ct)).ShouldBe(new TaskResult.Invalid("This task is already cancelled."));
    }

    [Fact]
    public async Task Completing_the_transition_contact_is_the_call_made_for_the_huddle_proposals()
    {
        var team = await database.TeamAsync(new PatientSeed("Home", "Hattie"));
        var call = await _bed.DischargedHomeWithCallAsync(team, 0, TimeSpan.FromDays(1));

        async Task<IReadOnlyList<HuddleProposal>> ProposalsAsync()
        {
            await using var db = new CareHub.Data.CareHubDbContext(database.Options, PatientsDatabase.ScopeOf(team));
            return await HuddleProposals.ForTeamAsync(db, team.Team.Id, _bed.Clock.Now, new HashSet<Guid>(), Ct);
        }

        (await ProposalsAsync()).ShouldContain(p => p.PatientId == team[0].Id && p.Reason == HuddleCardReason.AwaitingTransitionCall);

        (await _bed.ServiceFor(team.Member).CompleteAsync(call.Id, call.Version, Ct)).ShouldBeOfType<TaskResult.Saved>();

        (await ProposalsAsync()).ShouldNotContain(p => p.PatientId == team[0].Id && p.Reason == HuddleCardReason.AwaitingTransitionCall);
    }
}
