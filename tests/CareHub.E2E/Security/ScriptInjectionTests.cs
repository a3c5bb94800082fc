using System.Globalization;
using System.Text.Json;
using CareHub.Domain.CarePlans;
using CareHub.Domain.Patients;
using CareHub.Domain.Referrals;
using CareHub.E2E.Infrastructure;
using CareHub.E2E.Pages;
using CareHub.Interop.Hl7;
using CareHub.Interop.Mllp;
using CareHub.Web.Features.Census;
using ReferralClockContext = CareHub.Web.Features.Referrals.ReferralClockContext;
using ReferralFhirEndpoint = CareHub.Web.Features.Referrals.ReferralFhirEndpoint;
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
                await board.OpenCardMenuAsync(card);
                await page.GetByTestId("card-open").ClickAsync();
                var notes = page.Locator("textarea[data-testid=card-notes], [data-testid=card-notes] textarea").First;
                await notes.FillAsync(payload);
                await page.GetByTestId("card-save").ClickAsync();
                await Expect(page.GetByTestId("card-save")).ToBeDisabledAsync();
                await page.GetByTestId("card-dialog-close").ClickAsync();
                await Expect(page.GetByTestId("card-dialog")).ToBeHiddenAsync();
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
                await board.OpenCardMenuAsync(card);
                await page.GetByTestId("card-open").ClickAsync();
                await Expect(page.Locator("textarea[data-testid=card-notes], [data-testid=card-notes] textarea").First).ToHaveValueAsync(payload);
                checks += await ShowsAsTextAsync(page, "huddle card notes", [payload]);
                await page.GetByTestId("card-dialog-close").ClickAsync();
                await Expect(page.GetByTestId("card-dialog")).ToBeHiddenAsync();
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
        (await page.EvaluateAsync<bool>("() => window.__xss === undefined")).ShouldBeTrue($"a payload ran on the {view}");
        (await page.Locator("img[src=x], svg[onload], [onerror], [onload]").CountAsync()).ShouldBe(0, $"a payload's element was built on the {view}");
        (await page.Locator("a[href^='javascript:' i]").CountAsync()).ShouldBe(0, $"a javascript: link on the {view}");
        return payloads.Count;
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
