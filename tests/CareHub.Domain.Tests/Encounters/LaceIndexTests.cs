using CareHub.Domain.Encounters;

namespace CareHub.Domain.Tests.Encounters;

/// <summary>The LACE index against the published table (van Walraven et al., CMAJ 2010;182(6):551-557).</summary>
public class LaceIndexTests
{
    private static readonly DateTimeOffset Admitted = new(2026, 9, 15, 10, 0, 0, TimeSpan.FromHours(-4));

    [Theory]
    [InlineData(0, 0)] // under a day
    [InlineData(1, 1)]
    [InlineData(2, 2)]
    [InlineData(3, 3)]
    [InlineData(4, 4)]
    [InlineData(5, 4)]
    [InlineData(6, 4)]
    [InlineData(7, 5)]
    [InlineData(13, 5)]
    [InlineData(14, 7)]
    [InlineData(15, 7)]
    [InlineData(365, 7)]
    public void Length_of_stay_scores_as_the_published_table(int days, int points)
    {
        LaceIndex.LengthPoints(days).ShouldBe(points);
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(1, 1)]
    [InlineData(2, 2)]
    [InlineData(3, 3)]
    [InlineData(4, 5)]
    [InlineData(5, 5)]
    [InlineData(12, 5)]
    public void A_Charlson_score_scores_comorbidity_as_the_published_table(int charlson, int points)
    {
        LaceIndex.ComorbidityPoints(charlson).ShouldBe(points);
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(1, 1)]
    [InlineData(2, 2)]
    [InlineData(3, 3)]
    [InlineData(4, 4)]
    [InlineData(5, 4)]
    [InlineData(20, 4)]
    public void ED_visits_in_the_six_months_before_score_as_the_published_table(int visits, int points)
    {
        LaceIndex.EmergencyVisitPoints(visits).ShouldBe(points);
    }

    [Theory]
    [InlineData(true, 3)]
    [InlineData(false, 0)]
    public void An_emergent_admission_scores_three_for_acuity_and_an_elective_one_nothing(bool emergent, int points)
    {
        var lace = LaceIndex.Score(2, emergent, 0, 0);

        lace.Acuity.ShouldBe(points);
    }

    [Fact]
    public void Scoring_a_stay_puts_each_measure_through_its_table()
    {
        var lace = LaceIndex.Score(lengthOfStayDays: 9, emergentAdmission: true, charlsonPoints: 6, emergencyVisitsPast6Months: 2);

        lace.ShouldBe(new LaceIndex(Length: 5, Acuity: 3, Comorbidity: 5, EmergencyVisits: 2));
        lace.Total.ShouldBe(15);
        lace.Risk.ShouldBe(LaceRisk.High);
    }

    [Theory]
    [InlineData(0, false, 0, 0, 0, LaceRisk.Low)] // the lowest score there is
    [InlineData(4, false, 0, 0, 4, LaceRisk.Low)]
    [InlineData(1, true, 1, 0, 5, LaceRisk.Moderate)]
    [InlineData(7, true, 1, 0, 9, LaceRisk.Moderate)]
    [InlineData(7, true, 2, 0, 10, LaceRisk.High)]
    [InlineData(3, false, 3, 3, 9, LaceRisk.Moderate)]
    [InlineData(3, false, 3, 4, 10, LaceRisk.High)]
    [InlineData(14, true, 4, 4, 19, LaceRisk.High)] // the highest score there is
    public void The_total_adds_the_four_parts_and_falls_in_its_risk_band(
        int days, bool emergent, int charlson, int visits, int total, LaceRisk risk)
    {
        var lace = LaceIndex.Score(days, emergent, charlson, visits);

        lace.Total.ShouldBe(total);
        lace.Risk.ShouldBe(risk);
    }

    [Theory]
    [InlineData(-1, 0, 0, "lengthOfStayDays")]
    [InlineData(0, -1, 0, "charlsonPoints")]
    [InlineData(0, 0, -1, "emergencyVisitsPast6Months")]
    public void A_negative_measure_is_refused(int days, int charlson, int visits, string parameter)
    {
        var refusal = Should.Throw<ArgumentOutOfRangeException>(() => LaceIndex.Score(days, false, charlson, visits));

        refusal.ParamName.ShouldBe(parameter);
    }

    [Fact]
    public void Each_component_function_refuses_a_negative_count()
    {
        Should.Throw<ArgumentOutOfRangeException>(() => LaceIndex.LengthPoints(-1));
        Should.Throw<ArgumentOutOfRangeException>(() => LaceIndex.ComorbidityPoints(-1));
        Should.Throw<ArgumentOutOfRangeException>(() => LaceIndex.EmergencyVisitPoints(-1));
    }

    [Theory]
    [InlineData(6, 0, 0, 0, "Length")] // 4-6 days score 4; the table has no 6
    [InlineData(8, 0, 0, 0, "Length")]
    [InlineData(0, 1, 0, 0, "Acuity")]
    [InlineData(0, 0, 4, 0, "Comorbidity")] // a Charlson score of 4 scores 5
    [InlineData(0, 0, 0, 5, "EmergencyVisits")]
    [InlineData(-1, 0, 0, 0, "Length")]
    public void An_index_holds_only_points_the_table_can_give(int length, int acuity, int comorbidity, int visits, string part)
    {
        var refusal = Should.Throw<ArgumentOutOfRangeException>(() => new LaceIndex(length, acuity, comorbidity, visits));

        refusal.ParamName.ShouldBe(part);
    }

    [Fact]
    public void Changing_a_part_to_points_the_table_cannot_give_is_refused()
    {
        var lace = new LaceIndex(7, 3, 5, 4);

        Should.Throw<ArgumentOutOfRangeException>(() => lace with { Acuity = 2 }).ParamName.ShouldBe("Acuity");
        (lace with { Acuity = 0 }).Total.ShouldBe(16);
    }

    [Fact]
    public void ED_visits_count_from_six_calendar_months_before_the_admission_up_to_but_not_including_it()
    {
        var sixMonthsBefore = new DateTimeOffset(2026, 3, 15, 10, 0, 0, TimeSpan.FromHours(-4));
        var visits = new (EncounterClass, DateTimeOffset)[]
        {
            (EncounterClass.Emergency, sixMonthsBefore.AddTicks(-1)), // just outside
            (EncounterClass.Emergency, sixMonthsBefore),              // the first instant counted
            (EncounterClass.Emergency, Admitted.AddDays(-30)),
            (EncounterClass.Emergency, Admitted.AddTicks(-1)),        // the last instant counted
            (EncounterClass.Emergency, Admitted),                     // this admission's own ED visit
            (EncounterClass.Emergency, Admitted.AddDays(3)),          // after the admission
        };

        LaceIndex.EmergencyVisitsBefore(visits, Admitted).ShouldBe(3);
    }

    [Fact]
    public void Only_emergency_encounters_count_as_ED_visits()
    {
        var visits = new (EncounterClass, DateTimeOffset)[]
        {
            (EncounterClass.Inpatient, Admitted.AddDays(-10)),
            (EncounterClass.Observation, Admitted.AddDays(-20)),
            (EncounterClass.SkilledNursing, Admitted.AddDays(-40)),
            (EncounterClass.Emergency, Admitted.AddDays(-50)),
        };

        LaceIndex.EmergencyVisitsBefore(visits, Admitted).ShouldBe(1);
    }

    [Fact]
    public void The_six_months_are_calendar_months_ending_on_the_last_day_of_a_shorter_month()
    {
        var admitted = new DateTimeOffset(2026, 8, 31, 12, 0, 0, TimeSpan.Zero); // six months before: 28 February
        var visits = new (EncounterClass, DateTimeOffset)[]
        {
            (EncounterClass.Emergency, new DateTimeOffset(2026, 2, 28, 12, 0, 0, TimeSpan.Zero)),
            (EncounterClass.Emergency, new DateTimeOffset(2026, 2, 28, 11, 59, 59, TimeSpan.Zero)),
        };

        LaceIndex.EmergencyVisitsBefore(visits, admitted).ShouldBe(1);
    }

    [Fact]
    public void The_window_is_six_calendar_months_not_a_fixed_number_of_days()
    {
        // 15 March to 15 September is 184 days; a 180- or 182-day window would miss this visit.
        var visits = new (EncounterClass, DateTimeOffset)[] { (EncounterClass.Emergency, Admitted.AddDays(-183)) };

        LaceIndex.EmergencyVisitsBefore(visits, Admitted).ShouldBe(1);
    }

    [Fact]
    public void ED_visits_are_compared_as_instants_whatever_their_offset()
    {
        var sixMonthsBefore = new DateTimeOffset(2026, 3, 15, 14, 0, 0, TimeSpan.Zero); // 10:00 at -04:00
        var visits = new (EncounterClass, DateTimeOffset)[]
        {
            (EncounterClass.Emergency, sixMonthsBefore),
            (EncounterClass.Emergency, sixMonthsBefore.AddSeconds(-1)),
            (EncounterClass.Emergency, Admitted.ToUniversalTime()),
        };

        LaceIndex.EmergencyVisitsBefore(visits, Admitted).ShouldBe(1);
    }

    [Fact]
    public void No_visits_give_no_ED_points()
    {
        var count = LaceIndex.EmergencyVisitsBefore([], Admitted);

        count.ShouldBe(0);
        LaceIndex.EmergencyVisitPoints(count).ShouldBe(0);
    }

    [Theory]
    [InlineData(EncounterClass.Inpatient, true, true)]
    [InlineData(EncounterClass.Inpatient, false, false)]
    [InlineData(EncounterClass.Observation, true, true)]
    [InlineData(EncounterClass.Observation, false, false)]
    [InlineData(EncounterClass.Emergency, false, true)]
    [InlineData(EncounterClass.SkilledNursing, false, false)]
    public void An_admission_through_the_ED_is_emergent(EncounterClass encounterClass, bool cameThroughEd, bool emergent)
    {
        LaceIndex.IsEmergent(encounterClass, cameThroughEd).ShouldBe(emergent);
    }
}
