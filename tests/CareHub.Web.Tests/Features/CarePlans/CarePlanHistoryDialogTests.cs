using AngleSharp.Dom;
using Bunit;
using CareHub.Data;
using CareHub.Data.Access;
using CareHub.Domain.CarePlans;
using CareHub.Web.Features.CarePlans;
using CareHub.Web.Security;
using CareHub.Web.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace CareHub.Web.Tests.Features.CarePlans;

/// <summary>The history dialog over the real service and SQLite: what changed, by whom and when, as differences.</summary>
public sealed class CarePlanHistoryDialogTests : CareHubComponentTest, IClassFixture<PatientsDatabase>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    private static CancellationToken Ct => Xunit.TestContext.Current.CancellationToken;

    private readonly PatientsDatabase _database;
    private readonly SteppingClock _clock = new(new DateTimeOffset(2026, 11, 24, 9, 0, 0, TimeSpan.Zero));
    private IRenderedComponent<MudDialogProvider> _dialogs = default!;
    private CarePlanService? _service;

    public CarePlanHistoryDialogTests(PatientsDatabase database)
    {
        _database = database;
        // The dialog gets the service of the user each test signs in as (set before it opens).
        Services.AddScoped(_ => _service ?? throw new InvalidOperationException("No user is signed in."));
        RenderPopoverProvider();
    }

    [Fact]
    public async Task Every_change_is_listed_newest_first_with_who_when_and_what()
    {
        var (team, service, planId) = await PlanAsync();
        var goal = await AddAsync(service, planId, CarePlanItemKind.Goal, "Walks 10 minutes");
        var edited = await EditAsync(service, planId, goal, CarePlanField.Text, "Walks 20 minutes a day");
        await EditAsync(service, planId, edited, CarePlanField.Status, "OnHold");

        await OpenAsync(service, planId, null, "Plan history");

        var entries = Entries();
        entries.Count.ShouldBe(3);
        var by = $"{team.Member.GivenName} {team.Member.FamilyName}";
        entries.Select(e => e.QuerySelector("[data-testid=history-by]")!.TextContent).ShouldAllBe(name => name == by);
        entries.Select(e => e.QuerySelector("[data-testid=history-what]")!.TextContent).ShouldBe(
        [
            "Goal: Walks 20 minutes a day · Status",
            "Goal: Walks 20 minutes a day · Goal",
            "Goal: Walks 20 minutes a day",
        ]);
        entries[0].QuerySelector("[data-testid=change-diff]")!.TextContent.ShouldBe("Active → On hold");
        Without(entries[1].QuerySelector("[data-testid=change-diff]")!, "del").ShouldBe("Walks 20 minutes a day");
        entries[2].QuerySelector("[data-testid=change-diff]")!.TextContent.ShouldBe("Added: Walks 10 minutes");
        var times = entries.Select(e => e.QuerySelector("[data-testid=history-when]")!).ToList();
        times[0].TextContent.ShouldBe(CarePlanValueText.When(_clock.Last));
        times.Select(t => DateTimeOffset.Parse(t.GetAttribute("datetime")!, System.Globalization.CultureInfo.InvariantCulture))
            .ShouldBeInOrder(Shouldly.SortDirection.Descending);
    }

    [Fact]
    public async Task A_text_change_shows_what_was_removed_struck_through_and_what_was_added_underlined()
    {
        var (_, service, planId) = await PlanAsync();
        var goal = await AddAsync(service, planId, CarePlanItemKind.Goal, "Walks 10 minutes with a friend");
        await EditAsync(service, planId, goal, CarePlanField.Text, "Walks 20 minutes with a cane every day");

        await OpenAsync(service, planId, goal.Id, "Goal history");

        var diff = Entries()[0].QuerySelector("[data-testid=change-diff]")!;
        diff.QuerySelectorAll("del").ShouldNotBeEmpty();
        diff.QuerySelectorAll("ins").ShouldNotBeEmpty();
        Without(diff, "del").ShouldBe("Walks 20 minutes with a cane every day");
        Without(diff, "ins").ShouldBe("Walks 10 minutes with a friend");
        diff.QuerySelector("del")!.GetAttribute("style")!.ShouldContain("line-through");
        diff.QuerySelector("ins")!.GetAttribute("style")!.ShouldContain("underline");
    }

    [Fact]
    public async Task An_items_history_shows_only_that_item()
    {
        var (_, service, planId) = await PlanAsync();
        var goal = await AddAsync(service, planId, CarePlanItemKind.Goal, "Walks daily");
        var barrier = await AddAsync(service, planId, CarePlanItemKind.Barrier, "No ride to the clinic");
        await EditAsync(service, planId, barrier, CarePlanField.Detail, "Medicaid ride benefit set up");

        await OpenAsync(service, planId, barrier.Id, "Barrier history");

        Entries().Select(e => e.QuerySelector("[data-testid=history-what]")!.TextContent)
            .ShouldBe(["Barrier: No ride to the clinic · Plan to address it", "Barrier: No ride to the clinic"]);
        _dialogs.Markup.ShouldNotContain(goal.Text);
    }

    [Fact]
    public async Task A_change_merged_with_someone_elses_is_marked_merged()
    {
        var (_, service, planId) = await PlanAsync();
        var goal = await AddAsync(service, planId, CarePlanItemKind.Goal, "Walks 10 minutes");
        await EditAsync(service, planId, goal, CarePlanField.Text, "Walks 10 minutes daily");
        // Typed from the same version as the edit above, at another place of the text.
        var merged = await service.EditAsync(planId, new FieldEdit(goal.Id, CarePlanField.Text, goal.Version, "Walks 15 minutes"), Ct);
        merged.ShouldBeOfType<CarePlanResult.Saved>().Merged.ShouldBeTrue();

        await OpenAsync(service, planId, goal.Id, "Goal history");

        var entries = Entries();
        entries.Select(e => e.QuerySelector("[data-testid=history-merged]") is not null).ShouldBe([true, false, false]);
        entries[0].QuerySelector("[data-testid=history-merged]")!.TextContent.Trim().ShouldBe("merged");
    }

    [Fact]
    public async Task Choice_fields_read_in_words_before_and_after()
    {
        var (team, service, planId) = await PlanAsync();
        var added = await service.AddItemAsync(planId, new NewCarePlanItem(CarePlanItemKind.Intervention, "Weekly call") { AssigneeId = team.Member.Id }, Ct);
        var call = added.ShouldBeOfType<CarePlanResult.Saved>().Item!;
        var unassigned = await EditAsync(service, planId, call, CarePlanField.Assignee, null);
        await EditAsync(service, planId, unassigned, CarePlanField.Due, "2026-03-12");

        await OpenAsync(service, planId, call.Id, "Activity history");

        Entries().Take(2).Select(e => e.QuerySelector("[data-testid=change-diff]")!.TextContent).ShouldBe(
        [
            "(empty) → 12 Mar 2026",
            $"{team.Member.GivenName} {team.Member.FamilyName} → Unassigned",
        ]);
    }

    [Fact]
    public async Task A_change_of_the_plans_status_reads_as_the_plans()
    {
        var (_, service, planId) = await PlanAsync();
        await AddAsync(service, planId, CarePlanItemKind.Problem, "Heart failure");
        (await service.SetStatusAsync(planId, CarePlanStatus.Completed, Ct)).ShouldBeOfType<CarePlanResult.Saved>();

        await OpenAsync(service, planId, null, "Plan history");

        var newest = Entries()[0];
        newest.QuerySelector("[data-testid=history-what]")!.TextContent.ShouldBe("The plan");
        newest.QuerySelector("[data-testid=change-diff]")!.TextContent.ShouldBe("Plan status: Active → Completed");
    }

    [Fact]
    public async Task A_plan_without_changes_says_there_are_none_yet()
    {
        var (_, service, planId) = await PlanAsync();

        await OpenAsync(service, planId, null, "Plan history");

        _dialogs.WaitForAssertion(() => _dialogs.Find("[data-testid=history-empty]").TextContent.ShouldBe("No changes yet."), Patience);
        Entries().ShouldBeEmpty();
    }

    [Fact]
    public async Task Another_teams_plan_reads_as_not_found()
    {
        var (_, theirService, theirPlan) = await PlanAsync();
        await AddAsync(theirService, theirPlan, CarePlanItemKind.Goal, "Their goal");
        var (_, myService, _) = await PlanAsync();

        await OpenAsync(myService, theirPlan, null, "Plan history");

        _dialogs.WaitForAssertion(() => _dialogs.Find("[data-testid=history-not-found]").TextContent.ShouldContain("Not found"), Patience);
        _dialogs.Markup.ShouldNotContain("Their goal");
    }

    [Fact]
    public async Task The_title_is_shown_and_close_closes_the_dialog()
    {
        var (_, service, planId) = await PlanAsync();

        await OpenAsync(service, planId, null, "History of the plan");
        _dialogs.WaitForAssertion(() => _dialogs.Find("h2").TextContent.ShouldBe("History of the plan"), Patience);

        _dialogs.Find("[data-testid=history-close]").Click();

        _dialogs.WaitForAssertion(() => _dialogs.FindAll("[data-testid=history-dialog]").ShouldBeEmpty(), Patience);
    }

    private List<IElement> Entries() => [.. _dialogs.FindAll("[data-testid=history-entry]")];

    /// <summary>The diff's text with the removed (del) or added (ins) runs left out: the text after or before.</summary>
    private static string Without(IElement diff, string tag)
    {
        var copy = (IElement)diff.Clone(deep: true);
        foreach (var run in copy.QuerySelectorAll(tag).ToList())
            run.Remove();
        return copy.TextContent;
    }

    private async Task OpenAsync(CarePlanService service, Guid planId, Guid? itemId, string title)
    {
        _service = service;
        _dialogs = Render<MudDialogProvider>();
        var dialogs = Services.GetRequiredService<IDialogService>();
        await _dialogs.InvokeAsync(() => CarePlanHistoryDialog.ShowAsync(dialogs, planId, itemId, title));
        _dialogs.WaitForAssertion(() => _dialogs.FindAll("[role=progressbar]").ShouldBeEmpty(), Patience);
        _dialogs.WaitForAssertion(() => _dialogs.FindAll("[data-testid=history-dialog]").ShouldNotBeEmpty(), Patience);
    }

    /// <summary>A new team with one patient and a blank active plan, and the service as the team's member has it.</summary>
    private async Task<(TestTeam Team, CarePlanService Service, Guid PlanId)> PlanAsync()
    {
        var team = await _database.TeamAsync(new PatientSeed("History", "Pat"));
        var service = ServiceFor(team);
        (await service.StartAsync(team[0].Id, null, Ct)).ShouldBeOfType<CarePlanResult.Saved>();
        var page = (await service.OpenAsync(team[0].Id, Ct)).ShouldBeOfType<CarePlanPage.Found>();
        return (team, service, page.Plan.PlanId);
    }

    private CarePlanService ServiceFor(TestTeam team)
    {
        var scope = PatientsDatabase.ScopeOf(team, "circuit:bunit");
        var user = new CurrentUser(_database.Options, new ServiceCollection().BuildServiceProvider());
        user.Set(PatientsDatabase.Principal(team.Member), scope.Source);
        return new CarePlanService(new CareHubDbContextFactory(_database.Options, new FixedAccessScopeProvider(scope)), _database.Bus, _clock, user);
    }

    private static async Task<CarePlanItemView> AddAsync(CarePlanService service, Guid planId, CarePlanItemKind kind, string text) =>
        (await service.AddItemAsync(planId, new NewCarePlanItem(kind, text), Ct)).ShouldBeOfType<CarePlanResult.Saved>().Item!;

    private static async Task<CarePlanItemView> EditAsync(CarePlanService service, Guid planId, CarePlanItemView item, CarePlanField field, string? value) =>
        (await service.EditAsync(planId, new FieldEdit(item.Id, field, item.Version, value), Ct)).ShouldBeOfType<CarePlanResult.Saved>().Item!;

    /// <summary>A clock a minute further on each time it is read, so every change has its own time.</summary>
    private sealed class SteppingClock(DateTimeOffset start) : TimeProvider
    {
        private long _ticks = start.UtcTicks;

        public DateTimeOffset Last => new(Interlocked.Read(ref _ticks), TimeSpan.Zero);

        public override DateTimeOffset GetUtcNow() => new(Interlocked.Add(ref _ticks, TimeSpan.TicksPerMinute), TimeSpan.Zero);
    }
}
