using System.Collections.Concurrent;

namespace CareHub.Web.Realtime;

/// <summary>
/// The single-instance bus (singleton). Each topic holds an immutable array of subscriptions that is replaced on
/// every change (copy-on-write), so publishing never takes a lock and never sees a half-made list; a topic is
/// removed with its last subscription, so churn does not grow memory.
/// </summary>
public sealed class InProcessRealtimeBus(ILogger<InProcessRealtimeBus> logger) : IRealtimeBus
{
    private readonly Lock _gate = new();
    private readonly ConcurrentDictionary<string, Subscription[]> _topics = new(StringComparer.Ordinal);
    private Subscription[] _all = [];

    /// <summary>How many topics have at least one subscriber (for tests and diagnostics).</summary>
    public int TopicCount => _topics.Count;

    public async Task PublishAsync(RealtimeEvent e, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(e);
        ArgumentException.ThrowIfNullOrWhiteSpace(e.Topic);
        ct.ThrowIfCancellationRequested();

        var forTopic = _topics.TryGetValue(e.Topic, out var subscribers) ? subscribers : [];
        var forAll = Volatile.Read(ref _all);
        List<Task>? pending = null;
        foreach (var subscription in forTopic)
            Deliver(subscription, e, ref pending);
        foreach (var subscription in forAll)
            Deliver(subscription, e, ref pending);
        if (pending is not null)
            await Task.WhenAll(pending);
    }

    public IDisposable Subscribe(string topic, Func<RealtimeEvent, Task> handler)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(topic);
        ArgumentNullException.ThrowIfNull(handler);
        var subscription = new Subscription(this, topic, handler);
        lock (_gate)
            _topics[topic] = _topics.TryGetValue(topic, out var existing) ? [.. existing, subscription] : [subscription];
        return subscription;
    }

    /// <summary>On one instance every event is this instance's own.</summary>
    public IDisposable SubscribeOwn(Func<RealtimeEvent, Task> handler) => SubscribeAll(handler);

    public IDisposable SubscribeAll(Func<RealtimeEvent, Task> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        var subscription = new Subscription(this, null, handler);
        lock (_gate)
            Volatile.Write(ref _all, [.. _all, subscription]);
        return subscription;
    }

    private void Deliver(Subscription subscription, RealtimeEvent e, ref List<Task>? pending)
    {
        // A subscription disposed after the snapshot was taken gets nothing more.
        if (subscription.IsDisposed)
            return;
        try
        {
            var task = subscription.Handler(e);
            if (!task.IsCompletedSuccessfully)
                (pending ??= []).Add(ObserveAsync(task, e));
        }
        catch (Exception ex)
        {
            LogHandlerFailure(ex, e);
        }
    }

    private async Task ObserveAsync(Task task, RealtimeEvent e)
    {
        try
        {
            await task;
        }
        catch (Exception ex)
        {
            LogHandlerFailure(ex, e);
        }
    }

    // Ids only: the topic, kind, resource id and version identify the event without any of its context.
    private void LogHandlerFailure(Exception ex, RealtimeEvent e) =>
        logger.LogError(ex, "A realtime handler failed for {Kind} on {Topic} (resource {ResourceId}, version {Version}); other handlers still ran.",
            e.Kind, e.Topic, e.ResourceId, e.Version);

    private void Remove(Subscription subscription)
    {
        lock (_gate)
        {
            if (subscription.Topic is null)
            {
                Volatile.Write(ref _all, Array.FindAll(_all, s => !ReferenceEquals(s, subscription)));
                return;
            }
            if (!_topics.TryGetValue(subscription.Topic, out var existing))
                return;
            var remaining = Array.FindAll(existing, s => !ReferenceEquals(s, subscription));
            if (remaining.Length == 0)
                _topics.TryRemove(subscription.Topic, out _);
            else
                _topics[subscription.Topic] = remaining;
        }
    }

    private sealed class Subscription(InProcessRealtimeBus bus, string? topic, Func<RealtimeEvent, Task> handler) : IDisposable
    {
        private int _disposed;

        public string? Topic { get; } = topic;

        public Func<RealtimeEvent, Task> Handler { get; } = handler;

        public bool IsDisposed => Volatile.Read(ref _disposed) != 0;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
                bus.Remove(this);
        }
    }
}
