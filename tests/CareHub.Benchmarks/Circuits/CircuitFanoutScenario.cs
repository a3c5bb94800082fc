extern alias web;
using System.Diagnostics;
using System.Globalization;
using System.Security.Claims;
using System.Text;
using CareHub.Data;
using CareHub.Domain.Huddles;
using CareHub.Tests.Shared;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.Http.Connections.Client;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using StackExchange.Redis;
using web::CareHub.Web.Composition;
using web::CareHub.Web.Features.Huddle;
using web::CareHub.Web.Realtime;
using web::CareHub.Web.Security;

namespace CareHub.Benchmarks.Circuits;

/// <summary>
/// One huddle-board edit to 200 Blazor circuits, against the same edit to 200 hub subscribers, in the same run.
/// The app runs in its own process (core 0) with Redis, as one instance of a scale-out deployment. This process is the
/// second instance (core 1): the app's own <see cref="HuddleService"/> on the same SQLite file and the Redis bus
/// (<see cref="RedisRealtimeBus"/>), and the app's own <see cref="HubRelay"/> on the SignalR Redis backplane. The edit
/// adds a topic card whose title holds a fresh GUID, as a user of the team (the service checks access and audits as in
/// a circuit). The app's circuits get the change over Redis, reload the board through their own access and re-render;
/// a circuit has the edit when a render batch carrying the GUID reaches it (<see cref="BlazorCircuitClient"/>). The
/// baseline's subscribers of /hubs/carehub, joined to huddle:{board}, get the same change's event through the
/// backplane to the app's hub. Latency is from the call to the service to each receive. Invalid when a circuit or a
/// subscriber missed an edit, or this process was busy more than 90% of its core.
/// </summary>
public sealed class CircuitFanoutScenario : IScenario
{
    private const int Count = 200;
    private const int WarmUpRounds = 1;

    /// <summary>The hub's rounds take milliseconds, the circuits' seconds: more of them for the baseline.</summary>
    private const int HubWarmUpRounds = 5;
    private const int HubRounds = 25;
    private const int MeasuredRounds = 6;
    private const double TargetRatio = 3;
    private const double TargetP99 = 100;
    /// <summary>Long enough that a slow circuit is not counted as one that missed the edit (the last took 14 s in the first runs).</summary>
    private static readonly TimeSpan RoundTimeout = TimeSpan.FromSeconds(30);

    public string Key => "circuits";

    public async Task<IReadOnlyList<Figure>> RunAsync(SuiteOptions options, CancellationToken cancellationToken)
    {
        await FanoutScenario.PinAsync(0b10, cancellationToken);
        await using var redis = await RedisProcess.StartAsync();
        await using var app = await CircuitApp.StartAsync(redis.ConnectionString, cancellationToken);
        await using var instance = await SecondInstance.StartAsync(redis.ConnectionString, app.DatabaseFile, app.DataFolder, app.Pick.StaffId, cancellationToken);
        var board = await instance.Huddle.OpenTodayAsync(app.Pick.TeamId, cancellationToken)
            ?? throw new InvalidOperationException("The team's huddle board did not open for its member.");
        var cardsAtStart = board.Cards.Count;

        var edits = 0;
        async Task EditAsync(string marker, CancellationToken ct)
        {
            var result = await instance.Huddle.AddTopicAsync(board.BoardId, $"Bench topic {marker}", AgendaSection.OpenInput, ct);
            if (result is not HuddleResult.Saved)
                throw new InvalidOperationException($"The edit was not saved: {result}");
            Interlocked.Increment(ref edits);
        }

        // Baseline: 200 subscribers of the app's hub on the board's topic.
        var hub = new Uri(app.BaseAddress, "/hubs/carehub");
        var topic = Topics.Huddle(board.BoardId);
        FanoutStep baseline;
        await using (var rounds = new FanoutRounds())
        {
            await rounds.GrowToAsync(Count, () => new HubConnectionBuilder().WithUrl(hub, (HttpConnectionOptions o) =>
                {
                    o.Transports = HttpTransportType.WebSockets;
                    o.SkipNegotiation = true;
                    o.Headers["Cookie"] = app.Cookie;
                }).Build(),
                (c, ct) => c.InvokeAsync("JoinTopic", topic, ct), cancellationToken);
            // 100 ms apart like the circuit rounds: the edit itself runs in this process, and at 15 ms apart it alone kept
            // this process about 90% busy, which would mark the run invalid for work that is not the clients'.
            baseline = await rounds.RunAsync(HubWarmUpRounds, HubRounds, (_, ct) => EditAsync(Guid.NewGuid().ToString("N"), ct), cancellationToken, app.ServerCpu,
                pauseMilliseconds: 100);
        }
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  hub: p50 {baseline.P50:0.00} p99 {baseline.P99:0.00} last {baseline.Last:0.00} ms, cpu {baseline.GeneratorCpuShare:P0} server {baseline.ServerCpuShare:P0} missed {baseline.Missed}"));

        // The same edit to 200 circuits of the board.
        var open = Stopwatch.StartNew();
        var circuits = await app.OpenAsync($"/huddle/{app.Pick.TeamId:D}", "huddle-board", Count, cancellationToken);
        var openSeconds = open.Elapsed.TotalSeconds;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {circuits.Count} circuits open in {openSeconds:0.0} s"));
        await Task.Delay(2000, cancellationToken);
        var measured = await RoundsAsync(circuits, EditAsync, app.ServerCpu, cancellationToken);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  circuits: p50 {measured.P50:0.00} p99 {measured.P99:0.00} last {measured.Last:0.00} ms, cpu {measured.GeneratorCpuShare:P0} server {measured.ServerCpuShare:P0} missed {measured.Missed}"));
        var failed = circuits.Count(c => c.Error is not null);
        var failure = circuits.Select(c => c.Error).FirstOrDefault(e => e is not null);
        var after = await instance.Huddle.GetBoardAsync(board.BoardId, cancellationToken);
        return Figures(measured, baseline, failed, failure, openSeconds, cardsAtStart, after?.Cards.Count ?? -1, edits);
    }

    /// <summary>Rounds of one edit: each circuit watches for the edit's GUID; the round ends when all have it (or after the timeout).</summary>
    private static async Task<FanoutStep> RoundsAsync(IReadOnlyList<BlazorCircuitClient> circuits, Func<string, CancellationToken, Task> edit,
        Func<TimeSpan> serverCpu, CancellationToken cancellationToken)
    {
        var latencies = new List<double>();
        var lasts = new List<double>();
        var spreads = new List<double>();
        var lastSpreads = new List<double>();
        TimeSpan cpu = TimeSpan.Zero, server = TimeSpan.Zero, wall = TimeSpan.Zero;
        var missed = 0;
        for (var round = 0; round < WarmUpRounds + MeasuredRounds; round++)
        {
            var stamps = new long[circuits.Count];
            // A circuit whose connection closed cannot receive: the round does not wait for it (it counts as missed).
            var remaining = circuits.Count(c => c.Error is null);
            var all = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            // The circuits watch for the round's GUID before the edit carrying it is sent.
            var marker = Guid.NewGuid().ToString("N");
            var bytes = Encoding.UTF8.GetBytes(marker);
            for (var i = 0; i < circuits.Count; i++)
            {
                if (circuits[i].Error is not null)
                    continue;
                var index = i;
                circuits[i].Watch(bytes, at =>
                {
                    stamps[index] = at;
                    if (Interlocked.Decrement(ref remaining) == 0)
                        all.TrySetResult();
                });
            }
            var serverBefore = serverCpu();
            var cpuBefore = Environment.CpuUsage.TotalTime;
            var start = Stopwatch.GetTimestamp();
            var sent = edit(marker, cancellationToken);
            await Task.WhenAny(all.Task, Task.Delay(RoundTimeout, cancellationToken));
            var end = Stopwatch.GetTimestamp();
            var cpuAfter = Environment.CpuUsage.TotalTime;
            var serverAfter = serverCpu();
            foreach (var circuit in circuits)
                circuit.Watch(null, null);
            await sent;
            if (round >= WarmUpRounds)
            {
                cpu += cpuAfter - cpuBefore;
                server += serverAfter - serverBefore;
                wall += Stopwatch.GetElapsedTime(start, end);
                var received = stamps.Where(s => s != 0).Select(s => Stopwatch.GetElapsedTime(start, s).TotalMilliseconds).ToArray();
                missed += stamps.Length - received.Length;
                if (received.Length > 0)
                {
                    var first = received.Min();
                    latencies.AddRange(received);
                    spreads.AddRange(received.Select(ms => ms - first));
                    // The last of the circuits that had it (all of them in a valid run; a missed receipt makes the run invalid).
                    lasts.Add(received.Max());
                    lastSpreads.Add(received.Max() - first);
                }
            }
            await Task.Delay(100, cancellationToken);
        }
        var share = wall > TimeSpan.Zero ? cpu.TotalSeconds / wall.TotalSeconds : 0;
        var serverShare = wall > TimeSpan.Zero ? server.TotalSeconds / wall.TotalSeconds : double.NaN;
        return new FanoutStep(circuits.Count, MeasuredRounds, [.. latencies], [.. lasts], [.. spreads], [.. lastSpreads], share, missed, serverShare);
    }

    private static IReadOnlyList<Figure> Figures(FanoutStep c, FanoutStep b, int failed, string? failure, double openSeconds, int cardsAtStart, int cardsAtEnd, int edits)
    {
        string? invalid = null;
        if (c.Missed + b.Missed > 0 || failed > 0)
            invalid = $"{c.Missed} circuit and {b.Missed} subscriber receipts missed; {failed} circuits failed" + (failure is null ? string.Empty : $" (first: {failure})");
        else if (c.GeneratorCpuShare > 0.9 || b.GeneratorCpuShare > 0.9)
            invalid = $"this process used {c.GeneratorCpuShare:P0} (circuits) / {b.GeneratorCpuShare:P0} (hub) of its core: the clients set the pace";
        var notes = string.Create(CultureInfo.InvariantCulture,
            $"edit = HuddleService.AddTopicAsync in a second instance (this process) over Redis; {Count} circuits (opened in {openSeconds:0.0} s) and " +
            $"{Count} hub subscribers; {MeasuredRounds} measured rounds after {WarmUpRounds} warm-up ones (hub: {HubRounds} after {HubWarmUpRounds}); receipts {c.Latencies.Length} / {b.Latencies.Length}, missed {c.Missed} / {b.Missed}; " +
            $"first receipt p50 circuits {FanoutStep.Percentile(c.Latencies.Zip(c.Spreads, (l, s) => l - s).ToArray(), 0.5):0.00} ms, hub " +
            $"{FanoutStep.Percentile(b.Latencies.Zip(b.Spreads, (l, s) => l - s).ToArray(), 0.5):0.00} ms; first-to-last p50 circuits {c.LastSpread:0.00} ms, hub {b.LastSpread:0.00} ms; " +
            $"this process busy {c.GeneratorCpuShare:P0} / {b.GeneratorCpuShare:P0} of its core, app {c.ServerCpuShare:P0} / {b.ServerCpuShare:P0} of core 0 (circuits / hub); " +
            $"board cards {cardsAtStart} at start, {cardsAtEnd} at the end ({edits} edits)") +
            (invalid is null ? string.Empty : "; INVALID: " + invalid);
        Console.WriteLine($"  {invalid ?? "valid"}");
        Figure Row(string what, double measured, double baseline, bool absolute)
        {
            var ratio = measured / baseline;
            var met = ratio <= TargetRatio && (!absolute || measured <= TargetP99);
            return new Figure($"Circuit fan-out, one huddle edit to {Count} board circuits: {what}",
                string.Create(CultureInfo.InvariantCulture, $"{measured:0.0} ms"),
                string.Create(CultureInfo.InvariantCulture, $"hub only {baseline:0.0} ms"),
                Figure.Number(ratio, "0.00"),
                absolute ? $"ratio <= {Figure.Number(TargetRatio, "0")}, <= {Figure.Number(TargetP99, "0")} ms" : $"ratio <= {Figure.Number(TargetRatio, "0")}",
                invalid is not null || double.IsNaN(ratio) ? Verdict.Invalid : met ? Verdict.Met : Verdict.Missed, notes);
        }
        return
        [
            Row("p50", c.P50, b.P50, absolute: false),
            Row("p99", c.P99, b.P99, absolute: true),
            Row("last circuit (median of rounds)", c.Last, b.Last, absolute: false),
        ];
    }

    /// <summary>
    /// This process as a second CareHub instance: the Redis bus, the app's hub relay on the SignalR Redis backplane, and
    /// the huddle service of one user's scope on the app's SQLite file.
    /// </summary>
    private sealed class SecondInstance : IAsyncDisposable
    {
        private readonly RedisLink _link;
        private readonly RedisRealtimeBus _bus;
        private readonly ServiceProvider _services;
        private readonly HubRelay _relay;

        private SecondInstance(RedisLink link, RedisRealtimeBus bus, ServiceProvider services, HubRelay relay, HuddleService huddle)
        {
            _link = link;
            _bus = bus;
            _services = services;
            _relay = relay;
            Huddle = huddle;
        }

        public HuddleService Huddle { get; }

        public static async Task<SecondInstance> StartAsync(string redis, string databaseFile, string dataFolder, Guid staffId, CancellationToken cancellationToken)
        {
            var redisOptions = ConfigurationOptions.Parse(redis);
            var link = new RedisLink(RedisLink.ForCareHub(redisOptions), NullLogger<RedisLink>.Instance);
            await link.StartAsync(cancellationToken);
            var bus = new RedisRealtimeBus(link, NullLogger<RedisRealtimeBus>.Instance, NullLogger<InProcessRealtimeBus>.Instance);
            await bus.StartAsync(cancellationToken);
            var deadline = Stopwatch.StartNew();
            while (!(link.IsLive && bus.IsSubscribed))
            {
                if (deadline.Elapsed > TimeSpan.FromSeconds(30))
                    throw new InvalidOperationException("The second instance did not connect to Redis within 30 s.");
                await Task.Delay(25, cancellationToken);
            }

            // The hub's side of an instance: SignalR with the app's backplane settings, for the app's relay.
            var services = new ServiceCollection();
            services.AddLogging();
            services.AddSignalR().AddStackExchangeRedis(o =>
            {
                o.Configuration = RedisLink.ForCareHub(redisOptions);
                o.Configuration.ChannelPrefix = RedisChannel.Literal(RealtimeComposition.SignalRChannelPrefix);
            });
            var provider = services.BuildServiceProvider();
            var relay = new HubRelay(bus, provider.GetRequiredService<IHubContext<CareHubHub>>(), link, NullLogger<HubRelay>.Instance);
            await relay.StartAsync(cancellationToken);

            var settings = DatabaseSettings.Parse("Sqlite", $"Data Source={databaseFile}", dataFolder);
            var options = CareHubDbContextFactory.BuildOptions(settings, TimeProvider.System);
            var user = new CurrentUser(options, provider);
            user.Set(new ClaimsPrincipal(new ClaimsIdentity([new Claim(CareHubClaims.StaffId, staffId.ToString())], "bench")), "bench:second-instance");
            var presence = new InMemoryPresenceService(bus, TimeProvider.System, new PresenceOptions(), NullLogger<InMemoryPresenceService>.Instance);
            var huddle = new HuddleService(new CareHubDbContextFactory(options, user), bus, presence, TimeProvider.System, user,
                new HuddleBoardSnapshots(options), new web::CareHub.Web.Auditing.ReadAuditWriter(options, NullLogger<web::CareHub.Web.Auditing.ReadAuditWriter>.Instance));
            return new SecondInstance(link, bus, provider, relay, huddle);
        }

        public async ValueTask DisposeAsync()
        {
            await _relay.StopAsync(CancellationToken.None);
            _relay.Dispose();
            await _services.DisposeAsync();
            await _bus.StopAsync(CancellationToken.None);
            _bus.Dispose();
            await _link.DisposeAsync();
        }
    }
}
