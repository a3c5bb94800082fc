using System.Globalization;
using System.Text.Json;
using CareHub.Domain.CarePlans;
using CareHub.Domain.Encounters;
using CareHub.Domain.Organization;
using CareHub.Domain.Patients;
using CareHub.Domain.Referrals;
using CareHub.E2E.Infrastructure;
using CareHub.E2E.Pages;
using CareHub.Interop.Hl7;
using CareHub.Interop.Mllp;
using CareHub.Web.Features.Census;
using ReferralClockContext = CareHub.Web.Features.Referrals.ReferralClockContext;
using ReferralFhirEndpoint = CareHub.Web.Features.Referrals.ReferralFhirEndpoint;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CareHub.E2E.Security;

/// <summary>
/// Script payloads in every free-text field a person or a feed can fill (the patient's name and primary care provider as
/// a feed delivers them, the care plan's title and every item's text and detail, the huddle topic's title and discussion
/// notes typed on the board, a substance use referral's destination, reason, note and consent), then every view that
/// shows them, in Chromium: no payload runs (window.__xss stays undefined), no dialog opens, no element of the payload
/// is built, no link is a javascript: URL, the payload reads as text, and the Content-Security-Policy reports nothing.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class ScriptInjectionTests(CareHubBrowser browser, ITestOutputHelper output)
{
    private const string Family = "Xsswood";

    private static readonly string[] Payloads =
    [
        "<img src=x onerror=window.__xss=1>",
        "<script>window.__xss=1</script>",
        "\"><svg onload=window.__xss=1>",
        "javascript:window.__xss=1//",
    ];

    private sealed record Seeded(string Payload, Patient Patient, Guid ReferralId, Guid UnconsentedReferralId);

    [Fact]
    public async Task Script_payloads_in_every_free_text_field_read_as_text_in_every_view_and_never_run()
    {
        var maria = await browser.Data.CoordinatorAsync();
        var seeded = await SeedAsync(maria);
        await AdmitAsync(seeded);
        var context = await browser.NewContextAsync();
        var dialogs = new List<string>();
        var refused = new List<string>();
        var checks = 0;
        try
        {
            var page = await context.NewPageAsync();
            Watch(page, dialogs, refused);
            await (await SignInPage.OpenAsync(page)).SignInAsAsync(maria.Name);

            // Typed on the huddle board by a person: a topic per payload, with the payload as its discussion notes.
            var board = await HuddleBoardPage.OpenForMyTeamAsync(page);
            var cards = new List<Guid>();
            foreach (var payload in Payloads)
            {
                var card = await board.AddTopicAsync(payload);
                cards.Add(card);
                await board.OpenCardAsync(card);
                await board.SaveCardNotesAsync(payload);
                await board.CloseCardAsync();
            }

            // Typed on a referral's page by its owner: the patient's consent, the payload as who signed, to whom and why.
            foreach (var one in seeded)
            {
                await ReferralDetailPage.OpenAsync(page, one.UnconsentedReferralId);
                await Expect(page.GetByTestId("part2-consent-form")).ToBeVisibleAsync();
                await page.Locator("input[data-testid=part2-form-consented-by]").FillAsync(one.Payload);
                await page.Locator("input[data-testid=part2-form-recipient]").FillAsync(one.Payload);
                await page.Locator("textarea[data-testid=part2-form-purpose]").First.FillAsync(one.Payload);
                await page.GetByTestId("part2-record").ClickAsync();
                await Expect(page.GetByTestId("part2-consent")).ToHaveAttributeAsync("data-state", "Active");
                await Expect(page.GetByTestId("part2-recipient")).ToHaveTextAsync(one.Payload);
                checks += await ShowsAsTextAsync(page, "referral consent typed on its page", [one.Payload]);
            }

            // The views every payload shows in at once.
            board = await HuddleBoardPage.OpenForMyTeamAsync(page);
            checks += await ShowsAsTextAsync(page, "huddle board", Payloads);
            foreach (var (card, payload) in cards.Zip(Payloads))
            {
                await board.OpenCardAsync(card);
                await Expect(board.CardNotes).ToHaveValueAsync(payload);
                checks += await ShowsAsTextAsync(page, "huddle card notes", [payload]);
                await board.CloseCardAsync();
            }

            var wall = await HuddleWallDisplayPage.OpenAsync(page, maria.TeamIds[0]);
            await wall.ShouldShowBoardAsync();
            checks += await ShowsAsTextAsync(page, "huddle wall display", Payloads);

            var patients = await PatientListPage.OpenAsync(page);
            await patients.SearchAsync(Family);
            checks += await ShowsAsTextAsync(page, "patient list", Payloads);

            await ReferralsPage.OpenAsync(page);
            checks += await ShowsAsTextAsync(page, "referral worklist", Payloads);

            var census = await CensusBoardPage.OpenAsync(page);
            await census.SearchAsync(Family);
            await Expect(census.Rows).ToHaveCountAsync(Payloads.Length);
            checks += await ShowsAsTextAsync(page, "census", Payloads);

            // The views of one patient, one referral.
            foreach (var one in seeded)
            {
                await PatientPage.OpenAsync(page, one.Patient.Id);
                checks += await ShowsAsTextAsync(page, "patient page", [one.Payload]);

                await CarePlanPage.OpenAsync(page, one.Patient.Id);
                checks += await ShowsAsTextAsync(page, "care plan", [one.Payload]);

                await page.GotoAsync($"/patients/{one.Patient.Id}/care-plan/print");
                await new PatientListPage(page).WaitUntilInteractiveAsync();
                checks += await ShowsAsTextAsync(page, "care plan print", [one.Payload]);

                await ReferralDetailPage.OpenAsync(page, one.ReferralId);
                await Expect(page.GetByTestId("part2-notice")).ToBeVisibleAsync();
                checks += await ShowsAsTextAsync(page, "referral detail", [one.Payload]);

                // The downloaded care plan opened as a file: no policy protects it, only its encoding.
                var export = await context.APIRequest.GetAsync($"/patients/{one.Patient.Id}/care-plan/export");
                export.Status.ShouldBe(200);
                var file = await context.NewPageAsync();
                Watch(file, dialogs, refused);
                await file.SetContentAsync(await export.TextAsync());
                checks += await ShowsAsTextAsync(file, "care plan HTML export", [one.Payload]);
                await file.CloseAsync();

                // The FHIR download: JSON, never sniffed as a page; the payload is a string in it.
                var fhir = await context.APIRequest.GetAsync(ReferralFhirEndpoint.PathFor(one.ReferralId));
                fhir.Status.ShouldBe(200);
                fhir.Headers["content-type"].ShouldStartWith(ReferralFhirEndpoint.MediaType);
                fhir.Headers["x-content-type-options"].ShouldBe("nosniff");
                Strings(JsonDocument.Parse(await fhir.TextAsync()).RootElement).ShouldContain(one.Payload);
                checks++;
            }

            lock (dialogs)
                dialogs.ShouldBeEmpty();
            lock (refused)
                refused.ShouldBeEmpty();
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{Payloads.Length} payloads, {checks} payload x view checks, 0 scripts run, {dialogs.Count} dialogs, {refused.Count} policy reports"));
        }
        finally
        {
            await context.CloseAsync();
        }
    }

    /// <summary>
    /// Typed through the huddle board by a person, on a team of its own (closing makes a board read-only for the day, and
    /// the other journeys keep theirs open): each payload as an action on the card the board proposed for a patient (which
    /// also makes it the title of a task on that patient), all of them as actions on a topic card, and all of them as the
    /// huddle's closing decisions. Then every view that shows them: the card dialog's action list (after a reload), the
    /// close dialog, the summary on the board (as closed and after a reload) and the history of past huddles; and the views
    /// that hold them without showing their text (the board's and wall's cards show counts and titles, the patient page
    /// counts open tasks: a huddle task's title is shown on no screen), where nothing may run either.
    /// </summary>
    [Fact]
    public async Task Script_payloads_in_huddle_actions_task_titles_and_closing_decisions_read_as_text_and_never_run()
    {
        var team = await SeedHuddleTeamAsync();
        var context = await browser.NewContextAsync();
        var dialogs = new List<string>();
        var refused = new List<string>();
        var checks = 0;
        var unshown = 0;
        try
        {
            var page = await context.NewPageAsync();
            Watch(page, dialogs, refused);
            await (await SignInPage.OpenAsync(page)).SignInAsAsync(team.Coordinator);

            // Typed on the board: a payload per patient card's action, every payload as an action of one topic card.
            var board = await HuddleBoardPage.OpenForMyTeamAsync(page);
            var patientCards = new List<Guid>();
            foreach (var (patientId, payload) in team.PatientIds.Zip(Payloads))
            {
                var card = await board.CardOfPatientAsync(patientId);
                patientCards.Add(card);
                await board.OpenCardAsync(card);
                await board.AddCardActionAsync(payload, team.Coordinator);
                await board.CloseCardAsync();
            }
            var topic = await board.AddTopicAsync("Actions agreed at the huddle");
            await board.OpenCardAsync(topic);
            foreach (var payload in Payloads)
                await board.AddCardActionAsync(payload, team.Coordinator);
            await board.CloseCardAsync();

            // The action items as the card dialog lists them, read back from the database after a reload.
            board = await HuddleBoardPage.OpenForMyTeamAsync(page);
            await NothingRanAsync(page, "huddle board with actions");
            unshown++;
            foreach (var (card, payload) in patientCards.Zip(Payloads))
            {
                await board.OpenCardAsync(card);
                await Expect(board.CardActions).ToHaveCountAsync(1);
                checks += await ShowsAsTextInAsync(board.CardActions, "patient card's actions", [payload]);
                await board.CloseCardAsync();
            }
            await board.OpenCardAsync(topic);
            await Expect(board.CardActions).ToHaveCountAsync(Payloads.Length);
            foreach (var payload in Payloads)
            {
                await Expect(board.CardActions.Filter(new() { HasText = payload })).ToHaveCountAsync(1);
                checks++;
            }
            await NothingRanAsync(page, "topic card's actions");
            await board.CloseCardAsync();

            // The wall shows cards' titles only: the actions are not on it, and nothing runs there.
            var wall = await HuddleWallDisplayPage.OpenAsync(page, team.TeamId);
            await wall.ShouldShowBoardAsync();
            await NothingRanAsync(page, "huddle wall display with actions");
            unshown++;

            // Each action on a patient card is a task on the patient, its title the payload as typed; the patient
            // page counts it and the task list shows its title.
            await using (var db = browser.SystemDb())
            {
                foreach (var (patientId, payload) in team.PatientIds.Zip(Payloads))
                    (await db.Tasks.AsNoTracking().Where(t => t.PatientId == patientId).Select(t => t.Title).ToListAsync(TestContext.Current.CancellationToken)).ShouldBe([payload]);
            }
            foreach (var patientId in team.PatientIds)
            {
                var patient = await PatientPage.OpenAsync(page, patientId);
                await Expect(patient.Header).ToContainTextAsync("1 open task");
                await NothingRanAsync(page, "patient page with a huddle task");
                unshown++;
            }
            var tasks = await TasksPage.OpenAsync(page);
            await Expect(tasks.Rows).ToHaveCountAsync(Payloads.Length);
            checks += await ShowsAsTextInAsync(tasks.Table, "task list", Payloads);

            // Closed with every payload as its decisions: the close dialog, the summary, again after a reload, the history.
            board = await HuddleBoardPage.OpenForMyTeamAsync(page);
            var decisions = string.Join('\n', Payloads);
            await board.TypeClosingDecisionsAsync(decisions);
            checks += await ShowsAsTextAsync(page, "close dialog", Payloads);
            await board.ConfirmCloseAsync();
            checks += await ShowsAsTextInAsync(board.SummaryDecisions, "huddle summary as closed", Payloads);
            board = await HuddleBoardPage.OpenForMyTeamAsync(page);
            checks += await ShowsAsTextInAsync(board.SummaryDecisions, "huddle summary", Payloads);
            await board.OpenHistoryAsync();
            checks += await ShowsAsTextInAsync(board.HistoryEntryOf(DateOnly.FromDateTime(DateTime.UtcNow)), "huddle history", Payloads);

            lock (dialogs)
                dialogs.ShouldBeEmpty();
            lock (refused)
                refused.ShouldBeEmpty();
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{Payloads.Length} payloads as huddle actions, task titles and closing decisions: {checks} payload x view checks, {unshown} views holding them unshown, 0 scripts run, {dialogs.Count} dialogs, {refused.Count} policy reports"));
        }
        finally
        {
            await context.CloseAsync();
        }
    }

    private sealed record HuddleTeam(Guid TeamId, string Coordinator, IReadOnlyList<Guid> PatientIds);

    /// <summary>
    /// A care team of its own with one coordinator (named to sort after the demo staff, so no other test picks them) and a
    /// patient per payload admitted an hour ago, so that the team's board of today proposes a card for each.
    /// </summary>
    private async Task<HuddleTeam> SeedHuddleTeamAsync()
    {
        var suffix = $"{Guid.NewGuid():N}"[..8];
        var team = new CareTeam($"Zz XSS huddle {suffix}", "Script injection journey: a board closed for the day");
        var coordinator = new Staff("Xena", $"Zzxss{suffix}", $"xss-{suffix}@carehub.example", StaffRole.Coordinator, "Care coordination");
        team.AddMember(coordinator);
        await using var db = browser.SystemDb();
        db.CareTeams.Add(team);
        db.Staff.Add(coordinator);
        var facility = await db.Facilities.AsNoTracking().OrderBy(f => f.Name).Select(f => f.Id).FirstAsync(TestContext.Current.CancellationToken);
        var ids = new List<Guid>();
        foreach (var i in Enumerable.Range(0, Payloads.Length))
        {
            var patient = new Patient($"XSH{Guid.NewGuid():N}"[..12].ToUpperInvariant(), "CHS", "Ana Ben Cleo Dev".Split(' ')[i], "Xssaction",
                new DateOnly(1955, 3, 1 + i), AdministrativeSex.Male);
            patient.EnrolIn(team.Id);
            db.Patients.Add(patient);
            db.Encounters.Add(Encounter.Admit(patient.Id, facility, null, $"X{i}", EncounterClass.Inpatient, DateTimeOffset.UtcNow.AddHours(-1)));
            ids.Add(patient.Id);
        }
        await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        return new(team.Id, coordinator.DisplayName, ids);
    }

    private static void Watch(IPage page, List<string> dialogs, List<string> refused)
    {
        page.Dialog += (_, dialog) =>
        {
            lock (dialogs)
                dialogs.Add(dialog.Message);
            _ = dialog.DismissAsync();
        };
        page.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase))
                lock (refused)
                    refused.Add(message.Text);
        };
    }

    /// <summary>Each payload reads as text on the page (or in a field), and nothing of any payload ran or was built.</summary>
    private static async Task<int> ShowsAsTextAsync(IPage page, string view, IReadOnlyList<string> payloads)
    {
        foreach (var payload in payloads)
        {
            await page.WaitForFunctionAsync(
                "p => document.body.innerText.includes(p) || [...document.querySelectorAll('input, textarea')].some(e => e.value.includes(p))",
                payload, new() { Timeout = 15_000 });
        }
        await NothingRanAsync(page, view);
        return payloads.Count;
    }

    /// <summary>Each payload reads as text inside <paramref name="where"/> (one element), and nothing of any payload ran or was built.</summary>
    private static async Task<int> ShowsAsTextInAsync(ILocator where, string view, IReadOnlyList<string> payloads)
    {
        foreach (var payload in payloads)
            await Expect(where).ToContainTextAsync(payload, new() { Timeout = 15_000 });
        await NothingRanAsync(where.Page, view);
        return payloads.Count;
    }

    /// <summary>No payload ran on the page, no element of one was built, no link is a javascript: URL.</summary>
    private static async Task NothingRanAsync(IPage page, string view)
    {
        (await page.EvaluateAsync<bool>("() => window.__xss === undefined")).ShouldBeTrue($"a payload ran on the {view}");
        (await page.Locator("img[src=x], svg[onload], [onerror], [onload]").CountAsync()).ShouldBe(0, $"a payload's element was built on the {view}");
        (await page.Locator("a[href^='javascript:' i]").CountAsync()).ShouldBe(0, $"a javascript: link on the {view}");
    }

    private static IEnumerable<string> Strings(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String => [element.GetString()!],
        JsonValueKind.Object => element.EnumerateObject().SelectMany(p => Strings(p.Value)),
        JsonValueKind.Array => element.EnumerateArray().SelectMany(Strings),
        _ => [],
    };

    /// <summary>
    /// A patient per payload on the coordinator's team, as a feed would deliver them (the payload as given name and primary
    /// care provider), with a care plan whose title and every item carry it, and a substance use referral of the
    /// coordinator's, long overdue (so it heads the worklist), with the payload as destination, reason, note and consent.
    /// </summary>
    private async Task<List<Seeded>> SeedAsync(DemoPerson owner)
    {
        var now = DateTimeOffset.UtcNow;
        var clocks = browser.Server.Services.GetRequiredService<ReferralClockContext>();
        var seeded = new List<Seeded>();
        await using var db = browser.SystemDb();
        foreach (var (payload, i) in Payloads.Select((p, i) => (p, i)))
        {
            var patient = new Patient($"XSS{Guid.NewGuid():N}"[..12].ToUpperInvariant(), "CHS", payload, Family + (char)('a' + i),
                new DateOnly(1960, 1, 1 + i), AdministrativeSex.Female);
            patient.SetPrimaryCareProvider(payload);
            patient.EnrolIn(owner.TeamIds[0]);
            db.Patients.Add(patient);

            var plan = new CarePlan(patient.Id, payload, now.AddDays(-1));
            plan.Activate();
            var items = Enum.GetValues<CarePlanItemKind>().Select((kind, at) => plan.AddItem(new CarePlanItemSpec(kind, payload) { Detail = payload }, at)).ToList();
            db.CarePlans.Add(plan);
            db.CarePlanItems.AddRange(items);
            db.CarePlanChanges.AddRange(items.Select(item =>
                new CarePlanChange(plan, item, null, null, item.Text, null, now.AddHours(-1), item.Version, 0, merged: false)));

            var longAgo = now.AddDays(-400);
            var referral = new Referral(patient.Id, owner.TeamIds[0], owner.StaffId, ReferralType.SubstanceUseTreatment, ReferralUrgency.Routine,
                payload, payload, longAgo);
            referral.MoveTo(ReferralStatus.Requested, longAgo.AddHours(1), owner.StaffId, payload);
            var signed = DateOnly.FromDateTime(now.UtcDateTime).AddDays(-2);
            referral.RecordPart2Consent(payload, payload, payload, signed, null, signed, now.AddDays(-2), owner.StaffId);
            referral.PlanNextDue(clocks.Compute(referral, now));
            db.Referrals.Add(referral);
            // A second one whose consent the test types on the referral page.
            var unconsented = new Referral(patient.Id, owner.TeamIds[0], owner.StaffId, ReferralType.SubstanceUseTreatment, ReferralUrgency.Routine,
                "New Path Recovery Center", "Requests treatment", longAgo);
            unconsented.PlanNextDue(clocks.Compute(unconsented, now));
            db.Referrals.Add(unconsented);
            seeded.Add(new Seeded(payload, patient, referral.Id, unconsented.Id));
        }
        await db.SaveChangesAsync();
        return seeded;
    }

    /// <summary>Admits every seeded patient over the MLLP feed (the payload as the name the hospital sends), for the census.</summary>
    private async Task AdmitAsync(IEnumerable<Seeded> seeded)
    {
        var listener = await browser.Server.Services.GetRequiredService<MllpListener>().Bound;
        await using var hospital = await MllpClient.ConnectAsync("127.0.0.1", listener.Port, TestContext.Current.CancellationToken);
        foreach (var (one, i) in seeded.Select((s, i) => (s, i)))
        {
            var now = Hl7DateTime.Format(DateTimeOffset.UtcNow);
            var controlId = $"XSS{Guid.NewGuid():N}"[..20];
            var ack = await hospital.SendAsync(string.Join('\r',
                $"MSH|^~\\&|EPIC|RGH|CAREHUB|CHS|{now}||ADT^A01^ADT_A01|{controlId}|P|2.5.1",
                $"EVN|A01|{now}",
                $"PID|1||{one.Patient.Mrn}^^^CHS^MR||{one.Patient.FamilyName}^{one.Payload}||{one.Patient.BirthDate:yyyyMMdd}|F",
                $"PV1|1|I|5E^52{i}^A^RGH||||||||||||||||V-XSS-{i}",
                ""), TestContext.Current.CancellationToken);
            ack.ShouldContain("MSA|AA");
        }
    }
}
