using CareHub.Domain.Common;
using CareHub.Domain.Patients;

namespace CareHub.Domain.Tests.Patients;

public class PatientTests
{
    private static Patient NewPatient(DateOnly? birthDate = null) =>
        new("4000001", "CHS", "Ada", "Lovelace", birthDate ?? new DateOnly(1950, 6, 15), AdministrativeSex.Female);

    [Fact]
    public void A_new_patient_is_uninsured_speaks_English_and_sorts_by_family_name()
    {
        var patient = NewPatient();

        patient.Payer.ShouldBe(PayerType.Uninsured);
        patient.PlanName.ShouldBeNull();
        patient.PreferredLanguage.ShouldBe("English");
        patient.SortName.ShouldBe("Lovelace, Ada");
        patient.DisplayName.ShouldBe("Lovelace, Ada");
        patient.Teams.ShouldBeEmpty();
    }

    [Fact]
    public void Renaming_keeps_the_sort_name_in_step()
    {
        var patient = NewPatient();

        patient.Rename(" Augusta ", "King");

        patient.GivenName.ShouldBe("Augusta");
        patient.SortName.ShouldBe("King, Augusta");
    }

    [Fact]
    public void Enrolling_in_a_team_adds_a_membership_for_this_patient()
    {
        var patient = NewPatient();
        var team = Guid.NewGuid();

        patient.EnrolIn(team);

        var membership = patient.Teams.ShouldHaveSingleItem();
        membership.TeamId.ShouldBe(team);
        membership.PatientId.ShouldBe(patient.Id);
    }

    [Fact]
    public void Enrolling_in_the_same_team_twice_keeps_one_membership()
    {
        var patient = NewPatient();
        var team = Guid.NewGuid();

        patient.EnrolIn(team);
        patient.EnrolIn(team);

        patient.Teams.Count.ShouldBe(1);
    }

    [Fact]
    public void Enrolling_in_no_team_is_refused()
    {
        var patient = NewPatient();

        var refusal = Should.Throw<DomainRuleException>(() => patient.EnrolIn(Guid.Empty));

        refusal.Message.ShouldBe("Care team is required.");
        patient.Teams.ShouldBeEmpty();
    }

    [Fact]
    public void Leaving_the_last_team_is_refused()
    {
        var patient = NewPatient();
        var team = Guid.NewGuid();
        patient.EnrolIn(team);

        var refusal = Should.Throw<DomainRuleException>(() => patient.LeaveTeam(team));

        refusal.Message.ShouldBe("A patient stays on at least one care team; enrol them in the new team first.");
        patient.Teams.ShouldHaveSingleItem().TeamId.ShouldBe(team);
    }

    [Fact]
    public void Leaving_one_of_two_teams_keeps_the_other()
    {
        var patient = NewPatient();
        var (north, east) = (Guid.NewGuid(), Guid.NewGuid());
        patient.EnrolIn(north);
        patient.EnrolIn(east);

        patient.LeaveTeam(north);

        patient.Teams.ShouldHaveSingleItem().TeamId.ShouldBe(east);
    }

    [Theory]
    [InlineData(PayerType.Medicare, "Original Medicare")]
    [InlineData(PayerType.MedicareAdvantage, "Golden Years PPO")]
    [InlineData(PayerType.Medicaid, null)]
    [InlineData(PayerType.Commercial, "Employer Choice HMO")]
    [InlineData(PayerType.Uninsured, null)]
    public void Coverage_is_recorded_with_its_plan(PayerType payer, string? plan)
    {
        var patient = NewPatient();

        patient.SetCoverage(payer, plan);

        patient.Payer.ShouldBe(payer);
        patient.PlanName.ShouldBe(plan);
    }

    [Fact]
    public void An_uninsured_patient_with_a_plan_name_is_refused()
    {
        var patient = NewPatient();

        var refusal = Should.Throw<DomainRuleException>(() => patient.SetCoverage(PayerType.Uninsured, "BlueRiver Commercial PPO"));

        refusal.Message.ShouldBe("An uninsured patient has no plan name.");
    }

    [Fact]
    public void A_refused_coverage_change_leaves_the_coverage_as_it_was()
    {
        var patient = NewPatient();
        patient.SetCoverage(PayerType.Medicare, "Original Medicare");

        Should.Throw<DomainRuleException>(() => patient.SetCoverage(PayerType.Uninsured, "Some plan"));

        patient.Payer.ShouldBe(PayerType.Medicare);
        patient.PlanName.ShouldBe("Original Medicare");
    }

    [Fact]
    public void A_blank_plan_name_is_stored_as_none()
    {
        var patient = NewPatient();

        patient.SetCoverage(PayerType.Uninsured, "  ");

        patient.PlanName.ShouldBeNull();
    }

    [Fact]
    public void Attributing_to_no_coordinator_is_refused()
    {
        var patient = NewPatient();

        var refusal = Should.Throw<DomainRuleException>(() => patient.AttributeTo(Guid.Empty));

        refusal.Message.ShouldBe("Coordinator is required.");
        patient.AttributedCoordinatorId.ShouldBeNull();
    }

    [Theory]
    [InlineData("2026-06-14", 75)]
    [InlineData("2026-06-15", 76)]
    [InlineData("2026-06-16", 76)]
    [InlineData("2026-01-01", 75)]
    [InlineData("2026-12-31", 76)]
    public void Age_goes_up_on_the_birthday_not_before(string day, int age)
    {
        var patient = NewPatient(new DateOnly(1950, 6, 15));

        patient.AgeOn(DateOnly.Parse(day, System.Globalization.CultureInfo.InvariantCulture)).ShouldBe(age);
    }

    [Theory]
    [InlineData("2025-02-27", 24)]
    [InlineData("2025-02-28", 25)]
    [InlineData("2028-02-28", 27)]
    [InlineData("2028-02-29", 28)]
    public void A_leap_day_birthday_counts_from_the_28th_of_February_in_other_years(string day, int age)
    {
        var patient = NewPatient(new DateOnly(2000, 2, 29));

        patient.AgeOn(DateOnly.Parse(day, System.Globalization.CultureInfo.InvariantCulture)).ShouldBe(age);
    }

    [Fact]
    public void Recording_a_condition_that_is_already_active_returns_the_existing_one()
    {
        var patient = NewPatient();
        var first = patient.RecordCondition("e11.9", "Type 2 diabetes", ChronicCondition.Diabetes, new DateOnly(2020, 1, 1));

        var second = patient.RecordCondition(" E11.9 ", "Type 2 diabetes mellitus", ChronicCondition.Diabetes, new DateOnly(2024, 1, 1));

        second.ShouldBeSameAs(first);
        patient.Conditions.Count.ShouldBe(1);
        first.Code.ShouldBe("E11.9");
        first.PatientId.ShouldBe(patient.Id);
    }

    [Fact]
    public void A_resolved_condition_recorded_again_starts_a_new_episode()
    {
        var patient = NewPatient();
        var first = patient.RecordCondition("F32.9", "Depression", ChronicCondition.Depression, new DateOnly(2020, 1, 1));
        first.Resolve(new DateOnly(2021, 1, 1));

        var again = patient.RecordCondition("F32.9", "Depression", ChronicCondition.Depression, new DateOnly(2024, 1, 1));

        again.ShouldNotBeSameAs(first);
        patient.Conditions.Count.ShouldBe(2);
    }

    [Fact]
    public void A_duplicate_record_is_merged_into_the_survivor_once()
    {
        var duplicate = NewPatient();
        var survivor = Guid.NewGuid();

        duplicate.MergeInto(survivor);

        duplicate.MergedIntoId.ShouldBe(survivor);
        Should.Throw<DomainRuleException>(() => duplicate.MergeInto(Guid.NewGuid()))
            .Message.ShouldBe("This patient record was already merged into another.");
    }

    [Fact]
    public void A_patient_cannot_be_merged_into_themselves()
    {
        var patient = NewPatient();
        Should.Throw<DomainRuleException>(() => patient.MergeInto(patient.Id))
            .Message.ShouldBe("A patient cannot be merged into themselves.");
        patient.MergedIntoId.ShouldBeNull();
    }

    [Fact]
    public void Demographics_from_a_feed_update_the_name_and_keep_what_the_feed_left_out()
    {
        var patient = NewPatient(new DateOnly(1950, 1, 2));
        var sex = patient.Sex;

        patient.UpdateDemographics("Rosa", "Delgado-Smith", null, null);

        patient.SortName.ShouldBe("Delgado-Smith, Rosa");
        patient.BirthDate.ShouldBe(new DateOnly(1950, 1, 2));
        patient.Sex.ShouldBe(sex);
    }
}
