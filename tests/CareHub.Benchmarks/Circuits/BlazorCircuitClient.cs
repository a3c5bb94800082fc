using System.Buffers;
using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.Http.Connections.Client;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.AspNetCore.SignalR.Protocol;
using Microsoft.Extensions.DependencyInjection;

namespace CareHub.Benchmarks.Circuits;

/// <summary>
/// A headless Blazor Server circuit: what blazor.web.js (.NET 10) does for a page rendered with
/// <c>InteractiveServerRenderMode(prerender: false)</c>, without a browser. It GETs the page with the signed-in cookie,
/// reads the root-component markers (<c>&lt;!--Blazor:{...}--&gt;</c>) from the HTML, connects to /_blazor over
/// WebSockets with the "blazorpack" protocol (SignalR's MessagePack protocol under Blazor's name), calls
/// <c>StartCircuit</c> with no components and then <c>UpdateRootComponents</c> with one "add" per marker, as the script
/// does. It acknowledges every render batch (<c>OnRenderCompleted</c>), answers every JS interop call with a success
/// (null, or a new JS object reference when one is asked for) so that components awaiting their first-render calls do
/// not hang, and lets the SignalR client answer pings. It applies nothing: it looks for UTF-8 text in each batch's bytes
/// (a batch carries its strings in a table as UTF-8), which is how a round's edit is seen to arrive.
/// </summary>
public sealed partial class BlazorCircuitClient : IAsyncDisposable
{
    private readonly HubConnection _connection;
    private readonly Uri _page;
    private readonly Lock _gate = new();
    private readonly List<(byte[] Text, TaskCompletionSource Seen)> _waits = [];
    private byte[]? _marker;
    private Action<long>? _onMarker;
    private long _nextJsObjectId = 1;
    private long _batches;
    private long _jsCalls;
    private long _batchBytes;
    private long _lastBatchAt;

    private BlazorCircuitClient(HubConnection connection, Uri page)
    {
        _connection = connection;
        _page = page;
        _connection.On<long, byte[]>("JS.RenderBatch", OnRenderBatchAsync);
        _connection.On<long, string, string, int, long, int>("JS.BeginInvokeJS", OnBeginInvokeJSAsync);
        _connection.On<string>("JS.Error", message => Error = message);
        _connection.On<long>("JS.EndUpdateRootComponents", _ => { });
        _connection.On<long, bool, string>("JS.EndInvokeDotNet", (_, _, _) => { });
        _connection.On<int, string>("JS.AttachComponent", (_, _) => { });
        _connection.Closed += e =>
        {
            Error ??= e?.Message ?? "closed";
            return Task.CompletedTask;
        };
    }

    /// <summary>The circuit's error message (<c>JS.Error</c>) or why its connection closed, if it did.</summary>
    public string? Error { get; private set; }

    public long Batches => Interlocked.Read(ref _batches);

    /// <summary>When the last render batch arrived (<see cref="Stopwatch.GetTimestamp"/>).</summary>
    public long LastBatchAt => Interlocked.Read(ref _lastBatchAt);
    public long JsCalls => Interlocked.Read(ref _jsCalls);
    public long BatchBytes => Interlocked.Read(ref _batchBytes);

    /// <summary>
    /// Opens a circuit on <paramref name="path"/> as the holder of <paramref name="cookie"/> and waits until a render batch
    /// contains <paramref name="readyText"/> (the page's own content, rendered after its data was read).
    /// </summary>
    public static async Task<BlazorCircuitClient> OpenAsync(HttpClient http, Uri baseAddress, string path, string cookie, string readyText,
        TimeSpan timeout, CancellationToken cancellationToken)
    {
        var page = new Uri(baseAddress, path);
        using var request = new HttpRequestMessage(HttpMethod.Get, page);
        request.Headers.Add("Cookie", cookie);
        using var response = await http.SendAsync(request, cancellationToken);
        var html = await response.Content.ReadAsStringAsync(cancellationToken);
        if (response.StatusCode != HttpStatusCode.OK)
            throw new InvalidOperationException($"GET {path} answered {(int)response.StatusCode}.");
        var markers = Markers(html);
        if (markers.Count == 0)
            throw new InvalidOperationException($"GET {path} has no interactive root component (no Blazor marker): not signed in?");
        var state = ServerState().Match(html) is { Success: true } s ? s.Groups["state"].Value : string.Empty;

        var builder = new HubConnectionBuilder()
            .WithUrl(new Uri(baseAddress, "_blazor"), (HttpConnectionOptions o) =>
            {
                o.Transports = HttpTransportType.WebSockets;
                o.SkipNegotiation = true;
                o.Headers["Cookie"] = cookie;
            });
        // The server's Blazor hub accepts only "blazorpack"; the registration last made wins.
        builder.Services.AddSingleton(BlazorPackProtocolInstance);
        var connection = builder.Build();
        var client = new BlazorCircuitClient(connection, page);
        var ready = client.WaitForTextAsync(readyText);
        try
        {
            await connection.StartAsync(cancellationToken);
            var circuitId = await connection.InvokeAsync<string?>("StartCircuit", baseAddress.ToString(), page.ToString(), "[]", state, cancellationToken);
            if (string.IsNullOrEmpty(circuitId))
                throw new InvalidOperationException($"The server did not start a circuit for {path}: {client.Error}");
            var operations = new JsonArray();
            for (var i = 0; i < markers.Count; i++)
            {
                var marker = markers[i];
                marker["uniqueId"] = i;
                operations.Add(new JsonObject { ["type"] = "add", ["ssrComponentId"] = i + 1, ["marker"] = marker });
            }
            var batch = new JsonObject { ["batchId"] = 1, ["operations"] = operations }.ToJsonString();
            await connection.SendAsync("UpdateRootComponents", batch, state, cancellationToken);
            await ready.WaitAsync(timeout, cancellationToken);
            return client;
        }
        catch (TimeoutException)
        {
            await client.DisposeAsync();
            throw new InvalidOperationException($"The circuit on {path} did not render \"{readyText}\" within {timeout.TotalSeconds:0} s " +
                $"({client.Batches} batches, {client.JsCalls} JS calls; error: {client.Error ?? "none"}).");
        }
        catch
        {
            await client.DisposeAsync();
            throw;
        }
    }

    /// <summary>Completes when a render batch contains <paramref name="text"/> (UTF-8).</summary>
    public Task WaitForTextAsync(string text)
    {
        var seen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
            _waits.Add((Encoding.UTF8.GetBytes(text), seen));
        return seen.Task;
    }

    /// <summary>
    /// From now on, <paramref name="onSeen"/> is called (once, with <see cref="Stopwatch.GetTimestamp"/> taken when the
    /// batch arrived) when a render batch contains <paramref name="marker"/>. Null stops watching.
    /// </summary>
    public void Watch(byte[]? marker, Action<long>? onSeen)
    {
        lock (_gate)
        {
            _marker = marker;
            _onMarker = onSeen;
        }
    }

    private async Task OnRenderBatchAsync(long batchId, byte[] data)
    {
        var at = Stopwatch.GetTimestamp();
        Interlocked.Increment(ref _batches);
        Interlocked.Exchange(ref _lastBatchAt, at);
        Interlocked.Add(ref _batchBytes, data.Length);
        Action<long>? seen = null;
        lock (_gate)
        {
            if (_marker is { } marker && data.AsSpan().IndexOf(marker) >= 0)
            {
                seen = _onMarker;
                _marker = null;
                _onMarker = null;
            }
            for (var i = _waits.Count - 1; i >= 0; i--)
            {
                if (data.AsSpan().IndexOf(_waits[i].Text) >= 0)
                {
                    _waits[i].Seen.TrySetResult();
                    _waits.RemoveAt(i);
                }
            }
        }
        seen?.Invoke(at);
        await _connection.SendAsync("OnRenderCompleted", batchId, (string?)null);
    }

    /// <summary>
    /// JS.BeginInvokeJS(asyncHandle, identifier, argsJson, resultType, targetInstanceId, callType): answered at once with
    /// success. Result type 1 asks for a JS object reference (e.g. a module import): a new id, as the browser would give.
    /// </summary>
    private async Task OnBeginInvokeJSAsync(long asyncHandle, string identifier, string argsJson, int resultType, long targetInstanceId, int callType)
    {
        Interlocked.Increment(ref _jsCalls);
        if (asyncHandle == 0)
            return;
        var result = resultType == 1
            ? string.Create(CultureInfo.InvariantCulture, $"{{\"__jsObjectId\":{Interlocked.Increment(ref _nextJsObjectId)}}}")
            : "null";
        var answer = string.Create(CultureInfo.InvariantCulture, $"[{asyncHandle},true,{result}]");
        await _connection.SendAsync("EndInvokeJSFromDotNet", asyncHandle, true, answer);
    }

    private static readonly IHubProtocol BlazorPackProtocolInstance = new BlazorPackProtocol();

    /// <summary>SignalR's MessagePack hub protocol under the name Blazor's hub accepts.</summary>
    private sealed class BlazorPackProtocol : IHubProtocol
    {
        private readonly MessagePackHubProtocol _inner = new();

        public string Name => "blazorpack";
        public int Version => _inner.Version;
        public TransferFormat TransferFormat => TransferFormat.Binary;
        public bool IsVersionSupported(int version) => _inner.IsVersionSupported(version);

        public bool TryParseMessage(ref ReadOnlySequence<byte> input, IInvocationBinder binder, [NotNullWhen(true)] out HubMessage? message) =>
            _inner.TryParseMessage(ref input, binder, out message);

        public void WriteMessage(HubMessage message, IBufferWriter<byte> output) => _inner.WriteMessage(message, output);
        public ReadOnlyMemory<byte> GetMessageBytes(HubMessage message) => _inner.GetMessageBytes(message);
    }

    /// <summary>The root-component markers of the page, in the order of their sequence numbers (as blazor.web.js sorts them).</summary>
    private static List<JsonObject> Markers(string html) =>
        [.. Marker().Matches(html)
            .Select(m => JsonNode.Parse(m.Groups["json"].Value)!.AsObject())
            .Where(o => (string?)o["type"] == "server")
            .OrderBy(o => (int?)o["sequence"] ?? 0)];

    [GeneratedRegex(@"<!--Blazor:(?<json>\{.*?\})-->", RegexOptions.Singleline)]
    private static partial Regex Marker();

    [GeneratedRegex(@"<!--Blazor-Server-Component-State:(?<state>[a-zA-Z0-9+/=]+)-->")]
    private static partial Regex ServerState();

    public override string ToString() => $"circuit on {_page.AbsolutePath}";

    public async ValueTask DisposeAsync() => await _connection.DisposeAsync();
}
