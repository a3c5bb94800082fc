using CareHub.Flux;

namespace CareHub.Web.Features.Census;

public enum CensusStatus
{
    Idle,
    Loading,
    Loaded,
    Failed,
}

/// <summary>
/// The census this circuit shows: every row of the loaded board (one per patient, keyed by PatientId), its facilities,
/// when it was read, and how the person filters and orders it. Filtering and counting happen in memory
/// (<see cref="CensusView"/>, <see cref="CensusSummary"/>); a live change replaces one patient's row.
/// </summary>
[FeatureState(Name = "Census")]
public sealed record CensusState
{
    public CensusStatus Status { get; init; }
    public string? Error { get; init; }

    /// <summary>The team the board was read for (null: all the user's teams).</summary>
    public Guid? TeamId { get; init; }

    public IReadOnlyList<CensusRow> Rows { get; init; } = [];
    public IReadOnlyList<CensusFacility> Facilities { get; init; } = [];

    /// <summary>The user's teams (named); empty until read, or when the reader cannot name them.</summary>
    public IReadOnlyList<CensusTeam> Teams { get; init; } = [];

    /// <summary>When the board was read; live changes since then are applied row by row.</summary>
    public DateTimeOffset? AsOf { get; init; }

    public CensusFilter Filter { get; init; } = new();
    public CensusSort Sort { get; init; } = CensusSort.Default;

    /// <summary>The whole board is being read again (reconnect, gap); the rows stay on screen meanwhile.</summary>
    public bool Refreshing { get; init; }
}
