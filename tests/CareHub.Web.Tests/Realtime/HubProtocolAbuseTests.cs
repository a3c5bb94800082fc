using System.Net;
using System.Net.WebSockets;
using System.Text;
using CareHub.Tests.Infrastructure;
using CareHub.Web.Realtime;
using Microsoft.AspNetCore.Http.Connections.Client;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CareHub.Web.Tests.Realtime;

/// <summary>
/// Malformed SignalR protocol messages on both hubs (issue 9), sent over a raw WebSocket by a signed-in user: garbage
/// frames, invalid JSON and MessagePack, unknown methods, wrong argument types and a huge handshake. Each case runs on a
/// connection of its own; the server must close at most that connection, never crash, and keep serving a well-behaved
/// client of the same user (a real SignalR client on /hubs/carehub and a fresh circuit handshake on /_blazor).
/// </summary>
public sealed class HubProtocolAbuseTests : IAsyncLifetime
{
    private const char RecordSeparator = '\u001e';
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);
    private static readonly TimeSpan StallPatience = TimeSpan.FromSeconds(4);

    private readonly CapturingLoggerProvider _logs = new();
    private CareHubServer _server = null!;
    private CareHubHttpSession _session = null!;
    private HubConnection _bystander = null!;
    private Guid _teamId;

    public async ValueTask InitializeAsync()
    {
        _server = new CareHubServer(patients: 10, services: s => s.AddSingleton<ILoggerProvider>(_logs));
        _server.Start();
        await using var db = _server.SystemDb();
        var membership = await db.TeamMemberships.AsNoTracking()
            .Join(db.Staff.Where(s => s.IsActive), m => m.StaffId, s => s.Id, (m, _) => m).FirstAsync();
        _teamId = membership.TeamId;
        _session = await _server.SignedInClientAsync(membership.StaffId);
        _bystander = new HubConnectionBuilder()
            .WithUrl(new Uri(_server.BaseAddress, CareHubHub.Path), (HttpConnectionOptions o) => o.Headers["Cookie"] = _session.CookieHeader)
            .Build();
        await _bystander.StartAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await _bystander.DisposeAsync();
        _session.Dispose();
        await _server.DisposeAsync();
    }

    private static string Json(string text) => text + RecordSeparator;

    private static byte[] Bytes(string text) => Encoding.UTF8.GetBytes(text);

    /// <summary>A case: what is sent after connecting (frames in order), and whether the server must close the connection.</summary>
    public sealed record Case(string Name, bool MustClose, params Frame[] Frames)
    {
        /// <summary>The connection stays open but answers nothing more (read for a few seconds only).</summary>
        public bool Stalls { get; init; }
    }

    public sealed record Frame(byte[] Data, WebSocketMessageType Type = WebSocketMessageType.Text);

    private static readonly Frame JsonHandshake = new(Bytes(Json("{\"protocol\":\"json\",\"version\":1}")));
    private static readonly Frame BlazorHandshake = new(Bytes(Json("{\"protocol\":\"blazorpack\",\"version\":1}")));

    public static TheoryData<string> CareHubHubCases => [.. HubCases().Select(c => c.Name)];

    private static IEnumerable<Case> HubCases()
    {
        var garbage = new byte[4096];
        new Random(9).NextBytes(garbage);
        yield return new("garbage binary before the handshake", true, new Frame(garbage, WebSocketMessageType.Binary));
        yield return new("invalid JSON handshake", true, new Frame(Bytes(Json("{\"protocol\":"))));
        yield return new("unknown protocol in the handshake", true, new Frame(Bytes(Json("{\"protocol\":\"smoke-signals\",\"version\":1}"))));
        yield return new("huge handshake (1 MB, never finished)", true, new Frame(Bytes("{\"protocol\":\"json\",\"version\":1,\"pad\":\"" + new string('a', 1024 * 1024))));
        yield return new("invalid JSON after the handshake", true, JsonHandshake, new Frame(Bytes(Json("{\"type\":1,\"target\":"))));
        yield return new("garbage binary after the handshake", true, JsonHandshake, new Frame(garbage, WebSocketMessageType.Binary));
        yield return new("a message over the hub's 8 KB limit", true, JsonHandshake,
            new Frame(Bytes(Json("{\"type\":1,\"target\":\"JoinTopic\",\"arguments\":[\"" + new string('a', 16 * 1024) + "\"]}"))));
        // SignalR leaves a message of an unknown type at the head of that connection's buffer (it may be a newer protocol's),
        // so that connection answers nothing more: it harms itself only, and is not closed.
        yield return new("a message of an unknown type", false, JsonHandshake, new Frame(Bytes(Json("{\"type\":99}")))) { Stalls = true };
        yield return new("an unknown method", false, JsonHandshake,
            new Frame(Bytes(Json("{\"type\":1,\"invocationId\":\"1\",\"target\":\"DropAllTables\",\"arguments\":[]}"))));
        yield return new("wrong argument types", false, JsonHandshake,
            new Frame(Bytes(Json("{\"type\":1,\"invocationId\":\"2\",\"target\":\"JoinTopic\",\"arguments\":[{\"topic\":[1,2,3]}]}"))));
        yield return new("wrong number of arguments", false, JsonHandshake,
            new Frame(Bytes(Json("{\"type\":1,\"invocationId\":\"3\",\"target\":\"JoinTopic\",\"arguments\":[\"a\",\"b\",\"c\"]}"))));
        yield return new("a stream item for no stream", false, JsonHandshake,
            new Frame(Bytes(Json("{\"type\":2,\"invocationId\":\"9\",\"item\":\"x\"}"))));
    }

    [Theory]
    [MemberData(nameof(CareHubHubCases))]
    public async Task A_malformed_message_on_the_CareHub_hub_ends_that_connection_at_most_and_the_server_serves_others(string name)
    {
        var @case = HubCases().Single(c => c.Name == name);
        var outcome = await SendAsync(CareHubHub.Path, @case, JsonProbe());

        Xunit.TestContext.Current.TestOutputHelper?.WriteLine($"{CareHubHub.Path} {name}: {outcome}");
        if (@case.MustClose)
            outcome.Closed.ShouldBeTrue($"the server must close the connection that sent {name}");
        else
            outcome.Closed.ShouldBeFalse($"{name} is answered, not a reason to close: {outcome}");
        if (!@case.MustClose)
            outcome.Answered.ShouldBe(!@case.Stalls, $"the probe after {name}: {outcome}");
        if (name is "an unknown method" or "wrong argument types" or "wrong number of arguments")
        {
            // Answered with an error for that call, in words that give nothing of the server away.
            outcome.Received.ShouldContain("\"type\":3");
            outcome.Received.ShouldContain("\"error\":");
            outcome.Received.ShouldNotContain("   at ", customMessage: "no stack trace to the client");
        }
        await TheServerStillServesOthersAsync();
    }

    public static TheoryData<string> BlazorHubCases => [.. BlazorCases().Select(c => c.Name)];

    private static IEnumerable<Case> BlazorCases()
    {
        var garbage = new byte[4096];
        new Random(10).NextBytes(garbage);
        yield return new("garbage binary before the handshake", true, new Frame(garbage, WebSocketMessageType.Binary));
        yield return new("invalid JSON handshake", true, new Frame(Bytes(Json("{\"protocol\":"))));
        yield return new("the JSON protocol (Blazor speaks only blazorpack)", true, JsonHandshake);
        yield return new("huge handshake (1 MB, never finished)", true, new Frame(Bytes("{\"protocol\":\"blazorpack\",\"version\":1,\"pad\":\"" + new string('a', 1024 * 1024))));
        // 0xC1 is the one byte MessagePack never uses.
        yield return new("invalid MessagePack after the handshake", true, BlazorHandshake, new Frame(Pack(0xC1, 0xC1, 0xC1, 0xC1), WebSocketMessageType.Binary));
        yield return new("64 KB of random bytes after the handshake", true, BlazorHandshake, new Frame(Big(11), WebSocketMessageType.Binary));
        // [1, {}, "1", "DropAllTables", []]: a well-formed invocation of a method the circuit hub does not have.
        yield return new("an unknown method", false, BlazorHandshake, new Frame(Pack(0x95, 0x01, 0x80, 0xA1, (byte)'1', Str("DropAllTables"), 0x90), WebSocketMessageType.Binary));
        // [1, {}, "2", "StartCircuit", [1, 2, 3, 4]]: the circuit's start with numbers where its descriptors belong.
        yield return new("wrong argument types", false, BlazorHandshake,
            new Frame(Pack(0x95, 0x01, 0x80, 0xA1, (byte)'2', Str("StartCircuit"), new byte[] { 0x94, 0x01, 0x02, 0x03, 0x04 }), WebSocketMessageType.Binary));
        // [1, {}, null, "DispatchBrowserEvent", ["x", "y"]]: an event for a circuit that was never started.
        yield return new("an event with no circuit", false, BlazorHandshake,
            new Frame(Pack(0x95, 0x01, 0x80, 0xC0, Str("DispatchBrowserEvent"), new byte[] { 0x92, 0xA1, (byte)'x', 0xA1, (byte)'y' }), WebSocketMessageType.Binary));
    }

    [Theory]
    [MemberData(nameof(BlazorHubCases))]
    public async Task A_malformed_message_on_the_Blazor_circuit_hub_ends_that_connection_at_most_and_the_server_serves_others(string name)
    {
        var @case = BlazorCases().Single(c => c.Name == name);
        var outcome = await SendAsync("/_blazor", @case, BlazorProbe);

        Xunit.TestContext.Current.TestOutputHelper?.WriteLine($"/_blazor {name}: {outcome}");
        if (@case.MustClose)
            outcome.Closed.ShouldBeTrue($"the server must close the connection that sent {name}");
        else
            outcome.Closed.ShouldBeFalse($"{name} is answered, not a reason to close: {outcome}");
        if (!@case.MustClose)
            outcome.Answered.ShouldBeTrue($"the probe after {name}: {outcome}");
        await TheServerStillServesOthersAsync();
        // A fresh circuit connection of the same user still gets its handshake answered.
        var fresh = await SendAsync("/_blazor", new Case("handshake", false, BlazorHandshake), BlazorProbe);
        fresh.Closed.ShouldBeFalse();
        fresh.Received.ShouldStartWith("7B7D1E", customMessage: "the handshake's answer {} (in a binary frame)");
    }

    [Fact]
    public async Task Nothing_was_logged_as_a_crash()
    {
        foreach (var @case in HubCases())
            await SendAsync(CareHubHub.Path, @case, JsonProbe());
        foreach (var @case in BlazorCases())
            await SendAsync("/_blazor", @case, BlazorProbe);
        await TheServerStillServesOthersAsync();

        var critical = _logs.Entries.Where(e => e.Level >= LogLevel.Critical).ToList();
        Xunit.TestContext.Current.TestOutputHelper?.WriteLine(
            $"{HubCases().Count() + BlazorCases().Count()} malformed connections: {_logs.Entries.Count(e => e.Level == LogLevel.Error)} errors logged, {critical.Count} critical; the server still serves");
        critical.ShouldBeEmpty();
    }

    private async Task TheServerStillServesOthersAsync()
    {
        _bystander.State.ShouldBe(HubConnectionState.Connected, "another connection of the same user is not affected");
        await _bystander.InvokeAsync("JoinTopic", Topics.Team(_teamId));
        using var health = await _session.Client.GetAsync(new Uri("/health/live", UriKind.Relative));
        health.StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    private sealed record Outcome(bool Closed, string Received, bool Answered = false)
    {
        public override string ToString() => $"{(Closed ? "closed" : "still open")}; received {Received.Length} characters: {Received[..Math.Min(200, Received.Length)]}";
    }

    /// <summary>A well-formed call after a case that must not close: its answer shows the connection still works.</summary>
    /// <summary>
    /// The call, then a ping: SignalR leaves a message of an unknown type unparsed until more data arrives (it then parses
    /// on), so the ping makes sure the probe is read whatever came before it.
    /// </summary>
    private sealed record Probe(Frame Frame, string AnswerMarker, Frame Ping);

    private Probe JsonProbe() => new(new Frame(Bytes(Json($"{{\"type\":1,\"invocationId\":\"probe\",\"target\":\"JoinTopic\",\"arguments\":[\"{Topics.Team(_teamId)}\"]}}"))),
        "\"invocationId\":\"probe\"", new Frame(Bytes(Json("{\"type\":6}"))));

    // [1, {}, "probe", "NoSuchProbe", []]: answered with a completion naming "probe" (hex 70726F6265).
    private static readonly Probe BlazorProbe = new(new Frame(Pack(0x95, 0x01, 0x80, Str("probe"), Str("NoSuchProbe"), 0x90), WebSocketMessageType.Binary),
        "70726F6265", new Frame(Pack(0x91, 0x06), WebSocketMessageType.Binary));

    /// <summary>
    /// Connects a raw WebSocket (no negotiation, as a skip-negotiation client does) and sends the case's frames. A case that
    /// must close is read until the server closes (or patience runs out); any other case sends the probe after it and is
    /// read until the probe's answer arrives, so "still open" is shown by an answer, never by waiting a while.
    /// </summary>
    private async Task<Outcome> SendAsync(string path, Case @case, Probe probe)
    {
        using var socket = new ClientWebSocket();
        socket.Options.SetRequestHeader("Cookie", _session.CookieHeader);
        var uri = new UriBuilder(new Uri(_server.BaseAddress, path)) { Scheme = "ws" }.Uri;
        using var patience = new CancellationTokenSource(@case.Stalls ? StallPatience : Patience);
        await socket.ConnectAsync(uri, patience.Token);
        var received = new StringBuilder();
        try
        {
            foreach (var frame in @case.Frames)
                await socket.SendAsync(frame.Data, frame.Type, endOfMessage: true, patience.Token);
            if (!@case.MustClose)
            {
                await socket.SendAsync(probe.Frame.Data, probe.Frame.Type, endOfMessage: true, patience.Token);
                await socket.SendAsync(probe.Ping.Data, probe.Ping.Type, endOfMessage: true, patience.Token);
            }
            var buffer = new byte[64 * 1024];
            while (true)
            {
                var result = await socket.ReceiveAsync(buffer, patience.Token);
                if (result.MessageType == WebSocketMessageType.Close)
                    return new Outcome(true, received.ToString());
                received.Append(result.MessageType == WebSocketMessageType.Text
                    ? Encoding.UTF8.GetString(buffer, 0, result.Count)
                    : Convert.ToHexString(buffer, 0, result.Count));
                if (!@case.MustClose && received.ToString().Contains(probe.AnswerMarker, StringComparison.Ordinal))
                    return new Outcome(false, received.ToString(), Answered: true);
            }
        }
        catch (WebSocketException)
        {
            return new Outcome(true, received.ToString());
        }
        catch (OperationCanceledException) when (patience.IsCancellationRequested)
        {
            // Neither closed nor answered within the patience: reported as it is, and the assertions say which was wanted.
            return new Outcome(false, received.ToString() + " (no close and no answer)");
        }
    }

    /// <summary>A MessagePack message with SignalR's length prefix (a varint), from bytes and byte arrays.</summary>
    private static byte[] Pack(params object[] parts)
    {
        var body = new List<byte>();
        foreach (var part in parts)
        {
            if (part is byte[] bytes)
                body.AddRange(bytes);
            else
                body.Add(Convert.ToByte(part, System.Globalization.CultureInfo.InvariantCulture));
        }
        var message = new List<byte>();
        var length = body.Count;
        do
        {
            var b = (byte)(length & 0x7F);
            length >>= 7;
            message.Add(length > 0 ? (byte)(b | 0x80) : b);
        }
        while (length > 0);
        message.AddRange(body);
        return [.. message];
    }

    private static byte[] Big(int seed)
    {
        var bytes = new byte[64 * 1024];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    /// <summary>A MessagePack fixstr (up to 31 bytes).</summary>
    private static byte[] Str(string text) => [(byte)(0xA0 | text.Length), .. Encoding.UTF8.GetBytes(text)];
}

/// <summary>Every log entry of the app, for tests that look for what was (or was not) logged.</summary>
internal sealed class CapturingLoggerProvider : ILoggerProvider
{
    private readonly System.Collections.Concurrent.ConcurrentQueue<(LogLevel Level, string Category, string Message)> _entries = new();

    public IReadOnlyList<(LogLevel Level, string Category, string Message)> Entries => [.. _entries];

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class Logger(CapturingLoggerProvider owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            owner._entries.Enqueue((logLevel, category, formatter(state, exception)));
    }
}
