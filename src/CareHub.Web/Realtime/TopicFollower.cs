using CareHub.Flux;

namespace CareHub.Web.Realtime;

/// <summary>
/// A page's subscriptions to a set of bus topics, each event turned into a store action. The bus calls handlers on
/// the publisher's thread, which may hold its own circuit's store lock (a save in an effect): the action is handed to
/// this circuit's store on another thread, or two screens saving at once wait on each other. Dispose to stop.
/// </summary>
public sealed class TopicFollower : IDisposable
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, IDisposable> _subscriptions = new(StringComparer.Ordinal);
    private bool _disposed;

    /// <summary>
    /// Follows exactly <paramref name="topics"/> (leaving the others); each event of topic t dispatches
    /// <paramref name="toAction"/>(event, t) unless it is null. True when that changed what is followed.
    /// </summary>
    public bool Follow(IRealtimeBus bus, IDispatcher dispatcher, IEnumerable<string> topics, Func<RealtimeEvent, string, object?> toAction)
    {
        ArgumentNullException.ThrowIfNull(bus);
        ArgumentNullException.ThrowIfNull(dispatcher);
        ArgumentNullException.ThrowIfNull(toAction);
        var wanted = topics.ToHashSet(StringComparer.Ordinal);
        lock (_gate)
        {
            if (_disposed || wanted.SetEquals(_subscriptions.Keys))
                return false;
            foreach (var gone in _subscriptions.Keys.Where(t => !wanted.Contains(t)).ToList())
            {
                _subscriptions[gone].Dispose();
                _subscriptions.Remove(gone);
            }
            foreach (var topic in wanted.Where(t => !_subscriptions.ContainsKey(t)))
            {
                _subscriptions[topic] = bus.Subscribe(topic, e =>
                {
                    if (toAction(e, topic) is { } action)
                        _ = Task.Run(() => dispatcher.Dispatch(action));
                    return Task.CompletedTask;
                });
            }
            return true;
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
            foreach (var subscription in _subscriptions.Values)
                subscription.Dispose();
            _subscriptions.Clear();
        }
    }
}
