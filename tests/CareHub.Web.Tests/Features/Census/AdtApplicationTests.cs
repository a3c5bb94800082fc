using CareHub.Domain.Encounters;
using CareHub.Domain.Interop;
using CareHub.Domain.Organization;
using CareHub.Domain.Tasks;
using CareHub.Interop.Acks;
using CareHub.Web.Features.Census;
using CareHub.Web.Features.Tasks;
using CareHub.Web.Realtime;
using CareHub.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace CareHub.Web.Tests.Features.Census;

/// <summary>
/// What each ADT event does to the record, through the processor over a real SQLite database: the HL7 v2-to-FHIR
/// encounter status, the order of events, cancellations, the transition of care, merges and what is refused.
/// </summary>
public sealed class AdtApplicationTests(PatientsDatabase database) : IClassFixture<PatientsDatabase>
{
    private readonly CensusTestBed _bed = new(database);
    private static CancellationToken Ct => CensusTestBed.Ct;
    private DateTimeOffset Now => _bed.Database.Clock.GetUtcNow();

    private async Task<(TestTeam Team, Facility Hospital, Adt Adt)> ArrangeAsync(int patients = 1)
    {
        var team = await _bed.Database.TeamAsync([.. Enumerable.Range(0, patients).Select(i => new PatientSeed($"Rivera{(char)('a' + i)}", "Ana"))]);
        var hospital = await _bed.HospitalAsync();
        return (team, hospital, new Adt(hospital.Code));
    }

    private async Task<List<Encounter>> StaysAsync(Guid patientId)
    {
        await using var db = _bed.SystemDb();
        return await db.Encounters.AsNoTracking().Where(e => e.PatientId == patientId).ToListAsync(Ct);
    }

    [Fact]
    public async Task An_admission_is_an_inpatient_stay_in_progress_on_the_unit_and_bed_sent()
    {
        var (team, hospital, adt) = await ArrangeAsync();

        var outcome = await _bed.Processor().ProcessAsync(adt.Message("A01", team[0], Now.AddHours(-2), visit: "V1"), "mllp", "test", Ct);

        outcome.Code.ShouldBe(AckCode.AA, outcome.Result);
        outcome.Ack.ShouldContain("MSA|AA|");
        var stay = (await StaysAsync(team[0].Id)).ShouldHaveSingleItem();
        stay.Status.ShouldBe(EncounterStatus.InProgress);
        stay.Class.ShouldBe(EncounterClass.Inpatient);
        stay.FacilityId.ShouldBe(hospital.Id);
        stay.UnitId.ShouldBe(hospital.Units.Single(u => u.Code == "MED").Id);
        stay.Bed.ShouldBe("101-A");
        stay.VisitNumber.ShouldBe("V1");
        stay.AdmittedAt.ShouldBe(Now.AddHours(-2));
    }

    [Fact]
    public async Task The_census_of_the_patient_s_team_hears_of_an_applied_message()
    {
        var (team, _, adt) = await ArrangeAsync();
        var heard = new List<RealtimeEvent>();
        using var _ = _bed.Database.Bus.Subscribe(Topics.Census(team.Team.Id), e => { lock (heard) heard.Add(e); return Task.CompletedTask; });

        await _bed.Processor().ProcessAsync(adt.Message("A01", team[0], Now), "mllp", "test", Ct);

        heard.ShouldHaveSingleItem().ResourceId.ShouldBe(team[0].Id);
    }

    [Fact]
    public async Task An_ED_visit_admitted_as_inpatient_keeps_one_stay_that_came_through_the_ED()
    {
        var (team, _, adt) = await ArrangeAsync();
        var processor = _bed.Processor();

        await processor.ProcessAsync(adt.Message("A04", team[0], Now.AddHours(-6), "E", "ED", visit: "V2"), "mllp", "test", Ct);
        var outcome = await processor.ProcessAsync(adt.Message("A06", team[0], Now.AddHours(-3), "I", "TELE", visit: "V2"), "mllp", "test", Ct);

        outcome.Code.ShouldBe(AckCode.AA, outcome.Result);
        var stay = (await StaysAsync(team[0].Id)).ShouldHaveSingleItem();
        stay.Class.ShouldBe(EncounterClass.Inpatient);
        stay.CameThroughEmergency.ShouldBeTrue();
        stay.AdmittedAt.ShouldBe(Now.AddHours(-6));
    }

    [Fact]
    public async Task An_outpatient_with_patient_type_OBS_is_an_observation_stay_and_a_clinic_visit_is_not_on_the_census()
    {
        var (team, _, adt) = await ArrangeAsync(2);
        var processor = _bed.Processor();

        var observation = await processor.ProcessAsync(adt.Message("A04", team[0], Now, "O", "MED", patientType: "OBS"), "mllp", "test", Ct);
        var clinic = await processor.ProcessAsync(adt.Message("A04", team[1], Now, "O", "MED"), "mllp", "test", Ct);

        observation.Status.ShouldBe(InboundMessageStatus.Applied);
        (await StaysAsync(team[0].Id)).ShouldHaveSingleItem().Class.ShouldBe(EncounterClass.Observation);
        clinic.Code.ShouldBe(AckCode.AA);
        clinic.Status.ShouldBe(InboundMessageStatus.Skipped);
        (await StaysAsync(team[1].Id)).ShouldBeEmpty();
    }

    [Fact]
    public async Task A_transfer_moves_the_patient_and_an_older_transfer_arriving_late_does_not_move_them_back()
    {
        var (team, hospital, adt) = await ArrangeAsync();
        var processor = _bed.Processor();
        await processor.ProcessAsync(adt.Message("A01", team[0], Now.AddHours(-8), visit: "V3"), "mllp", "test", Ct);

        await processor.ProcessAsync(adt.Message("A02", team[0], Now.AddHours(-1), unit: "TELE", bed: "5-B", visit: "V3"), "mllp", "test", Ct);
        var late = await processor.ProcessAsync(adt.Message("A02", team[0], Now.AddHours(-4), unit: "OBS", bed: "1-A", visit: "V3"), "mllp", "test", Ct);

        late.Code.ShouldBe(AckCode.AA);
        late.Status.ShouldBe(InboundMessageStatus.Skipped);
        late.Result.ShouldContain("Older than the last event");
        (await StaysAsync(team[0].Id)).ShouldHaveSingleItem().UnitId.ShouldBe(hospital.Units.Single(u => u.Code == "TELE").Id);
    }

    [Fact]
    public async Task A_cancelled_transfer_puts_the_patient_back_on_the_unit_the_message_names()
    {
        var (team, hospital, adt) = await ArrangeAsync();
        var processor = _bed.Processor();
        await processor.ProcessAsync(adt.Message("A01", team[0], Now.AddHours(-8), visit: "V4"), "mllp", "test", Ct);
        await processor.ProcessAsync(adt.Message("A02", team[0], Now.AddHours(-2), unit: "TELE", visit: "V4"), "mllp", "test", Ct);

        var outcome = await processor.ProcessAsync(adt.Message("A12", team[0], Now.AddHours(-1), unit: "MED", visit: "V4"), "mllp", "test", Ct);

        outcome.Status.ShouldBe(InboundMessageStatus.Applied, outcome.Result);
        (await StaysAsync(team[0].Id)).ShouldHaveSingleItem().UnitId.ShouldBe(hospital.Units.Single(u => u.Code == "MED").Id);
    }

    [Fact]
    public async Task A_cancelled_admission_takes_the_stay_off_the_census()
    {
        var (team, _, adt) = await ArrangeAsync();
        var processor = _bed.Processor();
        await processor.ProcessAsync(adt.Message("A01", team[0], Now.AddHours(-2), visit: "V5"), "mllp", "test", Ct);

        var outcome = await processor.ProcessAsync(adt.Message("A11", team[0], Now.AddHours(-1), visit: "V5"), "mllp", "test", Ct);

        outcome.Status.ShouldBe(InboundMessageStatus.Applied, outcome.Result);
        (await StaysAsync(team[0].Id)).ShouldHaveSingleItem().Status.ShouldBe(EncounterStatus.Cancelled);
        (await _bed.CensusFor(team).LoadAsync(null, Ct)).Rows.ShouldBeEmpty();
    }

    [Fact]
    public async Task A_discharge_home_starts_the_transition_of_care_and_a_cancelled_discharge_stops_it()
    {
        var (team, _, adt) = await ArrangeAsync();
        var processor = _bed.Processor();
        await processor.ProcessAsync(adt.Message("A01", team[0], Now.AddDays(-3), visit: "V6"), "mllp", "test", Ct);
        using var taskLists = new EventRecorder(_bed.Database.Bus, Topics.Tasks(team.Team.Id));

        var discharged = await processor.ProcessAsync(
            adt.Message("A03", team[0], Now.AddHours(-1), visit: "V6", disposition: "01", dischargeAt: Now.AddHours(-1)), "mllp", "test", Ct);

        discharged.Status.ShouldBe(InboundMessageStatus.Applied, discharged.Result);
        var stay = (await StaysAsync(team[0].Id)).ShouldHaveSingleItem();
        stay.Status.ShouldBe(EncounterStatus.Finished);
        stay.Disposition.ShouldBe(DischargeDisposition.Home);
        List<CareTask> tasks;
        await using (var db = _bed.SystemDb())
            tasks = await db.Tasks.AsNoTracking().Where(t => t.EncounterId == stay.Id).ToListAsync(Ct);
        tasks.Select(t => t.Kind).ShouldBe([CareTaskKind.TransitionContact, CareTaskKind.TransitionVisit, CareTaskKind.TransitionMedication], ignoreOrder: true);
        tasks.ShouldAllBe(t => t.AssigneeId == team.Member.Id && t.TeamId == team.Team.Id && t.Status == CareTaskStatus.Open);
        // Discharged Monday 2 March 2026 (03:00 in New York): the call is due by the end of Wednesday 4 March there.
        var call = tasks.Single(t => t.Kind == CareTaskKind.TransitionContact);
        _bed.Calendar.DateOf(call.DueAt).ShouldBe(new DateOnly(2026, 3, 4));
        taskLists.Events.Select(e => (e.Kind, e.ResourceId)).ShouldBe(tasks.Select(t => (TasksEvents.Changed, t.Id)), ignoreOrder: true,
            "the team's open task lists hear of each new transition step");

        var undone = await processor.ProcessAsync(adt.Message("A13", team[0], Now, visit: "V6"), "mllp", "test", Ct);

        undone.Status.ShouldBe(InboundMessageStatus.Applied, undone.Result);
        (await StaysAsync(team[0].Id)).ShouldHaveSingleItem().Status.ShouldBe(EncounterStatus.InProgress);
        await using (var db = _bed.SystemDb())
            (await db.Tasks.AsNoTracking().Where(t => t.EncounterId == stay.Id).Select(t => t.Status).ToListAsync(Ct)).ShouldAllBe(s => s == CareTaskStatus.Cancelled);
        taskLists.Events.Count.ShouldBe(6, "the cancelled steps leave the open task lists too");
    }

    [Theory]
    [InlineData("03", DischargeDisposition.SkilledNursingFacility)]
    [InlineData("20", DischargeDisposition.Expired)]
    [InlineData("02", DischargeDisposition.TransferredToAcuteCare)]
    public async Task A_discharge_to_a_facility_or_a_death_starts_no_transition_of_care(string code, DischargeDisposition disposition)
    {
        var (team, _, adt) = await ArrangeAsync();
        var processor = _bed.Processor();
        await processor.ProcessAsync(adt.Message("A01", team[0], Now.AddDays(-3), visit: "V7"), "mllp", "test", Ct);

        await processor.ProcessAsync(adt.Message("A03", team[0], Now.AddHours(-1), visit: "V7", disposition: code), "mllp", "test", Ct);

        var stay = (await StaysAsync(team[0].Id)).ShouldHaveSingleItem();
        stay.Disposition.ShouldBe(disposition);
        await using var db = _bed.SystemDb();
        (await db.Tasks.CountAsync(t => t.EncounterId == stay.Id, Ct)).ShouldBe(0);
    }

    [Fact]
    public async Task A_discharge_without_a_stay_is_refused_with_the_reason_and_changes_nothing()
    {
        var (team, _, adt) = await ArrangeAsync();

        var outcome = await _bed.Processor().ProcessAsync(adt.Message("A03", team[0], Now, disposition: "01"), "mllp", "test", Ct);

        outcome.Code.ShouldBe(AckCode.AE);
        outcome.Status.ShouldBe(InboundMessageStatus.Failed);
        outcome.Result.ShouldBe("There is no current stay to discharge for this patient at this facility.");
        outcome.Ack.ShouldContain("ERR|");
        (await StaysAsync(team[0].Id)).ShouldBeEmpty();
    }

    [Fact]
    public async Task A_message_for_an_unknown_facility_is_refused_and_applies_when_replayed_after_the_facility_exists()
    {
        var (team, _, _) = await ArrangeAsync();
        var code = $"NEW{Random.Shared.Next(1000, 9999)}";
        var processor = _bed.Processor();

        var refused = await processor.ProcessAsync(new Adt(code).Message("A01", team[0], Now), "mllp", "test", Ct);

        refused.Code.ShouldBe(AckCode.AE);
        refused.Result.ShouldContain($"Facility '{code}' is not known to CareHub");
        (await StaysAsync(team[0].Id)).ShouldBeEmpty();

        var facility = new Facility(code, "New Hospital", FacilityKind.AcuteCareHospital);
        facility.AddUnit("MED", "Medical", UnitKind.MedicalSurgical, 10);
        await using (var db = _bed.SystemDb())
        {
            db.Facilities.Add(facility);
            await db.SaveChangesAsync(Ct);
        }
        var replayed = await processor.ReplayAsync(refused.MessageId, "replay-by:test", Ct);

        replayed!.Code.ShouldBe(AckCode.AA, replayed.Result);
        (await StaysAsync(team[0].Id)).ShouldHaveSingleItem();
        await using (var db = _bed.SystemDb())
        {
            var stored = await db.InboundMessages.AsNoTracking().SingleAsync(m => m.Id == refused.MessageId, Ct);
            stored.Status.ShouldBe(InboundMessageStatus.Applied);
            stored.Attempts.ShouldBe(2);
        }
    }

    [Fact]
    public async Task An_applied_message_is_not_replayed()
    {
        var (team, _, adt) = await ArrangeAsync();
        var processor = _bed.Processor();
        var applied = await processor.ProcessAsync(adt.Message("A01", team[0], Now), "mllp", "test", Ct);

        var replayed = await processor.ReplayAsync(applied.MessageId, "replay-by:test", Ct);

        replayed!.Status.ShouldBe(InboundMessageStatus.Applied);
        replayed.Result.ShouldContain("only a failed message is applied again");
        (await StaysAsync(team[0].Id)).ShouldHaveSingleItem();
        (await processor.ReplayAsync(Guid.NewGuid(), "replay-by:test", Ct)).ShouldBeNull();
    }

    [Fact]
    public async Task The_same_control_id_from_the_same_sender_is_acknowledged_and_applied_once()
    {
        var (team, _, adt) = await ArrangeAsync();
        var processor = _bed.Processor();
        var message = adt.Message("A01", team[0], Now, controlId: $"C{Guid.NewGuid():N}"[..20]);

        var first = await processor.ProcessAsync(message, "mllp", "test", Ct);
        var again = await processor.ProcessAsync(message, "mllp", "test", Ct);

        first.Status.ShouldBe(InboundMessageStatus.Applied);
        again.Code.ShouldBe(AckCode.AA);
        again.Status.ShouldBe(InboundMessageStatus.Skipped);
        (await StaysAsync(team[0].Id)).ShouldHaveSingleItem();
    }

    [Fact]
    public async Task A_new_MRN_registers_the_patient_on_the_configured_team()
    {
        var (team, _, adt) = await ArrangeAsync();
        var mrn = PatientsDatabase.NewMrn();
        var processor = _bed.Processor(new CensusOptions { NewPatientTeam = team.Team.Name });

        var outcome = await processor.ProcessAsync(adt.Message("A04", mrn, "CHS", "Okonkwo", "Chidi", new DateOnly(1961, 4, 9), Now, "E", "ED"), "mllp", "test", Ct);

        outcome.Status.ShouldBe(InboundMessageStatus.Applied, outcome.Result);
        await using var db = _bed.SystemDb();
        var patient = await db.Patients.Include(p => p.Teams).AsNoTracking().SingleAsync(p => p.Mrn == mrn, Ct);
        patient.SortName.ShouldBe("Okonkwo, Chidi");
        patient.AssigningAuthority.ShouldBe("CHS");
        patient.Teams.ShouldHaveSingleItem().TeamId.ShouldBe(team.Team.Id);
        (await _bed.CensusFor(team).LoadAsync(null, Ct)).Rows.ShouldContain(r => r.PatientId == patient.Id && r.Class == EncounterClass.Emergency);
    }

    [Fact]
    public async Task A_merge_moves_the_duplicate_s_stays_and_open_tasks_to_the_survivor_and_hides_the_duplicate()
    {
        var (team, _, adt) = await ArrangeAsync(2);
        var (survivor, duplicate) = (team[0], team[1]);
        var processor = _bed.Processor();
        await processor.ProcessAsync(adt.Message("A01", duplicate, Now.AddHours(-5), visit: "V9"), "mllp", "test", Ct);

        var outcome = await processor.ProcessAsync(adt.Message("A40", survivor, Now, priorMrn: duplicate.Mrn), "mllp", "test", Ct);

        outcome.Status.ShouldBe(InboundMessageStatus.Applied, outcome.Result);
        (await StaysAsync(survivor.Id)).ShouldHaveSingleItem().VisitNumber.ShouldBe("V9");
        (await StaysAsync(duplicate.Id)).ShouldBeEmpty();
        await using var db = _bed.SystemDb();
        (await db.Patients.AsNoTracking().SingleAsync(p => p.Id == duplicate.Id, Ct)).MergedIntoId.ShouldBe(survivor.Id);
        var rows = (await _bed.CensusFor(team).LoadAsync(null, Ct)).Rows;
        rows.ShouldHaveSingleItem().PatientId.ShouldBe(survivor.Id);
    }

    [Fact]
    public async Task A_message_for_a_merged_MRN_goes_to_the_survivor()
    {
        var (team, _, adt) = await ArrangeAsync(2);
        var processor = _bed.Processor();
        await processor.ProcessAsync(adt.Message("A40", team[0], Now.AddHours(-1), priorMrn: team[1].Mrn), "mllp", "test", Ct);

        await processor.ProcessAsync(adt.Message("A01", team[1], Now), "mllp", "test", Ct);

        (await StaysAsync(team[0].Id)).ShouldHaveSingleItem();
        (await StaysAsync(team[1].Id)).ShouldBeEmpty();
    }

    [Fact]
    public async Task An_update_changes_the_name_and_the_expected_discharge()
    {
        var (team, _, adt) = await ArrangeAsync();
        var processor = _bed.Processor();
        await processor.ProcessAsync(adt.Message("A01", team[0], Now.AddHours(-5), visit: "V10"), "mllp", "test", Ct);
        var update = adt.Message("A08", team[0].Mrn, team[0].AssigningAuthority, "Rivera-Lopez", "Ana", team[0].BirthDate, Now, visit: "V10")
            .Replace("PV1|", $"PV2|||||||||{Adt.Time(Now.AddDays(2))}\rPV1|", StringComparison.Ordinal);
        // PV2 before PV1 is still read by segment name.
        var outcome = await processor.ProcessAsync(update, "mllp", "test", Ct);

        outcome.Status.ShouldBe(InboundMessageStatus.Applied, outcome.Result);
        await using var db = _bed.SystemDb();
        (await db.Patients.AsNoTracking().SingleAsync(p => p.Id == team[0].Id, Ct)).SortName.ShouldBe("Rivera-Lopez, Ana");
        (await StaysAsync(team[0].Id)).ShouldHaveSingleItem().ExpectedDischargeAt.ShouldBe(Now.AddDays(2));
    }

    [Fact]
    public async Task Unreadable_text_is_stored_rejected_and_answered_AR()
    {
        var processor = _bed.Processor();

        var outcome = await processor.ProcessAsync("this is not HL7", "http", "test", Ct);

        outcome.Code.ShouldBe(AckCode.AR);
        outcome.Ack.ShouldContain("MSA|AR");
        await using var db = _bed.SystemDb();
        var stored = await db.InboundMessages.AsNoTracking().SingleAsync(m => m.Id == outcome.MessageId, Ct);
        stored.Status.ShouldBe(InboundMessageStatus.Rejected);
        stored.Raw.ShouldBe("this is not HL7");
    }

    [Fact]
    public async Task Every_write_of_the_feed_is_audited_as_the_system_with_the_channel_as_source()
    {
        var (team, _, adt) = await ArrangeAsync();

        await _bed.Processor().ProcessAsync(adt.Message("A01", team[0], Now), "mllp", "10.1.2.3:5000", Ct);

        await using var db = _bed.SystemDb();
        var audits = await db.AuditEvents.AsNoTracking().Where(a => a.PatientId == team[0].Id && a.EntityType == nameof(Encounter)).ToListAsync(Ct);
        audits.ShouldHaveSingleItem().Source.ShouldBe("mllp:10.1.2.3:5000");
        audits[0].UserId.ShouldBe("system");
    }

    [Fact]
    public async Task Messages_arriving_together_are_applied_in_order_and_a_refused_one_takes_nothing_of_the_others_with_it()
    {
        var (team, _, adt) = await ArrangeAsync(3);
        await using var processor = _bed.Processor();

        var outcomes = await Task.WhenAll(
            processor.ProcessAsync(adt.Message("A01", team[0], Now.AddHours(-3)), "mllp", "a", Ct),
            processor.ProcessAsync(adt.Message("A03", team[1], Now.AddHours(-2), disposition: "01"), "mllp", "b", Ct),
            processor.ProcessAsync(adt.Message("A01", team[2], Now.AddHours(-1)), "mllp", "c", Ct),
            processor.ProcessAsync(adt.Message("A03", team[0], Now.AddMinutes(-30), disposition: "20"), "mllp", "a", Ct));

        outcomes.Select(o => o.Code).ShouldBe([AckCode.AA, AckCode.AE, AckCode.AA, AckCode.AA]);
        (await StaysAsync(team[0].Id)).ShouldHaveSingleItem().Disposition.ShouldBe(DischargeDisposition.Expired);
        (await StaysAsync(team[1].Id)).ShouldBeEmpty();
        (await StaysAsync(team[2].Id)).ShouldHaveSingleItem().Status.ShouldBe(EncounterStatus.InProgress);
        await using var db = _bed.SystemDb();
        var ids = outcomes.Select(o => o.MessageId).ToList();
        (await db.InboundMessages.AsNoTracking().Where(m => ids.Contains(m.Id)).Select(m => m.Status).ToListAsync(Ct))
            .ShouldBe([InboundMessageStatus.Applied, InboundMessageStatus.Failed, InboundMessageStatus.Applied, InboundMessageStatus.Applied], ignoreOrder: true);
    }
}
