using CareHub.Domain.Audit;
using CareHub.Domain.Organization;
using CareHub.Domain.Referrals;
using CareHub.Domain.Tasks;
using CareHub.Web.Features.Referrals;
using CareHub.Web.Features.Tasks;
using CareHub.Web.Realtime;
using CareHub.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace CareHub.Web.Tests.Features.Referrals;

/// <summary>
/// The escalation check, run by hand at chosen times. A routine specialty referral sent on Monday 2 March 2026 is due to
/// be accepted by the end of Thursday 5 March: on Friday 6 March it is one business day overdue (the owner), on Tuesday
/// 10 March three (the team's manager, from two).
/// </summary>
public sealed class ReferralEscalationTests(PatientsDatabase database) : IClassFixture<PatientsDatabase>
{
    private static readonly DateTimeOffset Friday = new(2026, 3, 6, 15, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset NextTuesday = new(2026, 3, 10, 15, 0, 0, TimeSpan.Zero);

    private readonly ReferralTestBed _bed = new(database);

    private static CancellationToken Ct => ReferralTestBed.Ct;

    [Fact]
    public async Task An_overdue_referral_is_escalated_to_its_owner_once_however_often_the_check_runs()
    {
        var team = await database.TeamAsync(new PatientSeed("Late", "Lars"));
        var id = await _bed.CreateAsync(team, ReferralTestBed.Specialty(team));
        using var events = _bed.Listen(team.Team.Id);
        using var notices = new EventRecorder(database.Bus, Topics.Notifications(team.Member.Id));
        using var taskLists = new EventRecorder(database.Bus, Topics.Tasks(team.Team.Id));
        var escalation = _bed.Escalation();

        var first = await escalation.RunOnceAsync(Friday, Ct);
        var second = await escalation.RunOnceAsync(Friday.AddMinutes(5), Ct);

        first.Escalated.ShouldBeGreaterThanOrEqualTo(1);
        second.Escalated.ShouldBe(0);
        var task = (await _bed.TasksAsync(team[0].Id)).ShouldHaveSingleItem();
        (task.AssigneeId, task.TeamId, task.Status, task.Kind).ShouldBe((team.Member.Id, team.Team.Id, CareTaskStatus.Open, CareTaskKind.ReferralEscalation));
        task.Title.ShouldBe("Referral overdue: Riverside Cardiology acceptance (1 business day)");
        task.DueAt.ShouldBeGreaterThan(Friday);
        var stored = await _bed.ReferralAsync(id);
        (stored.EscalationLevel, stored.EscalatedStage).ShouldBe((1, "Acceptance"));
        stored.Events.Count(e => e.Kind == ReferralEventKind.Escalated).ShouldBe(1);
        var published = events.Events.ShouldHaveSingleItem();
        (published.ResourceId, published.Version).ShouldBe((id, stored.Version));
        var notice = notices.Events.ShouldHaveSingleItem("the owner hears of it once, wherever they are in CareHub");
        (notice.Kind, notice.ResourceId).ShouldBe((ReferralsEvents.Escalated, id));
        var listed = taskLists.Events.ShouldHaveSingleItem("the team's open task lists hear of the new task once");
        (listed.Kind, listed.ResourceId).ShouldBe((TasksEvents.Changed, task.Id));

        var detail = (await _bed.ServiceFor(team.Member).GetAsync(id, Ct)).ShouldNotBeNull();
        var entry = detail.Timeline[^1];
        (entry.What, entry.By).ShouldBe(("Escalated", "CareHub"));
        entry.Note.ShouldBe("Acceptance overdue by 1 business day: escalated to the owner.");
    }

    [Fact]
    public async Task Two_business_days_later_it_goes_to_the_teams_manager_once()
    {
        var team = await database.TeamAsync(new PatientSeed("Later", "Liv"));
        var manager = await _bed.AddMemberAsync(team, "Mona", "Manager", StaffRole.Manager);
        var id = await _bed.CreateAsync(team, ReferralTestBed.Specialty(team));
        var escalation = _bed.Escalation();

        await escalation.RunOnceAsync(Friday, Ct);
        await escalation.RunOnceAsync(NextTuesday, Ct);
        await escalation.RunOnceAsync(NextTuesday.AddHours(1), Ct);

        var tasks = (await _bed.TasksAsync(team[0].Id)).OrderBy(t => t.CreatedAt).ToList();
        tasks.Select(t => t.AssigneeId).ShouldBe([team.Member.Id, manager.Id]);
        tasks[1].Title.ShouldBe("Referral overdue: Riverside Cardiology acceptance (3 business days)");
        tasks[1].Priority.ShouldBe(CareTaskPriority.Urgent);
        var stored = await _bed.ReferralAsync(id);
        stored.EscalationLevel.ShouldBe(2);
        stored.Events.Where(e => e.Kind == ReferralEventKind.Escalated).Select(e => e.Note).ShouldBe([
            "Acceptance overdue by 1 business day: escalated to the owner.",
            "Acceptance overdue by 3 business days: escalated to the team's manager.",
        ]);
    }

    [Fact]
    public async Task Without_a_manager_on_the_team_the_second_level_goes_to_the_owner_again()
    {
        var team = await database.TeamAsync(new PatientSeed("Nomgr", "Nils"));
        await _bed.CreateAsync(team, ReferralTestBed.Specialty(team));

        await _bed.Escalation().RunOnceAsync(NextTuesday, Ct);

        // Three business days overdue at the first check: straight to the second level.
        (await _bed.TasksAsync(team[0].Id)).ShouldHaveSingleItem().AssigneeId.ShouldBe(team.Member.Id);
    }

    [Fact]
    public async Task A_referral_on_hold_is_not_escalated_but_its_next_due_day_moves_on()
    {
        var team = await database.TeamAsync(new PatientSeed("Held", "Hana"));
        var service = _bed.ServiceFor(team.Member);
        var id = await _bed.CreateAsync(team, ReferralTestBed.Specialty(team));
        (await service.MoveAsync(id, await _bed.VersionAsync(id), ReferralStatus.Accepted, null, Ct)).ShouldBeOfType<ReferralResult.Saved>();
        _bed.Clock.Advance(TimeSpan.FromHours(1));
        (await service.MoveAsync(id, await _bed.VersionAsync(id), ReferralStatus.OnHold, "Patient in hospital", Ct)).ShouldBeOfType<ReferralResult.Saved>();
        var before = await _bed.ReferralAsync(id);
        using var events = _bed.Listen(team.Team.Id);

        // The appointment clock (15 business days) would be long overdue by then without the hold.
        var muchLater = new DateTimeOffset(2026, 4, 15, 15, 0, 0, TimeSpan.Zero);
        await _bed.Escalation().RunOnceAsync(muchLater, Ct);

        (await _bed.TasksAsync(team[0].Id)).ShouldBeEmpty();
        var after = await _bed.ReferralAsync(id);
        after.Events.ShouldNotContain(e => e.Kind == ReferralEventKind.Escalated);
        after.EscalationLevel.ShouldBe(0);
        before.NextDueOn.ShouldNotBeNull();
        after.NextDueOn.ShouldNotBeNull().ShouldBeGreaterThan(before.NextDueOn.Value);
        after.NextDueOn.Value.ShouldBeGreaterThanOrEqualTo(new DateOnly(2026, 4, 15));
        after.NextDueStage.ShouldBe(ReferralClockStage.Appointment);
        events.Events.ShouldHaveSingleItem().Version.ShouldBe(after.Version);
    }

    [Fact]
    public async Task A_sensitive_referrals_task_says_nothing_of_it_and_the_escalation_is_audited_as_system_work()
    {
        var team = await database.TeamAsync(new PatientSeed("Quiet", "Quinn"));
        var id = await _bed.CreateAsync(team, new NewReferral(team[0].Id, team.Team.Id, ReferralType.SubstanceUseTreatment, ReferralUrgency.Routine,
            "New Path Recovery Center", "Alcohol use disorder") { Send = true });

        await _bed.Escalation().RunOnceAsync(Friday, Ct);

        (await _bed.TasksAsync(team[0].Id)).ShouldHaveSingleItem().Title.ShouldBe("Referral overdue: restricted referral");
        await using var db = database.SystemDb();
        var audit = await db.AuditEvents.AsNoTracking().Where(a => a.PatientId == team[0].Id && a.Source == "referral-escalation").ToListAsync(Ct);
        audit.Select(a => (a.Action, a.EntityType)).ShouldBe([(AuditAction.Update, nameof(Referral)), (AuditAction.Create, nameof(CareTask))], ignoreOrder: true);
        audit.ShouldAllBe(a => a.UserId == "system");
        // Substance use treatment: accepted within 2 business days (by Wednesday), so two days overdue on Friday.
        (await _bed.ReferralAsync(id)).EscalationLevel.ShouldBe(2);
    }

    [Fact]
    public async Task Referrals_not_yet_due_drafts_and_closed_loops_are_left_alone()
    {
        var team = await database.TeamAsync(new PatientSeed("Calm", "Cal"));
        var draft = await _bed.CreateAsync(team, ReferralTestBed.Specialty(team, send: false));
        var fresh = await _bed.CreateAsync(team, ReferralTestBed.Specialty(team));
        var versions = (await _bed.VersionAsync(draft), await _bed.VersionAsync(fresh));

        await _bed.Escalation().RunOnceAsync(_bed.Clock.Now.AddDays(1), Ct);

        (await _bed.TasksAsync(team[0].Id)).ShouldBeEmpty();
        (await _bed.VersionAsync(draft), await _bed.VersionAsync(fresh)).ShouldBe(versions);
    }

    [Fact]
    public async Task More_overdue_referrals_than_a_batch_are_all_escalated()
    {
        var team = await database.TeamAsync(new PatientSeed("Many", "Mo"));
        var sentAt = _bed.Clock.Now;
        var referrals = Enumerable.Range(0, ReferralEscalationService.BatchSize + 15).Select(_ =>
        {
            var referral = new Referral(team[0].Id, team.Team.Id, team.Member.Id, ReferralType.HomeHealth, ReferralUrgency.Routine,
                "CareAtHome Home Health", "Skilled nursing visits", sentAt);
            referral.MoveTo(ReferralStatus.Requested, sentAt, null, null);
            return referral;
        }).ToList();
        await _bed.InsertAsync(referrals);

        var summary = await _bed.Escalation().RunOnceAsync(Friday, Ct);

        summary.Escalated.ShouldBeGreaterThanOrEqualTo(referrals.Count);
        (await _bed.TasksAsync(team[0].Id)).Count.ShouldBe(referrals.Count);
    }
}

/// <summary>The background loop: a failing check is logged and tried again; the app goes on.</summary>
public sealed class ReferralEscalationLoopTests
{
    [Fact]
    public async Task A_failing_check_is_logged_and_retried_without_stopping_the_service()
    {
        // A database that cannot be opened: every check fails.
        var missing = Path.Combine(Path.GetTempPath(), $"carehub-missing-{Guid.NewGuid():N}", "none.db");
        var settings = Data.DatabaseSettings.Parse("Sqlite", $"Data Source={missing};Mode=ReadOnly", Path.GetTempPath());
        var options = Data.CareHubDbContextFactory.BuildOptions(settings, TimeProvider.System);
        var referralOptions = new ReferralsOptions { EscalationCheckInterval = TimeSpan.FromMilliseconds(20) };
        var logger = new RecordingLogger();
        using var service = new ReferralEscalationService(options, new Web.Realtime.InProcessRealtimeBus(
            Microsoft.Extensions.Logging.Abstractions.NullLogger<Web.Realtime.InProcessRealtimeBus>.Instance), TimeProvider.System,
            new ReferralsOptions().BuildClockContext(), referralOptions, logger);

        await service.StartAsync(ReferralTestBed.Ct);
        for (var i = 0; i < 200 && logger.Errors < 2; i++)
            await Task.Delay(25, ReferralTestBed.Ct);
        var running = service.ExecuteTask is { IsCompleted: false };
        await service.StopAsync(CancellationToken.None);

        logger.Errors.ShouldBeGreaterThanOrEqualTo(2);
        running.ShouldBeTrue();
        service.ExecuteTask.ShouldNotBeNull().IsFaulted.ShouldBeFalse();
    }

    private sealed class RecordingLogger : Microsoft.Extensions.Logging.ILogger<ReferralEscalationService>
    {
        private int _errors;

        public int Errors => Volatile.Read(ref _errors);

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(Microsoft.Extensions.Logging.LogLevel logLevel) => true;

        public void Log<TState>(Microsoft.Extensions.Logging.LogLevel logLevel, Microsoft.Extensions.Logging.EventId eventId, TState state,
            Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (logLevel == Microsoft.Extensions.Logging.LogLevel.Error)
                Interlocked.Increment(ref _errors);
        }
    }
}
