using System.Collections.Concurrent;
using CareHub.Web.Realtime;
using Microsoft.Extensions.Logging.Abstractions;

namespace CareHub.Web.Tests.Realtime;

/// <summary>App instances of one test (link, bus, presence on a real Redis), disposed with it.</summary>
internal sealed class RedisInstances(RedisServer redis) : IAsyncDisposable
{
    private readonly List<IAsyncDisposable> _owned = [];

    public async Task<Instance> StartAsync(PresenceOptions? presence = null)
    {
        var link = await redis.LinkAsync();
        _owned.Add(link);
        var bus = new RedisRealtimeBus(link, NullLogger<RedisRealtimeBus>.Instance, NullLogger<InProcessRealtimeBus>.Instance);
        await bus.StartAsync(Xunit.TestContext.Current.CancellationToken);
        // The connection completes in the background (abortConnect=false): with Redis up, wait for it, as an app's start does.
        if (redis.IsRunning)
            await Eventually.HoldsAsync(() => link.IsLive && bus.IsSubscribed, "the instance is connected and subscribed");
        var service = new RedisPresenceService(bus, link, TimeProvider.System, presence ?? new PresenceOptions(),
            NullLogger<RedisPresenceService>.Instance);
        var instance = new Instance(link, bus, service);
        _owned.Add(instance);
        return instance;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var owned in Enumerable.Reverse(_owned))
            await owned.DisposeAsync();
    }

    internal sealed record Instance(RedisLink Link, RedisRealtimeBus Bus, RedisPresenceService Presence) : IAsyncDisposable
    {
        public ConcurrentQueue<RealtimeEvent> Record(string topic)
        {
            var seen = new ConcurrentQueue<RealtimeEvent>();
            Bus.Subscribe(topic, e =>
            {
                seen.Enqueue(e);
                return Task.CompletedTask;
            });
            return seen;
        }

        public async ValueTask DisposeAsync()
        {
            Presence.Dispose();
            await Bus.StopAsync(CancellationToken.None);
            Bus.Dispose();
        }
    }
}
