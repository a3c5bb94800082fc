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
    private readonly TopicFollower _follower = new();

    public Guid? BoardId { get; private set; }

    public void Follow(IRealtimeBus bus, IDispatcher dispatcher, Guid id)
    {
        if (!_follower.Follow(bus, dispatcher, [Topics.Huddle(id)], (e, _) => new HuddleBoardChangedRemotelyAction(e.ResourceId, e.Version)))
            return;
        BoardId = id;
        dispatcher.Dispatch(new ReloadHuddleBoardAction(id));
    }

    public void Dispose() => _follower.Dispose();
}
