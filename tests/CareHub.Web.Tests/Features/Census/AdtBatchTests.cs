using CareHub.Domain.Encounters;
using CareHub.Domain.Interop;
using CareHub.Domain.Organization;
using CareHub.Interop.Acks;
using CareHub.Web.Features.Census;
using CareHub.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace CareHub.Web.Tests.Features.Census;

/// <summary>
/// Messages applied together in one batch (one transaction, one context, a savepoint each), over a real SQLite database:
/// each is applied as if it were alone, in arrival order, and one refused takes nothing of the others with it.
/// </summary>
public sealed class AdtBatchTests(PatientsDatabase database) : IClassFixture<PatientsDatabase>
{
    private readonly CensusTestBed _bed = new(database);
    private static CancellationToken Ct => CensusTestBed.Ct;
    private DateTimeOffset Now => _bed.Database.Clock.GetUtcNow();

    private async Task<(TestTeam Team, Facility Hospital, Adt Adt)> ArrangeAsync(int patients = 1)
    {
        var team = await _bed.Database.TeamAsync([.. Enumerable.Range(0, patients).Select(i => new PatientSeed($"Batch{(char)('a' + i)}", "Noor"))]);
        var hospital = await _bed.HospitalAsync();
        return (team, hospital, new Adt(hospital.Code));
    }

    private async Task<AdtOutcome[]> OneBatchAsync(AdtProcessor processor, params string[] messages)
    {
        using var batches = new AdtBatches();
        var outcomes = await batches.SendAsOneBatchAsync(processor, _bed.Database.ConnectionString, Ct, messages);
        // The held message alone, then every message of the test together.
        batches.Sizes.ShouldBe([1, messages.Length]);
        return outcomes;
    }

    private async Task<List<Encounter>> StaysAsync(Guid patientId)
    {
        await using var db = _bed.SystemDb();
        return await db.Encounters.AsNoTracking().Where(e => e.PatientId == patientId).ToListAsync(Ct);
    }

    private async Task<InboundMessage> StoredAsync(Guid messageId)
    {
        await using var db = _bed.SystemDb();
        return await db.InboundMessages.AsNoTracking().SingleAsync(m => m.Id == messageId, Ct);
    }

    [Fact]
    public async Task A_bad_message_among_good_ones_in_one_batch_is_refused_alone_stored_with_its_error_and_applies_when_replayed()
    {
        var (team, _, adt) = await ArrangeAsync(3);
        await using var processor = _bed.Processor();

        var outcomes = await OneBatchAsync(processor,
            adt.Message("A01", team[0], Now.AddHours(-3), visit: "B1"),
            adt.Message("A03", team[1], Now.AddHours(-2), visit: "B2", disposition: "01"),
            adt.Message("A01", team[2], Now.AddHours(-1), visit: "B3"));

        outcomes.Select(o => o.Code).ShouldBe([AckCode.AA, AckCode.AE, AckCode.AA]);
        (await StaysAsync(team[0].Id)).ShouldHaveSingleItem().Status.ShouldBe(EncounterStatus.InProgress);
        (await StaysAsync(team[1].Id)).ShouldBeEmpty();
        (await StaysAsync(team[2].Id)).ShouldHaveSingleItem().Status.ShouldBe(EncounterStatus.InProgress);
        var failed = await StoredAsync(outcomes[1].MessageId);
        (failed.Status, failed.AckCode, failed.Attempts).ShouldBe((InboundMessageStatus.Failed, "AE", 1));
        failed.Result.ShouldBe("There is no current stay to discharge for this patient at this facility.");
        failed.ControlId.ShouldNotBeNull();
        (await StoredAsync(outcomes[0].MessageId)).Status.ShouldBe(InboundMessageStatus.Applied);

        await processor.ProcessAsync(adt.Message("A01", team[1], Now.AddHours(-5), visit: "B2"), "mllp", "test", Ct);
        var replayed = await processor.ReplayAsync(outcomes[1].MessageId, "replay-by:test", Ct);

        replayed!.Code.ShouldBe(AckCode.AA, replayed.Result);
        (await StaysAsync(team[1].Id)).ShouldHaveSingleItem().Status.ShouldBe(EncounterStatus.Finished);
        var after = await StoredAsync(outcomes[1].MessageId);
        (after.Status, after.Attempts).ShouldBe((InboundMessageStatus.Applied, 2));
    }

    [Fact]
    public async Task Two_replays_of_one_failed_message_asked_for_at_once_apply_it_once()
    {
        var (team, _, adt) = await ArrangeAsync();
        await using var here = _bed.Processor();
        await using var there = _bed.Processor();
        var refused = await here.ProcessAsync(adt.Message("A03", team[0], Now.AddHours(-2), visit: "R1", disposition: "01"), "mllp", "test", Ct);
        refused.Code.ShouldBe(AckCode.AE);
        await here.ProcessAsync(adt.Message("A01", team[0], Now.AddHours(-5), visit: "R1"), "mllp", "test", Ct);

        using var batches = new AdtBatches();
        var replays = await batches.ReplayAtOnceAsync([here, there], refused.MessageId, _bed.Database.ConnectionString, Ct);

        replays.ShouldAllBe(r => r != null && r.Code == AckCode.AA);
        replays.Count(r => r!.Result.Contains("only a failed message is applied again", StringComparison.Ordinal))
            .ShouldBe(1, "both replays applied the message, or neither did");
        var stored = await StoredAsync(refused.MessageId);
        (stored.Status, stored.Attempts).ShouldBe((InboundMessageStatus.Applied, 2));
        (await StaysAsync(team[0].Id)).ShouldHaveSingleItem().Status.ShouldBe(EncounterStatus.Finished);
    }

    [Fact]
    public async Task A_repeat_inside_one_batch_is_acknowledged_and_applied_once()
    {
        var (team, hospital, adt) = await ArrangeAsync();
        await using var processor = _bed.Processor();
        var admit = adt.Message("A01", team[0], Now.AddHours(-2), visit: "B4", controlId: $"C{Guid.NewGuid():N}"[..20]);

        var outcomes = await OneBatchAsync(processor, admit, admit);

        outcomes.Select(o => (o.Code, o.Status)).ShouldBe([(AckCode.AA, InboundMessageStatus.Applied), (AckCode.AA, InboundMessageStatus.Skipped)]);
        outcomes[1].Result.ShouldContain("A repeat of a message already applied");
        (await StaysAsync(team[0].Id)).ShouldHaveSingleItem().UnitId.ShouldBe(hospital.Units.Single(u => u.Code == "MED").Id);
        (await StoredAsync(outcomes[1].MessageId)).PatientId.ShouldBe(team[0].Id);
    }

    [Fact]
    public async Task Two_messages_for_one_patient_in_one_batch_apply_in_order_the_second_seeing_the_first()
    {
        var (team, hospital, adt) = await ArrangeAsync();
        await using var processor = _bed.Processor();

        var outcomes = await OneBatchAsync(processor,
            adt.Message("A01", team[0], Now.AddHours(-6), visit: "B5"),
            adt.Message("A02", team[0], Now.AddHours(-1), unit: "TELE", bed: "7-B", visit: "B5"));

        outcomes.ShouldAllBe(o => o.Status == InboundMessageStatus.Applied);
        var stay = (await StaysAsync(team[0].Id)).ShouldHaveSingleItem();
        stay.UnitId.ShouldBe(hospital.Units.Single(u => u.Code == "TELE").Id);
        stay.Bed.ShouldBe("7-B");
    }

    [Fact]
    public async Task An_older_message_after_a_newer_one_in_the_same_batch_does_not_move_the_patient_back()
    {
        var (team, hospital, adt) = await ArrangeAsync();
        await using var processor = _bed.Processor();

        var outcomes = await OneBatchAsync(processor,
            adt.Message("A01", team[0], Now.AddHours(-8), visit: "B6"),
            adt.Message("A02", team[0], Now.AddHours(-1), unit: "TELE", visit: "B6"),
            adt.Message("A02", team[0], Now.AddHours(-4), unit: "OBS", visit: "B6"));

        outcomes.Select(o => o.Status).ShouldBe([InboundMessageStatus.Applied, InboundMessageStatus.Applied, InboundMessageStatus.Skipped]);
        outcomes[2].Code.ShouldBe(AckCode.AA);
        outcomes[2].Result.ShouldContain("Older than the last event");
        (await StaysAsync(team[0].Id)).ShouldHaveSingleItem().UnitId.ShouldBe(hospital.Units.Single(u => u.Code == "TELE").Id);
    }

    [Fact]
    public async Task A_refused_registration_leaves_nothing_behind_for_the_rest_of_the_batch()
    {
        var (team, _, adt) = await ArrangeAsync();
        await using var processor = _bed.Processor(new CensusOptions { NewPatientTeam = team.Team.Name });
        var mrn = PatientsDatabase.NewMrn();
        var unknown = new Adt($"NOPE{Random.Shared.Next(1000, 9999)}");

        // The first registers a new patient, then is refused (no such facility): the patient goes with it, and nothing
        // of it is saved with the refusal's result or with the next message.
        var outcomes = await OneBatchAsync(processor,
            unknown.Message("A04", mrn, "CHS", "Haddad", "Lina", new DateOnly(1958, 2, 1), Now.AddHours(-2), "E", "ED"),
            adt.Message("A01", team[0], Now.AddHours(-1), visit: "B7"));

        outcomes.Select(o => o.Code).ShouldBe([AckCode.AE, AckCode.AA]);
        await using (var db = _bed.SystemDb())
            (await db.Patients.AsNoTracking().CountAsync(p => p.Mrn == mrn, Ct)).ShouldBe(0);
        (await StaysAsync(team[0].Id)).ShouldHaveSingleItem().VisitNumber.ShouldBe("B7");

        var registered = await processor.ProcessAsync(
            adt.Message("A04", mrn, "CHS", "Haddad", "Lina", new DateOnly(1958, 2, 1), Now, "E", "ED"), "mllp", "test", Ct);

        registered.Status.ShouldBe(InboundMessageStatus.Applied, registered.Result);
        await using (var db = _bed.SystemDb())
            (await db.Patients.AsNoTracking().CountAsync(p => p.Mrn == mrn, Ct)).ShouldBe(1);
    }

    [Fact]
    public async Task Each_message_of_a_batch_is_audited_with_its_own_sender()
    {
        var (team, _, adt) = await ArrangeAsync(2);
        await using var processor = _bed.Processor();
        using var batches = new AdtBatches();

        await batches.SendAsOneBatchAsync(processor, _bed.Database.ConnectionString,
            [(adt.Message("A01", team[0], Now.AddHours(-2)), "10.1.2.3:5000"), (adt.Message("A01", team[1], Now.AddHours(-1)), "10.9.8.7:6000")], Ct);

        batches.Sizes.ShouldBe([1, 2]);
        await using var db = _bed.SystemDb();
        var audits = await db.AuditEvents.AsNoTracking()
            .Where(a => (a.PatientId == team[0].Id || a.PatientId == team[1].Id) && a.EntityType == nameof(Encounter)).ToListAsync(Ct);
        audits.Where(a => a.PatientId == team[0].Id).ShouldNotBeEmpty();
        audits.Where(a => a.PatientId == team[0].Id).ShouldAllBe(a => a.Source == "mllp:10.1.2.3:5000" && a.UserId == "system");
        audits.Where(a => a.PatientId == team[1].Id).ShouldNotBeEmpty();
        audits.Where(a => a.PatientId == team[1].Id).ShouldAllBe(a => a.Source == "mllp:10.9.8.7:6000" && a.UserId == "system");
    }
}
