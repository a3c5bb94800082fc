using System.Diagnostics;
using CareHub.Web.Realtime;

namespace CareHub.Web.Telemetry;

/// <summary>
/// Wraps whichever <see cref="IRealtimeBus"/> is registered (in process, or one that scales out) with a publish span and
/// counts: published and delivered events, and each handler's time. The bus itself is untouched; one this wrapper
/// created through DI (<paramref name="ownsInner"/>) is disposed with it.
/// </summary>
public sealed class InstrumentedRealtimeBus(IRealtimeBus inner, bool ownsInner = false) : IRealtimeBus, IAsyncDisposable, IDisposable
{
    /// <summary>The bus this one wraps.</summary>
    public IRealtimeBus Inner { get; } = inner;

    public async ValueTask DisposeAsync()
    {
        if (!ownsInner)
            return;
        if (Inner is IAsyncDisposable asyncDisposable)
            await asyncDisposable.DisposeAsync();
        else if (Inner is IDisposable disposable)
            disposable.Dispose();
    }

    public void Dispose()
    {
        if (ownsInner && Inner is IDisposable disposable)
            disposable.Dispose();
    }

    public async Task PublishAsync(RealtimeEvent e, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(e);
        var tags = Tags(e);
        using var activity = RealtimeTelemetry.Source.StartActivity(RealtimeTelemetry.PublishActivity, ActivityKind.Producer);
        if (activity is { IsAllDataRequested: true })
        {
            activity.DisplayName = $"publish {tags.TopicKind}";
            activity.SetTag(RealtimeTelemetry.TopicKindTag, tags.TopicKind);
            activity.SetTag(RealtimeTelemetry.EventKindTag, tags.EventKind);
        }
        try
        {
            await Inner.PublishAsync(e, ct);
        }
        catch (Exception ex)
        {
            activity?.SetTag("error.type", ex.GetType().FullName);
            activity?.SetStatus(ActivityStatusCode.Error);
            throw;
        }
        finally
        {
            RealtimeTelemetry.Published.Add(1, new(RealtimeTelemetry.TopicKindTag, tags.TopicKind), new(RealtimeTelemetry.EventKindTag, tags.EventKind));
        }
    }

    public IDisposable Subscribe(string topic, Func<RealtimeEvent, Task> handler) => Inner.Subscribe(topic, Measured(handler));

    public IDisposable SubscribeAll(Func<RealtimeEvent, Task> handler) => Inner.SubscribeAll(Measured(handler));

    public IDisposable SubscribeOwn(Func<RealtimeEvent, Task> handler) => Inner.SubscribeOwn(Measured(handler));

    private static (string TopicKind, string EventKind) Tags(RealtimeEvent e) =>
        (RealtimeTelemetry.TopicKindOf(e.Topic), RealtimeTelemetry.EventKindOf(e.Kind));

    private static Func<RealtimeEvent, Task> Measured(Func<RealtimeEvent, Task> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        return async e =>
        {
            var started = Stopwatch.GetTimestamp();
            var outcome = "ok";
            try
            {
                await handler(e);
            }
            catch
            {
                outcome = "error";
                throw;
            }
            finally
            {
                var (topicKind, eventKind) = Tags(e);
                var topicTag = new KeyValuePair<string, object?>(RealtimeTelemetry.TopicKindTag, topicKind);
                var eventTag = new KeyValuePair<string, object?>(RealtimeTelemetry.EventKindTag, eventKind);
                var outcomeTag = new KeyValuePair<string, object?>(RealtimeTelemetry.OutcomeTag, outcome);
                RealtimeTelemetry.Delivered.Add(1, topicTag, eventTag, outcomeTag);
                RealtimeTelemetry.HandlerDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds, topicTag, eventTag, outcomeTag);
            }
        };
    }
}
