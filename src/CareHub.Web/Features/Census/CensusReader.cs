namespace CareHub.Web.Features.Census;

/// <summary>
/// What the census board reads, through the user's own access: the board and one patient's row. The effects depend on
/// this rather than on <see cref="CensusService"/> so that tests (and the board itself) never need the database;
/// CensusService implements it and the feature's registration maps the one to the other.
/// </summary>
internal interface ICensusReader
{
    /// <summary>The census of the user's teams, or of one of them (<see cref="CensusService.LoadAsync"/>).</summary>
    Task<CensusBoard> LoadAsync(Guid? teamId, CancellationToken cancellationToken);

    /// <summary>One patient's row now; null when off the census or not the user's (<see cref="CensusService.LoadRowAsync"/>).</summary>
    Task<CensusRow?> LoadRowAsync(Guid patientId, CancellationToken cancellationToken);

    /// <summary>
    /// The user's teams with their names, for the team filter and the topics the board follows. Optional: without it
    /// the board follows the teams its rows belong to and offers no team choice.
    /// </summary>
    Task<IReadOnlyList<CensusTeam>> TeamsAsync(CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<CensusTeam>>([]);
}

/// <summary>One of the user's care teams, as the team filter names it.</summary>
public sealed record CensusTeam(Guid TeamId, string Name);
