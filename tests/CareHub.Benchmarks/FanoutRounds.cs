using System.Diagnostics;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;

namespace CareHub.Benchmarks;

/// <summary>
/// What the rounds at one subscriber count measured: every subscriber's trigger-to-receive latency, and the fan-out
/// part of it: its receive time minus the round's first receive (which removes the trigger's own cost and its jitter).
/// </summary>
public sealed record FanoutStep(int Subscribers, int Rounds, double[] Latencies, double[] Lasts, double[] Spreads, double[] LastSpreads,
    double GeneratorCpuShare, int Missed, double ServerCpuShare = double.NaN)
{
    public double P50 => Percentile(Latencies, 0.50);
    public double P99 => Percentile(Latencies, 0.99);

    /// <summary>The median over rounds of the latency of the last subscriber to receive.</summary>
    public double Last => Percentile(Lasts, 0.50);

    public double SpreadP50 => Percentile(Spreads, 0.50);
    public double SpreadP99 => Percentile(Spreads, 0.99);

    /// <summary>The median over rounds of first-to-last receive.</summary>
    public double LastSpread => Percentile(LastSpreads, 0.50);

    public static double Percentile(double[] values, double p)
    {
        if (values.Length == 0)
            return double.NaN;
        var sorted = values.Order().ToArray();
        return sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];
    }
}

/// <summary>
/// Hub subscribers in this process, each stamping the moment its first "event" of a round arrives, and the rounds:
/// note the time, pull the trigger (one write, or one broadcast), wait until every subscriber has its event.
/// </summary>
public sealed class FanoutRounds : IAsyncDisposable
{
    public const string EventMethod = "event";
    private static readonly TimeSpan RoundTimeout = TimeSpan.FromSeconds(10);

    private readonly List<HubConnection> _subscribers = [];
    private long[] _stamps = [];
    private int _active;
    private int _remaining;
    private TaskCompletionSource _allReceived = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public int Count => _subscribers.Count;

    /// <summary>Adds subscribers until there are <paramref name="total"/>, <paramref name="build"/> making each and <paramref name="join"/> joining it.</summary>
    public async Task GrowToAsync(int total, Func<HubConnection> build, Func<HubConnection, CancellationToken, Task> join, CancellationToken cancellationToken)
    {
        while (_subscribers.Count < total)
        {
            var batch = Enumerable.Range(_subscribers.Count, Math.Min(25, total - _subscribers.Count)).Select(async index =>
            {
                var connection = build();
                connection.On<JsonElement>(EventMethod, _ => Received(index));
                await connection.StartAsync(cancellationToken);
                await join(connection, cancellationToken);
                return connection;
            }).ToList();
            _subscribers.AddRange(await Task.WhenAll(batch));
        }
        _stamps = new long[_subscribers.Count];
    }

    /// <summary>
    /// <paramref name="warmUp"/> rounds not counted, then <paramref name="rounds"/> measured; <paramref name="trigger"/> makes
    /// the change and completes when its sender has its answer (the subscribers may have theirs before).
    /// <paramref name="serverCpu"/>, when given, reads the server process's CPU time, for its share over the same rounds.
    /// <paramref name="pauseMilliseconds"/> between rounds (default 15).
    /// </summary>
    public async Task<FanoutStep> RunAsync(int warmUp, int rounds, Func<int, CancellationToken, Task> trigger, CancellationToken cancellationToken,
        Func<TimeSpan>? serverCpu = null, int pauseMilliseconds = 15)
    {
        var latencies = new List<double>(rounds * _subscribers.Count);
        var lasts = new List<double>(rounds);
        var spreads = new List<double>(rounds * _subscribers.Count);
        var lastSpreads = new List<double>(rounds);
        var cpu = TimeSpan.Zero;
        var server = TimeSpan.Zero;
        var wall = TimeSpan.Zero;
        var missed = 0;
        for (var round = 0; round < warmUp + rounds; round++)
        {
            Array.Clear(_stamps);
            _allReceived = new(TaskCreationOptions.RunContinuationsAsynchronously);
            Volatile.Write(ref _remaining, _subscribers.Count);
            Volatile.Write(ref _active, 1);
            var serverBefore = serverCpu?.Invoke() ?? TimeSpan.Zero;
            var cpuBefore = Environment.CpuUsage.TotalTime;
            var start = Stopwatch.GetTimestamp();
            var sent = trigger(round, cancellationToken);
            var all = await Task.WhenAny(_allReceived.Task, Task.Delay(RoundTimeout, cancellationToken)) == _allReceived.Task;
            var end = Stopwatch.GetTimestamp();
            var cpuAfter = Environment.CpuUsage.TotalTime;
            var serverAfter = serverCpu?.Invoke() ?? TimeSpan.Zero;
            Volatile.Write(ref _active, 0);
            await sent;
            if (round >= warmUp)
            {
                cpu += cpuAfter - cpuBefore;
                server += serverAfter - serverBefore;
                wall += Stopwatch.GetElapsedTime(start, end);
                var received = _stamps.Where(stamp => stamp != 0).Select(stamp => Stopwatch.GetElapsedTime(start, stamp).TotalMilliseconds).ToArray();
                missed += _stamps.Length - received.Length;
                if (received.Length > 0)
                {
                    var first = received.Min();
                    latencies.AddRange(received);
                    spreads.AddRange(received.Select(ms => ms - first));
                    if (all)
                    {
                        lasts.Add(received.Max());
                        lastSpreads.Add(received.Max() - first);
                    }
                }
            }
            // Let the server settle between rounds: one change at a time is what is measured.
            await Task.Delay(pauseMilliseconds, cancellationToken);
        }
        var share = wall > TimeSpan.Zero ? cpu.TotalSeconds / wall.TotalSeconds : 0;
        var serverShare = serverCpu is not null && wall > TimeSpan.Zero ? server.TotalSeconds / wall.TotalSeconds : double.NaN;
        return new FanoutStep(_subscribers.Count, rounds, [.. latencies], [.. lasts], [.. spreads], [.. lastSpreads], share, missed, serverShare);
    }

    private void Received(int index)
    {
        if (Volatile.Read(ref _active) == 0 || index >= _stamps.Length)
            return;
        if (Interlocked.CompareExchange(ref _stamps[index], Stopwatch.GetTimestamp(), 0) == 0 && Interlocked.Decrement(ref _remaining) == 0)
            _allReceived.TrySetResult();
    }

    public async ValueTask DisposeAsync()
    {
        await Task.WhenAll(_subscribers.Select(async s => await s.DisposeAsync()));
        _subscribers.Clear();
    }
}
