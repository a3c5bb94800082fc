using CareHub.Domain.Encounters;
using CareHub.Web.Features.Census;
using static CareHub.Web.Tests.Features.Census.CensusSamples;

namespace CareHub.Web.Tests.Features.Census;

/// <summary>The grid's in-memory filter and order.</summary>
public sealed class CensusViewTests
{
    private static readonly Guid Me = Guid.NewGuid();

    private static List<string> Names(IEnumerable<CensusRow> rows) => [.. rows.Select(r => r.Name)];

    private static List<string> Filtered(CensusFilter filter, params CensusRow[] rows) =>
        Names(CensusView.Filter(rows, filter, Today, Zone, Me));

    [Fact]
    public void The_empty_filter_shows_every_row()
    {
        CensusRow[] rows = [Row("A"), Row("B", place: CensusPlace.DischargedToday)];

        Filtered(new CensusFilter(), rows).ShouldBe(["A", "B"]);
    }

    [Fact]
    public void Team_facility_class_and_place_narrow_the_rows()
    {
        CensusRow[] rows =
        [
            Row("Team A ED", encounterClass: EncounterClass.Emergency),
            Row("Team B inpatient", teamId: TeamB),
            Row("Oaks SNF", facility: Oaks, encounterClass: EncounterClass.SkilledNursing),
            Row("Gone home", place: CensusPlace.DischargedToday),
        ];

        Filtered(new CensusFilter { TeamId = TeamB }, rows).ShouldBe(["Team B inpatient"]);
        Filtered(new CensusFilter { FacilityId = Oaks.FacilityId }, rows).ShouldBe(["Oaks SNF"]);
        Filtered(new CensusFilter { Class = EncounterClass.Emergency }, rows).ShouldBe(["Team A ED"]);
        Filtered(new CensusFilter { Place = CensusPlace.DischargedToday }, rows).ShouldBe(["Gone home"]);
        Filtered(new CensusFilter { Place = CensusPlace.InHouse, Class = EncounterClass.Inpatient, TeamId = TeamA }, rows).ShouldBeEmpty();
    }

    [Theory]
    [InlineData("aba", "Abara, Ify")]
    [InlineData("IFY", "Abara, Ify")]
    [InlineData("mrn0042", "Abara, Ify")]
    [InlineData("  bel ", "Bello, Ada")]
    [InlineData("ra", null)]
    [InlineData("0042", null)]
    public void Search_matches_the_start_of_the_name_of_any_word_of_it_or_of_the_MRN(string search, string? expected)
    {
        CensusRow[] rows = [Row("Abara, Ify", mrn: "MRN00421"), Row("Bello, Ada", mrn: "MRN00977")];

        Filtered(new CensusFilter { Search = search }, rows).ShouldBe(expected is null ? [] : [expected]);
    }

    [Fact]
    public void The_flags_show_readmissions_high_LACE_my_patients_and_todays_admissions()
    {
        CensusRow[] rows =
        [
            Row("Readmitted") with { Readmission = true },
            Row("High LACE") with { Lace = new CensusLace(5, 3, 1, 1) },
            Row("Mine") with { CoordinatorId = Me },
            Row("Admitted today", admittedAt: Local(10, 0, 30)),
        ];

        Filtered(new CensusFilter { ReadmissionsOnly = true }, rows).ShouldBe(["Readmitted"]);
        Filtered(new CensusFilter { HighLaceOnly = true }, rows).ShouldBe(["High LACE"]);
        Filtered(new CensusFilter { MyPatientsOnly = true }, rows).ShouldBe(["Mine"]);
        Filtered(new CensusFilter { AdmittedTodayOnly = true }, rows).ShouldBe(["Admitted today"]);
        Names(CensusView.Filter(rows, new CensusFilter { MyPatientsOnly = true }, Today, Zone, me: null)).ShouldBeEmpty();
    }

    [Fact]
    public void Expected_discharge_and_transition_calls_count_by_the_local_day()
    {
        CensusRow[] rows =
        [
            // 23:30 local today is 05:30 UTC tomorrow: still today here.
            Row("Leaves late tonight") with { ExpectedDischargeAt = Local(10, 23, 30) },
            Row("Leaves tomorrow") with { ExpectedDischargeAt = Local(11, 0, 15) },
            Row("Already gone", place: CensusPlace.DischargedToday) with { ExpectedDischargeAt = Local(10, 12) },
            Row("Call overdue", place: CensusPlace.DischargedToday) with { TransitionCallDueAt = Local(9, 17) },
            Row("Call tonight", place: CensusPlace.DischargedToday) with { TransitionCallDueAt = Local(10, 23, 59) },
            Row("Call tomorrow", place: CensusPlace.DischargedToday) with { TransitionCallDueAt = Local(11, 0) },
        ];

        Filtered(new CensusFilter { ExpectedDischargeTodayOnly = true }, rows).ShouldBe(["Leaves late tonight"]);
        Filtered(new CensusFilter { TransitionDueOnly = true }, rows).ShouldBe(["Call overdue", "Call tonight"]);
    }

    [Fact]
    public void The_default_order_is_facility_unit_bed_with_beds_in_number_order_and_no_unit_last()
    {
        CensusRow[] rows =
        [
            Row("Oaks", facility: Oaks, unit: "A", bed: "1"),
            Row("No unit", unit: null, bed: null),
            Row("Bed 10", unit: "4 West", bed: "10"),
            Row("Bed 2", unit: "4 West", bed: "2"),
            Row("3 East", unit: "3 East", bed: "30"),
        ];

        Names(CensusView.Sort(rows, CensusSort.Default)).ShouldBe(["3 East", "Bed 2", "Bed 10", "No unit", "Oaks"]);
    }

    [Fact]
    public void The_grid_sorts_by_name_length_of_stay_LACE_and_admission_either_way()
    {
        CensusRow[] rows =
        [
            Row("Bello, Ada", admittedAt: Local(9, 8)) with { LengthOfStayDays = 1, Lace = new CensusLace(1, 0, 0, 0) },
            Row("Abara, Ify", admittedAt: Local(1, 8)) with { LengthOfStayDays = 9, Lace = new CensusLace(7, 3, 2, 1) },
            Row("Chukwu, Obi", admittedAt: Local(5, 8)) with { LengthOfStayDays = 5, Lace = new CensusLace(4, 3, 0, 0) },
        ];

        Names(CensusView.Sort(rows, new CensusSort(CensusSortKey.Name))).ShouldBe(["Abara, Ify", "Bello, Ada", "Chukwu, Obi"]);
        Names(CensusView.Sort(rows, new CensusSort(CensusSortKey.Name, Descending: true))).ShouldBe(["Chukwu, Obi", "Bello, Ada", "Abara, Ify"]);
        Names(CensusView.Sort(rows, new CensusSort(CensusSortKey.LengthOfStay, Descending: true))).ShouldBe(["Abara, Ify", "Chukwu, Obi", "Bello, Ada"]);
        Names(CensusView.Sort(rows, new CensusSort(CensusSortKey.Lace))).ShouldBe(["Bello, Ada", "Chukwu, Obi", "Abara, Ify"]);
        Names(CensusView.Sort(rows, new CensusSort(CensusSortKey.Admitted))).ShouldBe(["Abara, Ify", "Chukwu, Obi", "Bello, Ada"]);
    }

    [Fact]
    public void Ties_are_ordered_by_name_so_the_grid_never_flickers()
    {
        CensusRow[] rows = [Row("Bello, Ada"), Row("Abara, Ify")];

        Names(CensusView.Sort(rows, new CensusSort(CensusSortKey.Lace))).ShouldBe(["Abara, Ify", "Bello, Ada"]);
    }
}
