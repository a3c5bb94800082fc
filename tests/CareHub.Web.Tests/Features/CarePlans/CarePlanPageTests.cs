using AngleSharp.Dom;
using Bunit;
using CareHub.Data;
using CareHub.Domain.CarePlans;
using CareHub.Domain.Organization;
using CareHub.Flux;
using CareHub.Web.Features.CarePlans;
using CareHub.Web.Features.Huddle;
using CareHub.Web.Features.Patients;
using CareHub.Web.Realtime;
using CareHub.Web.Security;
using CareHub.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Page = CareHub.Web.Features.CarePlans.Pages.CarePlanPage;

namespace CareHub.Web.Tests.Features.CarePlans;

/// <summary>
/// The care-plan page with the real store, effects and service over real SQLite, as one circuit sees it; another
/// person is the same service built for their own user, on the same bus and presence.
/// </summary>
public sealed class CarePlanPageTests : CareHubComponentTest, IClassFixture<PatientsDatabase>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);
    private static readonly IServiceProvider NoServices = new ServiceCollection().BuildServiceProvider();

    private readonly PatientsDatabase _database;
    private readonly CurrentUser _user;
    private readonly InMemoryPresenceService _presence;

    public CarePlanPageTests(PatientsDatabase database)
    {
        _database = database;
        _user = new CurrentUser(database.Options, NoServices);
        _presence = new InMemoryPresenceService(database.Bus, database.Clock, new PresenceOptions(), NullLogger<InMemoryPresenceService>.Instance);
        Services.AddLogging();
        Services.AddFlux(o => o.ScanAssemblies(typeof(CarePlanService).Assembly));
        Services.AddSingleton<IDbContextFactory<CareHubDbContext>>(new CareHubDbContextFactory(database.Options, _user));
        Services.AddSingleton<IRealtimeBus>(database.Bus);
        Services.AddSingleton(database.Clock);
        Services.AddSingleton(_user);
        // The store scans the whole web assembly: every feature's effects need their service.
        Services.AddScoped<CarePlanService>();
        Services.AddSingleton(new CareHub.Web.Features.Referrals.ReferralsOptions().BuildClockContext());
        Services.AddScoped<CareHub.Web.Features.Referrals.ReferralService>();
        Services.AddScoped<PatientsService>();
        Services.AddScoped<HuddleService>();
        Services.AddScoped<CareHub.Web.Features.Tasks.TasksService>();
        Services.AddSingleton(new CareHub.Web.Calendar.WorkCalendar(TimeZoneInfo.FindSystemTimeZoneById("America/New_York"), CareHub.Domain.Common.BusinessCalendar.WeekendsOnly));
        Services.AddSingleton(new HuddleBoardSnapshots(database.Options));
        Services.AddSingleton(new CareHub.Web.Auditing.ReadAuditWriter(database.Options, Microsoft.Extensions.Logging.Abstractions.NullLogger<CareHub.Web.Auditing.ReadAuditWriter>.Instance));
        Services.AddSingleton(new PresenceOptions());
        Services.AddSingleton<IPresenceService>(_presence);
        Services.AddScoped<CircuitContext>();
        Services.AddScoped<CircuitPresence>();
        RenderPopoverProvider();
    }

    private CarePlanService Service => Services.GetRequiredService<CarePlanService>();

    private async Task<TestTeam> SignedInTeamAsync()
    {
        var team = await _database.TeamAsync(new PatientSeed("Abara", "Ify"));
        _user.Set(PatientsDatabase.Principal(team.Member), "circuit:bunit");
        await Services.GetRequiredService<IStore>().InitializeAsync();
        return team;
    }

    private async Task<Guid> StartPlanAsync(TestTeam team, string? template = null)
    {
        (await Service.StartAsync(team[0].Id, template, Ct)).ShouldBeOfType<CarePlanResult.Saved>();
        var opened = (await Service.OpenAsync(team[0].Id, Ct)).ShouldBeOfType<CarePlanPage.Found>();
        return opened.Plan.PlanId;
    }

    private async Task<CarePlanItemView> AddAsync(Guid planId, CarePlanItemKind kind, string text)
    {
        var saved = (await Service.AddItemAsync(planId, new NewCarePlanItem(kind, text), Ct)).ShouldBeOfType<CarePlanResult.Saved>();
        return saved.Item.ShouldNotBeNull();
    }

    private IRenderedComponent<Page> RenderPage(TestTeam team)
    {
        var cut = Render<Page>(p => p.Add(x => x.PatientId, team[0].Id));
        cut.WaitForAssertion(() => cut.Find("[data-testid=careplan-page]"), Patience);
        return cut;
    }

    private static IElement ItemOf(IRenderedComponent<Page> cut, Guid itemId) =>
        cut.Find($"[data-testid=careplan-item][data-item-id='{itemId}']");

    private static IElement FieldOf(IRenderedComponent<Page> cut, Guid itemId, string field) =>
        cut.Find($"[data-testid=careplan-item][data-item-id='{itemId}'] [data-testid=careplan-field][data-field={field}]");

    [Fact]
    public async Task A_plan_shows_its_sections_in_order_with_their_items_add_rows_and_the_care_team()
    {
        var team = await SignedInTeamAsync();
        await StartPlanAsync(team, CarePlanTemplates.Diabetes.Key);

        var cut = RenderPage(team);

        cut.WaitForAssertion(() => cut.FindAll("[data-testid=careplan-item]").Count.ShouldBe(CarePlanTemplates.Diabetes.Items.Count), Patience);
        cut.FindAll("[data-testid=careplan-section] h2").Select(h => h.TextContent.Split('(')[0].Trim())
            .ShouldBe(Enum.GetValues<CarePlanItemKind>().Select(CarePlanText.SectionName));
        cut.Find("h1").TextContent.ShouldBe("Care plan: Diabetes");
        cut.Find("[data-testid=careplan-patient]").GetAttribute("href").ShouldBe($"/patients/{team[0].Id}");
        cut.Find("[data-testid=careplan-status]").TextContent.Trim().ShouldBe("Active");
        foreach (var kind in Enum.GetValues<CarePlanItemKind>())
            cut.Find($"[data-testid=add-{kind.ToString().ToLowerInvariant()}]").QuerySelectorAll("button").Last().TextContent.Trim().ShouldBe("Add");
        var goals = cut.FindAll("[data-testid=careplan-item][data-kind=Goal]");
        goals.Count.ShouldBe(2);
        goals[0].QuerySelectorAll("[data-testid=careplan-field]").Select(f => f.GetAttribute("data-field")).ShouldBe(["text", "detail"]);
        goals[0].QuerySelector("label")!.TextContent.ShouldBe("Goal");
        var member = cut.Find("[data-testid=careplan-team] [data-testid=care-team-member]");
        member.TextContent.ShouldContain($"{team.Member.GivenName} {team.Member.FamilyName}");
        member.TextContent.ShouldContain(team.Team.Name);
        cut.Find("[data-testid=careplan-print]").GetAttribute("href").ShouldBe($"/patients/{team[0].Id}/care-plan/print");
    }

    [Fact]
    public async Task A_patient_without_a_plan_is_offered_a_blank_plan_and_each_template()
    {
        var team = await SignedInTeamAsync();

        var cut = Render<Page>(p => p.Add(x => x.PatientId, team[0].Id));

        cut.WaitForAssertion(() => cut.Markup.ShouldContain("No care plan yet"), Patience);
        cut.FindAll("[data-testid=careplan-page] button").Select(b => b.TextContent.Trim())
            .ShouldBe(["Start a blank plan", .. CarePlanTemplates.All.Select(t => t.Name)]);

        cut.FindAll("button").Single(b => b.TextContent.Trim() == "COPD").Click();

        cut.WaitForAssertion(() => cut.Find("h1").TextContent.ShouldBe("Care plan: COPD"), Patience);
        cut.FindAll("[data-testid=careplan-item]").Count.ShouldBe(CarePlanTemplates.Copd.Items.Count);
    }

    [Fact]
    public async Task Another_teams_patient_reads_as_not_found()
    {
        await SignedInTeamAsync();
        var other = await _database.TeamAsync(new PatientSeed("Other", "Team"));

        var cut = Render<Page>(p => p.Add(x => x.PatientId, other[0].Id));

        cut.WaitForAssertion(() => cut.Markup.ShouldContain("does not exist, or it is not one your care teams can see"), Patience);
        cut.FindAll("[data-testid=careplan-page]").ShouldBeEmpty();
    }

    [Fact]
    public async Task Typing_in_a_field_and_leaving_it_saves_the_text()
    {
        var team = await SignedInTeamAsync();
        var planId = await StartPlanAsync(team);
        var goal = await AddAsync(planId, CarePlanItemKind.Goal, "Walks 10 minutes a day");
        var cut = RenderPage(team);

        var area = FieldOf(cut, goal.Id, "detail").QuerySelector("textarea")!;
        area.Input("Counts steps with a pedometer");
        FieldOf(cut, goal.Id, "detail").QuerySelector("textarea")!.Blur();

        cut.WaitForAssertion(() => FieldOf(cut, goal.Id, "detail").QuerySelector("[data-testid=save-state]")!.TextContent.Trim().ShouldBe("Saved"), Patience);
        (await Service.GetItemAsync(planId, goal.Id, Ct))!.Detail.ShouldBe("Counts steps with a pedometer");
    }

    [Fact]
    public async Task Choosing_a_value_saves_it_and_shows_it()
    {
        var team = await SignedInTeamAsync();
        var planId = await StartPlanAsync(team);
        var medication = await AddAsync(planId, CarePlanItemKind.Medication, "Metformin 500 mg");
        var cut = RenderPage(team);
        ItemOf(cut, medication.Id).QuerySelector("[data-testid=discrepancy]")!.TextContent.ShouldContain("Not on any list yet");

        SourceBox(cut, medication.Id, "Discharge list").Change(true);

        cut.WaitForAssertion(() =>
            ItemOf(cut, medication.Id).QuerySelector("[data-testid=discrepancy]")!.TextContent.ShouldBe("New at discharge and no pharmacy fill seen yet."), Patience);
        (await Service.GetItemAsync(planId, medication.Id, Ct))!.Sources.ShouldBe(MedicationSources.Discharge);

        ItemOf(cut, medication.Id).QuerySelector("input[data-testid=choice-reconciled]")!.Change(true);

        cut.WaitForAssertion(() => ItemOf(cut, medication.Id).QuerySelector("[data-testid=discrepancy]").ShouldBeNull(), Patience);
        (await Service.GetItemAsync(planId, medication.Id, Ct))!.Reconciled.ShouldBeTrue();
        ItemOf(cut, medication.Id).QuerySelector("input[data-testid=choice-reconciled]")!.GetAttribute("aria-checked").ShouldBe("true");
    }

    [Fact]
    public async Task A_change_made_by_someone_else_appears_without_reloading()
    {
        var team = await SignedInTeamAsync();
        var planId = await StartPlanAsync(team);
        var goal = await AddAsync(planId, CarePlanItemKind.Goal, "Walks 10 minutes a day");
        var cut = RenderPage(team);
        var devon = await AddMemberAsync(team, "Devon", "Okafor");

        var theirs = ServiceOf(devon);
        (await theirs.EditAsync(planId, new FieldEdit(goal.Id, CarePlanField.Text, goal.Version, "Walks 20 minutes a day"), Ct))
            .ShouldBeOfType<CarePlanResult.Saved>();
        await AddWithAsync(theirs, planId, CarePlanItemKind.Barrier, "No ride to the clinic");

        cut.WaitForAssertion(() =>
        {
            FieldOf(cut, goal.Id, "text").QuerySelector("textarea")!.GetAttribute("value").ShouldBe("Walks 20 minutes a day");
            cut.Find("[data-testid=careplan-item][data-kind=Barrier] textarea")!.GetAttribute("value").ShouldBe("No ride to the clinic");
        }, Patience);
    }

    [Fact]
    public async Task Someone_else_in_a_field_shows_on_that_field_and_this_persons_own_focus_does_not()
    {
        var team = await SignedInTeamAsync();
        var planId = await StartPlanAsync(team);
        var walking = await AddAsync(planId, CarePlanItemKind.Goal, "Walks 10 minutes a day");
        var sugar = await AddAsync(planId, CarePlanItemKind.Goal, "Checks blood sugar every morning");
        var cut = RenderPage(team);
        var resource = Topics.CarePlan(planId);
        var devon = PresenceEntry.For("devons-circuit", Guid.NewGuid(), "Devon Okafor");

        // Devon, on another circuit, goes into the walking goal's detail and types.
        using var devonHere = await Task.Run(() => _presence.Join(resource, devon), Ct);
        await Task.Run(() => _presence.Focus(resource, devon.ConnectionId, CarePlanFieldKeys.Presence(walking.Id, CarePlanField.Detail), typing: true), Ct);
        // This person goes into the sugar goal's text.
        FieldOf(cut, sugar.Id, "text").QuerySelector("textarea")!.Focus();

        cut.WaitForAssertion(() =>
        {
            var tag = FieldOf(cut, walking.Id, "detail").QuerySelector("[data-testid=field-presence]").ShouldNotBeNull();
            tag.TextContent.ShouldBe("Devon Okafor is typing…");
            FieldOf(cut, walking.Id, "detail").QuerySelector("textarea")!.GetAttribute("style")!.ShouldContain(devon.Colour);
        }, Patience);
        cut.FindAll("[data-testid=field-presence]").ShouldHaveSingleItem("nobody else is anywhere else, and this person's own focus shows no tag");
        _presence.Get(resource).Single(e => e.StaffId == team.Member.Id).Field.ShouldBe(CarePlanFieldKeys.Presence(sugar.Id, CarePlanField.Text));

        await Task.Run(() => _presence.Focus(resource, devon.ConnectionId, null, typing: false), Ct);

        cut.WaitForAssertion(() => cut.FindAll("[data-testid=field-presence]").ShouldBeEmpty(), Patience);
    }

    [Fact]
    public async Task A_choice_made_on_an_outdated_screen_says_what_the_other_person_chose_and_use_mine_saves_it()
    {
        var team = await SignedInTeamAsync();
        var planId = await StartPlanAsync(team);
        var medication = await AddAsync(planId, CarePlanItemKind.Medication, "Metformin 500 mg");
        var cut = RenderPage(team);
        // Devon's change reaches the database but not this screen (as when an event is lost).
        var devon = await AddMemberAsync(team, "Devon", "Okafor");
        (await ServiceOf(devon, new InProcessRealtimeBus(NullLogger<InProcessRealtimeBus>.Instance))
            .EditAsync(planId, new FieldEdit(medication.Id, CarePlanField.Sources, medication.Version, "PreAdmission"), Ct))
            .ShouldBeOfType<CarePlanResult.Saved>();

        SourceBox(cut, medication.Id, "Discharge list").Change(true);

        cut.WaitForAssertion(() => ItemOf(cut, medication.Id).QuerySelector("[data-testid=choice-conflict]").ShouldNotBeNull()
            .TextContent.ShouldContain("Devon Okafor changed this to Pre-admission list while you chose Discharge list."), Patience);
        (await Service.GetItemAsync(planId, medication.Id, Ct))!.Sources.ShouldBe(MedicationSources.PreAdmission, "nothing saved until the person chooses");

        ItemOf(cut, medication.Id).QuerySelectorAll("[data-testid=choice-conflict] button").Single(b => b.TextContent.Trim() == "Use mine").Click();

        cut.WaitForAssertion(() => ItemOf(cut, medication.Id).QuerySelector("[data-testid=choice-conflict]").ShouldBeNull(), Patience);
        (await Service.GetItemAsync(planId, medication.Id, Ct))!.Sources.ShouldBe(MedicationSources.Discharge);
        cut.WaitForAssertion(() => SourceBox(cut, medication.Id, "Discharge list").IsChecked().ShouldBeTrue(), Patience);
    }

    [Fact]
    public async Task When_the_connection_comes_back_the_plan_is_read_again()
    {
        var team = await SignedInTeamAsync();
        var planId = await StartPlanAsync(team);
        var goal = await AddAsync(planId, CarePlanItemKind.Goal, "Walks 10 minutes a day");
        var cut = RenderPage(team);
        var devon = await AddMemberAsync(team, "Devon", "Okafor");
        // Made while this screen's connection was down: its event never arrives here.
        (await ServiceOf(devon, new InProcessRealtimeBus(NullLogger<InProcessRealtimeBus>.Instance))
            .EditAsync(planId, new FieldEdit(goal.Id, CarePlanField.Text, goal.Version, "Walks 20 minutes a day"), Ct))
            .ShouldBeOfType<CarePlanResult.Saved>();
        var circuit = Services.GetRequiredService<CircuitContext>();

        await Task.Run(() =>
        {
            circuit.ConnectionChanged(connected: false);
            circuit.ConnectionChanged(connected: true);
        }, Ct);

        cut.WaitForAssertion(() => FieldOf(cut, goal.Id, "text").QuerySelector("textarea")!.GetAttribute("value").ShouldBe("Walks 20 minutes a day"), Patience);
    }

    [Fact]
    public async Task Text_the_browser_kept_is_offered_back_and_restoring_it_saves_it_merged_with_later_changes()
    {
        var team = await SignedInTeamAsync();
        var planId = await StartPlanAsync(team);
        var goal = await AddAsync(planId, CarePlanItemKind.Goal, "Walks 10 minutes a day");
        // Since the text was kept, someone else changed the start of it.
        var devon = await AddMemberAsync(team, "Devon", "Okafor");
        (await ServiceOf(devon).EditAsync(planId, new FieldEdit(goal.Id, CarePlanField.Text, goal.Version, "Daily: Walks 10 minutes a day"), Ct))
            .ShouldBeOfType<CarePlanResult.Saved>();
        var key = CarePlanFieldKeys.Draft(planId, goal.Id, CarePlanField.Text);
        var module = JSInterop.SetupModule(CarePlanDrafts.ModulePath);
        module.SetupVoid("start").SetVoidResult();
        module.SetupVoid("clear", _ => true).SetVoidResult();
        module.Setup<CarePlanStoredDraft[]?>("list", _ => true)
            .SetResult([new CarePlanStoredDraft(key, "Walks 10 minutes a day and stretches", goal.Version, CarePlanSamples.At)]);

        var cut = RenderPage(team);

        var offer = cut.WaitForElement("[data-testid=draft-offer]", Patience);
        offer.TextContent.ShouldContain("You have unsaved text in Goal: “Walks 10 minutes a day and stretches” from");
        offer.QuerySelectorAll("button").Single(b => b.TextContent.Trim() == "Restore").Click();

        cut.WaitForAssertion(() =>
        {
            FieldOf(cut, goal.Id, "text").QuerySelector("[data-testid=save-state]")!.TextContent.Trim().ShouldBe("Merged with Devon Okafor's change");
            FieldOf(cut, goal.Id, "text").QuerySelector("textarea")!.GetAttribute("value").ShouldBe("Daily: Walks 10 minutes a day and stretches");
        }, Patience);
        cut.FindAll("[data-testid=draft-offer]").ShouldBeEmpty();
        (await Service.GetItemAsync(planId, goal.Id, Ct))!.Text.ShouldBe("Daily: Walks 10 minutes a day and stretches");
        module.VerifyInvoke("clear").Arguments.ShouldBe([key, "Walks 10 minutes a day and stretches"]);
    }

    [Fact]
    public async Task Discarding_kept_text_forgets_it_and_changes_nothing()
    {
        var team = await SignedInTeamAsync();
        var planId = await StartPlanAsync(team);
        var goal = await AddAsync(planId, CarePlanItemKind.Goal, "Walks 10 minutes a day");
        var key = CarePlanFieldKeys.Draft(planId, goal.Id, CarePlanField.Detail);
        var module = JSInterop.SetupModule(CarePlanDrafts.ModulePath);
        module.SetupVoid("start").SetVoidResult();
        module.SetupVoid("clear", _ => true).SetVoidResult();
        module.Setup<CarePlanStoredDraft[]?>("list", _ => true).SetResult([new CarePlanStoredDraft(key, "Uses a step counter", goal.Version, null)]);
        var cut = RenderPage(team);

        cut.WaitForElement("[data-testid=draft-offer]", Patience).QuerySelectorAll("button").Single(b => b.TextContent.Trim() == "Discard").Click();

        cut.FindAll("[data-testid=draft-offer]").ShouldBeEmpty();
        module.VerifyInvoke("clear").Arguments.ShouldBe([key, "Uses a step counter"]);
        (await Service.GetItemAsync(planId, goal.Id, Ct))!.Detail.ShouldBeEmpty();
    }

    [Fact]
    public async Task Leaving_the_page_stops_following_the_plan_and_its_presence()
    {
        var team = await SignedInTeamAsync();
        var planId = await StartPlanAsync(team);
        RenderPage(team);
        var following = _database.Bus.TopicCount;

        await DisposeComponentsAsync();

        _database.Bus.TopicCount.ShouldBeLessThan(following);
        _presence.Get(Topics.CarePlan(planId)).ShouldBeEmpty();
    }

    private static CancellationToken Ct => Xunit.TestContext.Current.CancellationToken;

    /// <summary>Another person's circuit; on another bus, its changes reach no screen of this test.</summary>
    private CarePlanService ServiceOf(Staff staff, IRealtimeBus? bus = null)
    {
        var user = new CurrentUser(_database.Options, NoServices);
        user.Set(PatientsDatabase.Principal(staff), $"circuit:{Guid.NewGuid():N}");
        return new CarePlanService(new CareHubDbContextFactory(_database.Options, user), bus ?? _database.Bus, _database.Clock, user);
    }

    private static IElement SourceBox(IRenderedComponent<Page> cut, Guid itemId, string source) =>
        ItemOf(cut, itemId).QuerySelectorAll("[data-testid=choice-sources] label")
            .Single(l => l.TextContent.Contains(source, StringComparison.Ordinal)).QuerySelector("input")!;

    private static async Task AddWithAsync(CarePlanService service, Guid planId, CarePlanItemKind kind, string text) =>
        (await service.AddItemAsync(planId, new NewCarePlanItem(kind, text), Ct)).ShouldBeOfType<CarePlanResult.Saved>();

    private async Task<Staff> AddMemberAsync(TestTeam team, string given, string family)
    {
        var staff = new Staff(given, family, $"{Guid.NewGuid():N}@carehub.example", StaffRole.Nurse, "Nursing");
        await using var db = _database.SystemDb();
        db.Staff.Add(staff);
        var stored = await db.CareTeams.Include(t => t.Members).SingleAsync(t => t.Id == team.Team.Id, Ct);
        stored.AddMember(staff);
        await db.SaveChangesAsync(Ct);
        return staff;
    }
}
