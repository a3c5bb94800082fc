using CareHub.Domain.Encounters;
using CareHub.Web.Features.Census;
using static CareHub.Web.Tests.Features.Census.CensusSamples;

namespace CareHub.Web.Tests.Features.Census;

/// <summary>The board's figures, counted in memory by local days of a zone six hours behind UTC.</summary>
public sealed class CensusSummaryTests
{
    [Fact]
    public void In_house_patients_are_counted_by_class_and_the_discharged_only_as_discharges()
    {
        CensusRow[] rows =
        [
            Row(encounterClass: EncounterClass.Inpatient),
            Row(encounterClass: EncounterClass.Inpatient),
            Row(encounterClass: EncounterClass.Emergency),
            Row(encounterClass: EncounterClass.Observation),
            Row(encounterClass: EncounterClass.SkilledNursing, facility: Oaks),
            Row(encounterClass: EncounterClass.Inpatient, place: CensusPlace.DischargedToday),
        ];

        var summary = CensusSummary.From(rows, Today, Zone);

        summary.InHouse.ShouldBe(5);
        summary.Inpatient.ShouldBe(2);
        summary.Emergency.ShouldBe(1);
        summary.Observation.ShouldBe(1);
        summary.SkilledNursing.ShouldBe(1);
        summary.DischargesToday.ShouldBe(1);
    }

    [Fact]
    public void Admissions_today_are_counted_by_the_local_day_not_the_UTC_day()
    {
        CensusRow[] rows =
        [
            Row(admittedAt: Local(10, 0, 5)),                                 // 06:05 UTC today
            Row(admittedAt: Local(10, 23, 0)),                                // 05:00 UTC tomorrow, still today here
            Row(admittedAt: Local(9, 20, 0)),                                 // 02:00 UTC today, but yesterday here
            Row(admittedAt: Local(10, 7, 0), place: CensusPlace.DischargedToday), // in and out today
        ];

        CensusSummary.From(rows, Today, Zone).AdmissionsToday.ShouldBe(3);
    }

    [Fact]
    public void Expected_discharges_today_count_in_house_patients_expected_to_leave_by_local_midnight()
    {
        CensusRow[] rows =
        [
            Row() with { ExpectedDischargeAt = Local(10, 23, 59) },
            Row() with { ExpectedDischargeAt = Local(11, 0, 0) },
            Row() with { ExpectedDischargeAt = Local(9, 23, 0) },
            Row(place: CensusPlace.DischargedToday) with { ExpectedDischargeAt = Local(10, 12) },
            Row(),
        ];

        CensusSummary.From(rows, Today, Zone).ExpectedDischargesToday.ShouldBe(1);
    }

    [Fact]
    public void Readmissions_and_high_LACE_count_in_house_patients_only_and_LACE_10_is_high()
    {
        CensusRow[] rows =
        [
            Row() with { Readmission = true, Lace = new CensusLace(4, 3, 2, 1) },  // 10: high
            Row() with { Lace = new CensusLace(4, 3, 2, 0) },                      // 9: not high
            Row(place: CensusPlace.DischargedToday) with { Readmission = true, Lace = new CensusLace(7, 3, 5, 4) },
        ];

        var summary = CensusSummary.From(rows, Today, Zone);

        summary.Readmissions.ShouldBe(1);
        summary.HighLace.ShouldBe(1);
    }

    [Fact]
    public void Transition_calls_due_by_the_end_of_the_local_day_include_overdue_ones()
    {
        CensusRow[] rows =
        [
            Row(place: CensusPlace.DischargedToday) with { TransitionCallDueAt = Local(8, 17) },     // overdue
            Row(place: CensusPlace.DischargedToday) with { TransitionCallDueAt = Local(10, 23, 59) }, // tonight (tomorrow in UTC)
            Row(place: CensusPlace.DischargedToday) with { TransitionCallDueAt = Local(11, 0) },     // tomorrow
            Row(),
        ];

        CensusSummary.From(rows, Today, Zone).TransitionCallsDue.ShouldBe(2);
    }

    [Fact]
    public void The_facility_table_counts_in_house_patients_per_unit_and_class_in_ward_order()
    {
        CensusRow[] rows =
        [
            Row(unit: "4 West", encounterClass: EncounterClass.Inpatient),
            Row(unit: "4 West", encounterClass: EncounterClass.Observation),
            Row(unit: "ED", bed: "3", encounterClass: EncounterClass.Emergency),
            Row(unit: null, bed: null, encounterClass: EncounterClass.Inpatient),
            Row(unit: "4 West", place: CensusPlace.DischargedToday),
            Row(facility: Oaks, unit: "Rose", encounterClass: EncounterClass.SkilledNursing),
        ];

        var byFacility = CensusSummary.From(rows, Today, Zone).ByFacility;

        byFacility.Select(f => f.Facility).ShouldBe(["Mercy General", "Oaks Nursing"]);
        var mercy = byFacility[0];
        mercy.Total.ShouldBe(4);
        mercy.Units.Select(u => u.Unit).ShouldBe(["4 West", "ED", null]);
        mercy.Units[0].ShouldBe(new CensusUnitCount("4 West", 1, 0, 1, 0));
        mercy.Units[1].ShouldBe(new CensusUnitCount("ED", 0, 1, 0, 0));
        byFacility[1].Units.ShouldBe([new CensusUnitCount("Rose", 0, 0, 0, 1)]);
    }

    [Fact]
    public void An_empty_census_counts_nothing()
    {
        var summary = CensusSummary.From([], Today, Zone);

        summary.InHouse.ShouldBe(0);
        summary.ByFacility.ShouldBeEmpty();
    }

    [Fact]
    public void The_end_of_a_day_with_a_daylight_saving_change_is_the_next_local_midnight()
    {
        var rule = TimeZoneInfo.AdjustmentRule.CreateAdjustmentRule(
            DateTime.MinValue.Date, DateTime.MaxValue.Date, TimeSpan.FromHours(1),
            TimeZoneInfo.TransitionTime.CreateFloatingDateRule(new DateTime(1, 1, 1, 2, 0, 0), 3, 2, DayOfWeek.Sunday),
            TimeZoneInfo.TransitionTime.CreateFloatingDateRule(new DateTime(1, 1, 1, 2, 0, 0), 11, 1, DayOfWeek.Sunday));
        var central = TimeZoneInfo.CreateCustomTimeZone("CareHub/Central", TimeSpan.FromHours(-6), "Central", "CST", "CDT", [rule]);

        // 2025-03-09 is the spring-forward Sunday: the day after it starts at midnight CDT (UTC-5).
        CensusClock.EndOf(new DateOnly(2025, 3, 9), central).ShouldBe(new DateTimeOffset(2025, 3, 10, 0, 0, 0, TimeSpan.FromHours(-5)));
        CensusClock.EndOf(new DateOnly(2025, 3, 8), central).ShouldBe(new DateTimeOffset(2025, 3, 9, 0, 0, 0, TimeSpan.FromHours(-6)));
    }
}
