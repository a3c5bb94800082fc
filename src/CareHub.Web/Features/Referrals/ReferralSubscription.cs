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
    private readonly TopicFollower _follower = new();
    private readonly Lock _gate = new();
    private IReadOnlyCollection<Guid> _teamIds = [];

    public IReadOnlyCollection<Guid> TeamIds
    {
        get
        {
            lock (_gate)
                return _teamIds;
        }
    }

    /// <summary>Follows exactly <paramref name="teamIds"/>; true when that changed what is followed.</summary>
    public bool Follow(IRealtimeBus bus, IDispatcher dispatcher, IEnumerable<Guid> teamIds, Func<RealtimeEvent, Guid, object?> toAction)
    {
        var wanted = teamIds.Distinct().ToDictionary(Topics.Referrals);
        if (!_follower.Follow(bus, dispatcher, wanted.Keys, (e, topic) => toAction(e, wanted[topic])))
            return false;
        lock (_gate)
            _teamIds = [.. wanted.Values];
        return true;
    }

    public void Dispose() => _follower.Dispose();
}
