extern alias web;
using System.Diagnostics;
using System.Globalization;
using CareHub.Tests.Shared;
using Microsoft.Extensions.Logging.Abstractions;
using StackExchange.Redis;
using web::CareHub.Web.Realtime;

namespace CareHub.Benchmarks;

/// <summary>
/// The realtime bus: publish on one instance, delivered to a subscriber on another, through a real redis-server
/// (<see cref="RedisRealtimeBus"/> on two <see cref="RedisLink"/>s, as two app instances have), against
/// <see cref="InProcessRealtimeBus"/> (one instance) in the same run. One message in flight at a time (the latency of
/// one change reaching another instance's circuits); CPU per message is this process's CPU time (both instances and
/// their Redis clients) over the messages, redis-server's own CPU from INFO cpu in the notes.
/// </summary>
public sealed class BusScenario : IScenario
{
    public const double TargetRatio = 1.25;
    private const string Topic = "bench:bus";
    /// <summary>Enough for stable percentiles; the in-process bus reaches it in well under a second.</summary>
    private const int MaxMessages = 200_000;
    private static readonly TimeSpan MessageTimeout = TimeSpan.FromSeconds(2);

    public string Key => "bus";

    public async Task<IReadOnlyList<Figure>> RunAsync(SuiteOptions options, CancellationToken cancellationToken)
    {
        var seconds = Math.Min(options.Seconds, 10);
        await using var redis = await RedisProcess.StartAsync();
        var links = new List<RedisLink>();
        var buses = new List<RedisRealtimeBus>();
        try
        {
            for (var i = 0; i < 2; i++)
            {
                var link = new RedisLink(ConfigurationOptions.Parse(redis.ConnectionString), NullLogger<RedisLink>.Instance, TimeSpan.FromMilliseconds(100));
                links.Add(link);
                await link.StartAsync(cancellationToken);
                var bus = new RedisRealtimeBus(link, NullLogger<RedisRealtimeBus>.Instance, NullLogger<InProcessRealtimeBus>.Instance);
                buses.Add(bus);
                await bus.StartAsync(cancellationToken);
                var deadline = Stopwatch.StartNew();
                while (!(link.IsLive && bus.IsSubscribed))
                {
                    if (deadline.Elapsed > TimeSpan.FromSeconds(30))
                        throw new InvalidOperationException("The Redis instance did not connect and subscribe within 30 s.");
                    await Task.Delay(25, cancellationToken);
                }
            }

            // redis-server inherits this process's core; put it on the other one, as a separate server would be.
            var adminOptions = ConfigurationOptions.Parse(redis.ConnectionString);
            adminOptions.AllowAdmin = true;
            await using var admin = await ConnectionMultiplexer.ConnectAsync(adminOptions);
            var server = admin.GetServers()[0];
            var redisPid = RedisInfo(server, "server", "process_id");
            if (Environment.ProcessorCount >= 2 && OperatingSystem.IsLinux() && redisPid > 0)
                Process.GetProcessById((int)redisPid).ProcessorAffinity = 1;

            var inProcessBus = new InProcessRealtimeBus(NullLogger<InProcessRealtimeBus>.Instance);
            // Warm up both paths (JIT, connections, pools), then measure each for the same time.
            await MeasureAsync(inProcessBus, inProcessBus, 2, cancellationToken);
            await MeasureAsync(buses[0], buses[1], 2, cancellationToken);
            var local = await MeasureAsync(inProcessBus, inProcessBus, seconds, cancellationToken);
            var redisCpuBefore = RedisCpuSeconds(server);
            var remote = await MeasureAsync(buses[0], buses[1], seconds, cancellationToken);
            var redisCpu = RedisCpuSeconds(server) - redisCpuBefore;

            var valid = remote.Received == remote.Sent && local.Received == local.Sent && remote.Duplicates == 0 && remote.Sent > 0;
            var invalidBecause = valid ? string.Empty
                : $"; INVALID: Redis sent {remote.Sent}, received {remote.Received} (duplicates {remote.Duplicates}); in-process sent {local.Sent}, received {local.Received}";
            var latencyRatio = remote.P50Us / local.P50Us;
            var cpuRatio = remote.CpuUsPerMessage / local.CpuUsPerMessage;
            var notes = string.Create(CultureInfo.InvariantCulture,
                $"one message in flight, up to {Figure.Number(seconds, "0")} s or {MaxMessages} messages each after 2 s warm-up; Redis: sent {remote.Sent}, received {remote.Received}, " +
                $"p50 {remote.P50Us:0.0} us, p99 {remote.P99Us:0.0} us, {remote.CpuUsPerMessage:0.0} us CPU/msg here + {redisCpu * 1e6 / Math.Max(1, remote.Sent):0.0} us in redis-server; " +
                $"in-process: sent {local.Sent}, received {local.Received}, p50 {local.P50Us:0.000} us, p99 {local.P99Us:0.000} us, {local.CpuUsPerMessage:0.00} us CPU/msg{invalidBecause}");
            return
            [
                new Figure("Realtime bus: publish -> delivered p50 (Redis, two instances)",
                    $"{remote.P50Us.ToString("0.0", CultureInfo.InvariantCulture)} us", $"in-process {local.P50Us.ToString("0.000", CultureInfo.InvariantCulture)} us",
                    Figure.Number(latencyRatio, "N0") + "x", $"<= {Figure.Number(TargetRatio, "0.00")}x",
                    !valid ? Verdict.Invalid : latencyRatio <= TargetRatio ? Verdict.Met : Verdict.Missed, notes),
                new Figure("Realtime bus: CPU per message (Redis, this process)",
                    $"{remote.CpuUsPerMessage.ToString("0.0", CultureInfo.InvariantCulture)} us", $"in-process {local.CpuUsPerMessage.ToString("0.00", CultureInfo.InvariantCulture)} us",
                    Figure.Number(cpuRatio, "N0") + "x", $"<= {Figure.Number(TargetRatio, "0.00")}x",
                    !valid ? Verdict.Invalid : cpuRatio <= TargetRatio ? Verdict.Met : Verdict.Missed, string.Empty),
            ];
        }
        finally
        {
            foreach (var bus in buses)
            {
                await bus.StopAsync(CancellationToken.None);
                bus.Dispose();
            }
            foreach (var link in links)
                await link.DisposeAsync();
        }
    }

    private static async Task<BusRun> MeasureAsync(IRealtimeBus publisher, IRealtimeBus receiver, double seconds, CancellationToken cancellationToken)
    {
        long expected = 0, received = 0, duplicates = 0, deliveredAt = 0;
        TaskCompletionSource? waiting = null;
        using var subscription = receiver.Subscribe(Topic, e =>
        {
            var now = Stopwatch.GetTimestamp();
            if (e.Version == Volatile.Read(ref expected))
            {
                Interlocked.Increment(ref received);
                Volatile.Write(ref deliveredAt, now);
                Volatile.Read(ref waiting)?.TrySetResult();
            }
            else
            {
                Interlocked.Increment(ref duplicates);
            }
            return Task.CompletedTask;
        });
        var latencies = new List<double>(MaxMessages);
        var resource = Guid.NewGuid();
        var process = Process.GetCurrentProcess();
        process.Refresh();
        var cpuBefore = process.TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        long sent = 0;
        while (clock.Elapsed.TotalSeconds < seconds && sent < MaxMessages && !cancellationToken.IsCancellationRequested)
        {
            var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            Volatile.Write(ref waiting, done);
            Volatile.Write(ref expected, ++sent);
            var start = Stopwatch.GetTimestamp();
            await publisher.PublishAsync(new RealtimeEvent(Topic, "Changed", resource, sent, DateTimeOffset.UtcNow), cancellationToken);
            if (!done.Task.IsCompleted)
            {
                try
                {
                    await done.Task.WaitAsync(MessageTimeout, cancellationToken);
                }
                catch (TimeoutException)
                {
                    continue; // lost: received stays behind sent, and the run is invalid
                }
            }
            latencies.Add((Volatile.Read(ref deliveredAt) - start) * 1e6 / Stopwatch.Frequency);
        }
        process.Refresh();
        var cpu = process.TotalProcessorTime - cpuBefore;
        latencies.Sort();
        return new BusRun(sent, Interlocked.Read(ref received), Interlocked.Read(ref duplicates),
            Percentile(latencies, 0.50), Percentile(latencies, 0.99), cpu.TotalMicroseconds / Math.Max(1, sent));
    }

    private static double Percentile(List<double> sorted, double p) =>
        sorted.Count == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];

    private static double RedisInfo(IServer server, string section, string key)
    {
        foreach (var group in server.Info(section))
        {
            foreach (var pair in group)
            {
                if (pair.Key == key && double.TryParse(pair.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
                    return value;
            }
        }
        return -1;
    }

    private static double RedisCpuSeconds(IServer server) => RedisInfo(server, "cpu", "used_cpu_user") + RedisInfo(server, "cpu", "used_cpu_sys");

    private sealed record BusRun(long Sent, long Received, long Duplicates, double P50Us, double P99Us, double CpuUsPerMessage);
}
