using CareHub.Flux;
using CareHub.Web.Realtime;

namespace CareHub.Web.Features.CarePlans;

/// <summary>
/// A page's subscription to the bus topic of the plan it shows: each event becomes
/// <see cref="CarePlanChangedRemotelyAction"/>. Following a plan reads it once more, since an event published between
/// the first read and the subscription would otherwise be missed.
/// </summary>
internal sealed class CarePlanSubscription : IDisposable
{
    private readonly TopicFollower _follower = new();

    public Guid? PlanId { get; private set; }

    public void Follow(IRealtimeBus bus, IDispatcher dispatcher, Guid id)
    {
        if (!_follower.Follow(bus, dispatcher, [Topics.CarePlan(id)], (e, _) => new CarePlanChangedRemotelyAction(e.ResourceId, e.Version, e.ItemId)))
            return;
        PlanId = id;
        dispatcher.Dispatch(new ReloadCarePlanAction(id));
    }

    public void Dispose() => _follower.Dispose();
}
