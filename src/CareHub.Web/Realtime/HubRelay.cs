using System.Threading.Channels;
using Microsoft.AspNetCore.SignalR;

namespace CareHub.Web.Realtime;

/// <summary>
/// Forwards every bus event to the SignalR group named by its topic, for outside clients. A bounded queue keeps a
/// slow client from slowing publishers; when it overflows the oldest events go (delivery is at most once, and a
/// client that sees a version gap reloads). Presence topics stay in the server. With several instances each relays
/// the events published on it, and the SignalR Redis backplane reaches the clients connected elsewhere.
/// </summary>
public sealed class HubRelay(IRealtimeBus bus, IHubContext<CareHubHub> hub, IRealtimeLink link, ILogger<HubRelay> logger) : BackgroundService
{
    private readonly Channel<RealtimeEvent> _queue = Channel.CreateBounded<RealtimeEvent>(
        new BoundedChannelOptions(10_000) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });

    private IDisposable? _subscription;

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        // Subscribed before start-up completes, so no event published after start is missed.
        // Events of this instance only: with Redis, the backplane carries them to the clients on other instances.
        _subscription = bus.SubscribeOwn(Enqueue);
        return base.StartAsync(cancellationToken);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        _subscription?.Dispose();
        _queue.Writer.TryComplete();
        await base.StopAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var e in _queue.Reader.ReadAllAsync(stoppingToken))
            {
                try
                {
                    await hub.Clients.Group(e.Topic).SendAsync(CareHubHub.EventMethod, e, stoppingToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    // While the link between instances is down (the backplane's Redis), the link has said so once.
                    logger.Log(link.IsLive ? LogLevel.Warning : LogLevel.Debug, ex,
                        "Could not relay {Kind} on {Topic} (resource {ResourceId}, version {Version}).", e.Kind, e.Topic, e.ResourceId, e.Version);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
    }

    public override void Dispose()
    {
        _subscription?.Dispose();
        base.Dispose();
    }

    private Task Enqueue(RealtimeEvent e)
    {
        if (Topics.TryParse(e.Topic, out _, out _))
            _queue.Writer.TryWrite(e);
        return Task.CompletedTask;
    }
}
