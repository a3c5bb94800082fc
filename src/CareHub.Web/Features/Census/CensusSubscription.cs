using CareHub.Flux;
using CareHub.Web.Realtime;

namespace CareHub.Web.Features.Census;

/// <summary>
/// The census board's subscriptions to the census topics of a set of teams (<c>census:{teamId}</c>): each
/// "census.changed" event names one patient (ResourceId) and becomes
/// <see cref="CensusPatientChangedAction"/>. Follow returns true when what is followed changed, so the page can read
/// once more (an event published between the first read and the subscription would be missed otherwise).
/// </summary>
internal sealed class CensusSubscription : IDisposable
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
    public bool Follow(IRealtimeBus bus, IDispatcher dispatcher, IEnumerable<Guid> teamIds)
    {
        var wanted = teamIds.Where(id => id != Guid.Empty).Distinct().ToList();
        if (!_follower.Follow(bus, dispatcher, wanted.Select(id => Topics.Census(id)), (e, _) => ToAction(e)))
            return false;
        lock (_gate)
            _teamIds = wanted;
        return true;
    }

    internal static object? ToAction(RealtimeEvent e) =>
        string.Equals(e.Kind, CensusEvents.CensusChanged, StringComparison.Ordinal) && e.ResourceId != Guid.Empty
            ? new CensusPatientChangedAction(e.ResourceId)
            : null;

    public void Dispose() => _follower.Dispose();
}
