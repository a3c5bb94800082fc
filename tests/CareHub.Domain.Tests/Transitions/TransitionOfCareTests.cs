using System.Globalization;
using CareHub.Domain.Common;
using CareHub.Domain.Encounters;
using CareHub.Domain.Transitions;
using CsCheck;
using static CareHub.Domain.Transitions.TransitionComplexity;
using static CareHub.Domain.Transitions.TransitionStep;

namespace CareHub.Domain.Tests.Transitions;

public class TransitionOfCareTests
{
    private static readonly TimeZoneInfo NewYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");
    private static readonly BusinessCalendar Calendar = new(UsFederalHolidays.Between(2025, 2028));

    /// <summary>A wall-clock time in New York ("2026-03-02 10:00"), away from the hour the clocks change.</summary>
    private static DateTimeOffset Ny(string local)
    {
        var wall = DateTime.ParseExact(local, "yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
        return new DateTimeOffset(wall, NewYork.GetUtcOffset(wall));
    }

    private static DateOnly Day(string iso) => DateOnly.Parse(iso, CultureInfo.InvariantCulture);

    /// <summary>The last tick of a local day (23:59:59.9999999) at the offset given.</summary>
    private static DateTimeOffset EndOf(string date, double offsetHours) =>
        new(Day(date).ToDateTime(new TimeOnly(23, 59, 59)).AddTicks(TimeSpan.TicksPerSecond - 1), TimeSpan.FromHours(offsetHours));

    private static DateTimeOffset Due(IReadOnlyList<TransitionClock> plan, TransitionStep step) => plan.Single(c => c.Step == step).DueAt;

    // DateTimeOffset equality compares instants only: the local wall time and the offset must match too.
    private static void ShouldBeExactly(DateTimeOffset actual, DateTimeOffset expected) =>
        (actual.DateTime, actual.Offset).ShouldBe((expected.DateTime, expected.Offset));

    private static DateOnly LocalDate(DateTimeOffset at, TimeZoneInfo zone) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(at, zone).DateTime);

    [Theory]
    [InlineData(DischargeDisposition.Home, true)]
    [InlineData(DischargeDisposition.HomeWithHomeHealth, true)]
    [InlineData(DischargeDisposition.LeftAgainstMedicalAdvice, true)]
    [InlineData(DischargeDisposition.SkilledNursingFacility, false)]
    [InlineData(DischargeDisposition.Rehabilitation, false)]
    [InlineData(DischargeDisposition.Hospice, false)]
    [InlineData(DischargeDisposition.Expired, false)]
    [InlineData(DischargeDisposition.TransferredToAcuteCare, false)]
    public void Only_a_discharge_to_the_community_starts_a_transition(DischargeDisposition disposition, bool starts)
    {
        TransitionOfCare.StartsTransition(disposition).ShouldBe(starts);
    }

    [Fact]
    public void Every_disposition_is_decided()
    {
        foreach (var disposition in Enum.GetValues<DischargeDisposition>())
            Should.NotThrow(() => TransitionOfCare.StartsTransition(disposition));
        Should.Throw<ArgumentOutOfRangeException>(() => TransitionOfCare.StartsTransition((DischargeDisposition)99));
    }

    [Fact]
    public void A_plan_has_the_call_the_visit_and_the_medication_reconciliation_with_titles_for_the_coordinator()
    {
        var plan = TransitionOfCare.Plan(Ny("2026-03-02 10:00"), High, Calendar, NewYork);

        plan.Select(c => c.Step).ShouldBe([InteractiveContact, FaceToFaceVisit, MedicationReconciliation]);
        plan.Select(c => c.Title).ShouldBe(
        [
            "Transition call: reach the patient within 2 business days of discharge",
            "Face-to-face visit within 7 days of discharge",
            "Medication reconciliation by the face-to-face visit",
        ]);
    }

    [Fact]
    public void A_moderate_transition_gives_fourteen_days_to_the_visit_and_says_so()
    {
        var plan = TransitionOfCare.Plan(Ny("2026-03-02 10:00"), Moderate, Calendar, NewYork);

        plan.Single(c => c.Step == FaceToFaceVisit).Title.ShouldBe("Face-to-face visit within 14 days of discharge");
    }

    [Theory]
    [InlineData("2026-03-02 10:00", "2026-03-04", -5)] // Monday: Wednesday
    [InlineData("2026-03-03 10:00", "2026-03-05", -5)] // Tuesday: Thursday
    [InlineData("2026-02-26 10:00", "2026-03-02", -5)] // Thursday: Monday
    [InlineData("2026-02-27 10:00", "2026-03-03", -5)] // Friday: Tuesday
    [InlineData("2026-02-28 10:00", "2026-03-03", -5)] // Saturday: Monday is the first business day, Tuesday the second
    [InlineData("2026-03-01 10:00", "2026-03-03", -5)] // Sunday: Tuesday too
    public void The_call_is_due_by_the_end_of_the_second_business_day_after_the_discharge_date(string discharged, string due, double offset)
    {
        var plan = TransitionOfCare.Plan(Ny(discharged), Moderate, Calendar, NewYork);

        ShouldBeExactly(Due(plan, InteractiveContact), EndOf(due, offset));
    }

    [Fact]
    public void The_day_before_Thanksgiving_the_call_is_due_on_the_Monday_after()
    {
        var plan = TransitionOfCare.Plan(Ny("2026-11-25 15:00"), Moderate, Calendar, NewYork); // Wednesday

        ShouldBeExactly(Due(plan, InteractiveContact), EndOf("2026-11-30", -5)); // Friday 27, Monday 30
    }

    [Theory]
    [InlineData("2026-07-01 10:00", "2026-07-06")] // Wednesday: Thursday 2, then Monday 6
    [InlineData("2026-07-02 10:00", "2026-07-07")] // Thursday: Monday 6, Tuesday 7
    public void Independence_Day_observed_on_a_Friday_is_not_a_business_day_for_the_call(string discharged, string due)
    {
        // Independence Day 2026 is a Saturday, observed on Friday 3 July.
        UsFederalHolidays.For(2026).Single(h => h.Name == "Independence Day").Observed.ShouldBe(Day("2026-07-03"));

        var plan = TransitionOfCare.Plan(Ny(discharged), Moderate, Calendar, NewYork);

        ShouldBeExactly(Due(plan, InteractiveContact), EndOf(due, -4));
    }

    [Fact]
    public void A_calendar_without_holidays_counts_the_observed_holiday_as_a_business_day()
    {
        var plan = TransitionOfCare.Plan(Ny("2026-07-02 10:00"), Moderate, BusinessCalendar.WeekendsOnly, NewYork);

        ShouldBeExactly(Due(plan, InteractiveContact), EndOf("2026-07-06", -4));
    }

    [Theory]
    [InlineData(High, "2026-03-09")]
    [InlineData(Moderate, "2026-03-16")]
    public void The_visit_is_due_by_the_end_of_the_discharge_date_plus_7_or_14_calendar_days(TransitionComplexity complexity, string due)
    {
        var plan = TransitionOfCare.Plan(Ny("2026-03-02 10:00"), complexity, Calendar, NewYork);

        ShouldBeExactly(Due(plan, FaceToFaceVisit), EndOf(due, -4));
    }

    [Fact]
    public void Weekends_and_holidays_do_not_move_the_visit()
    {
        var plan = TransitionOfCare.Plan(Ny("2026-11-19 10:00"), High, Calendar, NewYork); // Thursday: Thanksgiving a week on

        ShouldBeExactly(Due(plan, FaceToFaceVisit), EndOf("2026-11-26", -5));
    }

    [Theory]
    [InlineData(High)]
    [InlineData(Moderate)]
    public void Medication_reconciliation_is_due_with_the_visit(TransitionComplexity complexity)
    {
        var plan = TransitionOfCare.Plan(Ny("2026-03-05 10:00"), complexity, Calendar, NewYork);

        ShouldBeExactly(Due(plan, MedicationReconciliation), Due(plan, FaceToFaceVisit));
    }

    [Fact]
    public void A_discharge_late_in_the_evening_counts_from_its_local_date_though_it_is_the_next_day_in_UTC()
    {
        var discharged = new DateTimeOffset(2026, 3, 3, 3, 30, 0, TimeSpan.Zero); // Monday 2 March, 22:30 in New York

        var inNewYork = TransitionOfCare.Plan(discharged, High, Calendar, NewYork);
        var inUtc = TransitionOfCare.Plan(discharged, High, Calendar, TimeZoneInfo.Utc);

        ShouldBeExactly(Due(inNewYork, InteractiveContact), EndOf("2026-03-04", -5));
        ShouldBeExactly(Due(inNewYork, FaceToFaceVisit), EndOf("2026-03-09", -4));
        ShouldBeExactly(Due(inUtc, InteractiveContact), EndOf("2026-03-05", 0));
        ShouldBeExactly(Due(inUtc, FaceToFaceVisit), EndOf("2026-03-10", 0));
    }

    [Fact]
    public void A_Friday_evening_discharge_that_is_Saturday_in_UTC_is_still_a_Friday_discharge()
    {
        var discharged = Ny("2026-03-06 21:00"); // Saturday 02:00 UTC

        var plan = TransitionOfCare.Plan(discharged, High, Calendar, NewYork);

        ShouldBeExactly(Due(plan, InteractiveContact), EndOf("2026-03-10", -4)); // Monday, Tuesday
    }

    [Fact]
    public void In_the_week_the_clocks_spring_forward_each_due_time_carries_the_offset_of_its_own_day()
    {
        // New York moves from -05:00 to -04:00 at 02:00 on Sunday 8 March 2026.
        var thursday = TransitionOfCare.Plan(Ny("2026-03-05 10:00"), High, Calendar, NewYork);
        var beforeTheChange = TransitionOfCare.Plan(Ny("2026-02-28 10:00"), High, Calendar, NewYork);
        var onTheDayOfTheChange = TransitionOfCare.Plan(Ny("2026-03-01 10:00"), High, Calendar, NewYork);

        ShouldBeExactly(Due(thursday, InteractiveContact), EndOf("2026-03-09", -4)); // Friday, Monday
        ShouldBeExactly(Due(thursday, FaceToFaceVisit), EndOf("2026-03-12", -4));
        ShouldBeExactly(Due(beforeTheChange, FaceToFaceVisit), EndOf("2026-03-07", -5)); // the Saturday before
        ShouldBeExactly(Due(onTheDayOfTheChange, FaceToFaceVisit), EndOf("2026-03-08", -4)); // the Sunday it happens
    }

    [Fact]
    public void In_the_week_the_clocks_fall_back_each_due_time_carries_the_offset_of_its_own_day()
    {
        // New York moves from -04:00 to -05:00 at 02:00 on Sunday 1 November 2026.
        var thursday = TransitionOfCare.Plan(Ny("2026-10-29 10:00"), High, Calendar, NewYork);
        var beforeTheChange = TransitionOfCare.Plan(Ny("2026-10-24 10:00"), High, Calendar, NewYork);
        var onTheDayOfTheChange = TransitionOfCare.Plan(Ny("2026-10-25 10:00"), High, Calendar, NewYork);

        ShouldBeExactly(Due(thursday, InteractiveContact), EndOf("2026-11-02", -5)); // Friday, Monday
        ShouldBeExactly(Due(beforeTheChange, FaceToFaceVisit), EndOf("2026-10-31", -4));
        ShouldBeExactly(Due(onTheDayOfTheChange, FaceToFaceVisit), EndOf("2026-11-01", -5)); // a 25-hour day
    }

    [Fact]
    public void A_discharge_in_the_repeated_hour_of_the_fall_back_counts_from_that_Sunday()
    {
        var firstPass = new DateTimeOffset(2026, 11, 1, 1, 30, 0, TimeSpan.FromHours(-4));
        var secondPass = new DateTimeOffset(2026, 11, 1, 1, 30, 0, TimeSpan.FromHours(-5));

        var first = TransitionOfCare.Plan(firstPass, High, Calendar, NewYork);
        var second = TransitionOfCare.Plan(secondPass, High, Calendar, NewYork);

        ShouldBeExactly(Due(first, InteractiveContact), EndOf("2026-11-03", -5));
        ShouldBeExactly(Due(second, InteractiveContact), EndOf("2026-11-03", -5));
    }

    [Fact]
    public void Where_the_clocks_skip_midnight_the_day_ends_when_they_jump()
    {
        // Havana jumps from 00:00 (-05:00) to 01:00 (-04:00) on Sunday 8 March 2026: Saturday 7 March ends at 05:00 UTC.
        var havana = TimeZoneInfo.FindSystemTimeZoneById("America/Havana");
        var discharged = new DateTimeOffset(2026, 2, 28, 10, 0, 0, TimeSpan.FromHours(-5));

        var visitDue = Due(TransitionOfCare.Plan(discharged, High, BusinessCalendar.WeekendsOnly, havana), FaceToFaceVisit);

        ShouldBeExactly(visitDue, EndOf("2026-03-07", -5));
        ShouldBeExactly(TimeZoneInfo.ConvertTime(visitDue.AddTicks(1), havana), new DateTimeOffset(2026, 3, 8, 1, 0, 0, TimeSpan.FromHours(-4)));
    }

    [Fact]
    public void Where_the_clocks_fall_back_to_midnight_the_day_ends_at_the_first_midnight()
    {
        // Havana falls back from 01:00 (-04:00) to 00:00 (-05:00) on Sunday 1 November 2026: midnight comes twice,
        // and Saturday 31 October ends before the first one (04:00 UTC), not the second (05:00 UTC, already Sunday).
        var havana = TimeZoneInfo.FindSystemTimeZoneById("America/Havana");
        var discharged = new DateTimeOffset(2026, 10, 24, 10, 0, 0, TimeSpan.FromHours(-4));

        var visitDue = Due(TransitionOfCare.Plan(discharged, High, BusinessCalendar.WeekendsOnly, havana), FaceToFaceVisit);

        ShouldBeExactly(visitDue, EndOf("2026-10-31", -4));
    }

    [Fact]
    public void Where_the_clocks_fall_back_from_midnight_the_day_ends_after_its_repeated_hour()
    {
        // Santiago falls back from 24:00 (-03:00) to 23:00 (-04:00) on Saturday 4 April 2026: that Saturday ends at
        // the second 23:59:59, 04:00 UTC.
        var santiago = TimeZoneInfo.FindSystemTimeZoneById("America/Santiago");
        var discharged = new DateTimeOffset(2026, 3, 28, 10, 0, 0, TimeSpan.FromHours(-3));

        var visitDue = Due(TransitionOfCare.Plan(discharged, High, BusinessCalendar.WeekendsOnly, santiago), FaceToFaceVisit);

        ShouldBeExactly(visitDue, EndOf("2026-04-04", -4));
    }

    [Fact]
    public void Planning_needs_a_calendar_a_zone_and_a_known_complexity()
    {
        var at = Ny("2026-03-02 10:00");

        Should.Throw<ArgumentNullException>(() => TransitionOfCare.Plan(at, High, null!, NewYork));
        Should.Throw<ArgumentNullException>(() => TransitionOfCare.Plan(at, High, Calendar, null!));
        Should.Throw<ArgumentOutOfRangeException>(() => TransitionOfCare.Plan(at, (TransitionComplexity)7, Calendar, NewYork));
    }

    [Theory]
    [InlineData(9, LaceRisk.Moderate, Moderate)]
    [InlineData(10, LaceRisk.High, High)]
    [InlineData(0, LaceRisk.Low, Moderate)]
    public void A_high_LACE_risk_calls_for_the_seven_day_visit(int total, LaceRisk risk, TransitionComplexity complexity)
    {
        var lace = total switch
        {
            9 => LaceIndex.Score(7, true, 1, 0),
            10 => LaceIndex.Score(7, true, 2, 0),
            _ => LaceIndex.Score(0, false, 0, 0),
        };
        lace.Total.ShouldBe(total);
        lace.Risk.ShouldBe(risk);

        TransitionOfCare.ComplexityFor(lace).ShouldBe(complexity);
    }

    private static readonly TimeZoneInfo[] Zones =
        new[] { "America/New_York", "America/Los_Angeles", "America/Havana", "America/Santiago", "Pacific/Honolulu", "Asia/Kolkata", "Etc/UTC" }
            .Select(TimeZoneInfo.FindSystemTimeZoneById).ToArray();

    // Any instant from 2025 to the middle of December 2027 (the calendar holds the holidays of 2025-2028), any zone.
    private static readonly Gen<(DateTimeOffset At, TimeZoneInfo Zone, TransitionComplexity Complexity)> Discharges =
        Gen.Select(
            Gen.Long[new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero).UtcTicks, new DateTimeOffset(2027, 12, 15, 0, 0, 0, TimeSpan.Zero).UtcTicks],
            Gen.Int[0, Zones.Length - 1],
            Gen.Enum<TransitionComplexity>(),
            (ticks, zone, complexity) => (new DateTimeOffset(ticks, TimeSpan.Zero), Zones[zone], complexity));

    [Fact]
    public void The_call_is_always_due_on_a_business_day_after_the_discharge_date_and_at_most_two_business_days_after()
    {
        Discharges.Sample((at, zone, complexity) =>
        {
            var dischargeDate = LocalDate(at, zone);

            var contactDate = LocalDate(Due(TransitionOfCare.Plan(at, complexity, Calendar, zone), InteractiveContact), zone);

            Calendar.IsBusinessDay(contactDate).ShouldBeTrue();
            contactDate.ShouldBeGreaterThan(dischargeDate);
            Calendar.BusinessDaysBetween(dischargeDate, contactDate).ShouldBeLessThanOrEqualTo(2);
            Calendar.BusinessDaysBetween(dischargeDate, contactDate.AddDays(-1)).ShouldBe(1); // and no earlier day would do
        }, iter: 5_000);
    }

    [Fact]
    public void Every_due_time_is_the_last_tick_of_its_local_day_at_that_instant_s_offset()
    {
        Discharges.Sample((at, zone, complexity) =>
        {
            var dischargeDate = LocalDate(at, zone);
            var visitDays = complexity == High ? 7 : 14;

            foreach (var clock in TransitionOfCare.Plan(at, complexity, Calendar, zone))
            {
                var dueDate = LocalDate(clock.DueAt, zone);
                clock.DueAt.Offset.ShouldBe(zone.GetUtcOffset(clock.DueAt));
                DateOnly.FromDateTime(clock.DueAt.DateTime).ShouldBe(dueDate);
                LocalDate(clock.DueAt.AddTicks(1), zone).ShouldBe(dueDate.AddDays(1));
                if (clock.Step != InteractiveContact)
                    dueDate.ShouldBe(dischargeDate.AddDays(visitDays));
            }
        }, iter: 5_000);
    }
}
