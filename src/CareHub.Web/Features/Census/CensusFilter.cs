using CareHub.Domain.Encounters;

namespace CareHub.Web.Features.Census;

/// <summary>
/// What the board shows of the census, applied in memory (<see cref="CensusView.Filter"/>). Every criterion narrows;
/// the empty filter shows every row (in house and discharged today).
/// </summary>
public sealed record CensusFilter
{
    public Guid? TeamId { get; init; }
    public Guid? FacilityId { get; init; }
    public EncounterClass? Class { get; init; }
    public CensusPlace? Place { get; init; }

    /// <summary>The start of the patient's name (or of any word of it) or of their MRN; case does not matter.</summary>
    public string? Search { get; init; }

    public bool ReadmissionsOnly { get; init; }
    public bool HighLaceOnly { get; init; }
    public bool AdmittedTodayOnly { get; init; }
    public bool ExpectedDischargeTodayOnly { get; init; }

    /// <summary>The transition call is due today or overdue.</summary>
    public bool TransitionDueOnly { get; init; }

    /// <summary>Patients whose coordinator is the signed-in person.</summary>
    public bool MyPatientsOnly { get; init; }

    public bool IsEmpty => this == new CensusFilter();

    /// <summary>The same filter with the tile criteria (place, class, flags) cleared; team, facility, search and "mine" stay.</summary>
    public CensusFilter WithoutTileCriteria() => this with
    {
        Class = null, Place = null, ReadmissionsOnly = false, HighLaceOnly = false, AdmittedTodayOnly = false,
        ExpectedDischargeTodayOnly = false, TransitionDueOnly = false,
    };
}

/// <summary>How the grid is ordered.</summary>
public enum CensusSortKey
{
    /// <summary>Facility, unit, bed (then name): the order of a walk round the wards.</summary>
    Location,
    Name,
    LengthOfStay,
    Lace,
    Admitted,
}

public sealed record CensusSort(CensusSortKey Key = CensusSortKey.Location, bool Descending = false)
{
    public static CensusSort Default { get; } = new();
}
