using AngleSharp.Dom;
using Bunit;
using CareHub.Data;
using CareHub.Data.Access;
using CareHub.Domain.Audit;
using CareHub.Domain.CarePlans;
using CareHub.Web.Features.CarePlans;
using CareHub.Web.Security;
using CareHub.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CareHub.Web.Tests.Features.CarePlans;

/// <summary>
/// The printable care plan: the document itself from a hand-made export, and the print page over the real service
/// and SQLite (what it shows, that it is audited as an export, that it prints, that others' plans are not found).
/// </summary>
public sealed class CarePlanPrintTests : CareHubComponentTest, IClassFixture<PatientsDatabase>
{
    private const string Script = "<script>alert(1)</script>";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    private static CancellationToken Ct => Xunit.TestContext.Current.CancellationToken;
    private static readonly DateTimeOffset At = new(2026, 11, 24, 14, 5, 0, TimeSpan.Zero);
    private static readonly Guid Casey = Guid.Parse("0199a1b2-0000-7000-8000-0000000000c1");

    private readonly PatientsDatabase _database;
    private CarePlanService? _service;

    public CarePlanPrintTests(PatientsDatabase database)
    {
        _database = database;
        Services.AddScoped(_ => _service ?? throw new InvalidOperationException("No user is signed in."));
        RenderPopoverProvider();
    }

    [Fact]
    public void The_document_names_the_patient_the_plan_and_who_exported_it_when()
    {
        var export = Sample();

        var cut = Render<CarePlanPrintDocument>(p => p.Add(x => x.Export, export));

        cut.Find("h1[data-testid=print-patient]").TextContent.ShouldBe("Garcia, Ana");
        cut.Find("[data-testid=print-plan]").TextContent.ShouldBe("Care plan: Diabetes · Active");
        cut.Find("[data-testid=print-exported]").TextContent.Trim()
            .ShouldBe($"Exported {CarePlanValueText.When(At.AddHours(1))} by Robin Nurse. Last changed {CarePlanValueText.When(At)}.");
    }

    [Fact]
    public void Every_section_is_listed_in_plan_order_and_an_empty_one_says_so()
    {
        var cut = Render<CarePlanPrintDocument>(p => p.Add(x => x.Export, Sample()));

        var sections = cut.FindAll("[data-testid=print-section]");
        sections.Select(s => s.QuerySelector("h2")!.TextContent).ShouldBe(Enum.GetValues<CarePlanItemKind>().Select(CarePlanText.SectionName));
        Section(cut, CarePlanItemKind.Service).TextContent.ShouldContain("None recorded.");
        Section(cut, CarePlanItemKind.Goal).QuerySelectorAll("[data-testid=print-item] h3").Select(h => h.TextContent)
            .ShouldBe(["Checks blood sugar every morning", "Walks 20 minutes a day"]);
        cut.FindAll("h2").Select(h => h.TextContent).TakeLast(2).ShouldBe(["Care team", "History"]);
    }

    [Fact]
    public void An_items_fields_are_named_for_its_kind_and_read_in_words()
    {
        var cut = Render<CarePlanPrintDocument>(p => p.Add(x => x.Export, Sample()));

        var walking = Section(cut, CarePlanItemKind.Goal).QuerySelectorAll("[data-testid=print-item]")[1];
        Fields(walking).ShouldBe(new Dictionary<string, string>
        {
            ["Measurable target"] = "Step count in the log",
            ["Term"] = "Short term",
            ["Status"] = "On hold",
            ["Assignee"] = "Casey Coordinator",
            ["Target date"] = "12 Mar 2026",
            ["Lifecycle"] = "Active",
            ["Achievement"] = "Not achieved",
            ["Last changed"] = $"{CarePlanValueText.When(At)} by Casey Coordinator",
        });
        var medication = Section(cut, CarePlanItemKind.Medication).QuerySelector("[data-testid=print-item]")!;
        Fields(medication).ShouldBe(new Dictionary<string, string>
        {
            ["Dose and how taken"] = "500 mg twice a day with food",
            ["Status"] = "Active",
            ["Due"] = "(empty)",
            ["Seen on"] = "Pre-admission list",
            ["Reconciled"] = "No",
            ["Discrepancy"] = "On the pre-admission list but not on the discharge list: stopped on purpose?",
        });
    }

    [Fact]
    public void The_care_team_is_listed_with_the_coordinator_marked()
    {
        var cut = Render<CarePlanPrintDocument>(p => p.Add(x => x.Export, Sample()));

        cut.FindAll("[data-testid=print-team-member]").Select(r => string.Join(" | ", r.QuerySelectorAll("td").Select(c => c.TextContent)))
            .ShouldBe(["Casey Coordinator (care coordinator) | Care coordinator | North Care Team", "Lee Park | Physician | North Care Team"]);
    }

    [Fact]
    public void The_history_lists_every_entry_with_its_difference()
    {
        var cut = Render<CarePlanPrintDocument>(p => p.Add(x => x.Export, Sample()));

        var entries = cut.FindAll("[data-testid=print-history-entry]");
        entries.Count.ShouldBe(4);
        entries[0].QuerySelector(".careplan-doc-meta")!.TextContent.Trim()
            .ShouldBe($"{CarePlanValueText.When(At)} · Casey Coordinator · Goal: Walks 20 minutes a day · Goal (merged)");
        var text = entries[0].QuerySelector("[data-testid=change-diff]")!;
        text.QuerySelectorAll("del").ShouldNotBeEmpty();
        text.QuerySelectorAll("ins").ShouldNotBeEmpty();
        Without(text, "ins").ShouldBe("Walks 10 minutes a day");
        Without(text, "del").ShouldBe("Walks 20 minutes a day");
        Diff(entries[1]).ShouldBe("Unassigned → Casey Coordinator");
        Diff(entries[2]).ShouldBe($"Added: {Script}");
        Diff(entries[3]).ShouldBe("Plan status: Draft → Active");
    }

    [Fact]
    public void Text_typed_into_the_plan_is_printed_as_text_never_run()
    {
        var cut = Render<CarePlanPrintDocument>(p => p.Add(x => x.Export, Sample()));

        cut.FindAll("script").ShouldBeEmpty();
        cut.FindAll("[data-testid=careplan-document] b").ShouldBeEmpty();
        Section(cut, CarePlanItemKind.Problem).QuerySelector("h3")!.TextContent.ShouldBe(Script);
        cut.Markup.ShouldContain("&lt;script&gt;alert(1)&lt;/script&gt;");
        cut.Markup.ShouldContain("&lt;b&gt;bold&lt;/b&gt;");
    }

    [Fact]
    public async Task The_downloaded_file_is_the_same_document_encoded_the_same_way()
    {
        var export = Sample();
        await using var services = new ServiceCollection().AddLogging().BuildServiceProvider();

        var html = await CarePlanExportEndpoint.RenderAsync(services, export);

        var cut = Render<CarePlanPrintDocument>(p => p.Add(x => x.Export, export));
        cut.MarkupMatches(html);
        html.ShouldNotContain(Script);
        html.ShouldContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    }

    [Fact]
    public async Task The_print_page_shows_the_patients_open_plan_and_is_audited_as_an_export()
    {
        var team = await _database.TeamAsync(new PatientSeed("Printed", "Pat"));
        SignIn(team);
        (await _service!.StartAsync(team[0].Id, CarePlanTemplates.Diabetes.Key, Ct)).ShouldBeOfType<CarePlanResult.Saved>();

        var cut = Render<CarePlanPrintPage>(p => p.Add(x => x.PatientId, team[0].Id));

        cut.WaitForAssertion(() => cut.Find("[data-testid=print-patient]").TextContent.ShouldBe("Printed, Pat"), Patience);
        cut.FindAll("[data-testid=print-item]").Count.ShouldBe(CarePlanTemplates.Diabetes.Items.Count);
        cut.FindAll("[data-testid=print-history-entry]").Count.ShouldBe(CarePlanTemplates.Diabetes.Items.Count);
        cut.Find("[data-testid=print-exported]").TextContent.ShouldContain($"by {team.Member.DisplayName}");
        cut.Find("[data-testid=download-button]").GetAttribute("href").ShouldBe($"/patients/{team[0].Id}/care-plan/export");
        cut.Find("[data-testid=back-to-plan]").GetAttribute("href").ShouldBe($"/patients/{team[0].Id}/care-plan");
        await using var db = _database.SystemDb();
        var exports = await db.AuditEvents.AsNoTracking().Where(a => a.PatientId == team[0].Id && a.Action == AuditAction.Export).ToListAsync(Ct);
        exports.ShouldHaveSingleItem().UserId.ShouldBe(team.Member.Id.ToString());
    }

    [Fact]
    public async Task The_print_button_asks_the_browser_to_print()
    {
        var team = await _database.TeamAsync(new PatientSeed("Paper", "Pat"));
        SignIn(team);
        await _service!.StartAsync(team[0].Id, null, Ct);
        JSInterop.SetupVoid("print").SetVoidResult();
        var cut = Render<CarePlanPrintPage>(p => p.Add(x => x.PatientId, team[0].Id));
        cut.WaitForAssertion(() => cut.Find("[data-testid=print-button]"), Patience);

        cut.Find("[data-testid=print-button]").Click();

        cut.WaitForAssertion(() => JSInterop.VerifyInvoke("print"), Patience);
    }

    [Fact]
    public async Task Another_teams_patient_a_missing_one_and_one_without_a_plan_all_read_as_not_found()
    {
        var mine = await _database.TeamAsync(new PatientSeed("Mine", "Pat"), new PatientSeed("Planless", "Pat"));
        var theirs = await _database.TeamAsync(new PatientSeed("Theirs", "Pat"));
        SignIn(theirs);
        await _service!.StartAsync(theirs[0].Id, CarePlanTemplates.Copd.Key, Ct);
        SignIn(mine);

        var pages = new List<IRenderedComponent<CarePlanPrintPage>>();
        foreach (var patientId in new[] { theirs[0].Id, Guid.NewGuid(), mine[1].Id })
        {
            var cut = Render<CarePlanPrintPage>(p => p.Add(x => x.PatientId, patientId));
            cut.WaitForAssertion(() => cut.Markup.ShouldContain("This care plan does not exist, or it is not one your care teams can see."), Patience);
            pages.Add(cut);
        }

        // Alike but for the renderer's own event-handler numbers.
        pages[1].MarkupMatches(pages[0].Markup);
        pages[2].MarkupMatches(pages[0].Markup);
        pages[0].Markup.ShouldNotContain("Theirs");
        pages[0].FindAll("[data-testid=print-button]").ShouldBeEmpty();
    }

    private void SignIn(TestTeam team)
    {
        var scope = PatientsDatabase.ScopeOf(team, "circuit:bunit");
        var user = new CurrentUser(_database.Options, new ServiceCollection().BuildServiceProvider());
        user.Set(PatientsDatabase.Principal(team.Member), scope.Source);
        _service = new CarePlanService(new CareHubDbContextFactory(_database.Options, new FixedAccessScopeProvider(scope)), _database.Bus,
            _database.Clock, user);
    }

    private static IElement Section(IRenderedComponent<CarePlanPrintDocument> cut, CarePlanItemKind kind) =>
        cut.Find($"[data-testid=print-section][data-kind={kind}]");

    private static Dictionary<string, string> Fields(IElement item) =>
        item.QuerySelectorAll("dt").ToDictionary(dt => dt.TextContent, dt => dt.NextElementSibling!.TextContent);

    /// <summary>The diff's text with the removed (del) or added (ins) runs left out: the text after or before.</summary>
    private static string Without(IElement diff, string tag)
    {
        var copy = (IElement)diff.Clone(deep: true);
        foreach (var run in copy.QuerySelectorAll(tag).ToList())
            run.Remove();
        return copy.TextContent;
    }

    private static string Diff(IElement entry) => entry.QuerySelector("[data-testid=change-diff]")!.TextContent;

    /// <summary>A plan with goals, a medication with a discrepancy and a problem typed as markup, and its history.</summary>
    private static CarePlanExport Sample()
    {
        var walking = Item(CarePlanItemKind.Goal, 1, "Walks 20 minutes a day") with
        {
            Detail = "Step count in the log",
            Category = CarePlanCategories.ShortTerm,
            Status = CarePlanItemStatus.OnHold,
            AssigneeId = Casey,
            AssigneeName = "Casey Coordinator",
            Due = new DateOnly(2026, 3, 12),
            Lifecycle = GoalLifecycle.Active,
            Achievement = GoalAchievement.NotAchieved,
            ChangedAt = At,
            ChangedBy = "Casey Coordinator",
        };
        var sugar = Item(CarePlanItemKind.Goal, 0, "Checks blood sugar every morning") with
        {
            Category = CarePlanCategories.ShortTerm,
            Lifecycle = GoalLifecycle.Active,
            Achievement = GoalAchievement.InProgress,
        };
        var metformin = Item(CarePlanItemKind.Medication, 0, "Metformin") with
        {
            Detail = "500 mg twice a day with food",
            Sources = MedicationSources.PreAdmission,
            Discrepancy = MedicationReconciliation.DiscrepancyOf(MedicationSources.PreAdmission),
        };
        var markup = Item(CarePlanItemKind.Problem, 0, Script) with { Detail = "<b>bold</b>", Category = CarePlanCategories.Problem };
        var plan = new CarePlanView(Guid.NewGuid(), 9, Guid.NewGuid(), "Garcia, Ana", "Care plan: Diabetes", CarePlanStatus.Active, At,
            [markup, walking, sugar, metformin],
            [
                new CareTeamMemberView(Casey, "Casey Coordinator", "Care coordinator", "North Care Team", IsCoordinator: true),
                new CareTeamMemberView(Guid.NewGuid(), "Lee Park", "Physician", "North Care Team", IsCoordinator: false),
            ]);
        CarePlanChangeView[] history =
        [
            new(Guid.NewGuid(), walking.Id, CarePlanItemKind.Goal, "Goal: Walks 20 minutes a day", CarePlanField.Text,
                "Walks 10 minutes a day", "Walks 20 minutes a day", "Casey Coordinator", At, 3, Merged: true),
            new(Guid.NewGuid(), walking.Id, CarePlanItemKind.Goal, "Goal: Walks 20 minutes a day", CarePlanField.Assignee,
                null, Casey.ToString("D"), "Lee Park", At.AddMinutes(-5), 2, Merged: false),
            new(Guid.NewGuid(), markup.Id, CarePlanItemKind.Problem, $"Problem: {Script}", null, null, Script, "Lee Park", At.AddMinutes(-10), 1, Merged: false),
            new(Guid.NewGuid(), null, null, "The plan", null, "Draft", "Active", "Lee Park", At.AddMinutes(-20), 0, Merged: false),
        ];
        return new CarePlanExport(plan, history, At.AddHours(1), "Robin Nurse");
    }

    private static CarePlanItemView Item(CarePlanItemKind kind, int position, string text) =>
        new(Guid.NewGuid(), 1, kind, position, text, string.Empty, null, CarePlanItemStatus.Active, null, null, null, null, null,
            MedicationSources.None, false, null, null, null);
}
