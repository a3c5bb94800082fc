using System.Globalization;
using CareHub.Domain.Common;

namespace CareHub.Domain.Tests.Common;

public class UsFederalHolidaysTests
{
    private static DateOnly Day(string iso) => DateOnly.Parse(iso, CultureInfo.InvariantCulture);

    private static DateOnly[] Days(params string[] isos) => isos.Select(Day).ToArray();

    [Fact]
    public void The_holidays_of_2025_are_observed_on_their_own_dates()
    {
        var observed = UsFederalHolidays.For(2025).Select(h => h.Observed);

        observed.ShouldBe(Days(
            "2025-01-01", "2025-01-20", "2025-02-17", "2025-05-26", "2025-06-19", "2025-07-04",
            "2025-09-01", "2025-10-13", "2025-11-11", "2025-11-27", "2025-12-25"));
    }

    [Fact]
    public void In_2026_Independence_Day_on_a_Saturday_is_observed_on_Friday_3_July()
    {
        var holidays = UsFederalHolidays.For(2026);

        holidays.Select(h => h.Observed).ShouldBe(Days(
            "2026-01-01", "2026-01-19", "2026-02-16", "2026-05-25", "2026-06-19", "2026-07-03",
            "2026-09-07", "2026-10-12", "2026-11-11", "2026-11-26", "2026-12-25"));
        holidays.Single(h => h.Name == "Independence Day").Date.ShouldBe(Day("2026-07-04"));
    }

    [Fact]
    public void In_2027_Juneteenth_and_Christmas_on_Saturdays_move_to_Fridays_and_Independence_Day_on_a_Sunday_to_Monday()
    {
        var observed = UsFederalHolidays.For(2027).Select(h => h.Observed);

        observed.ShouldBe(Days(
            "2027-01-01", "2027-01-18", "2027-02-15", "2027-05-31", "2027-06-18", "2027-07-05",
            "2027-09-06", "2027-10-11", "2027-11-11", "2027-11-25", "2027-12-24"));
    }

    [Fact]
    public void New_Years_Day_2028_on_a_Saturday_is_observed_on_31_December_2027()
    {
        var newYear = UsFederalHolidays.For(2028)[0];

        newYear.ShouldBe(new UsFederalHoliday("New Year's Day", Day("2028-01-01"), Day("2027-12-31")));
        UsFederalHolidays.Between(2027, 2027).ShouldContain(Day("2027-12-31"));
        UsFederalHolidays.Between(2028, 2028).ShouldNotContain(Day("2027-12-31"));
    }

    [Fact]
    public void A_calendar_year_holds_the_observed_dates_that_fall_in_it()
    {
        var in2021 = UsFederalHolidays.Between(2021, 2021);
        var in2022 = UsFederalHolidays.Between(2022, 2022);

        // 2021 also observes New Year's Day 2022 (a Saturday) on Friday 31 December; 2022 observes no New Year's Day.
        in2021.Count.ShouldBe(12);
        in2021[^1].ShouldBe(Day("2021-12-31"));
        in2022.Count.ShouldBe(10);
        in2022[0].ShouldBe(Day("2022-01-17"));
    }

    [Fact]
    public void Juneteenth_is_a_holiday_from_2021()
    {
        var in2020 = UsFederalHolidays.For(2020);
        var in2021 = UsFederalHolidays.For(2021);

        in2020.Count.ShouldBe(10);
        in2020.ShouldNotContain(h => h.Name.StartsWith("Juneteenth", StringComparison.Ordinal));
        in2021.Count.ShouldBe(11);
        in2021.Single(h => h.Name.StartsWith("Juneteenth", StringComparison.Ordinal)).Observed.ShouldBe(Day("2021-06-18"));
    }

    [Fact]
    public void Inauguration_Day_is_not_a_holiday()
    {
        var observed = UsFederalHolidays.Between(2021, 2021);

        observed.ShouldNotContain(Day("2021-01-20"));
    }

    [Fact]
    public void Every_observed_date_is_a_weekday_and_the_dates_are_in_order()
    {
        var observed = UsFederalHolidays.Between(2020, 2060);

        observed.ShouldAllBe(d => d.DayOfWeek != DayOfWeek.Saturday && d.DayOfWeek != DayOfWeek.Sunday);
        observed.ShouldBe(observed.Order().ToList());
        observed.Distinct().Count().ShouldBe(observed.Count);
    }

    [Fact]
    public void Years_outside_the_supported_range_are_refused()
    {
        Should.Throw<ArgumentOutOfRangeException>(() => UsFederalHolidays.For(1970));
        Should.Throw<ArgumentOutOfRangeException>(() => UsFederalHolidays.Between(2030, 2029));
    }
}
