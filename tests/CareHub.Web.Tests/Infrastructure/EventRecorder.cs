using CareHub.Web.Realtime;

namespace CareHub.Web.Tests.Infrastructure;

/// <summary>The events of one topic, in the order they were published.</summary>
public sealed class EventRecorder : IDisposable
{
    private readonly Lock _gate = new();
    private readonly List<RealtimeEvent> _events = [];
    private readonly IDisposable _subscription;

    public EventRecorder(IRealtimeBus bus, string topic) =>
        _subscription = bus.Subscribe(topic, e =>
        {
            lock (_gate)
                _events.Add(e);
            return Task.CompletedTask;
        });

    public IReadOnlyList<RealtimeEvent> Events
    {
        get
        {
            lock (_gate)
                return [.. _events];
        }
    }

    public void Clear()
    {
        lock (_gate)
            _events.Clear();
    }

    public void Dispose() => _subscription.Dispose();
}
