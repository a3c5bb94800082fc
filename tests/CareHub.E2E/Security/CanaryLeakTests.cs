using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using CareHub.Data;
using CareHub.Data.Access;
using CareHub.Data.Seeding;
using CareHub.Domain.Organization;
using CareHub.E2E.Infrastructure;
using CareHub.E2E.Pages;
using CareHub.Interop.Hl7;
using CareHub.Interop.Mllp;
using CareHub.Tests.Shared;
using Microsoft.EntityFrameworkCore;
using StackExchange.Redis;

namespace CareHub.E2E.Security;

/// <summary>
/// The canary patients of the demo data (<see cref="CanaryPatients"/>) are used the way a coordinator uses any patient —
/// searched, opened, their care plan and huddle card edited, an admission sent over the feed, exported — with the app as
/// its own process at Debug log level, scaled out on a real Redis; errors are forced (missing ids, malformed ids, a bad
/// feed message). Then their names, MRNs and birth dates are looked for where patient data must never be: the app's log
/// output, the error answers the browser got, every URL it asked for, its storage (localStorage, sessionStorage,
/// cookies, IndexedDB) and Redis (every key and value, every pub/sub message seen during the test). Expected: none.
/// </summary>
public sealed class CanaryLeakTests(ITestOutputHelper output)
{
    [Fact]
    public async Task The_canary_patients_are_never_found_in_logs_error_answers_urls_browser_storage_or_redis()
    {
        var ct = TestContext.Current.CancellationToken;
        var dataFolder = Path.Combine(Path.GetTempPath(), "carehub-canary", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dataFolder);
        var logs = new ConcurrentQueue<string>();
        var published = new ConcurrentQueue<string>();
        var urls = new ConcurrentQueue<string>();
        var errorAnswers = new ConcurrentQueue<Task<string>>();
        var feedAnswers = new List<string>();
        await using var redis = await RedisProcess.StartAsync();
        await using var watcher = await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString);
        await watcher.GetSubscriber().SubscribeAsync(RedisChannel.Pattern("*"),
            (channel, message) => published.Enqueue($"{channel} {Encoding.UTF8.GetString((byte[])message!)}"));
        var mllpPort = AppProcess.FreePort();
        var app = await AppProcess.StartAsync("canary", new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Testing",
            ["Database__DataFolder"] = dataFolder,
            ["DemoData__Enabled"] = "true",
            ["DemoData__Patients"] = "80",
            ["ConnectionStrings__Redis"] = redis.ConnectionString,
            ["Census__Listener__Enabled"] = "true",
            ["Census__Listener__Port"] = mllpPort.ToString(CultureInfo.InvariantCulture),
            ["Logging__LogLevel__Default"] = "Debug",
            ["Logging__LogLevel__Microsoft.AspNetCore"] = "Debug",
            ["Logging__LogLevel__Microsoft.EntityFrameworkCore"] = "Debug",
        }, logs.Enqueue, cancellationToken: ct);
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(CareHubBrowser.LaunchOptions());
        try
        {
            var settings = DatabaseSettings.Parse("Sqlite", $"Data Source={Path.Combine(dataFolder, "carehub.db")}", dataFolder);
            var dbOptions = CareHubDbContextFactory.BuildOptions(settings, TimeProvider.System);
            CareHubDbContext SystemDb() => new(dbOptions, AccessScope.System("test"));

            // A coordinator of the first canary's team, and the canaries that team sees.
            Guid teamId;
            string userName;
            List<(CanaryPatient Canary, Guid Id)> mine;
            Guid otherCanary;
            await using (var db = SystemDb())
            {
                var canaries = await db.Patients.AsNoTracking().Include(p => p.Teams).Where(p => p.FamilyName == CanaryPatients.FamilyName)
                    .OrderBy(p => p.Mrn).ToListAsync(ct);
                canaries.Count.ShouldBe(CanaryPatients.All.Count);
                // The team of the first canary's referral (a canary may be on two teams; a referral belongs to one).
                var firstCanaryId = canaries[0].Id;
                teamId = await db.Referrals.Where(r => r.PatientId == firstCanaryId).Select(r => r.TeamId).FirstOrDefaultAsync(ct) is { } referralTeam
                    && referralTeam != Guid.Empty ? referralTeam : canaries[0].Teams.OrderBy(t => t.TeamId).First().TeamId;
                var memberIds = await db.TeamMemberships.Where(m => m.TeamId == teamId).Select(m => m.StaffId).ToListAsync(ct);
                var onlyTeam = await db.TeamMemberships.GroupBy(m => m.StaffId).Where(g => g.Count() == 1).Select(g => g.Key).ToListAsync(ct);
                var user = await db.Staff.AsNoTracking()
                    .Where(s => memberIds.Contains(s.Id) && onlyTeam.Contains(s.Id) && s.IsActive && s.Role == StaffRole.Coordinator)
                    .OrderBy(s => s.FamilyName).FirstAsync(ct);
                userName = user.DisplayName;
                mine = [.. canaries.Where(p => p.Teams.Any(t => t.TeamId == teamId))
                    .Select(p => (CanaryPatients.All.Single(c => c.Mrn == p.Mrn), p.Id))];
                otherCanary = canaries.FirstOrDefault(p => p.Teams.All(t => t.TeamId != teamId))?.Id ?? Guid.NewGuid();
            }
            var first = mine[0];

            var context = await browser.NewContextAsync(new()
            {
                BaseURL = app.BaseAddress.ToString(),
                ViewportSize = new() { Width = 1366, Height = 900 },
                Locale = "en-US",
            });
            context.SetDefaultTimeout(15_000);
            context.Request += (_, request) => urls.Enqueue(request.Url);
            context.Response += (_, response) =>
            {
                if (response.Status >= 400)
                    errorAnswers.Enqueue(response.TextAsync());
            };
            var page = await context.NewPageAsync();
            page.WebSocket += (_, socket) => urls.Enqueue(socket.Url);
            await (await SignInPage.OpenAsync(page)).SignInAsAsync(userName);

            // The hospital admits the first canary (before today's board is made: it proposes the admission).
            await using (var hospital = await MllpClient.ConnectAsync("127.0.0.1", mllpPort, ct))
            {
                feedAnswers.Add(await hospital.SendAsync(Adt(first.Canary, "5E^530^A^RGH"), ct));
                feedAnswers[0].ShouldContain("MSA|AA");
                // A message the feed must refuse, about the same patient (no patient class, an unknown ward).
                feedAnswers.Add(await hospital.SendAsync(Adt(first.Canary, "NOWARD^999^Z^NOWHERE", patientClass: ""), ct));
            }

            // Searched by name and by MRN, opened, every canary this team has.
            var list = await PatientListPage.OpenAsync(page);
            await list.SearchAsync(CanaryPatients.FamilyName);
            await Expect(list.PatientLinks.First).ToContainTextAsync(CanaryPatients.FamilyName);
            await list.SearchAsync(first.Canary.Mrn);
            await Expect(list.PatientLinks).ToHaveCountAsync(1);
            foreach (var (canary, id) in mine)
            {
                var patient = await PatientPage.OpenAsync(page, id);
                await patient.ShouldShowPatientAsync(canary.DisplayName);
            }

            // The care plan edited.
            Guid itemId;
            await using (var db = SystemDb())
            {
                var planId = await db.CarePlans.Where(p => p.PatientId == first.Id).Select(p => p.Id).FirstAsync(ct);
                itemId = await db.CarePlanItems.Where(i => i.CarePlanId == planId).OrderBy(i => i.Id).Select(i => i.Id).FirstAsync(ct);
            }
            var plan = await CarePlanPage.OpenAsync(page, first.Id);
            await plan.ShouldBeShownAsync();
            await plan.TypeAtAsync(itemId, "text", 0, "Checked with the patient: ");
            await plan.ShouldBeSavedAsync(itemId, "text");

            // The huddle card edited (the admission's card, or a topic about the patient when the board did not propose it).
            var board = await HuddleBoardPage.OpenForMyTeamAsync(page);
            Guid? cardId;
            await using (var db = SystemDb())
            {
                cardId = await db.HuddleCards.Where(c => c.PatientId == first.Id && c.TeamId == teamId).Select(c => (Guid?)c.Id).FirstOrDefaultAsync(ct);
            }
            cardId ??= await board.AddTopicAsync($"Follow up {first.Canary.DisplayName}");
            await Expect(board.Card(cardId.Value)).ToBeVisibleAsync();
            await board.OpenCardMenuAsync(cardId.Value);
            await page.GetByTestId("card-open").ClickAsync();
            await page.Locator("textarea[data-testid=card-notes], [data-testid=card-notes] textarea").First
                .FillAsync($"Called {first.Canary.GivenName}; DOB {first.Canary.BirthDate:yyyy-MM-dd} confirmed");
            await page.GetByTestId("card-save").ClickAsync();
            await Expect(page.GetByTestId("card-save")).ToBeDisabledAsync();
            await page.GetByTestId("card-dialog-close").ClickAsync();

            // The census, searched; the exports.
            var census = await CensusBoardPage.OpenAsync(page);
            await census.SearchAsync(first.Canary.Mrn);
            await Expect(census.Row(first.Id)).ToBeVisibleAsync();
            (await context.APIRequest.GetAsync($"/patients/{first.Id}/care-plan/export")).Status.ShouldBe(200);
            Guid referralId;
            await using (var db = SystemDb())
            {
                referralId = await db.Referrals.Where(r => r.PatientId == first.Id && r.TeamId == teamId).Select(r => r.Id).FirstAsync(ct);
            }
            (await context.APIRequest.GetAsync($"/referrals/{referralId}/fhir")).Status.ShouldBeOneOf(200, 403);
            await page.GotoAsync($"/referrals/{referralId}");
            await Expect(page.GetByTestId("referral-detail")).ToBeVisibleAsync();

            // Errors forced: missing, malformed and another team's ids, on pages and endpoints. What such a page shows is
            // an error answer; pages this user may see, asked with malformed parameters, rightly show the canary (the
            // logs and the URLs are still searched for them).
            var missing = Guid.NewGuid();
            foreach (var path in new[]
                     {
                         $"/patients/{missing}", $"/patients/{otherCanary}", $"/patients/{otherCanary}/care-plan", "/patients/not-an-id",
                         $"/referrals/{missing}",
                     })
            {
                await page.GotoAsync(path);
                await new PatientListPage(page).WaitUntilInteractiveAsync();
                await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToBeVisibleAsync();
                errorAnswers.Enqueue(page.InnerTextAsync("body"));
            }
            foreach (var path in new[] { $"/patients/{first.Id}/care-plan/print?x=%3Cbad%3E", "/census?filter=%27%22%3C" })
            {
                await page.GotoAsync(path);
                await new PatientListPage(page).WaitUntilInteractiveAsync();
            }
            foreach (var path in new[]
                     {
                         $"/referrals/{missing}/fhir", $"/patients/{otherCanary}/care-plan/export", $"/patients/{missing}/care-plan/export",
                         "/referrals/not-an-id/fhir", $"/hubs/carehub/negotiate?topic=careplan:{first.Id}",
                     })
            {
                var answer = await context.APIRequest.GetAsync(path);
                errorAnswers.Enqueue(answer.TextAsync());
            }

            // What the browser keeps.
            await page.GotoAsync($"/patients/{first.Id}");
            await new PatientListPage(page).WaitUntilInteractiveAsync();
            var storage = new List<string>
            {
                await page.EvaluateAsync<string>("() => JSON.stringify(Object.entries(localStorage))"),
                await page.EvaluateAsync<string>("() => JSON.stringify(Object.entries(sessionStorage))"),
                await page.EvaluateAsync<string>(IndexedDbDump),
            };
            storage.AddRange((await context.CookiesAsync()).Select(c => $"{c.Name}={c.Value}"));

            // Everything in Redis now, and every message published on it during the test.
            var server = watcher.GetServer(watcher.GetEndPoints()[0]);
            var redisEntries = new List<string>();
            await foreach (var key in server.KeysAsync(pattern: "*"))
                redisEntries.Add($"{key} {await DumpAsync(watcher.GetDatabase(), key)}");

            await context.CloseAsync();
            var answers = new List<string>();
            foreach (var answer in errorAnswers)
            {
                try
                {
                    answers.Add(await answer);
                }
                catch (PlaywrightException)
                {
                    // A body that was never kept (a redirect): nothing was sent to read.
                }
            }
            answers.AddRange(feedAnswers.Skip(1));

            var places = new Dictionary<string, IReadOnlyCollection<string>>
            {
                ["log"] = [.. logs],
                ["error answer"] = answers,
                ["URL"] = [.. urls],
                ["browser storage"] = storage,
                ["Redis key or value"] = redisEntries,
                ["Redis message"] = [.. published],
            };
            var hits = new List<string>();
            foreach (var (place, texts) in places)
            {
                foreach (var text in texts)
                {
                    foreach (var term in Terms())
                    {
                        if (text.Contains(term, StringComparison.OrdinalIgnoreCase))
                            hits.Add($"{place}: \"{term}\" in {Excerpt(text, term)}");
                    }
                }
            }
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Searched {Terms().Count()} terms of {CanaryPatients.All.Count} canaries in {logs.Count} log lines, {answers.Count} error answers, " +
                $"{urls.Count} URLs, {storage.Count} storage entries, {redisEntries.Count} Redis keys, {published.Count} Redis messages: {hits.Count} hits"));
            foreach (var hit in hits.Take(50))
                output.WriteLine(hit);
            hits.ShouldBeEmpty();
        }
        finally
        {
            await browser.DisposeAsync();
            playwright.Dispose();
            await app.DisposeAsync();
            try
            {
                Directory.Delete(dataFolder, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    /// <summary>Names, MRNs and birth dates of every canary, in the forms a log or a URL would write them.</summary>
    private static IEnumerable<string> Terms() => CanaryPatients.All.SelectMany(c => new[]
    {
        c.FamilyName, c.GivenName, c.Mrn,
        c.BirthDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        c.BirthDate.ToString("yyyyMMdd", CultureInfo.InvariantCulture),
        c.BirthDate.ToString("MM/dd/yyyy", CultureInfo.InvariantCulture),
        c.BirthDate.ToString("M/d/yyyy", CultureInfo.InvariantCulture),
        c.BirthDate.ToString("d MMM yyyy", CultureInfo.InvariantCulture),
    }).Distinct();

    private static string Excerpt(string text, string term)
    {
        var at = text.IndexOf(term, StringComparison.OrdinalIgnoreCase);
        var from = Math.Max(0, at - 80);
        return text.Substring(from, Math.Min(text.Length - from, term.Length + 160));
    }

    private static string Adt(CanaryPatient canary, string location, string patientClass = "I")
    {
        var now = Hl7DateTime.Format(DateTimeOffset.UtcNow);
        var controlId = $"CAN{Guid.NewGuid():N}"[..20];
        return string.Join('\r',
            $"MSH|^~\\&|EPIC|RGH|CAREHUB|CHS|{now}||ADT^A01^ADT_A01|{controlId}|P|2.5.1",
            $"EVN|A01|{now}",
            $"PID|1||{canary.Mrn}^^^CHS^MR||{canary.FamilyName}^{canary.GivenName}||{canary.BirthDate:yyyyMMdd}|F",
            $"PV1|1|{patientClass}|{location}||||||||||||||||V-{controlId}",
            "");
    }

    private static async Task<string> DumpAsync(IDatabase db, RedisKey key) => await db.KeyTypeAsync(key) switch
    {
        RedisType.String => (string?)await db.StringGetAsync(key) ?? "",
        RedisType.Hash => string.Join(' ', (await db.HashGetAllAsync(key)).Select(e => $"{e.Name}={e.Value}")),
        RedisType.Set => string.Join(' ', await db.SetMembersAsync(key)),
        RedisType.SortedSet => string.Join(' ', (await db.SortedSetRangeByRankWithScoresAsync(key)).Select(e => $"{e.Element}:{e.Score}")),
        RedisType.List => string.Join(' ', await db.ListRangeAsync(key)),
        RedisType.Stream => string.Join(' ', (await db.StreamRangeAsync(key)).SelectMany(e => e.Values).Select(v => $"{v.Name}={v.Value}")),
        var other => other.ToString(),
    };

    private const string IndexedDbDump = """
        async () => {
            const out = [];
            for (const info of (await indexedDB.databases())) {
                const db = await new Promise((ok, fail) => { const r = indexedDB.open(info.name); r.onsuccess = () => ok(r.result); r.onerror = fail; });
                for (const store of db.objectStoreNames) {
                    const all = await new Promise(ok => { const r = db.transaction(store).objectStore(store).getAll(); r.onsuccess = () => ok(r.result); });
                    out.push(info.name + '/' + store + ' ' + JSON.stringify(all));
                }
                db.close();
            }
            return out.join('\n');
        }
        """;
}
