using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using CareHub.AdtSimulator;
using CareHub.Interop.Acks;
using CareHub.Interop.Hl7;
using CareHub.Interop.Mllp;

namespace CareHub.Interop.Tests.Simulator;

public sealed class SenderTests
{
    /// <summary>
    /// A tiny MLLP listener on 127.0.0.1: accepts any number of connections and answers each message with the code
    /// <c>answer</c> picks (AA unless told otherwise; null hangs up without answering), recording what arrived on which
    /// connection.
    /// </summary>
    private sealed class AckListener : IAsyncDisposable
    {
        private readonly TcpListener tcp = new(IPAddress.Loopback, 0);
        private readonly CancellationTokenSource stop = new();
        private readonly Func<Hl7Message, AckCode?> answer;
        private readonly ConcurrentBag<Task> connections = [];
        private readonly Task accepting;
        private int connectionCount;

        public AckListener(Func<Hl7Message, AckCode?>? answer = null)
        {
            this.answer = answer ?? (_ => AckCode.AA);
            tcp.Start();
            accepting = Accept();
        }

        public int Port => ((IPEndPoint)tcp.LocalEndpoint).Port;

        public ConcurrentQueue<(int Connection, Hl7Message Message)> Received { get; } = new();

        private async Task Accept()
        {
            try
            {
                while (true)
                {
                    var client = await tcp.AcceptTcpClientAsync(stop.Token);
                    var number = Interlocked.Increment(ref connectionCount);
                    connections.Add(Serve(client, number));
                }
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                // Stopped.
            }
        }

        private async Task Serve(TcpClient client, int number)
        {
            using (client)
            {
                try
                {
                    await using var stream = client.GetStream();
                    using var reader = new MllpReader(stream);
                    while (await reader.ReadAsync(stop.Token) is { Message: { } text })
                    {
                        var message = Hl7Message.Parse(text).Message!;
                        Received.Enqueue((number, message));
                        if (answer(message) is not { } code)
                            return;
                        var ack = Hl7Ack.Build(message, code, null, [], "L" + message.ControlId, DateTimeOffset.UtcNow);
                        await stream.WriteAsync(global::CareHub.Interop.Mllp.Mllp.Frame(ack), stop.Token);
                    }
                }
                catch (Exception e) when (e is OperationCanceledException or IOException or SocketException or ObjectDisposedException)
                {
                    // The sender hung up or the listener stopped.
                }
            }
        }

        public async ValueTask DisposeAsync()
        {
            await stop.CancelAsync();
            tcp.Stop();
            await accepting;
            await Task.WhenAll(connections);
            tcp.Dispose();
            stop.Dispose();
        }
    }

    private static SimulatorOptions Options(int port) =>
        new(Port: port, Seconds: 2, Rate: 50, Connections: 3, Patients: 200);

    [Fact]
    public async Task A_short_run_sends_paced_traffic_and_counts_every_acknowledgment()
    {
        await using var listener = new AckListener();
        var sender = new Sender(new AdtTraffic(200, 4_000_000, "CHS", 5));

        var report = await sender.RunAsync(Options(listener.Port), TestContext.Current.CancellationToken);

        report.Expected.ShouldBe(100, "50 messages a second for 2 seconds");
        report.Sent.ShouldBeGreaterThan(0);
        report.Sent.ShouldBeLessThanOrEqualTo(report.Expected);
        report.Errors.ShouldBe(0);
        report.Accepted.ShouldBe(report.Sent);
        (report.ApplicationErrors + report.Rejected).ShouldBe(0);
        listener.Received.Count.ShouldBe((int)report.Sent);
        listener.Received.Select(r => r.Message.ControlId).ShouldBeUnique();
        listener.Received.Select(r => r.Connection).Distinct().Count().ShouldBeLessThanOrEqualTo(3);
        report.P99Milliseconds.ShouldBeGreaterThanOrEqualTo(report.P50Milliseconds);
        report.Summary().ShouldContain($"AA {report.Sent}  AE 0  AR 0  errors 0");
    }

    [Fact]
    public async Task Each_patients_messages_arrive_over_one_connection_in_the_order_generated()
    {
        await using var listener = new AckListener();
        var sender = new Sender(new AdtTraffic(200, 4_000_000, "CHS", 5));

        await sender.RunAsync(Options(listener.Port), TestContext.Current.CancellationToken);

        var generated = new AdtTraffic(200, 4_000_000, "CHS", 5);
        var expectedOrder = Enumerable.Range(0, listener.Received.Count)
            .Select(_ => generated.Next(DateTimeOffset.UtcNow))
            .GroupBy(m => m.Mrn)
            .ToDictionary(g => g.Key, g => g.Select(m => m.ControlId).ToList());
        foreach (var patient in listener.Received.GroupBy(r => r.Message.Get("PID-3")!))
        {
            patient.Select(r => r.Connection).Distinct().Count().ShouldBe(1, $"patient {patient.Key} used one connection");
            patient.Select(r => r.Message.ControlId!).ShouldBe(expectedOrder[patient.Key]);
        }
    }

    [Fact]
    public async Task Application_errors_and_rejections_are_counted_from_msa_1()
    {
        await using var listener = new AckListener(m => m.TriggerEvent switch { "A08" => AckCode.AE, "A02" => AckCode.AR, _ => (AckCode?)AckCode.AA });
        var sender = new Sender(new AdtTraffic(200, 4_000_000, "CHS", 5));

        var report = await sender.RunAsync(Options(listener.Port), TestContext.Current.CancellationToken);

        var received = listener.Received.Select(r => r.Message.TriggerEvent).ToList();
        report.ApplicationErrors.ShouldBe(received.Count(e => e == "A08"));
        report.Rejected.ShouldBe(received.Count(e => e == "A02"));
        report.Accepted.ShouldBe(received.Count(e => e is not ("A08" or "A02")));
        report.Errors.ShouldBe(0);
    }

    [Fact]
    public async Task A_connection_the_listener_drops_counts_an_error_and_the_sender_reconnects()
    {
        await using var listener = new AckListener(m => m.TriggerEvent == "A08" ? null : AckCode.AA);
        var sender = new Sender(new AdtTraffic(200, 4_000_000, "CHS", 5));

        var report = await sender.RunAsync(Options(listener.Port), TestContext.Current.CancellationToken);

        var received = listener.Received.Select(r => r.Message.TriggerEvent).ToList();
        received.ShouldContain("A08", "the seeded traffic has updates within two seconds");
        report.Errors.ShouldBe(received.Count(e => e == "A08"));
        report.Accepted.ShouldBe(received.Count(e => e != "A08"));
        report.Sent.ShouldBe(received.Count, "every message after a hang-up went out over a new connection");
    }

    [Fact]
    public async Task A_listener_that_is_not_there_is_a_connect_failure()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        probe.Dispose();

        var error = await Should.ThrowAsync<ConnectFailedException>(() =>
            new Sender(new AdtTraffic()).RunAsync(Options(port), TestContext.Current.CancellationToken));

        error.Message.ShouldStartWith($"cannot connect to 127.0.0.1:{port}");
    }
}
