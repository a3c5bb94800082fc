using System.Net;
using System.Net.Sockets;
using CareHub.Interop.Acks;
using CareHub.Interop.Hl7;
using CareHub.Interop.Mllp;
using Framing = CareHub.Interop.Mllp.Mllp;

namespace CareHub.Interop.Tests.Mllp;

public sealed class MllpClientTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 1, 14, 30, 0, TimeSpan.FromHours(-5));

    /// <summary>
    /// A one-connection MLLP listener on 127.0.0.1 and a free port: for each frame it receives it records the text and
    /// writes back whatever the answer function gives (null: close the connection without answering), closing
    /// the connection after the first reply when closeAfterReply is set.
    /// </summary>
    private sealed class Listener : IAsyncDisposable
    {
        private readonly TcpListener tcp = new(IPAddress.Loopback, 0);
        private readonly Task serving;

        public Listener(Func<string, byte[]?> answer, CancellationToken cancellationToken, bool closeAfterReply = false)
        {
            tcp.Start();
            serving = Serve(answer, closeAfterReply, cancellationToken);
        }

        public int Port => ((IPEndPoint)tcp.LocalEndpoint).Port;

        public List<string> Received { get; } = [];

        private async Task Serve(Func<string, byte[]?> answer, bool closeAfterReply, CancellationToken cancellationToken)
        {
            using var client = await tcp.AcceptTcpClientAsync(cancellationToken);
            await using var stream = client.GetStream();
            using var reader = new MllpReader(stream);
            while (await reader.ReadAsync(cancellationToken) is { Message: { } message })
            {
                Received.Add(message);
                if (answer(message) is not { } reply)
                    return;
                await stream.WriteAsync(reply, cancellationToken);
                if (closeAfterReply)
                    return;
            }
        }

        public async ValueTask DisposeAsync()
        {
            tcp.Stop();
            try
            {
                await serving;
            }
            catch (Exception e) when (e is SocketException or IOException or OperationCanceledException or ObjectDisposedException)
            {
                // The client went away first; nothing to check here.
            }
            tcp.Dispose();
        }
    }

    private static byte[] AckFor(string message) =>
        Framing.Frame(Hl7Ack.Build(Hl7Message.Parse(message).Message, AckCode.AA, null, [], "ACK-" + Hl7Message.Parse(message).Message!.ControlId, Now));

    [Fact]
    public async Task Each_message_sent_gets_its_own_acknowledgment_back()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var listener = new Listener(AckFor, ct);
        await using var client = await MllpClient.ConnectAsync("127.0.0.1", listener.Port, ct);

        var first = Hl7Message.Parse(await client.SendAsync(Samples.AdmitV251, ct)).Message.ShouldNotBeNull();
        var second = Hl7Message.Parse(await client.SendAsync(Samples.RegisterV24, ct)).Message.ShouldNotBeNull();

        first.Get("MSA-1").ShouldBe("AA");
        first.Get("MSA-2").ShouldBe("MSG00001");
        first.ControlId.ShouldBe("ACK-MSG00001");
        second.Get("MSA-2").ShouldBe("M24-0001");
        listener.Received.ShouldBe([Samples.AdmitV251, Samples.RegisterV24]);
    }

    [Fact]
    public async Task An_acknowledgment_written_in_pieces_with_noise_before_it_is_still_read()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var listener = new Listener(m => [0x0D, 0x0A, .. AckFor(m)], ct);
        await using var client = await MllpClient.ConnectAsync("127.0.0.1", listener.Port, ct);

        var ack = await client.SendAsync(Samples.DischargeV23, ct);

        Hl7Message.Parse(ack).Message.ShouldNotBeNull().Get("MSA-2").ShouldBe("C23-77");
    }

    [Fact]
    public async Task A_listener_that_closes_without_answering_is_an_io_error()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var listener = new Listener(_ => null, ct);
        await using var client = await MllpClient.ConnectAsync("127.0.0.1", listener.Port, ct);

        var error = await Should.ThrowAsync<IOException>(() => client.SendAsync(Samples.AdmitV251, ct));

        error.Message.ShouldContain("closed before the acknowledgment");
    }

    [Fact]
    public async Task A_truncated_acknowledgment_is_an_io_error_naming_the_problem()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var listener = new Listener(m => AckFor(m)[..10], ct, closeAfterReply: true);
        await using var client = await MllpClient.ConnectAsync("127.0.0.1", listener.Port, ct);

        var error = await Should.ThrowAsync<IOException>(() => client.SendAsync(Samples.AdmitV251, ct));

        error.Message.ShouldContain("could not be read");
        error.Message.ShouldContain("closed in the middle of a message");
    }

    [Fact]
    public async Task Connecting_to_a_port_nobody_listens_on_fails()
    {
        var ct = TestContext.Current.CancellationToken;
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        probe.Dispose();

        await Should.ThrowAsync<SocketException>(() => MllpClient.ConnectAsync("127.0.0.1", port, ct));
    }
}
