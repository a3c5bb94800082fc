using System.Globalization;

namespace CareHub.Web.Features.Census;

/// <summary>The rows the grid shows: the census filtered (<see cref="Filter"/>) and ordered (<see cref="Sort"/>), in memory.</summary>
public static class CensusView
{
    /// <summary>Bed "2" before bed "10", "4B" before "4c": how people read ward and bed numbers.</summary>
    private static readonly StringComparer Natural =
        StringComparer.Create(CultureInfo.InvariantCulture, CompareOptions.NumericOrdering | CompareOptions.IgnoreCase);

    private static readonly char[] NameSeparators = [' ', ',', '-', '\''];

    /// <summary>
    /// The rows matching every criterion of <paramref name="filter"/>. "Today" is the local day <paramref name="today"/>
    /// of <paramref name="zone"/>; "mine" is the rows coordinated by <paramref name="me"/> (none when nobody is signed in).
    /// </summary>
    public static IEnumerable<CensusRow> Filter(IEnumerable<CensusRow> rows, CensusFilter filter, DateOnly today, TimeZoneInfo zone, Guid? me)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(filter);
        ArgumentNullException.ThrowIfNull(zone);
        var search = filter.Search?.Trim();
        var endOfToday = CensusClock.EndOf(today, zone);
        return rows.Where(r =>
            (filter.TeamId is not { } team || r.TeamIds.Contains(team))
            && (filter.FacilityId is not { } facility || r.FacilityId == facility)
            && (filter.Class is not { } encounterClass || r.Class == encounterClass)
            && (filter.Place is not { } place || r.Place == place)
            && (string.IsNullOrEmpty(search) || Matches(r, search))
            && (!filter.ReadmissionsOnly || r.Readmission)
            && (!filter.HighLaceOnly || r.Lace.IsHigh)
            && (!filter.AdmittedTodayOnly || CensusClock.LocalDate(r.AdmittedAt, zone) == today)
            && (!filter.ExpectedDischargeTodayOnly || IsExpectedToday(r, today, zone))
            && (!filter.TransitionDueOnly || IsTransitionDue(r, endOfToday))
            && (!filter.MyPatientsOnly || (me is { } staffId && r.CoordinatorId == staffId)));
    }

    /// <summary>The rows in <paramref name="sort"/>'s order; ties by name, then patient, so the order never flickers.</summary>
    public static IEnumerable<CensusRow> Sort(IEnumerable<CensusRow> rows, CensusSort sort)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(sort);
        var ordered = sort.Key switch
        {
            CensusSortKey.Name => By(rows, r => r.Name, Natural, sort.Descending),
            CensusSortKey.LengthOfStay => By(rows, r => r.LengthOfStayDays, Comparer<int>.Default, sort.Descending),
            CensusSortKey.Lace => By(rows, r => r.Lace.Total, Comparer<int>.Default, sort.Descending),
            CensusSortKey.Admitted => By(rows, r => r.AdmittedAt, Comparer<DateTimeOffset>.Default, sort.Descending),
            _ => By(rows, r => r.Facility, Natural, sort.Descending)
                .ThenBy(r => r.Unit is null).ThenBy(r => r.Unit, Natural)
                .ThenBy(r => r.Bed is null).ThenBy(r => r.Bed, Natural),
        };
        return ordered.ThenBy(r => r.Name, Natural).ThenBy(r => r.PatientId);
    }

    /// <summary>Filtered, then sorted, as one array for the grid (Virtualize wants a collection it can index).</summary>
    public static CensusRow[] Show(IEnumerable<CensusRow> rows, CensusFilter filter, CensusSort sort, DateOnly today, TimeZoneInfo zone, Guid? me) =>
        [.. Sort(Filter(rows, filter, today, zone, me), sort)];

    public static bool IsExpectedToday(CensusRow row, DateOnly today, TimeZoneInfo zone) =>
        row.Place == CensusPlace.InHouse && row.ExpectedDischargeAt is { } expected && CensusClock.LocalDate(expected, zone) == today;

    /// <summary>The transition call is due before <paramref name="endOfToday"/> (today, or overdue).</summary>
    public static bool IsTransitionDue(CensusRow row, DateTimeOffset endOfToday) =>
        row.TransitionCallDueAt is { } due && due < endOfToday;

    private static bool Matches(CensusRow row, string search) =>
        row.Mrn.StartsWith(search, StringComparison.OrdinalIgnoreCase)
        || row.Name.StartsWith(search, StringComparison.CurrentCultureIgnoreCase)
        || row.Name.Split(NameSeparators, StringSplitOptions.RemoveEmptyEntries)
            .Any(word => word.StartsWith(search, StringComparison.CurrentCultureIgnoreCase));

    private static IOrderedEnumerable<CensusRow> By<TKey>(IEnumerable<CensusRow> rows, Func<CensusRow, TKey> key, IComparer<TKey> comparer, bool descending) =>
        descending ? rows.OrderByDescending(key, comparer) : rows.OrderBy(key, comparer);
}
