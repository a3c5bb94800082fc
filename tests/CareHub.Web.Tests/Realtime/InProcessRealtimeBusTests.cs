using System.Collections.Concurrent;
using CareHub.Web.Realtime;
using Microsoft.Extensions.Logging;

namespace CareHub.Web.Tests.Realtime;

public sealed class InProcessRealtimeBusTests
{
    private static readonly Guid PlanA = Guid.NewGuid();
    private static readonly Guid PlanB = Guid.NewGuid();

    [Fact]
    public async Task Publishing_reaches_the_subscribers_of_that_topic_only()
    {
        var bus = RealtimeFixtures.Bus();
        var onA = new List<RealtimeEvent>();
        var onB = new List<RealtimeEvent>();
        using var a = bus.Subscribe(Topics.CarePlan(PlanA), e => { onA.Add(e); return Task.CompletedTask; });
        using var b = bus.Subscribe(Topics.CarePlan(PlanB), e => { onB.Add(e); return Task.CompletedTask; });

        var published = RealtimeFixtures.Event(Topics.CarePlan(PlanA), version: 7);
        await bus.PublishAsync(published, TestContext.Current.CancellationToken);

        onA.ShouldBe([published]);
        onB.ShouldBeEmpty();
    }

    [Fact]
    public async Task SubscribeAll_sees_every_topic()
    {
        var bus = RealtimeFixtures.Bus();
        var all = new List<string>();
        using var subscription = bus.SubscribeAll(e => { all.Add(e.Topic); return Task.CompletedTask; });

        await bus.PublishAsync(RealtimeEvent(Topics.CarePlan(PlanA)), TestContext.Current.CancellationToken);
        await bus.PublishAsync(RealtimeEvent(Topics.Huddle(PlanB)), TestContext.Current.CancellationToken);
        await bus.PublishAsync(RealtimeEvent("nobody-listens:1"), TestContext.Current.CancellationToken);

        all.ShouldBe([Topics.CarePlan(PlanA), Topics.Huddle(PlanB), "nobody-listens:1"]);
    }

    [Fact]
    public async Task Disposing_a_subscription_stops_delivery_and_removes_the_empty_topic()
    {
        var bus = RealtimeFixtures.Bus();
        var topicCount = 0;
        var allCount = 0;
        var topic = bus.Subscribe(Topics.CarePlan(PlanA), _ => { topicCount++; return Task.CompletedTask; });
        var all = bus.SubscribeAll(_ => { allCount++; return Task.CompletedTask; });
        await bus.PublishAsync(RealtimeEvent(Topics.CarePlan(PlanA)), TestContext.Current.CancellationToken);

        topic.Dispose();
        all.Dispose();
        topic.Dispose(); // idempotent
        await bus.PublishAsync(RealtimeEvent(Topics.CarePlan(PlanA)), TestContext.Current.CancellationToken);

        topicCount.ShouldBe(1);
        allCount.ShouldBe(1);
        bus.TopicCount.ShouldBe(0);
    }

    [Fact]
    public async Task Disposing_one_of_two_subscriptions_keeps_the_other()
    {
        var bus = RealtimeFixtures.Bus();
        var first = 0;
        var second = 0;
        var a = bus.Subscribe(Topics.CarePlan(PlanA), _ => { first++; return Task.CompletedTask; });
        using var b = bus.Subscribe(Topics.CarePlan(PlanA), _ => { second++; return Task.CompletedTask; });

        a.Dispose();
        a.Dispose();
        await bus.PublishAsync(RealtimeEvent(Topics.CarePlan(PlanA)), TestContext.Current.CancellationToken);

        (first, second).ShouldBe((0, 1));
        bus.TopicCount.ShouldBe(1);
    }

    [Fact]
    public async Task A_throwing_handler_is_logged_by_ids_and_does_not_stop_the_others()
    {
        var logger = new CapturingLogger<InProcessRealtimeBus>();
        var bus = new InProcessRealtimeBus(logger);
        var delivered = new List<string>();
        using var before = bus.Subscribe(Topics.CarePlan(PlanA), _ => { delivered.Add("before"); return Task.CompletedTask; });
        using var throwsNow = bus.Subscribe(Topics.CarePlan(PlanA), _ => throw new InvalidOperationException("sync boom"));
        using var throwsLater = bus.Subscribe(Topics.CarePlan(PlanA), async _ =>
        {
            await Task.Yield();
            throw new InvalidOperationException("async boom");
        });
        using var after = bus.Subscribe(Topics.CarePlan(PlanA), _ => { delivered.Add("after"); return Task.CompletedTask; });
        using var all = bus.SubscribeAll(_ => { delivered.Add("all"); return Task.CompletedTask; });

        var e = RealtimeEvent(Topics.CarePlan(PlanA));
        await bus.PublishAsync(e, TestContext.Current.CancellationToken);

        delivered.ShouldBe(["before", "after", "all"]);
        var errors = logger.Entries.Where(x => x.Level == LogLevel.Error).ToList();
        errors.Count.ShouldBe(2);
        errors.ShouldAllBe(x => x.Message.Contains(e.ResourceId.ToString()) && x.Message.Contains(e.Topic));
    }

    [Fact]
    public async Task Concurrent_subscribe_publish_and_dispose_lose_nothing_and_leave_no_topics()
    {
        var bus = RealtimeFixtures.Bus();
        const int Workers = 32;
        const int EventsEach = 200;
        var seenByAll = 0;
        using var all = bus.SubscribeAll(_ => { Interlocked.Increment(ref seenByAll); return Task.CompletedTask; });
        var received = new ConcurrentDictionary<int, int>();
        // Churn on a shared topic at the same time: subscriptions come and go while others publish.
        var shared = Topics.Team(Guid.NewGuid());

        await Parallel.ForAsync(0, Workers, TestContext.Current.CancellationToken, async (worker, ct) =>
        {
            var topic = Topics.CarePlan(Guid.NewGuid());
            var count = 0;
            using (bus.Subscribe(topic, _ => { Interlocked.Increment(ref count); return Task.CompletedTask; }))
            {
                for (var i = 0; i < EventsEach; i++)
                {
                    using (bus.Subscribe(shared, _ => Task.CompletedTask))
                        await bus.PublishAsync(RealtimeEvent(topic, i + 1), ct);
                }
            }
            received[worker] = Volatile.Read(ref count);
        });

        received.Count.ShouldBe(Workers);
        received.Values.ShouldAllBe(n => n == EventsEach);
        Volatile.Read(ref seenByAll).ShouldBe(Workers * EventsEach);
        bus.TopicCount.ShouldBe(0);
    }

    private static RealtimeEvent RealtimeEvent(string topic, long version = 1) => RealtimeFixtures.Event(topic, version);
}
