using System.Collections.Concurrent;
using System.Text.Json;
using CareHub.Web.Realtime;
using Microsoft.Extensions.Logging.Abstractions;
using StackExchange.Redis;

namespace CareHub.Web.Tests.Realtime;

/// <summary>Two app instances (two buses, two links) on one real Redis.</summary>
public sealed class RedisRealtimeBusTests(RedisServer redis) : IClassFixture<RedisServer>, IAsyncLifetime
{
    private readonly List<IAsyncDisposable> _owned = [];

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        foreach (var owned in Enumerable.Reverse(_owned))
            await owned.DisposeAsync();
    }

    [Fact]
    public async Task An_event_published_on_one_instance_reaches_the_other_once_and_is_not_echoed_back()
    {
        var (a, b) = (await InstanceAsync(), await InstanceAsync());
        var topic = Topics.CarePlan(Guid.NewGuid());
        var onA = Record(a, topic);
        var onB = Record(b, topic);
        var sent = new RealtimeEvent(topic, "careplan.item.changed", Guid.NewGuid(), 7, RealtimeFixtures.Start, Guid.NewGuid());

        await a.PublishAsync(sent, Xunit.TestContext.Current.CancellationToken);
        await Eventually.HoldsAsync(() => !onB.IsEmpty, "the event reached instance B");
        // Redis delivers a channel's messages in order: once A has B's reply, A's own message came back before it.
        var reply = RealtimeFixtures.Event(topic, version: 8);
        await b.PublishAsync(reply, Xunit.TestContext.Current.CancellationToken);
        await Eventually.HoldsAsync(() => onA.Contains(reply), "B's reply reached instance A");

        onA.ToArray().ShouldBe([sent, reply]);
        onB.ToArray().ShouldBe([sent, reply]);
    }

    [Fact]
    public async Task Subscribers_of_every_topic_on_another_instance_get_the_event_and_other_topics_do_not()
    {
        var (a, b) = (await InstanceAsync(), await InstanceAsync());
        var topic = Topics.Patient(Guid.NewGuid());
        var everything = new ConcurrentQueue<RealtimeEvent>();
        using var all = b.SubscribeAll(e =>
        {
            everything.Enqueue(e);
            return Task.CompletedTask;
        });
        var otherTopic = Record(b, Topics.Patient(Guid.NewGuid()));
        var sent = RealtimeFixtures.Event(topic);

        await a.PublishAsync(sent, Xunit.TestContext.Current.CancellationToken);
        await Eventually.HoldsAsync(() => everything.Contains(sent), "the event reached B's relay");

        otherTopic.ShouldBeEmpty();
    }

    [Fact]
    public async Task The_message_on_the_channel_carries_ids_version_time_and_origin_only()
    {
        var a = await InstanceAsync();
        var listener = await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString);
        _owned.Add(listener);
        var messages = new ConcurrentQueue<string>();
        var queue = await listener.GetSubscriber().SubscribeAsync(RedisLink.EventsChannel);
        queue.OnMessage(m => messages.Enqueue(m.Message.ToString()));
        var sent = new RealtimeEvent(Topics.CarePlan(Guid.NewGuid()), "careplan.item.changed", Guid.NewGuid(), 42, RealtimeFixtures.Start, Guid.NewGuid());

        await a.PublishAsync(sent, Xunit.TestContext.Current.CancellationToken);
        await Eventually.HoldsAsync(() => !messages.IsEmpty, "the message was published on carehub:events");

        using var json = JsonDocument.Parse(messages.Single());
        var names = json.RootElement.EnumerateObject().Select(p => p.Name).ToList();
        names.ShouldBe(["topic", "kind", "resourceId", "version", "at", "itemId", "origin"], ignoreOrder: true);
        json.RootElement.GetProperty("topic").GetString().ShouldBe(sent.Topic);
        json.RootElement.GetProperty("version").GetInt64().ShouldBe(42);
        json.RootElement.GetProperty("itemId").GetGuid().ShouldBe(sent.ItemId!.Value);
        json.RootElement.GetProperty("origin").GetString().ShouldBe(a.InstanceId);
    }

    [Fact]
    public async Task A_message_that_is_not_a_CareHub_event_is_ignored_and_later_events_still_arrive()
    {
        var b = await InstanceAsync();
        var topic = Topics.Team(Guid.NewGuid());
        var onB = Record(b, topic);
        var writer = await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString);
        _owned.Add(writer);
        var sent = RealtimeFixtures.Event(topic);

        await writer.GetSubscriber().PublishAsync(RedisLink.EventsChannel, "not json {");
        await writer.GetSubscriber().PublishAsync(RedisLink.EventsChannel, JsonSerializer.Serialize(
            RedisRealtimeBus.WireEvent.From(sent, "another-instance"), new JsonSerializerOptions(JsonSerializerDefaults.Web)));
        await Eventually.HoldsAsync(() => !onB.IsEmpty, "the valid event arrived");

        onB.ToArray().ShouldBe([sent]);
    }

    private async Task<RedisRealtimeBus> InstanceAsync()
    {
        var link = await redis.LinkAsync();
        _owned.Add(link);
        var bus = new RedisRealtimeBus(link, NullLogger<RedisRealtimeBus>.Instance, NullLogger<InProcessRealtimeBus>.Instance);
        await bus.StartAsync(Xunit.TestContext.Current.CancellationToken);
        _owned.Add(new Stopping(bus));
        // The connection completes in the background (abortConnect=false): on a busy machine, a moment after the start.
        await Eventually.HoldsAsync(() => link.IsLive && bus.IsSubscribed, "the instance is connected and subscribed");
        return bus;
    }

    private static ConcurrentQueue<RealtimeEvent> Record(IRealtimeBus bus, string topic)
    {
        var seen = new ConcurrentQueue<RealtimeEvent>();
        bus.Subscribe(topic, e =>
        {
            seen.Enqueue(e);
            return Task.CompletedTask;
        });
        return seen;
    }

    private sealed class Stopping(RedisRealtimeBus bus) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await bus.StopAsync(CancellationToken.None);
            bus.Dispose();
        }
    }
}
