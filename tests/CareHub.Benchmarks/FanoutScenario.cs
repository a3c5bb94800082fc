using System.Globalization;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using CareHub.Tests.Shared;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.Http.Connections.Client;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Data.Sqlite;

namespace CareHub.Benchmarks;

/// <summary>
/// Hub fan-out: one real write to N subscribers of /hubs/carehub, from the moment the change is sent to the moment
/// each subscriber receives its event. The write is an ADT A08 for a patient of the signed-in user's team, posted to
/// the app's HTTP feed (POST /interop/hl7): stored, applied and committed, then published on census:{team} and
/// relayed by HubRelay to the group. The subscribers (one signed-in cookie, WebSockets) and the trigger run in this
/// process on the second core; the app in its own process on the first. Measured at N = 1 (the fixed cost of the
/// write), 25, 50, 100, 200, 400. Baseline, same run: a bare forwarding hub (<see cref="BareHubServer"/>) whose
/// trigger is a client invoking its broadcast, to the same numbers of clients in one group. It is measured like the app:
/// the server in its own process (this executable re-launched with --bare-hub-server) pinned to the first core, its
/// clients in this process on the second. The ratios compare the fan-out parts only (each receive minus the round's
/// first receive), since CareHub's end to end is mostly its write. Invalid when an event is missed or the clients'
/// process was busy more than 90% of its core in either phase.
/// </summary>
public sealed partial class FanoutScenario : IScenario
{
    private static readonly int[] Counts = [1, 25, 50, 100, 200, 400];
    private const int Reported = 200;
    private const int WarmUpRounds = 5;

    /// <summary>Before the first count: JIT tiers, connection pools, SQLite caches, the relay's queue.</summary>
    private const int FirstWarmUpRounds = 60;
    private const int MeasuredRounds = 100;
    private const int Patients = 300;
    private const double TargetRatio = 1.2;
    private const double TargetExponent = 1.05;
    private const string FeedKey = "bench-fanout-feed-key-0123456789";

    public string Key => "fanout";

    public async Task<IReadOnlyList<Figure>> RunAsync(SuiteOptions options, CancellationToken cancellationToken)
    {
        // Every thread of this process on the second core (Program pins only its main thread); the servers, the bare hub
        // and the app, each in its own process on the first.
        await PinAsync(0b10, cancellationToken);
        var baseline = await BaselineAsync(cancellationToken);
        Console.WriteLine($"  baseline: {Describe(baseline)}");
        var carehub = await CareHubAsync(cancellationToken);
        Console.WriteLine($"  carehub: {Describe(carehub)}");
        return Figures(carehub, baseline);
    }

    /// <summary>Every thread of this process (taskset -a) on the cores of <paramref name="mask"/>, where the machine has two.</summary>
    internal static async Task<bool> PinAsync(int mask, CancellationToken cancellationToken)
    {
        if (Environment.ProcessorCount < 2 || !File.Exists("/usr/bin/taskset"))
            return false;
        var start = new System.Diagnostics.ProcessStartInfo("/usr/bin/taskset") { RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var argument in new[] { "-a", "-p", mask.ToString("x", CultureInfo.InvariantCulture), Environment.ProcessId.ToString(CultureInfo.InvariantCulture) })
            start.ArgumentList.Add(argument);
        using var taskset = System.Diagnostics.Process.Start(start)!;
        await taskset.StandardOutput.ReadToEndAsync(cancellationToken);
        await taskset.WaitForExitAsync(cancellationToken);
        return taskset.ExitCode == 0;
    }

    private static string Describe(IReadOnlyList<FanoutStep> steps) => string.Join("; ", steps.Select(s => string.Create(CultureInfo.InvariantCulture,
        $"N={s.Subscribers} p50 {s.P50:0.00} p99 {s.P99:0.00} last {s.Last:0.00} spread {s.SpreadP50:0.00}/{s.SpreadP99:0.00}/{s.LastSpread:0.00} ms cpu {s.GeneratorCpuShare:P0} server {s.ServerCpuShare:P0} missed {s.Missed}")));

    private static async Task<IReadOnlyList<FanoutStep>> BaselineAsync(CancellationToken cancellationToken)
    {
        await using var server = await BareHubServer.StartAsync(core: 0, cancellationToken);
        const string group = "census:bench";
        await using var trigger = Connect(server.HubAddress, cookie: null);
        await trigger.StartAsync(cancellationToken);
        await using var rounds = new FanoutRounds();
        var steps = new List<FanoutStep>();
        foreach (var count in Counts)
        {
            await rounds.GrowToAsync(count, () => Connect(server.HubAddress, cookie: null),
                (c, ct) => c.InvokeAsync(nameof(BareHub.Join), group, ct), cancellationToken);
            steps.Add(await rounds.RunAsync(count == Counts[0] ? FirstWarmUpRounds : WarmUpRounds, MeasuredRounds,
                (round, ct) => trigger.InvokeAsync(nameof(BareHub.Broadcast), group, (long)round, ct), cancellationToken, () => server.CpuTime));
        }
        return steps;
    }

    private static async Task<IReadOnlyList<FanoutStep>> CareHubAsync(CancellationToken cancellationToken)
    {
        var dataFolder = Path.Combine(Path.GetTempPath(), "carehub-bench", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dataFolder);
        try
        {
            await using var app = await AppProcess.StartAsync("app", new Dictionary<string, string>
            {
                ["ASPNETCORE_ENVIRONMENT"] = "Development",
                ["Database__DataFolder"] = dataFolder,
                ["DemoData__Enabled"] = "true",
                ["DemoData__Patients"] = Patients.ToString(CultureInfo.InvariantCulture),
                ["Census__HttpFeedKey"] = FeedKey,
                // All the subscribers share one person's sign-in: lift that person's hub limits (connections and call
                // rate, Realtime:Hub:*) above the largest count, as an operator would for an integration account.
                ["Realtime__Hub__MaxConnectionsPerUser"] = "1000",
                ["Realtime__Hub__CallsPerSecond"] = "100000",
                ["Realtime__Hub__Burst"] = "100000",
            }, core: 0, cancellationToken);
            var pick = await PickAsync(Path.Combine(dataFolder, "carehub.db"), cancellationToken);
            var cookie = await SignInAsync(app.BaseAddress, pick.StaffId, cancellationToken);
            var topic = $"census:{pick.TeamId:D}";
            var hub = new Uri(app.BaseAddress, "/hubs/carehub");
            using var appProcess = System.Diagnostics.Process.GetProcessById(app.ProcessId);
            TimeSpan AppCpu()
            {
                appProcess.Refresh();
                return appProcess.TotalProcessorTime;
            }

            using var feed = new HttpClient { BaseAddress = app.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
            feed.DefaultRequestHeaders.Add("X-CareHub-Feed-Key", FeedKey);
            var sent = 0;
            async Task WriteAsync(int round, CancellationToken ct)
            {
                var text = A08(pick.Mrn, pick.Authority, Interlocked.Increment(ref sent));
                using var content = new StringContent(text, Encoding.UTF8, "x-application/hl7-v2+er7");
                using var response = await feed.PostAsync(new Uri("/interop/hl7", UriKind.Relative), content, ct);
                var ack = await response.Content.ReadAsStringAsync(ct);
                if (!response.IsSuccessStatusCode || !ack.Contains("MSA|AA", StringComparison.Ordinal))
                    throw new InvalidOperationException($"The A08 was not accepted: {(int)response.StatusCode} {ack.ReplaceLineEndings(" ")}");
            }

            await using var rounds = new FanoutRounds();
            var steps = new List<FanoutStep>();
            foreach (var count in Counts)
            {
                await rounds.GrowToAsync(count, () => Connect(hub, cookie), (c, ct) => c.InvokeAsync("JoinTopic", topic, ct), cancellationToken);
                steps.Add(await rounds.RunAsync(count == Counts[0] ? FirstWarmUpRounds : WarmUpRounds, MeasuredRounds, WriteAsync, cancellationToken, AppCpu));
            }
            return steps;
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            try
            {
                Directory.Delete(dataFolder, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    private static HubConnection Connect(Uri hub, string? cookie) => new HubConnectionBuilder()
        .WithUrl(hub, (HttpConnectionOptions o) =>
        {
            o.Transports = HttpTransportType.WebSockets;
            o.SkipNegotiation = true;
            if (cookie is not null)
                o.Headers["Cookie"] = cookie;
        })
        .Build();

    /// <summary>An ADT A08 (patient details) for an existing patient, by MRN: applied without a visit, published after the commit.</summary>
    private static string A08(string mrn, string authority, int sequence)
    {
        var at = DateTimeOffset.UtcNow.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture) + "+0000";
        var control = string.Create(CultureInfo.InvariantCulture, $"FAN{sequence:D8}{Guid.NewGuid():N}")[..20];
        return $"MSH|^~\\&|BENCH|RGH|CAREHUB|CHS|{at}||ADT^A08^ADT_A01|{control}|P|2.5.1\rEVN|A08|{at}\rPID|1||{mrn}^^^{authority}^MR\r";
    }

    private sealed record Pick(Guid StaffId, Guid TeamId, string Mrn, string Authority);

    /// <summary>An active demo user on exactly one team, and a patient of that team.</summary>
    private static async Task<Pick> PickAsync(string databaseFile, CancellationToken cancellationToken)
    {
        await using var connection = new SqliteConnection($"Data Source={databaseFile};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT m.StaffId, m.TeamId, p.Mrn, p.AssigningAuthority
            FROM TeamMemberships m
            JOIN Staff s ON s.Id = m.StaffId
            JOIN PatientTeams pt ON pt.TeamId = m.TeamId
            JOIN Patients p ON p.Id = pt.PatientId
            WHERE s.IsActive = 1 AND p.MergedIntoId IS NULL
              AND (SELECT COUNT(*) FROM TeamMemberships o WHERE o.StaffId = m.StaffId) = 1
            ORDER BY s.FamilyName, p.Mrn
            LIMIT 1
            """;
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
            throw new InvalidOperationException("The demo data has no active user on one team with a patient of that team.");
        return new Pick(Guid.Parse(reader.GetString(0)), Guid.Parse(reader.GetString(1)), reader.GetString(2), reader.GetString(3));
    }

    /// <summary>The development sign-in over plain HTTP: the page's antiforgery token, then the form for the staff id.</summary>
    internal static async Task<string> SignInAsync(Uri baseAddress, Guid staffId, CancellationToken cancellationToken)
    {
        var cookies = new CookieContainer();
        using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = cookies, UseCookies = true })
        {
            BaseAddress = baseAddress,
        };
        var page = await client.GetStringAsync(new Uri("/account/signin", UriKind.Relative), cancellationToken);
        var token = AntiforgeryField().Match(page) is { Success: true } match ? WebUtility.HtmlDecode(match.Groups["value"].Value)
            : throw new InvalidOperationException("The sign-in page has no antiforgery field.");
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["staffId"] = staffId.ToString(),
            ["returnUrl"] = "/patients",
            ["__RequestVerificationToken"] = token,
        });
        using var response = await client.PostAsync(new Uri("/account/signin/demo", UriKind.Relative), form, cancellationToken);
        if (response.StatusCode != HttpStatusCode.Redirect || cookies.GetCookies(baseAddress)["carehub.auth"] is not { Value.Length: > 0 })
            throw new InvalidOperationException($"Sign-in failed: {(int)response.StatusCode} {response.Headers.Location}");
        return cookies.GetCookieHeader(baseAddress);
    }

    [GeneratedRegex("<input[^>]*name=\"__RequestVerificationToken\"[^>]*value=\"(?<value>[^\"]+)\"|<input[^>]*value=\"(?<value>[^\"]+)\"[^>]*name=\"__RequestVerificationToken\"")]
    private static partial Regex AntiforgeryField();

    private static IReadOnlyList<Figure> Figures(IReadOnlyList<FanoutStep> carehub, IReadOnlyList<FanoutStep> baseline)
    {
        var c1 = carehub[0];
        var b1 = baseline[0];
        var c = carehub.Single(s => s.Subscribers == Reported);
        var b = baseline.Single(s => s.Subscribers == Reported);
        var generator = carehub.Max(s => s.GeneratorCpuShare);
        var bare = baseline.Max(s => s.GeneratorCpuShare);
        var missed = carehub.Sum(s => s.Missed) + baseline.Sum(s => s.Missed);
        string? invalid = null;
        if (missed > 0)
            invalid = $"{missed} subscriber events did not arrive within 10 s";
        else if (generator > 0.9)
            invalid = $"the clients' process used {generator:P0} of its core while CareHub delivered: the clients, not the hub, set the pace";
        else if (bare > 0.9)
            invalid = $"the clients' process used {bare:P0} of its core while the bare hub delivered: the clients, not the bare hub, set the baseline's pace";

        // The brief's other reading of "fan-out part": end to end minus the system's own one-subscriber median. Shown, not
        // judged: CareHub's write (an SQLite commit) drifts by several ms between counts, more than the fan-out itself.
        var minusOne = string.Create(CultureInfo.InvariantCulture,
            $"CareHub {c.P50 - c1.P50:0.00} / {c.P99 - c1.P50:0.00} / {c.Last - c1.P50:0.00} ms, bare hub {b.P50 - b1.P50:0.00} / {b.P99 - b1.P50:0.00} / {b.Last - b1.P50:0.00} ms");
        var context = string.Create(CultureInfo.InvariantCulture,
            $"measured and baseline are end to end, trigger sent -> event received (CareHub: HTTP post of an A08, HL7 parse, SQLite commit, bus, relay, " +
            $"hub; N=1 p50 {c1.P50:0.00} ms; bare hub: a client's invoke of the broadcast, N=1 p50 {b1.P50:0.00} ms); the ratio is of the fan-out parts only: " +
            $"each receive minus the round's first receive (p50 / p99 of those, last = median over rounds of first-to-last); end to end minus the own N=1 p50 " +
            $"(p50 / p99 / last): {minusOne}; {c.Rounds} rounds of one change per count; clients' process busy {c.GeneratorCpuShare:P0} of its core at N={Reported} " +
            $"(max {generator:P0}; over whole rounds), while the bare hub delivered {b.GeneratorCpuShare:P0} (max {bare:P0}); server process busy " +
            $"{c.ServerCpuShare:P0} of core 0 at N={Reported} (CareHub) and {b.ServerCpuShare:P0} (bare hub, its own process on core 0 like the app)");
        if (invalid is not null)
            context += "; INVALID: " + invalid;

        Figure Latency(string what, double measured, double base_, double cPart, double bPart)
        {
            var ratio = bPart > 0 ? cPart / bPart : double.NaN;
            var verdict = invalid is not null || double.IsNaN(ratio) ? Verdict.Invalid : ratio <= TargetRatio ? Verdict.Met : Verdict.Missed;
            return new Figure($"Hub fan-out, one write to {Reported} subscribers: {what}",
                string.Create(CultureInfo.InvariantCulture, $"{measured:0.00} ms (fan-out {cPart:0.00} ms)"),
                string.Create(CultureInfo.InvariantCulture, $"bare hub {base_:0.00} ms (fan-out {bPart:0.00} ms)"),
                Figure.Number(ratio, "0.00"), $"fan-out ratio <= {Figure.Number(TargetRatio, "0.0")}", verdict, context);
        }

        var (cExp, cRaw) = (Exponent(carehub, s => s.LastSpread), Exponent(carehub, s => s.Last));
        var (bExp, bRaw) = (Exponent(baseline, s => s.LastSpread), Exponent(baseline, s => s.Last));
        var growthVerdict = invalid is not null || double.IsNaN(cExp) ? Verdict.Invalid : cExp <= TargetExponent ? Verdict.Met : Verdict.Missed;
        var curve = string.Join(", ", carehub.Zip(baseline).Skip(1).Select(p => string.Create(CultureInfo.InvariantCulture,
            $"N={p.First.Subscribers} {p.First.LastSpread:0.00}/{p.Second.LastSpread:0.00} (end to end {p.First.Last:0.00}/{p.Second.Last:0.00})")));
        return
        [
            Latency("p50", c.P50, b.P50, c.SpreadP50, b.SpreadP50),
            Latency("p99", c.P99, b.P99, c.SpreadP99, b.SpreadP99),
            Latency("last subscriber (median of rounds)", c.Last, b.Last, c.LastSpread, b.LastSpread),
            new Figure("Hub fan-out cost growth, N = 25, 50, 100, 200, 400 (log-log least-squares slope of first-to-last receive)",
                Figure.Number(cExp, "0.00"), $"bare hub {Figure.Number(bExp, "0.00")}", Figure.Number(cExp / bExp, "0.00"),
                $"<= {Figure.Number(TargetExponent, "0.00")}", growthVerdict,
                $"median first-to-last receive, ms, CareHub/bare hub: {curve}; slope of the end-to-end last-subscriber times " +
                $"{Figure.Number(cRaw, "0.00")} / {Figure.Number(bRaw, "0.00")}" + (invalid is null ? string.Empty : "; INVALID: " + invalid)),
        ];
    }

    /// <summary>Least-squares slope of ln(cost) on ln(N) for N >= 25 (NaN when a cost is not positive).</summary>
    private static double Exponent(IReadOnlyList<FanoutStep> steps, Func<FanoutStep, double> cost)
    {
        var points = steps.Where(s => s.Subscribers >= 25).Select(s => (X: Math.Log(s.Subscribers), Cost: cost(s))).ToList();
        if (points.Any(p => p.Cost <= 0))
            return double.NaN;
        var ys = points.Select(p => Math.Log(p.Cost)).ToList();
        var mx = points.Average(p => p.X);
        var my = ys.Average();
        var sxy = points.Select((p, i) => (p.X - mx) * (ys[i] - my)).Sum();
        var sxx = points.Sum(p => (p.X - mx) * (p.X - mx));
        return sxy / sxx;
    }
}
