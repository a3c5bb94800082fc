using CareHub.Domain.Common;

namespace CareHub.Domain.Tests.Common;

public class BusinessCalendarTests
{
    private static readonly BusinessCalendar Us = new(UsFederalHolidays.Between(2019, 2037));

    private static DateOnly Day(string iso) => DateOnly.Parse(iso, System.Globalization.CultureInfo.InvariantCulture);

    [Theory]
    [InlineData("2026-03-06", true)]  // Friday
    [InlineData("2026-03-07", false)] // Saturday
    [InlineData("2026-03-08", false)] // Sunday
    [InlineData("2026-03-09", true)]  // Monday
    public void Saturdays_and_Sundays_are_not_business_days(string date, bool expected)
    {
        var isBusinessDay = BusinessCalendar.WeekendsOnly.IsBusinessDay(Day(date));

        isBusinessDay.ShouldBe(expected);
    }

    [Fact]
    public void A_holiday_is_not_a_business_day_in_a_calendar_that_has_it()
    {
        var thanksgiving = Day("2026-11-26");

        Us.IsBusinessDay(thanksgiving).ShouldBeFalse();
        BusinessCalendar.WeekendsOnly.IsBusinessDay(thanksgiving).ShouldBeTrue();
    }

    [Fact]
    public void A_Friday_plus_one_business_day_is_the_Monday()
    {
        var due = Us.AddBusinessDays(Day("2026-03-06"), 1);

        due.ShouldBe(Day("2026-03-09"));
    }

    [Theory]
    [InlineData("2026-03-04", 0, "2026-03-04")] // a Wednesday plus nothing is that Wednesday
    [InlineData("2026-03-07", 0, "2026-03-09")] // a Saturday plus nothing is the Monday
    [InlineData("2026-01-17", 0, "2026-01-20")] // a Saturday before Martin Luther King Jr. Day is the Tuesday
    [InlineData("2026-11-26", 0, "2026-11-27")] // Thanksgiving plus nothing is the Friday after
    [InlineData("2026-03-04", 2, "2026-03-06")]
    [InlineData("2026-03-04", 3, "2026-03-09")]
    [InlineData("2026-03-07", 1, "2026-03-09")] // from a Saturday the Monday is the first business day
    [InlineData("2026-03-02", 10, "2026-03-16")] // two whole weeks
    public void Adding_business_days_counts_the_days_after_the_start_and_skips_weekends(string start, int days, string expected)
    {
        var due = Us.AddBusinessDays(Day(start), days);

        due.ShouldBe(Day(expected));
    }

    [Fact]
    public void A_due_day_that_would_land_on_a_holiday_moves_to_the_next_business_day()
    {
        var fromThursdayBeforeIndependenceDay = Us.AddBusinessDays(Day("2026-07-02"), 1);

        // Independence Day 2026 is a Saturday, observed on Friday 3 July.
        fromThursdayBeforeIndependenceDay.ShouldBe(Day("2026-07-06"));
    }

    [Fact]
    public void Thanksgiving_week_has_four_business_days()
    {
        var monday = Day("2026-11-23");

        var due = Us.AddBusinessDays(monday, 5);

        due.ShouldBe(Day("2026-12-01"));
        Us.BusinessDaysBetween(Day("2026-11-22"), Day("2026-11-28")).ShouldBe(4);
        Us.NextBusinessDay(Day("2026-11-25")).ShouldBe(Day("2026-11-27"));
    }

    [Theory]
    [InlineData("2026-12-23", 5, "2026-12-31")] // Christmas Day (Friday) skipped
    [InlineData("2026-12-23", 6, "2027-01-04")] // New Year's Day 2027 (Friday) skipped too
    [InlineData("2027-12-23", 2, "2027-12-28")] // Christmas 2027 observed on Friday 24 December
    [InlineData("2027-12-30", 1, "2028-01-03")] // New Year's Day 2028 observed on Friday 31 December 2027
    public void Counting_across_the_year_end_skips_the_observed_Christmas_and_New_Years_Day(string start, int days, string expected)
    {
        var due = Us.AddBusinessDays(Day(start), days);

        due.ShouldBe(Day(expected));
    }

    [Fact]
    public void The_next_business_day_never_is_the_day_itself()
    {
        var friday = Day("2026-03-06");

        var next = Us.NextBusinessDay(friday);

        next.ShouldBe(Day("2026-03-09"));
    }

    [Theory]
    [InlineData("2026-03-06", "2026-03-06", 0)]
    [InlineData("2026-03-06", "2026-03-09", 1)]  // Friday to Monday
    [InlineData("2026-03-07", "2026-03-08", 0)]  // a weekend
    [InlineData("2026-03-09", "2026-03-06", -1)] // backwards: the Monday after the Friday
    [InlineData("2026-03-02", "2026-03-16", 10)]
    [InlineData("2026-03-16", "2026-03-02", -10)]
    [InlineData("2025-12-31", "2026-12-31", 250)] // 261 weekdays in 2026, less its 11 holidays
    public void Business_days_between_counts_the_days_after_the_first_up_to_and_including_the_second(string from, string to, int expected)
    {
        var days = Us.BusinessDaysBetween(Day(from), Day(to));

        days.ShouldBe(expected);
    }

    [Fact]
    public void Weekend_and_repeated_holidays_change_nothing_and_the_holidays_are_kept_in_order()
    {
        var calendar = new BusinessCalendar([Day("2026-12-25"), Day("2026-07-04"), Day("2026-12-25"), Day("2026-07-03")]);

        calendar.Holidays.ShouldBe([Day("2026-07-03"), Day("2026-12-25")]);
        calendar.BusinessDaysBetween(Day("2026-06-30"), Day("2026-07-06")).ShouldBe(3);
    }

    [Fact]
    public void A_negative_number_of_days_is_refused()
    {
        Should.Throw<ArgumentOutOfRangeException>(() => Us.AddBusinessDays(Day("2026-03-02"), -1));
    }

    [Fact]
    public void Spans_of_decades_agree_with_counting_day_by_day()
    {
        var holidays = UsFederalHolidays.Between(1990, 2090);
        var calendar = new BusinessCalendar(holidays);
        var from = Day("1990-01-01");
        var to = Day("2090-12-31");

        var days = calendar.BusinessDaysBetween(from, to);

        days.ShouldBe(NaiveBetween(holidays.ToHashSet(), from, to));
        calendar.AddBusinessDays(from, days).ShouldBe(NaiveAdd(holidays.ToHashSet(), from, days));
    }

    [Theory]
    [InlineData(2026)]
    [InlineData(7)]
    public void Adding_and_counting_business_days_agree_with_counting_day_by_day_and_undo_each_other(int seed)
    {
        var holidays = UsFederalHolidays.Between(2019, 2037).ToHashSet();
        var random = new Random(seed);
        var first = Day("2020-01-01").DayNumber;
        var last = Day("2035-12-31").DayNumber;

        for (var i = 0; i < 1000; i++)
        {
            var start = DateOnly.FromDayNumber(random.Next(first, last + 1));
            var other = DateOnly.FromDayNumber(random.Next(first, last + 1));
            var days = random.Next(4) == 0 ? random.Next(0, 6) : random.Next(0, 400);

            var due = Us.AddBusinessDays(start, days);
            var between = Us.BusinessDaysBetween(start, other);

            due.ShouldBe(NaiveAdd(holidays, start, days), $"{start} + {days}");
            between.ShouldBe(NaiveBetween(holidays, start, other), $"{start} to {other}");
            Us.IsBusinessDay(start).ShouldBe(NaiveIsBusinessDay(holidays, start), $"{start}");
            if (days > 0)
                Us.BusinessDaysBetween(start, due).ShouldBe(days, $"{start} + {days} = {due}");
            if (other > start && Us.IsBusinessDay(other) && between > 0)
                Us.AddBusinessDays(start, between).ShouldBe(other, $"{start} + {between}");
        }
    }

    private static bool NaiveIsBusinessDay(HashSet<DateOnly> holidays, DateOnly date) =>
        date.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday) && !holidays.Contains(date);

    private static DateOnly NaiveAdd(HashSet<DateOnly> holidays, DateOnly start, int days)
    {
        var date = start;
        if (days == 0)
        {
            while (!NaiveIsBusinessDay(holidays, date))
                date = date.AddDays(1);
            return date;
        }
        while (days > 0)
        {
            date = date.AddDays(1);
            if (NaiveIsBusinessDay(holidays, date))
                days--;
        }
        return date;
    }

    private static int NaiveBetween(HashSet<DateOnly> holidays, DateOnly from, DateOnly to)
    {
        var (low, high, sign) = from <= to ? (from, to, 1) : (to, from, -1);
        var count = 0;
        for (var date = low.AddDays(1); date <= high; date = date.AddDays(1))
        {
            if (NaiveIsBusinessDay(holidays, date))
                count++;
        }
        return sign * count;
    }
}
