using System.Collections.Concurrent;
using CareHub.Web.Realtime;

namespace CareHub.Web.Tests.Realtime;

/// <summary>Redis stops and comes back under running instances (a Redis of this class only: the tests stop it).</summary>
public sealed class RedisOutageTests(RedisServer redis) : IClassFixture<RedisServer>, IAsyncDisposable
{
    private static readonly Guid Maria = Guid.NewGuid();

    private readonly RedisInstances _instances = new(redis);

    public ValueTask DisposeAsync() => _instances.DisposeAsync();

    [Fact]
    public async Task With_Redis_down_publishing_delivers_locally_and_when_it_returns_the_link_is_live_again_and_says_so()
    {
        await redis.StartAsync();
        var (a, b) = (await _instances.StartAsync(), await _instances.StartAsync());
        var changes = new ConcurrentQueue<bool>();
        a.Link.LiveChanged += (_, live) => changes.Enqueue(live);
        var circuit = new CircuitContext();
        var reloads = 0;
        circuit.Reconnected += (_, _) => Interlocked.Increment(ref reloads);
        using var handler = new RealtimeLinkCircuitHandler(circuit, a.Link);
        handler.Listen();
        var topic = Topics.Patient(Guid.NewGuid());
        var onA = a.Record(topic);
        var onB = b.Record(topic);

        redis.Stop();
        await Eventually.HoldsAsync(() => !a.Link.IsLive, "A's link is not live");
        var whileDown = RealtimeFixtures.Event(topic, version: 1);
        await a.Bus.PublishAsync(whileDown, Xunit.TestContext.Current.CancellationToken);

        onA.ToArray().ShouldBe([whileDown]);
        Volatile.Read(ref reloads).ShouldBe(0);

        await redis.StartAsync();
        await Eventually.HoldsAsync(() => a.Link.IsLive, "A's link is live again");
        changes.ToArray().ShouldBe([false, true]);
        await Eventually.HoldsAsync(() => Volatile.Read(ref reloads) == 1, "the circuit was told to reload");
        // Events cross again (B resubscribes by itself); the one published during the outage is lost (at most once).
        var version = 2;
        await Eventually.HoldsAsync(() =>
        {
            a.Bus.PublishAsync(RealtimeFixtures.Event(topic, version++)).GetAwaiter().GetResult();
            return !onB.IsEmpty;
        }, "an event from A reaches B after the outage");
        onB.ShouldNotContain(whileDown);
    }

    [Fact]
    public async Task With_Redis_down_presence_is_this_instance_only_and_reaches_the_other_when_Redis_returns()
    {
        await redis.StartAsync();
        var (a, b) = (await _instances.StartAsync(), await _instances.StartAsync());
        var plan = Topics.CarePlan(Guid.NewGuid());

        redis.Stop();
        await Eventually.HoldsAsync(() => !a.Link.IsLive && !b.Link.IsLive, "both links are down");
        using var maria = a.Presence.Join(plan, RealtimeFixtures.Entry("circuit-a", Maria, "Maria Alvarez"));
        a.Presence.Focus(plan, "circuit-a", "item:1:text", typing: false);
        a.Presence.Heartbeat("circuit-a").ShouldBeTrue();
        a.Presence.Sweep(DateTimeOffset.UtcNow).ShouldBe(0);

        a.Presence.Get(plan).ShouldHaveSingleItem().StaffId.ShouldBe(Maria);
        b.Presence.Get(plan).ShouldBeEmpty();

        // Redis comes back empty (no persistence): A writes its entries again by itself.
        await redis.StartAsync();
        await Eventually.HoldsAsync(() => b.Presence.Get(plan).Count == 1, "B sees Maria once Redis is back");
    }

    [Fact]
    public async Task An_instance_that_starts_while_Redis_is_down_starts_and_joins_when_Redis_comes()
    {
        redis.Stop();
        var late = await _instances.StartAsync();
        late.Link.IsLive.ShouldBeFalse();
        late.Bus.IsSubscribed.ShouldBeFalse();
        var topic = Topics.Team(Guid.NewGuid());
        var onLate = late.Record(topic);

        await redis.StartAsync();
        await Eventually.HoldsAsync(() => late.Link.IsLive && late.Bus.IsSubscribed, "the late instance is live and subscribed");
        var other = await _instances.StartAsync();
        await other.Bus.PublishAsync(RealtimeFixtures.Event(topic), Xunit.TestContext.Current.CancellationToken);

        await Eventually.HoldsAsync(() => !onLate.IsEmpty, "the late instance gets events from the other");
    }
}
