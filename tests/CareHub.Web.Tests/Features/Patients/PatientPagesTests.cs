using Bunit;
using CareHub.Data;
using CareHub.Data.Access;
using CareHub.Flux;
using CareHub.Web.Features.Huddle;
using CareHub.Web.Features.Patients;
using CareHub.Web.Realtime;
using CareHub.Web.Security;
using CareHub.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace CareHub.Web.Tests.Features.Patients;

/// <summary>
/// The patient pages with the real store, effects and service over real SQLite, as one circuit sees them; another
/// "circuit" is the same service built for another scope on the same bus.
/// </summary>
public sealed class PatientPagesTests : CareHubComponentTest, IClassFixture<PatientsDatabase>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    private readonly PatientsDatabase _database;
    private readonly SwitchableScope _scope = new();
    private readonly CurrentUser _user;

    public PatientPagesTests(PatientsDatabase database)
    {
        _database = database;
        _user = new CurrentUser(database.Options, new ServiceCollection().BuildServiceProvider());
        Services.AddLogging();
        Services.AddFlux(o => o.ScanAssemblies(typeof(PatientsService).Assembly));
        Services.AddSingleton<IDbContextFactory<CareHubDbContext>>(new CareHubDbContextFactory(database.Options, _scope));
        Services.AddSingleton<IRealtimeBus>(database.Bus);
        Services.AddSingleton(database.Clock);
        Services.AddSingleton(new CareHub.Web.Calendar.WorkCalendar(TimeZoneInfo.FindSystemTimeZoneById("America/New_York"), CareHub.Domain.Common.BusinessCalendar.WeekendsOnly));
        Services.AddScoped<PatientsService>();
        // The store scans the whole web assembly: every feature's effects need their service.
        Services.AddScoped<HuddleService>();
        Services.AddScoped<CareHub.Web.Features.Tasks.TasksService>();
        Services.AddSingleton(new HuddleBoardSnapshots(database.Options));
        Services.AddSingleton(new CareHub.Web.Auditing.ReadAuditWriter(database.Options, Microsoft.Extensions.Logging.Abstractions.NullLogger<CareHub.Web.Auditing.ReadAuditWriter>.Instance));
        Services.AddScoped<CareHub.Web.Features.CarePlans.CarePlanService>();
        Services.AddSingleton(new CareHub.Web.Features.Referrals.ReferralsOptions().BuildClockContext());
        Services.AddScoped<CareHub.Web.Features.Referrals.ReferralService>();
        // What the patient page's presence bar needs.
        Services.AddSingleton(_user);
        Services.AddSingleton(new PresenceOptions());
        Services.AddSingleton<IPresenceService>(new InMemoryPresenceService(database.Bus, database.Clock, new PresenceOptions(),
            NullLogger<InMemoryPresenceService>.Instance));
        Services.AddScoped<CircuitContext>();
        Services.AddScoped<CircuitPresence>();
        RenderPopoverProvider();
    }

    private async Task SignInAsync(TestTeam team)
    {
        _scope.Current = PatientsDatabase.ScopeOf(team, "circuit:bunit");
        _user.Set(PatientsDatabase.Principal(team.Member), "circuit:bunit");
        await Services.GetRequiredService<IStore>().InitializeAsync();
    }

    [Fact]
    public async Task The_list_shows_the_teams_patients_sorted_by_name_with_the_total()
    {
        var team = await _database.TeamAsync(new PatientSeed("Quinn", "Bo"), new PatientSeed("Abara", "Ify"), new PatientSeed("Mbeki", "Zola"));
        await _database.TeamAsync(new PatientSeed("Other", "Team"));
        await SignInAsync(team);

        var cut = Render<PatientList>();

        cut.WaitForAssertion(() =>
            cut.FindAll("[data-testid=patient-link]").Select(a => a.TextContent).ShouldBe(["Abara, Ify", "Mbeki, Zola", "Quinn, Bo"]), Patience);
        cut.Find("[data-testid=patient-total]").TextContent.Trim().ShouldBe("3 patients on your care teams");
        cut.FindAll("[data-testid=patient-pages] button[aria-label='Last page']").Count.ShouldBe(1, "an exact total knows its last page");
        cut.Find("[data-testid=patient-link]").GetAttribute("href").ShouldBe($"/patients/{team.Patients.Single(p => p.FamilyName == "Abara").Id}");
    }

    [Fact]
    public async Task Past_the_count_limit_the_list_says_1000_plus_and_offers_no_last_page()
    {
        var team = await _database.TeamAsync([.. Enumerable.Range(1, PatientsService.CountLimit + 1).Select(i => new PatientSeed($"Plenty{i:D4}", "Pat"))]);
        await SignInAsync(team);

        var cut = Render<PatientList>();

        cut.WaitForAssertion(() => cut.Find("[data-testid=patient-total]").TextContent.Trim().ShouldBe("1,000+ patients on your care teams"), Patience);
        cut.FindAll("[data-testid=patient-link]").Count.ShouldBe(25);
        cut.FindAll("[data-testid=patient-pages] button[aria-label='Last page']").ShouldBeEmpty("the last page is not known");
        cut.FindAll("[data-testid=patient-pages] button[aria-label='First page']").ShouldNotBeEmpty();
    }

    [Fact]
    public async Task Sorting_by_name_again_reverses_the_order()
    {
        var team = await _database.TeamAsync(new PatientSeed("Quinn", "Bo"), new PatientSeed("Abara", "Ify"), new PatientSeed("Mbeki", "Zola"));
        await SignInAsync(team);
        var cut = Render<PatientList>();
        cut.WaitForAssertion(() => cut.FindAll("[data-testid=patient-link]").Count.ShouldBe(3), Patience);

        cut.Find("th[aria-sort=ascending] button").Click();

        cut.WaitForAssertion(() =>
            cut.FindAll("[data-testid=patient-link]").Select(a => a.TextContent).ShouldBe(["Quinn, Bo", "Mbeki, Zola", "Abara, Ify"]), Patience);
        cut.Find("th[aria-sort=descending]").TextContent.Trim().ShouldBe("Name");
        cut.FindAll("th[aria-sort=none]").Count.ShouldBe(2, "MRN and Age are not sorted");
    }

    [Fact]
    public async Task Typing_a_search_narrows_the_list()
    {
        var team = await _database.TeamAsync(new PatientSeed("Quinn", "Bo"), new PatientSeed("Abara", "Ify"), new PatientSeed("Mbeki", "Zola"));
        await SignInAsync(team);
        var cut = Render<PatientList>();
        cut.WaitForAssertion(() => cut.FindAll("[data-testid=patient-link]").Count.ShouldBe(3), Patience);

        cut.Find("input[type=search], input[inputmode=search]").Input("mbe");

        cut.WaitForAssertion(() => cut.FindAll("[data-testid=patient-link]").Select(a => a.TextContent).ShouldBe(["Mbeki, Zola"]), Patience);
        cut.Find("[data-testid=patient-total]").TextContent.Trim().ShouldBe("1 patient on your care teams");
    }

    [Fact]
    public async Task A_team_with_no_patients_says_so()
    {
        var team = await _database.TeamAsync();
        await SignInAsync(team);

        var cut = Render<PatientList>();

        cut.WaitForAssertion(() => cut.Markup.ShouldContain("No patients on your care teams yet."), Patience);
    }

    [Fact]
    public async Task The_patient_page_shows_the_header_and_the_language_editor()
    {
        var team = await _database.TeamAsync(new PatientSeed("Header", "Page"));
        await SignInAsync(team);

        var cut = Render<PatientDetailPage>(p => p.Add(x => x.PatientId, team[0].Id));

        cut.WaitForAssertion(() => cut.Find("[data-testid=patient-name]").TextContent.ShouldBe("Header, Page"), Patience);
        cut.FindAll("[data-testid=language-editor]").Count.ShouldBe(1);
        cut.FindAll("[data-testid=changed-elsewhere]").ShouldBeEmpty();
    }

    [Fact]
    public async Task The_patient_page_lists_the_open_transition_steps_with_their_deadlines_and_owner()
    {
        var team = await _database.TeamAsync(new PatientSeed("Transition", "Tess"));
        var now = _database.Clock.GetUtcNow();
        var facility = new CareHub.Domain.Organization.Facility($"T{Guid.NewGuid():N}"[..10], "Transition Hospital", CareHub.Domain.Organization.FacilityKind.AcuteCareHospital);
        var stay = CareHub.Domain.Encounters.Encounter.Admit(team[0].Id, facility.Id, null, null, CareHub.Domain.Encounters.EncounterClass.Inpatient, now.AddDays(-3));
        stay.Discharge(now.AddHours(-2), CareHub.Domain.Encounters.DischargeDisposition.Home);
        await using (var db = _database.SystemDb())
        {
            db.AddRange(facility, stay);
            db.Tasks.Add(CareHub.Domain.Tasks.CareTask.ForTransition(team[0].Id, team.Team.Id, stay.Id, CareHub.Domain.Tasks.CareTaskKind.TransitionContact,
                "Transition call: reach the patient within 2 business days of discharge", team.Member.Id, now.AddDays(2), now));
            db.Tasks.Add(new CareHub.Domain.Tasks.CareTask(team[0].Id, team.Team.Id, "Send the fax", team.Member.Id, now.AddDays(1), CareHub.Domain.Tasks.CareTaskPriority.Routine, now));
            await db.SaveChangesAsync(Xunit.TestContext.Current.CancellationToken);
        }
        await SignInAsync(team);

        var cut = Render<PatientDetailPage>(p => p.Add(x => x.PatientId, team[0].Id));

        cut.WaitForAssertion(() => cut.FindAll("[data-testid=transition-step]").Count.ShouldBe(1), Patience);
        var step = cut.Find("[data-testid=transition-step]");
        step.TextContent.ShouldContain("Transition call: reach the patient within 2 business days of discharge");
        step.TextContent.ShouldContain("Due by Wed 4 Mar");
        step.TextContent.ShouldContain(team.Member.DisplayName);
    }

    [Fact]
    public async Task When_the_patients_audit_cannot_be_written_the_page_shows_a_message_and_none_of_the_patients_data()
    {
        var team = await _database.TeamAsync(new PatientSeed("Unaudited", "Una", Mrn: PatientsDatabase.NewMrn()));
        await SignInAsync(team);

        await using (await CareHub.Web.Tests.Auditing.AuditOutage.ForPatientAsync(_database, team[0].Id))
        {
            var cut = Render<PatientDetailPage>(p => p.Add(x => x.PatientId, team[0].Id));

            cut.WaitForAssertion(() => cut.Markup.ShouldContain("This patient could not be loaded. Try again in a moment."), Patience);
            cut.Markup.ShouldNotContain("Unaudited");
            cut.Markup.ShouldNotContain(team[0].Mrn);
            cut.FindAll("[data-testid=patient-name]").ShouldBeEmpty();
        }
    }

    [Fact]
    public async Task Another_teams_patient_looks_exactly_like_a_patient_that_does_not_exist()
    {
        var mine = await _database.TeamAsync(new PatientSeed("Mine", "Pat"));
        var theirs = await _database.TeamAsync(new PatientSeed("Theirs", "Pat"));
        await SignInAsync(mine);

        var cut = Render<PatientDetailPage>(p => p.Add(x => x.PatientId, theirs[0].Id));
        cut.WaitForAssertion(() => cut.Markup.ShouldContain("This patient does not exist, or it is not one your care teams can see."), Patience);
        var otherTeams = cut.Markup;
        cut.Render(p => p.Add(x => x.PatientId, Guid.NewGuid()));
        cut.WaitForState(() => Services.GetRequiredService<IState<PatientDetailState>>().Value is { Status: PatientDetailStatus.NotFound } s
            && s.PatientId != theirs[0].Id, Patience);

        cut.Markup.ShouldBe(otherTeams);
        cut.Markup.ShouldNotContain("Theirs");
    }

    [Fact]
    public async Task A_change_saved_in_another_circuit_appears_with_a_notice()
    {
        var team = await _database.TeamAsync(new PatientSeed("Remote", "Change"));
        await SignInAsync(team);
        var cut = Render<PatientDetailPage>(p => p.Add(x => x.PatientId, team[0].Id));
        cut.WaitForAssertion(() => cut.Find("[data-testid=patient-language]").TextContent.ShouldBe("English"), Patience);

        var colleague = _database.ServiceFor(PatientsDatabase.ScopeOf(team, "circuit:colleague"));
        (await colleague.UpdateLanguageAsync(team[0].Id, 1, "Somali", true, Xunit.TestContext.Current.CancellationToken))
            .ShouldBeOfType<PatientChangeResult.Saved>();

        cut.WaitForAssertion(() =>
        {
            cut.Find("[data-testid=patient-language]").TextContent.ShouldBe("Somali (interpreter needed)");
            cut.Find("[data-testid=changed-elsewhere]").TextContent.ShouldContain("Someone else just changed this patient");
            cut.Find("[data-testid=language-input] input, input[type=text]").GetAttribute("value").ShouldBe("Somali");
        }, Patience);
    }

    [Fact]
    public async Task Saving_on_the_page_stores_the_change_without_calling_it_a_change_elsewhere()
    {
        var team = await _database.TeamAsync(new PatientSeed("Own", "Save"));
        await SignInAsync(team);
        var cut = Render<PatientDetailPage>(p => p.Add(x => x.PatientId, team[0].Id));
        cut.WaitForAssertion(() => cut.Find("[data-testid=patient-language]").TextContent.ShouldBe("English"), Patience);

        cut.Find("input[type=text]").Input("Amharic");
        cut.Find("[data-testid=language-save]").Click();

        cut.WaitForAssertion(() => cut.Find("[data-testid=patient-language]").TextContent.ShouldBe("Amharic"), Patience);
        cut.FindAll("[data-testid=changed-elsewhere]").ShouldBeEmpty();
        cut.FindAll("[data-testid=language-error]").ShouldBeEmpty();
        await using var db = _database.SystemDb();
        var stored = await db.Patients.AsNoTracking().SingleAsync(p => p.Id == team[0].Id, Xunit.TestContext.Current.CancellationToken);
        (stored.PreferredLanguage, stored.Version).ShouldBe(("Amharic", 2L));
    }

    [Fact]
    public async Task Saving_over_a_change_made_elsewhere_shows_the_conflict_and_keeps_the_typed_text()
    {
        var team = await _database.TeamAsync(new PatientSeed("Typed", "Kept"));
        await SignInAsync(team);
        var cut = Render<PatientDetailPage>(p => p.Add(x => x.PatientId, team[0].Id));
        cut.WaitForAssertion(() => cut.Find("[data-testid=patient-language]").TextContent.ShouldBe("English"), Patience);
        cut.Find("input[type=text]").Input("Amharic");

        (await _database.ServiceFor(PatientsDatabase.ScopeOf(team, "circuit:colleague"))
            .UpdateLanguageAsync(team[0].Id, 1, "Tigrinya", false, Xunit.TestContext.Current.CancellationToken)).ShouldBeOfType<PatientChangeResult.Saved>();
        cut.WaitForAssertion(() => cut.Find("[data-testid=patient-language]").TextContent.ShouldBe("Tigrinya"), Patience);
        cut.Find("input[type=text]").GetAttribute("value").ShouldBe("Amharic");
        cut.Find("[data-testid=language-save]").Click();

        cut.WaitForAssertion(() => cut.Find("[data-testid=language-error]").TextContent.ShouldContain("Someone else changed"), Patience);
        cut.Find("input[type=text]").GetAttribute("value").ShouldBe("Amharic");
        cut.Find("[data-testid=patient-language]").TextContent.ShouldBe("Tigrinya");
    }

    private sealed class SwitchableScope : IAccessScopeProvider
    {
        public AccessScope Current { get; set; } = AccessScope.Nobody("test");
    }
}
