using CareHub.Domain.Common;
using CareHub.Domain.Patients;

namespace CareHub.Domain.Tests.Patients;

public class ConditionTests
{
    private static readonly DateOnly Onset = new(2022, 5, 1);

    private static Patient PatientWith(params ChronicCondition[] conditions)
    {
        var patient = new Patient("4000002", "CHS", "Grace", "Hopper", new DateOnly(1940, 12, 9), AdministrativeSex.Female);
        foreach (var condition in conditions)
            patient.RecordCondition($"X{(int)condition}", condition.ToString(), condition, Onset);
        return patient;
    }

    [Fact]
    public void A_patient_without_conditions_has_no_Charlson_points()
    {
        PatientWith().CharlsonPoints().ShouldBe(0);
    }

    [Theory]
    [InlineData(ChronicCondition.Diabetes, 1)]
    [InlineData(ChronicCondition.DiabetesWithComplications, 2)]
    [InlineData(ChronicCondition.HeartFailure, 1)]
    [InlineData(ChronicCondition.Copd, 1)]
    [InlineData(ChronicCondition.Depression, 0)]
    [InlineData(ChronicCondition.ChronicKidneyDisease, 2)]
    [InlineData(ChronicCondition.Dementia, 1)]
    [InlineData(ChronicCondition.MetastaticCancer, 6)]
    public void Each_chronic_condition_carries_its_Charlson_weight(ChronicCondition condition, int points)
    {
        Condition.Weight(condition).ShouldBe(points);
        PatientWith(condition).CharlsonPoints().ShouldBe(points);
    }

    [Fact]
    public void Charlson_points_add_up_across_conditions()
    {
        PatientWith(ChronicCondition.HeartFailure, ChronicCondition.Copd, ChronicCondition.ChronicKidneyDisease, ChronicCondition.MetastaticCancer)
            .CharlsonPoints().ShouldBe(1 + 1 + 2 + 6);
    }

    [Fact]
    public void Complicated_diabetes_supersedes_diabetes()
    {
        PatientWith(ChronicCondition.Diabetes, ChronicCondition.DiabetesWithComplications).CharlsonPoints().ShouldBe(2);
    }

    [Fact]
    public void Complicated_diabetes_supersedes_diabetes_with_other_conditions_still_counted()
    {
        PatientWith(ChronicCondition.Diabetes, ChronicCondition.DiabetesWithComplications, ChronicCondition.HeartFailure)
            .CharlsonPoints().ShouldBe(3);
    }

    [Fact]
    public void A_chronic_condition_recorded_under_two_codes_counts_once()
    {
        var patient = PatientWith(ChronicCondition.HeartFailure);
        patient.RecordCondition("I50.22", "Chronic systolic heart failure", ChronicCondition.HeartFailure, Onset);

        patient.Conditions.Count.ShouldBe(2);
        patient.CharlsonPoints().ShouldBe(1);
    }

    [Fact]
    public void Resolved_conditions_do_not_count()
    {
        var patient = PatientWith(ChronicCondition.Copd, ChronicCondition.ChronicKidneyDisease);
        patient.Conditions.Single(c => c.Chronic == ChronicCondition.ChronicKidneyDisease).Resolve(Onset.AddDays(30));

        patient.CharlsonPoints().ShouldBe(1);
    }

    [Fact]
    public void Conditions_outside_the_chronic_list_do_not_count()
    {
        var patient = PatientWith();
        patient.RecordCondition("I10", "Essential (primary) hypertension", null, Onset);

        patient.CharlsonPoints().ShouldBe(0);
    }

    [Fact]
    public void Resolving_records_the_day_and_ends_the_condition()
    {
        var condition = PatientWith(ChronicCondition.Copd).Conditions.Single();

        condition.Resolve(Onset.AddDays(10));

        condition.IsActive.ShouldBeFalse();
        condition.Resolved.ShouldBe(Onset.AddDays(10));
    }

    [Fact]
    public void Resolving_before_the_onset_is_refused()
    {
        var condition = PatientWith(ChronicCondition.Copd).Conditions.Single();

        var refusal = Should.Throw<DomainRuleException>(() => condition.Resolve(Onset.AddDays(-1)));

        refusal.Message.ShouldBe("A condition cannot resolve before its onset.");
        condition.IsActive.ShouldBeTrue();
    }

    [Fact]
    public void Resolving_twice_is_refused()
    {
        var condition = PatientWith(ChronicCondition.Copd).Conditions.Single();
        condition.Resolve(Onset.AddDays(10));

        var refusal = Should.Throw<DomainRuleException>(() => condition.Resolve(Onset.AddDays(20)));

        refusal.Message.ShouldBe("Copd is already resolved.");
        condition.Resolved.ShouldBe(Onset.AddDays(10));
    }
}
