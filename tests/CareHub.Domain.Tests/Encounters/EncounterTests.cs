using CareHub.Domain.Common;
using CareHub.Domain.Encounters;

namespace CareHub.Domain.Tests.Encounters;

public class EncounterTests
{
    private static readonly DateTimeOffset Admitted = TestTime.Monday;
    private static readonly Guid Unit = Guid.NewGuid();

    private static Encounter Admit(EncounterClass encounterClass = EncounterClass.Inpatient) =>
        Encounter.Admit(Guid.NewGuid(), Guid.NewGuid(), Unit, "4W-12A", encounterClass, Admitted, "V12345678");

    [Fact]
    public void Admitting_starts_an_active_encounter_at_the_admission_time()
    {
        var encounter = Admit();

        encounter.Status.ShouldBe(EncounterStatus.InProgress);
        encounter.IsActive.ShouldBeTrue();
        encounter.AdmittedAt.ShouldBe(Admitted);
        encounter.UnitId.ShouldBe(Unit);
        encounter.Bed.ShouldBe("4W-12A");
        encounter.VisitNumber.ShouldBe("V12345678");
        encounter.DischargedAt.ShouldBeNull();
    }

    [Fact]
    public void Admitting_without_a_patient_is_refused()
    {
        var refusal = Should.Throw<DomainRuleException>(() =>
            Encounter.Admit(Guid.Empty, Guid.NewGuid(), null, null, EncounterClass.Emergency, Admitted));

        refusal.Message.ShouldBe("Patient is required.");
    }

    [Fact]
    public void Admitting_without_a_facility_is_refused()
    {
        var refusal = Should.Throw<DomainRuleException>(() =>
            Encounter.Admit(Guid.NewGuid(), Guid.Empty, null, null, EncounterClass.Emergency, Admitted));

        refusal.Message.ShouldBe("Facility is required.");
    }

    [Fact]
    public void A_blank_bed_is_stored_as_no_bed()
    {
        var encounter = Encounter.Admit(Guid.NewGuid(), Guid.NewGuid(), null, "   ", EncounterClass.Emergency, Admitted);

        encounter.Bed.ShouldBeNull();
    }

    [Fact]
    public void Transferring_moves_the_patient_to_the_new_unit_and_bed()
    {
        var encounter = Admit();
        var icu = Guid.NewGuid();

        encounter.Transfer(icu, " ICU-03 ", Admitted.AddHours(5));

        encounter.UnitId.ShouldBe(icu);
        encounter.Bed.ShouldBe("ICU-03");
        encounter.IsActive.ShouldBeTrue();
    }

    [Fact]
    public void Transferring_before_admission_is_refused()
    {
        var encounter = Admit();

        var refusal = Should.Throw<DomainRuleException>(() => encounter.Transfer(Guid.NewGuid(), "5E-01", Admitted.AddMinutes(-1)));

        refusal.Message.ShouldBe("A transfer cannot happen before the admission.");
        encounter.UnitId.ShouldBe(Unit);
    }

    [Fact]
    public void Transferring_to_no_unit_is_refused()
    {
        var encounter = Admit();

        var refusal = Should.Throw<DomainRuleException>(() => encounter.Transfer(Guid.Empty, null, Admitted.AddHours(1)));

        refusal.Message.ShouldBe("Unit is required.");
    }

    [Fact]
    public void A_refused_transfer_leaves_the_patient_in_the_old_unit_and_bed()
    {
        var encounter = Admit();

        Should.Throw<DomainRuleException>(() => encounter.Transfer(Guid.NewGuid(), new string('B', 21), Admitted.AddHours(1)));

        encounter.UnitId.ShouldBe(Unit);
        encounter.Bed.ShouldBe("4W-12A");
    }

    [Fact]
    public void Transferring_a_discharged_patient_is_refused()
    {
        var encounter = Admit();
        encounter.Discharge(Admitted.AddDays(2), DischargeDisposition.Home);

        var refusal = Should.Throw<DomainRuleException>(() => encounter.Transfer(Guid.NewGuid(), null, Admitted.AddDays(3)));

        refusal.Message.ShouldBe("This encounter is discharged and cannot be transferred.");
    }

    [Fact]
    public void Discharging_finishes_the_encounter_with_its_time_and_disposition()
    {
        var encounter = Admit();

        encounter.Discharge(Admitted.AddDays(4), DischargeDisposition.SkilledNursingFacility);

        encounter.Status.ShouldBe(EncounterStatus.Finished);
        encounter.IsActive.ShouldBeFalse();
        encounter.DischargedAt.ShouldBe(Admitted.AddDays(4));
        encounter.Disposition.ShouldBe(DischargeDisposition.SkilledNursingFacility);
    }

    [Fact]
    public void Discharging_at_the_admission_time_is_allowed()
    {
        var encounter = Admit(EncounterClass.Emergency);

        encounter.Discharge(Admitted, DischargeDisposition.LeftAgainstMedicalAdvice);

        encounter.Status.ShouldBe(EncounterStatus.Finished);
    }

    [Fact]
    public void Discharging_before_admission_is_refused()
    {
        var encounter = Admit();

        var refusal = Should.Throw<DomainRuleException>(() => encounter.Discharge(Admitted.AddSeconds(-1), DischargeDisposition.Home));

        refusal.Message.ShouldBe("The discharge time cannot be before the admission time.");
        encounter.Status.ShouldBe(EncounterStatus.InProgress);
        encounter.DischargedAt.ShouldBeNull();
    }

    [Fact]
    public void Discharging_twice_is_refused()
    {
        var encounter = Admit();
        encounter.Discharge(Admitted.AddDays(1), DischargeDisposition.Home);

        var refusal = Should.Throw<DomainRuleException>(() => encounter.Discharge(Admitted.AddDays(2), DischargeDisposition.Hospice));

        refusal.Message.ShouldBe("This encounter is discharged and cannot be discharged.");
        encounter.DischargedAt.ShouldBe(Admitted.AddDays(1));
        encounter.Disposition.ShouldBe(DischargeDisposition.Home);
    }

    [Fact]
    public void Discharging_a_cancelled_encounter_is_refused()
    {
        var encounter = Admit();
        encounter.Cancel();

        var refusal = Should.Throw<DomainRuleException>(() => encounter.Discharge(Admitted.AddDays(1), DischargeDisposition.Home));

        refusal.Message.ShouldBe("This encounter is cancelled and cannot be discharged.");
    }

    [Fact]
    public void Cancelling_ends_the_encounter()
    {
        var encounter = Admit();

        encounter.Cancel();

        encounter.Status.ShouldBe(EncounterStatus.Cancelled);
        encounter.IsActive.ShouldBeFalse();
    }

    [Fact]
    public void Cancelling_twice_is_refused()
    {
        var encounter = Admit();
        encounter.Cancel();

        var refusal = Should.Throw<DomainRuleException>(encounter.Cancel);

        refusal.Message.ShouldBe("This encounter is already cancelled.");
    }

    [Fact]
    public void An_emergency_visit_admitted_as_inpatient_keeps_its_encounter()
    {
        var encounter = Admit(EncounterClass.Emergency);
        var id = encounter.Id;

        encounter.ChangeClass(EncounterClass.Inpatient);

        encounter.Class.ShouldBe(EncounterClass.Inpatient);
        encounter.Id.ShouldBe(id);
    }

    [Fact]
    public void Changing_the_class_of_a_finished_encounter_is_refused()
    {
        var encounter = Admit(EncounterClass.Emergency);
        encounter.Discharge(Admitted.AddHours(3), DischargeDisposition.Home);

        var refusal = Should.Throw<DomainRuleException>(() => encounter.ChangeClass(EncounterClass.Inpatient));

        refusal.Message.ShouldBe("This encounter is discharged and cannot be changed.");
        encounter.Class.ShouldBe(EncounterClass.Emergency);
    }

    [Fact]
    public void An_expected_discharge_before_admission_is_refused()
    {
        var encounter = Admit();

        var refusal = Should.Throw<DomainRuleException>(() => encounter.ExpectDischarge(Admitted.AddHours(-2)));

        refusal.Message.ShouldBe("The expected discharge cannot be before the admission.");
        encounter.ExpectedDischargeAt.ShouldBeNull();
    }

    [Fact]
    public void An_expected_discharge_is_recorded_on_an_active_stay()
    {
        var encounter = Admit();

        encounter.ExpectDischarge(Admitted.AddDays(3));

        encounter.ExpectedDischargeAt.ShouldBe(Admitted.AddDays(3));
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(23.9, 0)]
    [InlineData(24, 1)]
    [InlineData(47.5, 1)]
    [InlineData(24 * 9 + 6, 9)]
    public void Length_of_stay_counts_whole_days_from_admission_to_discharge(double hours, int days)
    {
        var encounter = Admit();
        encounter.Discharge(Admitted.AddHours(hours), DischargeDisposition.Home);

        encounter.LengthOfStayDays(Admitted.AddDays(100)).ShouldBe(days);
    }

    [Fact]
    public void Length_of_stay_of_a_current_stay_counts_up_to_now()
    {
        var encounter = Admit();

        encounter.LengthOfStayDays(Admitted.AddDays(3).AddHours(2)).ShouldBe(3);
    }

    [Fact]
    public void Length_of_stay_is_never_negative()
    {
        var encounter = Admit();

        encounter.LengthOfStayDays(Admitted.AddDays(-2)).ShouldBe(0);
    }
}
