using CareHub.Flux;
using CareHub.Web.Realtime;

namespace CareHub.Web.Features.Referrals;

/// <summary>
/// A page's subscriptions to the referral topics of a set of teams (<c>referrals:{teamId}</c>): each event becomes
/// the action <c>toAction</c> makes of it (none when it returns null). Following reads once more
/// (<c>afterFollow</c>), since an event published between the first read and the subscription would be missed.
/// </summary>
internal sealed class ReferralSubscription : IDisposable
{
    private readonly Lock _gate = new();
    private readonly Dictionary<Guid, IDisposable> _subscriptions = [];
    private bool _disposed;

    public IReadOnlyCollection<Guid> TeamIds
    {
        get
        {
            lock (_gate)
                return [.. _subscriptions.Keys];
        }
    }

    /// <summary>Follows exactly <paramref name="teamIds"/>; true when that changed what is followed.</summary>
    public bool Follow(IRealtimeBus bus, IDispatcher dispatcher, IEnumerable<Guid> teamIds, Func<RealtimeEvent, Guid, object?> toAction)
    {
        var wanted = teamIds.ToHashSet();
        lock (_gate)
        {
            if (_disposed || wanted.SetEquals(_subscriptions.Keys))
                return false;
            foreach (var gone in _subscriptions.Keys.Where(t => !wanted.Contains(t)).ToList())
            {
                _subscriptions[gone].Dispose();
                _subscriptions.Remove(gone);
            }
            foreach (var teamId in wanted.Where(t => !_subscriptions.ContainsKey(t)))
            {
                // The handler runs on the publisher's thread, which may hold its own circuit's store lock: hand the
                // event to this circuit's store on another thread (see HuddleBoardSubscription).
                _subscriptions[teamId] = bus.Subscribe(Topics.Referrals(teamId), e =>
                {
                    if (toAction(e, teamId) is { } action)
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
