using CareHub.Web.Realtime;

namespace CareHub.Web.Tests.Realtime;

/// <summary>Presence across two app instances on one real Redis.</summary>
public sealed class RedisPresenceServiceTests(RedisServer redis) : IClassFixture<RedisServer>, IAsyncDisposable
{
    private static readonly Guid Maria = Guid.NewGuid();
    private static readonly Guid Devon = Guid.NewGuid();

    private readonly RedisInstances _instances = new(redis);

    public ValueTask DisposeAsync() => _instances.DisposeAsync();

    [Fact]
    public async Task A_person_on_one_instance_is_seen_from_the_other_and_the_change_is_announced_there()
    {
        var (a, b) = (await _instances.StartAsync(), await _instances.StartAsync());
        var plan = Topics.CarePlan(Guid.NewGuid());
        var announcedOnB = b.Record(Topics.Presence(plan));

        using var maria = a.Presence.Join(plan, RealtimeFixtures.Entry("circuit-a", Maria, "Maria Alvarez"));
        using var devon = b.Presence.Join(plan, RealtimeFixtures.Entry("circuit-b", Devon, "Devon Okafor"));

        await Eventually.HoldsAsync(() => b.Presence.Get(plan).Count == 2, "B sees both people");
        b.Presence.Get(plan).Select(p => p.DisplayName).ShouldBe(["Devon Okafor", "Maria Alvarez"]);
        await Eventually.HoldsAsync(() => a.Presence.Get(plan).Count == 2, "A sees both people");
        await Eventually.HoldsAsync(() => announcedOnB.Any(e => e.Kind == InMemoryPresenceService.ChangedKind), "a presence change reached B's bus");
    }

    [Fact]
    public async Task Focus_and_leaving_on_one_instance_show_on_the_other()
    {
        var (a, b) = (await _instances.StartAsync(), await _instances.StartAsync());
        var plan = Topics.CarePlan(Guid.NewGuid());
        var maria = a.Presence.Join(plan, RealtimeFixtures.Entry("circuit-a", Maria, "Maria Alvarez"));

        a.Presence.Focus(plan, "circuit-a", "item:1:text", typing: true);
        await Eventually.HoldsAsync(() => b.Presence.Get(plan) is [{ Typing: true, Field: "item:1:text" }], "B sees Maria typing");
        maria.Dispose();
        await Eventually.HoldsAsync(() => b.Presence.Get(plan).Count == 0, "B sees Maria gone");

        a.Presence.Join(plan, RealtimeFixtures.Entry("circuit-a2", Maria, "Maria Alvarez"));
        await Eventually.HoldsAsync(() => b.Presence.Get(plan).Count == 1, "B sees Maria back");
        a.Presence.LeaveAll("circuit-a2");
        await Eventually.HoldsAsync(() => b.Presence.Get(plan).Count == 0, "B sees Maria's circuit closed");
    }

    [Fact]
    public async Task An_entry_expires_after_its_time_to_live_when_its_instance_stops_heartbeating_and_the_other_announces_it()
    {
        var shortLived = new PresenceOptions { TimeToLive = TimeSpan.FromSeconds(1), HeartbeatInterval = TimeSpan.FromMilliseconds(300) };
        var (a, b) = (await _instances.StartAsync(shortLived), await _instances.StartAsync(shortLived));
        var plan = Topics.CarePlan(Guid.NewGuid());
        // Devon on B keeps heartbeating; Maria's instance A "dies": it never heartbeats again.
        using var devon = b.Presence.Join(plan, RealtimeFixtures.Entry("circuit-b", Devon, "Devon Okafor"));
        a.Presence.Join(plan, RealtimeFixtures.Entry("circuit-a", Maria, "Maria Alvarez"));
        await Eventually.HoldsAsync(() => b.Presence.Get(plan).Count == 2, "B sees Maria before she expires");
        var announcedOnB = b.Record(Topics.Presence(plan));

        await Eventually.HoldsAsync(() =>
        {
            b.Presence.Heartbeat("circuit-b");
            b.Presence.Sweep(DateTimeOffset.UtcNow);
            return b.Presence.Get(plan) is [{ StaffId: var only }] && only == Devon;
        }, "Maria's entry expired in Redis while Devon's did not");
        // Maria's key can expire between a sweep and the read above; the next sweep then finds and announces it.
        await Eventually.HoldsAsync(() =>
        {
            b.Presence.Heartbeat("circuit-b");
            b.Presence.Sweep(DateTimeOffset.UtcNow);
            return !announcedOnB.IsEmpty;
        }, "B's sweep announced the expiry");
    }

    [Fact]
    public async Task A_heartbeat_puts_back_an_entry_that_Redis_lost_and_is_false_for_an_unknown_connection()
    {
        var (a, b) = (await _instances.StartAsync(), await _instances.StartAsync());
        var plan = Topics.CarePlan(Guid.NewGuid());
        a.Presence.Join(plan, RealtimeFixtures.Entry("circuit-a", Maria, "Maria Alvarez"));
        await Eventually.HoldsAsync(() => b.Presence.Get(plan).Count == 1, "B sees Maria");
        var db = a.Link.Connection!.GetDatabase();
        await db.KeyDeleteAsync([RedisPresenceService.IndexKey(plan), RedisPresenceService.EntryKey(plan, "circuit-a")]);
        b.Presence.Get(plan).ShouldBeEmpty();

        a.Presence.Heartbeat("circuit-a").ShouldBeTrue();

        await Eventually.HoldsAsync(() => b.Presence.Get(plan).Count == 1, "B sees Maria again");
        a.Presence.Heartbeat("never-joined").ShouldBeFalse();
    }
}
