using CareHub.Domain.Encounters;

namespace CareHub.Web.Features.Census;

/// <summary>Patients in house at one unit of a facility, by class.</summary>
public sealed record CensusUnitCount(string? Unit, int Inpatient, int Emergency, int Observation, int SkilledNursing)
{
    public int Total => Inpatient + Emergency + Observation + SkilledNursing;
}

/// <summary>Patients in house at one facility, by unit (units in ward order; "no unit" last).</summary>
public sealed record CensusFacilityCount(Guid FacilityId, string Facility, IReadOnlyList<CensusUnitCount> Units)
{
    public int Total => Units.Sum(u => u.Total);
}

/// <summary>
/// The board's figures, counted from the rows in memory. Figures about now count in-house rows; "today" figures use
/// local days of the installation's zone. Each figure has a filter that shows exactly its rows (the tiles).
/// </summary>
public sealed record CensusSummary
{
    public int InHouse { get; init; }
    public int Inpatient { get; init; }
    public int Emergency { get; init; }
    public int Observation { get; init; }
    public int SkilledNursing { get; init; }
    public int AdmissionsToday { get; init; }
    public int DischargesToday { get; init; }
    public int ExpectedDischargesToday { get; init; }

    /// <summary>In house now, within 30 days of an earlier inpatient discharge.</summary>
    public int Readmissions { get; init; }

    /// <summary>In house now with LACE 10 or more.</summary>
    public int HighLace { get; init; }

    /// <summary>Transition calls due by the end of today (including overdue ones).</summary>
    public int TransitionCallsDue { get; init; }

    public IReadOnlyList<CensusFacilityCount> ByFacility { get; init; } = [];

    public static CensusSummary Empty { get; } = new();

    public static CensusSummary From(IEnumerable<CensusRow> rows, DateOnly today, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(zone);
        var all = rows as IReadOnlyCollection<CensusRow> ?? [.. rows];
        var inHouse = all.Where(r => r.Place == CensusPlace.InHouse).ToList();
        var endOfToday = CensusClock.EndOf(today, zone);
        return new CensusSummary
        {
            InHouse = inHouse.Count,
            Inpatient = inHouse.Count(r => r.Class == EncounterClass.Inpatient),
            Emergency = inHouse.Count(r => r.Class == EncounterClass.Emergency),
            Observation = inHouse.Count(r => r.Class == EncounterClass.Observation),
            SkilledNursing = inHouse.Count(r => r.Class == EncounterClass.SkilledNursing),
            AdmissionsToday = all.Count(r => CensusClock.LocalDate(r.AdmittedAt, zone) == today),
            DischargesToday = all.Count(r => r.Place == CensusPlace.DischargedToday),
            ExpectedDischargesToday = inHouse.Count(r => CensusView.IsExpectedToday(r, today, zone)),
            Readmissions = inHouse.Count(r => r.Readmission),
            HighLace = inHouse.Count(r => r.Lace.IsHigh),
            TransitionCallsDue = all.Count(r => CensusView.IsTransitionDue(r, endOfToday)),
            ByFacility = ByFacilityAndUnit(inHouse),
        };
    }

    private static List<CensusFacilityCount> ByFacilityAndUnit(IEnumerable<CensusRow> inHouse) =>
        [.. inHouse
            .GroupBy(r => r.FacilityId)
            .Select(f => new CensusFacilityCount(f.Key, f.First().Facility,
            [
                .. CensusView.Sort(f, CensusSort.Default).GroupBy(r => r.Unit, StringComparer.OrdinalIgnoreCase)
                    .Select(u => new CensusUnitCount(u.Key,
                        u.Count(r => r.Class == EncounterClass.Inpatient), u.Count(r => r.Class == EncounterClass.Emergency),
                        u.Count(r => r.Class == EncounterClass.Observation), u.Count(r => r.Class == EncounterClass.SkilledNursing))),
            ]))
            .OrderBy(f => f.Facility, StringComparer.CurrentCultureIgnoreCase)];
}
