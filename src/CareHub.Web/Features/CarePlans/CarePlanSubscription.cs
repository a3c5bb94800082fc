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
    private readonly Lock _gate = new();
    private IDisposable? _subscription;
    private bool _disposed;

    public Guid? PlanId { get; private set; }

    public void Follow(IRealtimeBus bus, IDispatcher dispatcher, Guid planId)
    {
        lock (_gate)
        {
            if (_disposed || PlanId == planId)
                return;
            _subscription?.Dispose();
            PlanId = planId;
            // The handler runs on the publisher's thread, which may hold its own circuit's store lock (a save in an
            // effect): hand the event to this circuit's store on another thread, or two screens saving wait on each other.
            _subscription = bus.Subscribe(Topics.CarePlan(planId), e =>
            {
                _ = Task.Run(() => dispatcher.Dispatch(new CarePlanChangedRemotelyAction(e.ResourceId, e.Version, e.ItemId)));
                return Task.CompletedTask;
            });
        }
        dispatcher.Dispatch(new ReloadCarePlanAction(planId));
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
