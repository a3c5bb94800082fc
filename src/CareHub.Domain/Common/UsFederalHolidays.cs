namespace CareHub.Domain.Common;

/// <summary>A US federal holiday: its date that year, and the weekday it is observed on.</summary>
public sealed record UsFederalHoliday(string Name, DateOnly Date, DateOnly Observed);

/// <summary>
/// The eleven US federal holidays (5 U.S.C. 6103), with the observed-date rule for a full-time Monday to Friday
/// schedule: a holiday on a Saturday is observed on the Friday before, one on a Sunday on the Monday after.
/// Juneteenth counts from 2021 and Martin Luther King Jr.'s Birthday from 1986; Inauguration Day (a holiday
/// only in and around Washington, DC) is left out. Years 1971 (the Monday holidays) to 9999.
/// </summary>
public static class UsFederalHolidays
{
    public const int FirstYear = 1971;
    public const int LastYear = 9999;

    /// <summary>
    /// The holidays of <paramref name="year"/>, in order. New Year's Day on a Saturday is observed on
    /// 31 December of the year before, so its observed date can fall in the previous year.
    /// </summary>
    public static IReadOnlyList<UsFederalHoliday> For(int year)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(year, FirstYear);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(year, LastYear);

        var holidays = new List<UsFederalHoliday>(11) { Fixed("New Year's Day", year, 1, 1) };
        if (year >= 1986)
            holidays.Add(Floating("Birthday of Martin Luther King, Jr.", NthWeekday(year, 1, DayOfWeek.Monday, 3)));
        holidays.Add(Floating("Washington's Birthday", NthWeekday(year, 2, DayOfWeek.Monday, 3)));
        holidays.Add(Floating("Memorial Day", LastWeekday(year, 5, DayOfWeek.Monday)));
        if (year >= 2021)
            holidays.Add(Fixed("Juneteenth National Independence Day", year, 6, 19));
        holidays.Add(Fixed("Independence Day", year, 7, 4));
        holidays.Add(Floating("Labor Day", NthWeekday(year, 9, DayOfWeek.Monday, 1)));
        holidays.Add(Floating("Columbus Day", NthWeekday(year, 10, DayOfWeek.Monday, 2)));
        holidays.Add(Fixed("Veterans Day", year, 11, 11));
        holidays.Add(Floating("Thanksgiving Day", NthWeekday(year, 11, DayOfWeek.Thursday, 4)));
        holidays.Add(Fixed("Christmas Day", year, 12, 25));
        return holidays.AsReadOnly();
    }

    /// <summary>
    /// The observed dates that fall in the calendar years <paramref name="firstYear"/> to <paramref name="lastYear"/>
    /// (so 31 December 2027, New Year's Day 2028 observed, is in 2027), in order: what a <see cref="BusinessCalendar"/> needs.
    /// </summary>
    public static IReadOnlyList<DateOnly> Between(int firstYear, int lastYear)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(firstYear, FirstYear);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(lastYear, LastYear);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(firstYear, lastYear);

        var dates = new List<DateOnly>((lastYear - firstYear + 1) * 11);
        for (var year = firstYear; year <= Math.Min(lastYear + 1, LastYear); year++)
        {
            foreach (var holiday in For(year))
            {
                if (holiday.Observed.Year >= firstYear && holiday.Observed.Year <= lastYear)
                    dates.Add(holiday.Observed);
            }
        }
        return dates.AsReadOnly();
    }

    private static UsFederalHoliday Fixed(string name, int year, int month, int day)
    {
        var date = new DateOnly(year, month, day);
        var observed = date.DayOfWeek switch
        {
            DayOfWeek.Saturday => date.AddDays(-1),
            DayOfWeek.Sunday => date.AddDays(1),
            _ => date,
        };
        return new UsFederalHoliday(name, date, observed);
    }

    private static UsFederalHoliday Floating(string name, DateOnly date) => new(name, date, date);

    private static DateOnly NthWeekday(int year, int month, DayOfWeek day, int n)
    {
        var first = new DateOnly(year, month, 1);
        var offset = ((int)day - (int)first.DayOfWeek + 7) % 7;
        return first.AddDays(offset + (n - 1) * 7);
    }

    private static DateOnly LastWeekday(int year, int month, DayOfWeek day)
    {
        var last = new DateOnly(year, month, DateTime.DaysInMonth(year, month));
        var offset = ((int)last.DayOfWeek - (int)day + 7) % 7;
        return last.AddDays(-offset);
    }
}
