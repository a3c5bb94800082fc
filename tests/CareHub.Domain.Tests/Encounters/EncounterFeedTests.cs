using CareHub.Domain.Common;
using CareHub.Domain.Encounters;

namespace CareHub.Domain.Tests.Encounters;

/// <summary>The encounter operations an ADT feed drives: pre-admission, cancellations, order of events, merges.</summary>
public class EncounterFeedTests
{
    private static readonly DateTimeOffset Admitted = TestTime.Monday;
    private static readonly Guid Unit = Guid.NewGuid();
    private static readonly Guid OtherUnit = Guid.NewGuid();

    private static Encounter Admit(EncounterClass encounterClass = EncounterClass.Inpatient) =>
        Encounter.Admit(Guid.NewGuid(), Guid.NewGuid(), Unit, "4W-12A", encounterClass, Admitted, "V1");

    [Fact]
    public void A_pre_admission_is_planned_until_it_begins()
    {
        var encounter = Encounter.PreAdmit(Guid.NewGuid(), Guid.NewGuid(), null, null, EncounterClass.Inpatient, Admitted, "V2");
        encounter.Status.ShouldBe(EncounterStatus.Planned);
        encounter.IsActive.ShouldBeFalse();

        encounter.Begin(Admitted.AddHours(3), EncounterClass.Inpatient, Unit, "12");

        encounter.Status.ShouldBe(EncounterStatus.InProgress);
        encounter.AdmittedAt.ShouldBe(Admitted.AddHours(3));
        encounter.UnitId.ShouldBe(Unit);
        encounter.Bed.ShouldBe("12");
    }

    [Fact]
    public void An_encounter_in_progress_cannot_begin_again()
    {
        var refusal = Should.Throw<DomainRuleException>(() => Admit().Begin(Admitted, EncounterClass.Inpatient, null, null));
        refusal.Message.ShouldBe("This encounter is in progress and cannot begin again.");
    }

    [Fact]
    public void An_emergency_visit_admitted_as_inpatient_counts_as_coming_through_the_emergency_department()
    {
        var direct = Admit();
        direct.CameThroughEmergency.ShouldBeFalse();

        var throughEd = Admit(EncounterClass.Emergency);
        throughEd.ChangeClass(EncounterClass.Inpatient);

        throughEd.Class.ShouldBe(EncounterClass.Inpatient);
        throughEd.CameThroughEmergency.ShouldBeTrue();
    }

    [Fact]
    public void A_cancelled_transfer_puts_the_patient_back_where_they_were()
    {
        var encounter = Admit();
        encounter.Transfer(OtherUnit, "5E-3", Admitted.AddHours(5));
        encounter.UnitId.ShouldBe(OtherUnit);

        encounter.CancelTransfer(null, null);

        encounter.UnitId.ShouldBe(Unit);
        encounter.Bed.ShouldBe("4W-12A");
    }

    [Fact]
    public void A_cancelled_transfer_prefers_the_prior_location_the_message_gives()
    {
        var encounter = Admit();
        var third = Guid.NewGuid();
        encounter.Transfer(OtherUnit, "5E-3", Admitted.AddHours(5));

        encounter.CancelTransfer(third, "ICU-1");

        encounter.UnitId.ShouldBe(third);
        encounter.Bed.ShouldBe("ICU-1");
    }

    [Fact]
    public void A_transfer_cannot_be_cancelled_when_there_was_none()
    {
        var refusal = Should.Throw<DomainRuleException>(() => Admit().CancelTransfer(null, null));
        refusal.Message.ShouldBe("There is no earlier location to return this patient to.");
    }

    [Fact]
    public void A_cancelled_discharge_puts_the_patient_back_in_the_facility()
    {
        var encounter = Admit();
        encounter.Discharge(Admitted.AddDays(3), DischargeDisposition.Home);

        encounter.CancelDischarge();

        encounter.Status.ShouldBe(EncounterStatus.InProgress);
        encounter.DischargedAt.ShouldBeNull();
        encounter.Disposition.ShouldBeNull();
    }

    [Fact]
    public void Only_a_discharged_encounter_has_a_discharge_to_cancel()
    {
        var refusal = Should.Throw<DomainRuleException>(() => Admit().CancelDischarge());
        refusal.Message.ShouldBe("This encounter is in progress, not discharged, so there is no discharge to cancel.");
    }

    [Fact]
    public void A_discharged_encounter_cannot_be_cancelled_before_its_discharge_is()
    {
        var encounter = Admit();
        encounter.Discharge(Admitted.AddDays(1), DischargeDisposition.Home);

        var refusal = Should.Throw<DomainRuleException>(encounter.Cancel);

        refusal.Message.ShouldBe("This encounter is discharged; cancel the discharge before cancelling the admission.");
        encounter.Status.ShouldBe(EncounterStatus.Finished);
    }

    [Fact]
    public void A_planned_encounter_can_be_cancelled()
    {
        var encounter = Encounter.PreAdmit(Guid.NewGuid(), Guid.NewGuid(), null, null, EncounterClass.Inpatient, Admitted, null);
        encounter.Cancel();
        encounter.Status.ShouldBe(EncounterStatus.Cancelled);
    }

    [Fact]
    public void An_event_older_than_the_last_applied_one_is_not_current()
    {
        var encounter = Admit();
        encounter.IsCurrentFor(Admitted.AddYears(-1)).ShouldBeTrue("nothing applied yet");

        encounter.Touched(Admitted.AddHours(4));

        encounter.IsCurrentFor(Admitted.AddHours(3)).ShouldBeFalse();
        encounter.IsCurrentFor(Admitted.AddHours(4)).ShouldBeTrue("the same time is not older");
        encounter.IsCurrentFor(Admitted.AddHours(5)).ShouldBeTrue();
    }

    [Fact]
    public void Touching_with_an_older_time_keeps_the_latest()
    {
        var encounter = Admit();
        encounter.Touched(Admitted.AddHours(4));
        encounter.Touched(Admitted.AddHours(2));
        encounter.LastEventAt.ShouldBe(Admitted.AddHours(4));
    }

    [Fact]
    public void A_merged_record_s_encounter_moves_to_the_surviving_patient()
    {
        var encounter = Admit();
        var survivor = Guid.NewGuid();
        encounter.MoveTo(survivor);
        encounter.PatientId.ShouldBe(survivor);
        Should.Throw<DomainRuleException>(() => encounter.MoveTo(Guid.Empty));
    }
}
