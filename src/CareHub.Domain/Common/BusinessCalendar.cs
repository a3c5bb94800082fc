namespace CareHub.Domain.Common;

/// <summary>
/// Business days: Monday to Friday, except the holidays given. Every operation is arithmetic on day
/// numbers (whole weeks at a time) plus a binary search in the sorted holidays, so a span of years costs
/// the same as a span of days. Dates outside the holidays given are plain weekdays: pass holidays for every
/// year the clocks can reach (for example <c>UsFederalHolidays.Between(2020, 2060)</c>).
/// </summary>
public sealed class BusinessCalendar
{
    // Day numbers of the holidays that fall on a weekday (a weekend holiday changes nothing), sorted, distinct.
    private readonly int[] holidays;

    public BusinessCalendar(IEnumerable<DateOnly> holidays)
    {
        ArgumentNullException.ThrowIfNull(holidays);
        this.holidays = holidays.Where(IsWeekday).Select(d => d.DayNumber).Distinct().Order().ToArray();
        Holidays = Array.AsReadOnly(Array.ConvertAll(this.holidays, DateOnly.FromDayNumber));
    }

    /// <summary>Monday to Friday, no holidays.</summary>
    public static BusinessCalendar WeekendsOnly { get; } = new([]);

    /// <summary>The holidays that fall on a weekday, in order (the others are not business days anyway).</summary>
    public IReadOnlyList<DateOnly> Holidays { get; }

    public bool IsBusinessDay(DateOnly date) => IsWeekday(date) && Array.BinarySearch(holidays, date.DayNumber) < 0;

    /// <summary>The first business day after <paramref name="date"/> (the day itself never counts).</summary>
    public DateOnly NextBusinessDay(DateOnly date) => AddBusinessDays(date, 1);

    /// <summary>
    /// The <paramref name="days"/>-th business day after <paramref name="start"/> (the start itself does not
    /// count: a Friday plus one is the Monday). Zero gives the start when it is a business day, else the next one.
    /// </summary>
    public DateOnly AddBusinessDays(DateOnly start, int days)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(days);
        if (days == 0 && IsBusinessDay(start))
            return start;

        // The first day whose running count of business days reaches the target. Count the weekdays needed,
        // then step past the holidays among them; each step can only reach further, and a holiday period is
        // short, so this settles in a few rounds.
        var target = BusinessDaysThrough(start.DayNumber) + Math.Max(days, 1);
        var holidaysSkipped = HolidaysThrough(start.DayNumber);
        while (true)
        {
            var day = NthWeekday(target + holidaysSkipped);
            if (day > DateOnly.MaxValue.DayNumber)
                throw new ArgumentOutOfRangeException(nameof(days), days, "The business day falls after the last date there is.");
            var holidaysUpToDay = HolidaysThrough((int)day);
            if (holidaysUpToDay == holidaysSkipped)
                return DateOnly.FromDayNumber((int)day);
            holidaysSkipped = holidaysUpToDay;
        }
    }

    /// <summary>
    /// The business days after <paramref name="from"/> up to and including <paramref name="to"/>;
    /// negative (the business days after <paramref name="to"/> up to <paramref name="from"/>) when <paramref name="to"/> is earlier.
    /// </summary>
    public int BusinessDaysBetween(DateOnly from, DateOnly to) =>
        (int)(BusinessDaysThrough(to.DayNumber) - BusinessDaysThrough(from.DayNumber));

    // Day number 0 (1 January 0001) is a Monday, so a day number modulo 7 is 0 (Monday) to 6 (Sunday).
    private static bool IsWeekday(DateOnly date) => date.DayNumber % 7 < 5;

    // Business days with a day number from 0 up to and including the one given.
    private long BusinessDaysThrough(int dayNumber) => WeekdaysThrough(dayNumber) - HolidaysThrough(dayNumber);

    private static long WeekdaysThrough(int dayNumber)
    {
        var days = (long)dayNumber + 1;
        return days / 7 * 5 + Math.Min(days % 7, 5);
    }

    // The day number of the n-th weekday (n >= 1) counted from day number 0.
    private static long NthWeekday(long n) => (n - 1) / 5 * 7 + (n - 1) % 5;

    private int HolidaysThrough(int dayNumber)
    {
        var index = Array.BinarySearch(holidays, dayNumber);
        return index >= 0 ? index + 1 : ~index;
    }
}
