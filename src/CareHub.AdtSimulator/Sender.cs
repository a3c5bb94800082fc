using System.Globalization;
using System.Net.Sockets;
using System.Threading.Channels;
using CareHub.Interop.Hl7;
using CareHub.Interop.Mllp;

namespace CareHub.AdtSimulator;

/// <summary>The simulator could not open its connections.</summary>
public sealed class ConnectFailedException(string message, Exception innerException) : Exception(message, innerException);

/// <summary>What a run did.</summary>
public sealed record SendReport(
    string Target,
    int Connections,
    double RequestedRate,
    long Expected,
    long Sent,
    long Accepted,
    long ApplicationErrors,
    long Rejected,
    long Errors,
    TimeSpan Duration,
    TimeSpan Elapsed,
    double P50Milliseconds,
    double P99Milliseconds)
{
    public double AchievedRate => Elapsed > TimeSpan.Zero ? Sent / Elapsed.TotalSeconds : 0;

    /// <summary>
    /// True when not every message the rate called for was sent within the duration, or the last acknowledgment came more
    /// than a second after the end.
    /// </summary>
    public bool FellBehind => Sent < Expected || Elapsed > Duration + TimeSpan.FromSeconds(1);

    public string Summary() => string.Create(CultureInfo.InvariantCulture, $"""
        Sent {Sent} ADT messages to {Target} over {Connections} connection(s) in {Elapsed.TotalSeconds:0.0} s
          AA {Accepted}  AE {ApplicationErrors}  AR {Rejected}  errors {Errors}
          achieved {AchievedRate:0.0} msg/s (requested {RequestedRate:0.##} msg/s)
          round trip p50 {P50Milliseconds:0.0} ms, p99 {P99Milliseconds:0.0} ms
          {(FellBehind ? $"FELL BEHIND the requested rate ({Sent} of {Expected} scheduled messages sent)" : "kept up with the requested rate")}
        """);
}

/// <summary>
/// Sends <see cref="AdtTraffic"/> over several MLLP connections at a steady rate for a duration and reads every ACK
/// (MSA-1). One producer paces the messages; each patient's messages always go over the same connection, so the
/// receiver sees them in order.
/// </summary>
public sealed class Sender
{
    private const int QueuePerConnection = 256;

    private readonly AdtTraffic traffic;
    private readonly TimeProvider time;
    private long sent;
    private long accepted;
    private long applicationErrors;
    private long rejected;
    private long errors;

    public Sender(AdtTraffic traffic, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(traffic);
        this.traffic = traffic;
        this.time = time ?? TimeProvider.System;
    }

    /// <exception cref="ConnectFailedException">A connection could not be opened at the start.</exception>
    public async Task<SendReport> RunAsync(SimulatorOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var clients = await ConnectAll(options, cancellationToken);
        var queues = clients.Select(_ => Channel.CreateBounded<SimulatedMessage>(
            new BoundedChannelOptions(QueuePerConnection) { SingleReader = true, SingleWriter = true })).ToArray();
        var roundTrips = clients.Select(_ => new List<double>()).ToArray();
        var start = time.GetTimestamp();
        var connections = clients.Select((client, i) => Task.Run(
            () => Drain(client, queues[i].Reader, roundTrips[i], options, cancellationToken), CancellationToken.None)).ToArray();
        var expected = (long)Math.Ceiling((options.Rate * options.Seconds) - 1e-9);
        try
        {
            await Produce(queues, start, expected, options, cancellationToken);
        }
        finally
        {
            foreach (var queue in queues)
                queue.Writer.TryComplete();
            await Task.WhenAll(connections);
        }
        var elapsed = time.GetElapsedTime(start);
        var all = roundTrips.SelectMany(r => r).Order().ToArray();
        return new SendReport(
            $"{options.Host}:{options.Port}", options.Connections, options.Rate, expected,
            sent, accepted, applicationErrors, rejected, errors, options.Duration, elapsed,
            Percentile(all, 0.50), Percentile(all, 0.99));
    }

    private async Task<MllpClient[]> ConnectAll(SimulatorOptions options, CancellationToken cancellationToken)
    {
        var clients = new List<MllpClient>();
        try
        {
            for (var i = 0; i < options.Connections; i++)
                clients.Add(await Connect(options, cancellationToken));
            return [.. clients];
        }
        catch (Exception e) when (e is SocketException or IOException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            foreach (var client in clients)
                await client.DisposeAsync();
            throw new ConnectFailedException($"cannot connect to {options.Host}:{options.Port}: {e.Message}", e);
        }
    }

    private static async Task<MllpClient> Connect(SimulatorOptions options, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(10));
        return await MllpClient.ConnectAsync(options.Host, options.Port, timeout.Token);
    }

    private async Task Produce(Channel<SimulatedMessage>[] queues, long start, long expected, SimulatorOptions options, CancellationToken cancellationToken)
    {
        try
        {
            for (long k = 0; k < expected; k++)
            {
                var due = TimeSpan.FromSeconds(k / options.Rate);
                var elapsed = time.GetElapsedTime(start);
                if (elapsed >= options.Duration)
                    return;
                if (due > elapsed)
                    await Task.Delay(due - elapsed, time, cancellationToken);
                var message = traffic.Next(time.GetLocalNow());
                await queues[Route(message.Mrn, queues.Length)].Writer.WriteAsync(message, cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopped by the user: report what was done.
        }
    }

    private async Task Drain(MllpClient first, ChannelReader<SimulatedMessage> queue, List<double> roundTrips, SimulatorOptions options, CancellationToken cancellationToken)
    {
        MllpClient? client = first;
        try
        {
            await foreach (var message in queue.ReadAllAsync(cancellationToken))
            {
                Interlocked.Increment(ref sent);
                client ??= await TryConnect(options, cancellationToken);
                if (client is null)
                {
                    Interlocked.Increment(ref errors);
                    continue;
                }
                var began = time.GetTimestamp();
                string ack;
                try
                {
                    ack = await client.SendAsync(message.Text, cancellationToken);
                }
                catch (Exception e) when (e is IOException or SocketException)
                {
                    Interlocked.Increment(ref errors);
                    await client.DisposeAsync();
                    client = null;
                    continue;
                }
                roundTrips.Add(time.GetElapsedTime(began).TotalMilliseconds);
                Count(ack, message.ControlId);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopped by the user.
        }
        finally
        {
            if (client is not null)
                await client.DisposeAsync();
        }
    }

    private static async Task<MllpClient?> TryConnect(SimulatorOptions options, CancellationToken cancellationToken)
    {
        try
        {
            return await Connect(options, cancellationToken);
        }
        catch (Exception e) when (e is SocketException or IOException || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return null;
        }
    }

    private void Count(string ack, string controlId)
    {
        var parsed = Hl7Message.Parse(ack);
        if (!parsed.Succeeded || parsed.Message.Get("MSA-2") != controlId)
        {
            Interlocked.Increment(ref errors);
            return;
        }
        switch (parsed.Message.Get("MSA-1"))
        {
            case "AA" or "CA":
                Interlocked.Increment(ref accepted);
                break;
            case "AE" or "CE":
                Interlocked.Increment(ref applicationErrors);
                break;
            case "AR" or "CR":
                Interlocked.Increment(ref rejected);
                break;
            default:
                Interlocked.Increment(ref errors);
                break;
        }
    }

    /// <summary>A stable connection for a patient (FNV-1a of the MRN), so one patient's messages stay in order.</summary>
    internal static int Route(string mrn, int connections)
    {
        var hash = 2166136261u;
        foreach (var c in mrn)
            hash = (hash ^ c) * 16777619u;
        return (int)(hash % (uint)connections);
    }

    private static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? 0 : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];
}
