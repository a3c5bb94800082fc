using Bunit;
using CareHub.Data;
using CareHub.Domain.Tasks;
using CareHub.Flux;
using CareHub.Web.Features.CarePlans;
using CareHub.Web.Features.Huddle;
using CareHub.Web.Features.Patients;
using CareHub.Web.Features.Referrals;
using CareHub.Web.Features.Tasks;
using CareHub.Web.Realtime;
using CareHub.Web.Security;
using CareHub.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace CareHub.Web.Tests.Features.Tasks;

/// <summary>
/// The task list with the real store, effects and service over real SQLite, as one circuit sees it; a colleague is the
/// same service built for their own user, on the same bus.
/// </summary>
public sealed class TasksPageTests : CareHubComponentTest, IClassFixture<PatientsDatabase>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);
    private static readonly IServiceProvider NoServices = new ServiceCollection().BuildServiceProvider();

    private readonly CurrentUser _user;
    private readonly TaskTestBed _bed;

    public TasksPageTests(PatientsDatabase database)
    {
        _bed = new TaskTestBed(database);
        _user = new CurrentUser(database.Options, NoServices);
        Services.AddLogging();
        Services.AddFlux(o => o.ScanAssemblies(typeof(TasksService).Assembly));
        Services.AddSingleton<IDbContextFactory<CareHubDbContext>>(new CareHubDbContextFactory(database.Options, _user));
        Services.AddSingleton<IRealtimeBus>(database.Bus);
        Services.AddSingleton<TimeProvider>(_bed.Clock);
        Services.AddSingleton(_user);
        Services.AddSingleton(_bed.Calendar);
        Services.AddScoped<TasksService>();
        // The store scans the whole web assembly: every feature's effects need their service.
        Services.AddSingleton(new ReferralsOptions().BuildClockContext());
        Services.AddScoped<ReferralService>();
        Services.AddScoped<CommunityResourceService>();
        Services.AddScoped<CarePlanService>();
        Services.AddScoped<PatientsService>();
        Services.AddScoped<HuddleService>();
        Services.AddSingleton(new HuddleBoardSnapshots(database.Options));
        Services.AddSingleton(new CareHub.Web.Auditing.ReadAuditWriter(database.Options, NullLogger<CareHub.Web.Auditing.ReadAuditWriter>.Instance));
        Services.AddSingleton(new PresenceOptions());
        Services.AddSingleton<IPresenceService>(new InMemoryPresenceService(database.Bus, _bed.Clock, new PresenceOptions(),
            NullLogger<InMemoryPresenceService>.Instance));
        Services.AddScoped<CircuitContext>();
        Services.AddScoped<CircuitPresence>();
        RenderPopoverProvider();
        Render<MudBlazor.MudDialogProvider>();
    }

    private static CancellationToken Ct => TaskTestBed.Ct;

    private async Task<TestTeam> SignedInTeamAsync(params PatientSeed[] patients)
    {
        var team = await _bed.Database.TeamAsync(patients.Length == 0 ? [new PatientSeed("Abara", "Ify")] : patients);
        _user.Set(PatientsDatabase.Principal(team.Member), "circuit:bunit");
        await Services.GetRequiredService<IStore>().InitializeAsync();
        return team;
    }

    private IRenderedComponent<TasksPage> RenderPage()
    {
        var cut = Render<TasksPage>();
        cut.WaitForAssertion(() => cut.Find("[data-testid=tasks-page]"), Patience);
        return cut;
    }

    private static string Row(Guid taskId) => $"[data-testid=task-row][data-task-id='{taskId}']";

    [Fact]
    public async Task The_list_shows_my_tasks_by_due_time_with_a_clock_chip_and_a_link_to_the_patient()
    {
        var team = await SignedInTeamAsync(new PatientSeed("Abara", "Ify"), new PatientSeed("Bello", "Ada"));
        var mate = await _bed.AddMemberAsync(team, "Devon", "Mate");
        var overdue = await _bed.TaskAsync(team, 0, "Book the follow-up visit", TimeSpan.FromHours(-2), priority: CareTaskPriority.Urgent);
        var today = await _bed.TaskAsync(team, 1, "Check the scales arrived", TimeSpan.FromHours(3));
        var later = await _bed.TaskAsync(team, 0, "Call the pharmacy", TimeSpan.FromDays(3));
        var theirs = await _bed.TaskAsync(team, 1, "Home visit", TimeSpan.FromDays(1), assignee: mate.Id);

        var cut = RenderPage();

        cut.WaitForAssertion(() => cut.FindAll("[data-testid=task-row]").Select(r => r.GetAttribute("data-task-id"))
            .ShouldBe([overdue.Id.ToString(), today.Id.ToString(), later.Id.ToString()]), Patience);
        cut.Markup.ShouldNotContain(theirs.Id.ToString());
        cut.Find($"{Row(overdue.Id)} [data-testid=task-due]").GetAttribute("data-state").ShouldBe(nameof(TaskDueState.Overdue));
        cut.Find($"{Row(today.Id)} [data-testid=task-due]").GetAttribute("data-state").ShouldBe(nameof(TaskDueState.DueToday));
        cut.Find($"{Row(later.Id)} [data-testid=task-due]").GetAttribute("data-state").ShouldBe(nameof(TaskDueState.Later));
        // Due 2 hours before 09:00 UTC: 02:00 in New York.
        cut.Find($"{Row(overdue.Id)} [data-testid=task-due]").TextContent.Trim().ShouldBe("Overdue since Mon 2 Mar 02:00");
        cut.Find($"{Row(overdue.Id)} [data-testid=task-patient-link]").GetAttribute("href").ShouldBe($"/patients/{team[0].Id}");
        cut.Find($"{Row(overdue.Id)} [data-testid=task-priority]").TextContent.Trim().ShouldBe("Urgent");
        cut.Find($"{Row(overdue.Id)} [data-testid=task-assignee]").TextContent.Trim().ShouldBe(team.Member.DisplayName);

        cut.Find("[data-testid=filter-scope-myteams]").Click();

        cut.WaitForAssertion(() => cut.Find(Row(theirs.Id)), Patience);
        cut.FindAll("[data-testid=task-row]").Count.ShouldBe(4);
    }

    [Fact]
    public async Task Completing_a_task_takes_it_off_the_list()
    {
        var team = await SignedInTeamAsync();
        var task = await _bed.TaskAsync(team, 0, "Call the daughter", TimeSpan.FromDays(1));
        var cut = RenderPage();
        cut.WaitForAssertion(() => cut.Find(Row(task.Id)), Patience);

        cut.Find($"{Row(task.Id)} [data-testid=task-complete]").Click();

        cut.WaitForAssertion(() => cut.Find("[data-testid=tasks-empty]"), Patience);
        (await _bed.StoredAsync(task.Id)).Status.ShouldBe(CareTaskStatus.Done);
    }

    [Fact]
    public async Task A_task_completed_by_a_teammate_leaves_the_list_without_reloading()
    {
        var team = await SignedInTeamAsync();
        var mate = await _bed.AddMemberAsync(team, "Devon", "Mate");
        var task = await _bed.TaskAsync(team, 0, "Transport to clinic", TimeSpan.FromDays(1));
        var kept = await _bed.TaskAsync(team, 0, "Another one", TimeSpan.FromDays(2));
        var cut = RenderPage();
        cut.WaitForAssertion(() => cut.Find(Row(task.Id)), Patience);

        (await _bed.ServiceFor(mate).CompleteAsync(task.Id, task.Version, Ct)).ShouldBeOfType<TaskResult.Saved>();

        cut.WaitForAssertion(() => cut.FindAll(Row(task.Id)).ShouldBeEmpty(), Patience);
        cut.Find(Row(kept.Id));
    }

    [Fact]
    public async Task A_change_over_a_task_someone_else_changed_says_so_and_shows_it_as_it_is_now()
    {
        var team = await SignedInTeamAsync();
        var mate = await _bed.AddMemberAsync(team, "Devon", "Mate");
        var task = await _bed.TaskAsync(team, 0, "Arrange a ride", TimeSpan.FromDays(1));
        var cut = RenderPage();
        cut.Find("[data-testid=filter-scope-myteams]").Click();
        cut.WaitForAssertion(() => cut.Find(Row(task.Id)), Patience);
        (await _bed.ServiceFor(mate).ReassignAsync(task.Id, task.Version, mate.Id, new DateOnly(2026, 3, 6), Ct)).ShouldBeOfType<TaskResult.Saved>();

        // The click of a person who still saw the old version.
        await cut.InvokeAsync(() => Services.GetRequiredService<IDispatcher>().Dispatch(new CompleteTaskAction(task.Id, task.Version)));

        cut.WaitForAssertion(() => cut.Find("[data-testid=tasks-notice]").TextContent.ShouldContain("Someone else changed this task"), Patience);
        cut.WaitForAssertion(() => cut.Find($"{Row(task.Id)} [data-testid=task-assignee]").TextContent.Trim().ShouldBe("Devon Mate"), Patience);
        (await _bed.StoredAsync(task.Id)).Status.ShouldBe(CareTaskStatus.Open);
    }

    [Fact]
    public async Task A_title_typed_with_markup_is_shown_as_text()
    {
        var team = await SignedInTeamAsync();
        const string title = "<img src=x onerror=alert(1)> call <b>now</b>";
        var task = await _bed.TaskAsync(team, 0, title, TimeSpan.FromDays(1));

        var cut = RenderPage();

        cut.WaitForAssertion(() => cut.Find($"{Row(task.Id)} [data-testid=task-title]").TextContent.ShouldBe(title), Patience);
        cut.FindAll($"{Row(task.Id)} img").ShouldBeEmpty();
        cut.FindAll($"{Row(task.Id)} b").ShouldBeEmpty();
    }

    [Fact]
    public async Task Another_teams_task_on_a_shared_patient_is_not_listed()
    {
        var team = await SignedInTeamAsync(new PatientSeed("Shared", "Sam"));
        var other = await _bed.Database.TeamAsync(new PatientSeed("Other", "Olga"));
        await _bed.EnrolAsync(team[0].Id, other.Team.Id);
        var mine = await _bed.TaskAsync(team, 0, "Ours", TimeSpan.FromDays(1));
        var theirs = await _bed.TaskAsync(other, 0, "Theirs", TimeSpan.FromDays(1));

        var cut = RenderPage();
        cut.Find("[data-testid=filter-scope-myteams]").Click();

        cut.WaitForAssertion(() => cut.FindAll("[data-testid=task-row]").Select(r => r.GetAttribute("data-task-id")).ShouldBe([mine.Id.ToString()]), Patience);
        cut.Markup.ShouldNotContain(theirs.Id.ToString());
    }
}
