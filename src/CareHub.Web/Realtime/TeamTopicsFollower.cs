using CareHub.Flux;

namespace CareHub.Web.Realtime;

/// <summary>
/// A page's subscriptions to one topic per team for a set of teams (<c>referrals:{teamId}</c>, <c>census:{teamId}</c>):
/// each event becomes the action <c>toAction</c> makes of it with the team it came from (none when it returns null).
/// <see cref="Follow"/> returns true when what is followed changed, so the page can read once more: an event published
/// between the first read and the subscription would be missed otherwise.
/// </summary>
public sealed class TeamTopicsFollower(Func<Guid, string> topicOf) : IDisposable
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
        var wanted = teamIds.Where(id => id != Guid.Empty).Distinct().ToDictionary(topicOf);
        if (!_follower.Follow(bus, dispatcher, wanted.Keys, (e, topic) => toAction(e, wanted[topic])))
            return false;
        lock (_gate)
            _teamIds = [.. wanted.Values];
        return true;
    }

    public void Dispose() => _follower.Dispose();
}
