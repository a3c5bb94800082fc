using CareHub.Flux;
using CareHub.Web.Realtime;

namespace CareHub.Web.Features.Huddle;

/// <summary>
/// A page's subscription to the bus topic of the board it shows: each event becomes
/// <see cref="HuddleBoardChangedRemotelyAction"/>. Following a board reads it once more, since an event published
/// between the first read and the subscription would otherwise be missed.
/// </summary>
internal sealed class HuddleBoardSubscription : IDisposable
{
    private readonly Lock _gate = new();
    private IDisposable? _subscription;
    private bool _disposed;

    public Guid? BoardId { get; private set; }

    public void Follow(IRealtimeBus bus, IDispatcher dispatcher, Guid boardId)
    {
        lock (_gate)
        {
            if (_disposed || BoardId == boardId)
                return;
            _subscription?.Dispose();
            BoardId = boardId;
            // The handler runs on the publisher's thread, which may hold its own circuit's store lock: hand the
            // event to this circuit's store on another thread, or two screens saving at once wait on each other.
            _subscription = bus.Subscribe(Topics.Huddle(boardId), e =>
            {
                _ = Task.Run(() => dispatcher.Dispatch(new HuddleBoardChangedRemotelyAction(e.ResourceId, e.Version)));
                return Task.CompletedTask;
            });
        }
        dispatcher.Dispatch(new ReloadHuddleBoardAction(boardId));
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
            _subscription?.Dispose();
            _subscription = null;
        }
    }
}
