using CareHub.Flux;
using CareHub.Web.Realtime;

namespace CareHub.Web.Features.Census;

/// <summary>
/// The census board's subscriptions to the census topics of a set of teams (<c>census:{teamId}</c>): each
/// "census.changed" event names one patient (ResourceId) and becomes <see cref="CensusPatientChangedAction"/>.
/// </summary>
internal sealed class CensusSubscription : IDisposable
{
    private readonly TeamTopicsFollower _teams = new(Topics.Census);

    public IReadOnlyCollection<Guid> TeamIds => _teams.TeamIds;

    /// <summary>Follows exactly <paramref name="teamIds"/>; true when that changed what is followed.</summary>
    public bool Follow(IRealtimeBus bus, IDispatcher dispatcher, IEnumerable<Guid> teamIds) =>
        _teams.Follow(bus, dispatcher, teamIds, (e, _) => ToAction(e));

    internal static object? ToAction(RealtimeEvent e) =>
        string.Equals(e.Kind, CensusEvents.CensusChanged, StringComparison.Ordinal) && e.ResourceId != Guid.Empty
            ? new CensusPatientChangedAction(e.ResourceId)
            : null;

    public void Dispose() => _teams.Dispose();
}
