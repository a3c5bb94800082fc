using System.Text.Json;
using StackExchange.Redis;

namespace CareHub.Web.Realtime;

/// <summary>
/// The bus for several instances (singleton, started as a hosted service after <see cref="RedisLink"/>). Local
/// subscribers are served by an <see cref="InProcessRealtimeBus"/> exactly as on one instance; every event published
/// here is also sent, as a small JSON message with this instance's id, on the one Redis channel
/// <see cref="RedisLink.EventsChannel"/>, and every message from another instance is delivered to the local
/// subscribers. Delivery over Redis is at most once (no retry, no queue): while Redis is down, publishing still
/// delivers locally and never throws, and receivers reload on a version gap or when the link comes back.
/// </summary>
public sealed class RedisRealtimeBus : IRealtimeBus, IHostedService, IDisposable
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly InProcessRealtimeBus _local;
    private readonly InProcessRealtimeBus _own;
    private readonly RedisLink _link;
    private readonly ILogger<RedisRealtimeBus> _logger;
    private readonly SemaphoreSlim _subscribing = new(1, 1);
    private ChannelMessageQueue? _queue;
    private bool _subscribeFailed;
    private int _disposed;

    public RedisRealtimeBus(RedisLink link, ILogger<RedisRealtimeBus> logger, ILogger<InProcessRealtimeBus> localLogger)
    {
        _link = link;
        _logger = logger;
        _local = new InProcessRealtimeBus(localLogger);
        _own = new InProcessRealtimeBus(localLogger);
        _link.LiveChanged += OnLiveChanged;
    }

    /// <summary>This instance's id in the messages it sends; its own messages coming back are ignored.</summary>
    public string InstanceId { get; } = Guid.NewGuid().ToString("N");

    /// <summary>True once this instance listens on the Redis channel.</summary>
    public bool IsSubscribed => Volatile.Read(ref _queue) is not null;

    public async Task PublishAsync(RealtimeEvent e, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(e);
        ArgumentException.ThrowIfNullOrWhiteSpace(e.Topic);
        ct.ThrowIfCancellationRequested();
        SendToOtherInstances(e);
        await Task.WhenAll(_local.PublishAsync(e, ct), _own.PublishAsync(e, ct));
    }

    public IDisposable Subscribe(string topic, Func<RealtimeEvent, Task> handler) => _local.Subscribe(topic, handler);

    public IDisposable SubscribeAll(Func<RealtimeEvent, Task> handler) => _local.SubscribeAll(handler);

    /// <summary>Events published on this instance only (the hub relay; the SignalR backplane reaches the other instances).</summary>
    public IDisposable SubscribeOwn(Func<RealtimeEvent, Task> handler) => _own.SubscribeAll(handler);

    public Task StartAsync(CancellationToken cancellationToken) => SubscribeAsync();

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _queue, null) is { } queue)
        {
            try
            {
                await queue.UnsubscribeAsync();
            }
            catch (Exception ex) when (ex is RedisException or ObjectDisposedException)
            {
                _logger.LogDebug(ex, "Could not unsubscribe from Redis while stopping.");
            }
        }
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
            return;
        _link.LiveChanged -= OnLiveChanged;
        _subscribing.Dispose();
    }

    private void SendToOtherInstances(RealtimeEvent e)
    {
        if (!_link.IsLive || _link.Connection is not { } connection)
            return;
        try
        {
            var message = JsonSerializer.Serialize(WireEvent.From(e, InstanceId), Json);
            // Fire and forget: sent in order, never awaited, never retried (at most once).
            connection.GetSubscriber().Publish(RedisLink.EventsChannel, message, CommandFlags.FireAndForget);
        }
        catch (Exception ex) when (ex is RedisException or ObjectDisposedException or TimeoutException)
        {
            // The link notices the outage and logs it once; ids only here.
            _logger.LogDebug(ex, "Could not send {Kind} on {Topic} (resource {ResourceId}, version {Version}) to other instances.",
                e.Kind, e.Topic, e.ResourceId, e.Version);
        }
    }

    private void OnLiveChanged(object? sender, bool live)
    {
        if (live && !IsSubscribed)
            _ = SubscribeAsync();
    }

    // Listens on the channel once; when Redis was down at start, again when the link comes back.
    private async Task SubscribeAsync()
    {
        if (IsSubscribed || Volatile.Read(ref _disposed) != 0 || _link.Connection is not { } connection)
            return;
        try
        {
            await _subscribing.WaitAsync();
        }
        catch (ObjectDisposedException)
        {
            return;
        }
        try
        {
            if (IsSubscribed)
                return;
            var subscriber = connection.GetSubscriber();
            if (_subscribeFailed)
                await subscriber.UnsubscribeAsync(RedisLink.EventsChannel); // a half-made subscription must not deliver twice
            var queue = await subscriber.SubscribeAsync(RedisLink.EventsChannel);
            queue.OnMessage(OnMessageAsync);
            Volatile.Write(ref _queue, queue);
            _subscribeFailed = false;
        }
        catch (Exception ex) when (ex is RedisException or ObjectDisposedException or TimeoutException)
        {
            _subscribeFailed = true;
            _logger.LogDebug(ex, "Could not subscribe to Redis yet; trying again when it answers.");
        }
        finally
        {
            _subscribing.Release();
        }
    }

    private async Task OnMessageAsync(ChannelMessage message)
    {
        WireEvent? wire;
        try
        {
            wire = JsonSerializer.Deserialize<WireEvent>((string)message.Message!, Json);
        }
        catch (JsonException ex)
        {
            _logger.LogWarning(ex, "Ignored a message on {Channel} that is not a CareHub event.", RedisLink.EventsChannel);
            return;
        }
        if (wire is null || string.IsNullOrWhiteSpace(wire.Topic) || string.IsNullOrWhiteSpace(wire.Kind)
            || string.Equals(wire.Origin, InstanceId, StringComparison.Ordinal))
        {
            return;
        }
        try
        {
            await _local.PublishAsync(wire.ToEvent());
        }
        catch (Exception ex)
        {
            _logger.LogError(ex, "Could not deliver {Kind} on {Topic} from another instance.", wire.Kind, wire.Topic);
        }
    }

    /// <summary>The message on the channel: the event's ids and version, and the instance that published it.</summary>
    internal sealed record WireEvent(string Topic, string Kind, Guid ResourceId, long Version, DateTimeOffset At, Guid? ItemId, string Origin)
    {
        public static WireEvent From(RealtimeEvent e, string origin) => new(e.Topic, e.Kind, e.ResourceId, e.Version, e.At, e.ItemId, origin);

        public RealtimeEvent ToEvent() => new(Topic, Kind, ResourceId, Version, At, ItemId);
    }
}
