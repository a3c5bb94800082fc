using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using CareHub.Web.Composition;
using CareHub.Web.Realtime;
using CareHub.Web.Telemetry;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace CareHub.Web.Tests.Telemetry;

[Collection(TelemetryCollection.Name)]
public sealed class InstrumentedRealtimeBusTests
{
    [Fact]
    public async Task Publishing_makes_a_span_with_the_topic_kind_and_event_kind_only_and_counts_each_delivery()
    {
        var bus = new InstrumentedRealtimeBus(new InProcessRealtimeBus(NullLogger<InProcessRealtimeBus>.Instance));
        var planId = Guid.NewGuid();
        var topic = Topics.CarePlan(planId);
        var spans = new ConcurrentQueue<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name == RealtimeTelemetry.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = spans.Enqueue,
        };
        ActivitySource.AddActivityListener(listener);
        var measurements = new ConcurrentQueue<(string Instrument, Dictionary<string, object?> Tags)>();
        using var meters = new MeterListener();
        meters.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == RealtimeTelemetry.Name)
                l.EnableMeasurementEvents(instrument);
        };
        meters.SetMeasurementEventCallback<long>((i, _, tags, _) => measurements.Enqueue((i.Name, Tags(tags))));
        meters.SetMeasurementEventCallback<double>((i, _, tags, _) => measurements.Enqueue((i.Name, Tags(tags))));
        meters.Start();
        var handled = 0;
        using var ok = bus.Subscribe(topic, _ =>
        {
            Interlocked.Increment(ref handled);
            return Task.CompletedTask;
        });
        using var failing = bus.Subscribe(topic, async _ =>
        {
            await Task.Yield();
            throw new InvalidOperationException("boom");
        });

        await bus.PublishAsync(new RealtimeEvent(topic, "careplan.item.changed", planId, 3, DateTimeOffset.UtcNow), TestContext.Current.CancellationToken);

        handled.ShouldBe(1);
        var span = spans.Where(s => Equals(s.GetTagItem(RealtimeTelemetry.EventKindTag), "careplan.item.changed")).ShouldHaveSingleItem();
        span.OperationName.ShouldBe(RealtimeTelemetry.PublishActivity);
        span.Kind.ShouldBe(ActivityKind.Producer);
        span.TagObjects.ToDictionary(t => t.Key, t => t.Value).ShouldBe(new Dictionary<string, object?>
        {
            [RealtimeTelemetry.TopicKindTag] = "careplan",
            [RealtimeTelemetry.EventKindTag] = "careplan.item.changed",
        });
        span.DisplayName.ShouldNotContain(planId.ToString());
        var ours = measurements.Where(m => Equals(m.Tags.GetValueOrDefault(RealtimeTelemetry.EventKindTag), "careplan.item.changed")).ToList();
        ours.Count(m => m.Instrument == "carehub.realtime.events.published").ShouldBe(1);
        ours.Where(m => m.Instrument == "carehub.realtime.events.delivered")
            .Select(m => m.Tags[RealtimeTelemetry.OutcomeTag]).OrderBy(o => o).ShouldBe(["error", "ok"]);
        ours.Count(m => m.Instrument == "carehub.realtime.handler.duration").ShouldBe(2);
        ours.SelectMany(m => m.Tags.Values).OfType<string>().ShouldNotContain(v => v.Contains(planId.ToString(), StringComparison.OrdinalIgnoreCase));
    }

    [Theory]
    [InlineData("careplan:0b6f1c8e-6d5f-4b53-9c1e-2f0a7d1c3b2a", "careplan")]
    [InlineData("presence:patient:0b6f1c8e-6d5f-4b53-9c1e-2f0a7d1c3b2a", "presence")]
    [InlineData("notify:0b6f1c8e-6d5f-4b53-9c1e-2f0a7d1c3b2a", "notify")]
    [InlineData("Smith:123", "other")]
    [InlineData("", "other")]
    public void A_topic_is_known_by_its_kind_alone(string topic, string kind) => RealtimeTelemetry.TopicKindOf(topic).ShouldBe(kind);

    [Theory]
    [InlineData("patient.changed", "patient.changed")]
    [InlineData("Patient Smith changed", "other")]
    public void An_event_kind_that_is_not_a_code_is_not_recorded(string value, string recorded) => RealtimeTelemetry.EventKindOf(value).ShouldBe(recorded);

    [Fact]
    public void The_composition_wraps_whichever_bus_was_registered()
    {
        var services = new ServiceCollection();
        services.AddSingleton<ILoggerFactory>(NullLoggerFactory.Instance);
        services.AddSingleton(typeof(ILogger<>), typeof(NullLogger<>));
        services.AddSingleton<IRealtimeBus, InProcessRealtimeBus>();

        TelemetryComposition.InstrumentRealtimeBus(services);
        TelemetryComposition.InstrumentRealtimeBus(services);
        using var provider = services.BuildServiceProvider();

        var bus = provider.GetRequiredService<IRealtimeBus>().ShouldBeOfType<InstrumentedRealtimeBus>();
        bus.Inner.ShouldBeOfType<InProcessRealtimeBus>();
        provider.GetRequiredService<IRealtimeBus>().ShouldBeSameAs(bus);
        services.Count(d => d.ServiceType == typeof(IRealtimeBus)).ShouldBe(1);
    }

    private static Dictionary<string, object?> Tags(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var result = new Dictionary<string, object?>();
        foreach (var (key, value) in tags)
            result[key] = value;
        return result;
    }
}
