using CareHub.Domain.Encounters;
using CareHub.Domain.Interop;
using CareHub.Domain.Tasks;
using CareHub.Interop.Mllp;
using CareHub.Web.Calendar;
using CareHub.Web.Features.Census;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CareHub.Web.Tests.Features.Census;

/// <summary>
/// The ADT feed over real MLLP connections to the real app on Kestrel: what the sender is told (MSA, ERR), what is
/// stored (every message, with its outcome), and what the census of each team then shows.
/// </summary>
[Collection(CensusFeedServerCollection.Name)]
public sealed class AdtFeedOverMllpTests(CensusFeedServer feed)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task An_admission_of_a_known_patient_is_acknowledged_AA_and_puts_them_on_their_teams_census_only()
    {
        var (patient, patientId, teamId) = await feed.NextPatientAsync();
        var visit = AdtFeedMessage.NewVisitNumber();
        var admitted = DateTimeOffset.UtcNow.AddHours(-2);
        var admit = AdtFeedMessage.Admit(patient, visit, admitted);
        await using var client = await ConnectAsync();

        var ack = AckText.Read(await client.SendAsync(admit.Text(), Ct));

        (ack.Code, ack.ControlId, ack.HasError).ShouldBe(("AA", admit.ControlId, false));
        var member = await feed.MemberOfAsync(teamId);
        var row = (await feed.CensusAsAsync(member, Ct)).Rows.Where(r => r.PatientId == patientId).ShouldHaveSingleItem();
        (row.Place, row.Class, row.Unit, row.Bed, row.Mrn).ShouldBe((CensusPlace.InHouse, EncounterClass.Inpatient, "4 West Medical-Surgical", "412-A", patient.Mrn));
        row.Facility.ShouldBe("Riverside General Hospital");
        row.AdmittedAt.ShouldBe(admitted, TimeSpan.FromSeconds(1));
        var outsider = await feed.OutsiderOfAsync(teamId);
        var theirs = await feed.CensusAsAsync(outsider, Ct);
        theirs.Rows.ShouldNotBeEmpty("the other team has patients in house, so an empty census would prove nothing");
        theirs.Rows.ShouldNotContain(r => r.PatientId == patientId);
        await using var db = feed.Server.SystemDb();
        var stored = await db.InboundMessages.AsNoTracking().SingleAsync(m => m.ControlId == admit.ControlId, Ct);
        (stored.Status, stored.AckCode, stored.Channel, stored.PatientId, stored.MessageType)
            .ShouldBe((InboundMessageStatus.Applied, "AA", "mllp", (Guid?)patientId, "ADT^A01"));
    }

    public static TheoryData<string, string, string, InboundMessageStatus> Unusable => new()
    {
        { "garbage", "AR", "", InboundMessageStatus.Rejected },
        { "unsupported version", "AR", "MSH-12", InboundMessageStatus.Rejected },
        { "no MRN", "AE", "PID-3", InboundMessageStatus.Failed },
    };

    [Theory]
    [MemberData(nameof(Unusable))]
    public async Task A_message_that_cannot_be_applied_is_answered_with_an_error_and_stored_but_changes_nothing(
        string kind, string code, string errorLocation, InboundMessageStatus status)
    {
        var (patient, patientId, _) = await feed.NextPatientAsync();
        var admit = AdtFeedMessage.Admit(patient, AdtFeedMessage.NewVisitNumber(), DateTimeOffset.UtcNow.AddHours(-1));
        var text = kind switch
        {
            "garbage" => $"this is not HL7 at all {Guid.NewGuid():N}\r\x01\x02 |^~\\&",
            "unsupported version" => (admit with { Version = "3.0" }).Text(),
            _ => (admit with { WithoutMrn = true, Version = "2.3", CrLf = true }).Text(),
        };
        var before = await CountsAsync();
        await using var client = await ConnectAsync();

        var ack = AckText.Read(await client.SendAsync(text, Ct));

        ack.Code.ShouldBe(code);
        ack.HasError.ShouldBeTrue();
        ack.ErrorLocation.ShouldBe(errorLocation.Length == 0 ? null : errorLocation);
        if (kind == "no MRN")
            ack.LegacyErrorLocation.ShouldBe(errorLocation, "a 2.3 sender reads ERR-1");
        ack.ControlId.ShouldBe(kind == "garbage" ? null : admit.ControlId);
        (await CountsAsync()).ShouldBe(before);
        await using var db = feed.Server.SystemDb();
        var stored = await db.InboundMessages.AsNoTracking().SingleAsync(m => m.Raw == text, Ct);
        (stored.Status, stored.AckCode, stored.PatientId).ShouldBe((status, code, (Guid?)null));
        (await db.Encounters.CountAsync(e => e.PatientId == patientId && e.VisitNumber == admit.VisitNumber, Ct)).ShouldBe(0);
    }

    [Fact]
    public async Task The_same_message_sent_twice_is_acknowledged_AA_both_times_and_applied_once()
    {
        var (patient, patientId, _) = await feed.NextPatientAsync();
        var admit = AdtFeedMessage.Admit(patient, AdtFeedMessage.NewVisitNumber(), DateTimeOffset.UtcNow.AddHours(-3)) with { Version = "2.3", CrLf = true };
        await using var client = await ConnectAsync();

        var first = AckText.Read(await client.SendAsync(admit.Text(), Ct));
        var second = AckText.Read(await client.SendAsync(admit.Text(), Ct));

        (first.Code, first.ControlId).ShouldBe(("AA", admit.ControlId));
        (second.Code, second.ControlId).ShouldBe(("AA", admit.ControlId));
        await using var db = feed.Server.SystemDb();
        (await db.Encounters.CountAsync(e => e.PatientId == patientId && e.Status == EncounterStatus.InProgress, Ct)).ShouldBe(1);
        (await db.Encounters.CountAsync(e => e.VisitNumber == admit.VisitNumber, Ct)).ShouldBe(1);
        var stored = await db.InboundMessages.AsNoTracking().Where(m => m.ControlId == admit.ControlId).OrderBy(m => m.ReceivedAt).ToListAsync(Ct);
        stored.Select(m => m.Status).ShouldBe([InboundMessageStatus.Applied, InboundMessageStatus.Skipped]);
    }

    [Fact]
    public async Task A_cancelled_admission_takes_the_patient_off_the_census()
    {
        var (patient, patientId, teamId) = await feed.NextPatientAsync();
        var visit = AdtFeedMessage.NewVisitNumber();
        var admitted = DateTimeOffset.UtcNow.AddHours(-2);
        await using var client = await ConnectAsync();
        AckText.Read(await client.SendAsync(AdtFeedMessage.Admit(patient, visit, admitted).Text(), Ct)).Code.ShouldBe("AA");
        var member = await feed.MemberOfAsync(teamId);
        (await feed.CensusAsAsync(member, Ct)).Rows.ShouldContain(r => r.PatientId == patientId);

        var cancel = AckText.Read(await client.SendAsync(AdtFeedMessage.CancelAdmit(patient, visit, admitted.AddMinutes(20)).Text(), Ct));

        cancel.Code.ShouldBe("AA");
        (await feed.CensusAsAsync(member, Ct)).Rows.ShouldNotContain(r => r.PatientId == patientId);
        await using var db = feed.Server.SystemDb();
        (await db.Encounters.SingleAsync(e => e.PatientId == patientId && e.VisitNumber == visit, Ct)).Status.ShouldBe(EncounterStatus.Cancelled);
    }

    [Fact]
    public async Task A_cancelled_discharge_puts_the_patient_back_in_house_and_cancels_the_transition_tasks_the_discharge_created()
    {
        var (patient, patientId, teamId) = await feed.NextPatientAsync();
        var visit = AdtFeedMessage.NewVisitNumber();
        var admitted = DateTimeOffset.UtcNow.AddDays(-3);
        await using var client = await ConnectAsync();
        AckText.Read(await client.SendAsync(AdtFeedMessage.Admit(patient, visit, admitted).Text(), Ct)).Code.ShouldBe("AA");
        // Discharged today in the organisation's time zone, whatever the hour the test runs.
        var calendar = feed.Server.Services.GetRequiredService<WorkCalendar>();
        var now = DateTimeOffset.UtcNow;
        var dischargedAt = new[] { now.AddMinutes(-2), calendar.StartOf(calendar.DateOf(now)).AddSeconds(1) }.Max();
        var discharge = AckText.Read(await client.SendAsync((AdtFeedMessage.Discharge(patient, visit, dischargedAt) with { CrLf = true }).Text(), Ct));
        discharge.Code.ShouldBe("AA");
        Guid encounterId;
        await using (var db = feed.Server.SystemDb())
        {
            var stay = await db.Encounters.AsNoTracking().SingleAsync(e => e.PatientId == patientId && e.VisitNumber == visit, Ct);
            (stay.Status, stay.Disposition).ShouldBe((EncounterStatus.Finished, (DischargeDisposition?)DischargeDisposition.Home));
            encounterId = stay.Id;
            var created = await db.Tasks.AsNoTracking().Where(t => t.EncounterId == encounterId).ToListAsync(Ct);
            created.Select(t => (t.Kind, t.Status)).OrderBy(t => t.Kind).ShouldBe([
                (CareTaskKind.TransitionContact, CareTaskStatus.Open), (CareTaskKind.TransitionVisit, CareTaskStatus.Open),
                (CareTaskKind.TransitionMedication, CareTaskStatus.Open)]);
        }
        var member = await feed.MemberOfAsync(teamId);
        (await feed.CensusAsAsync(member, Ct)).Rows.Single(r => r.PatientId == patientId).Place.ShouldBe(CensusPlace.DischargedToday);

        var cancel = AckText.Read(await client.SendAsync(AdtFeedMessage.CancelDischarge(patient, visit, dischargedAt.AddSeconds(1)).Text(), Ct));

        cancel.Code.ShouldBe("AA");
        var row = (await feed.CensusAsAsync(member, Ct)).Rows.Where(r => r.PatientId == patientId).ShouldHaveSingleItem();
        (row.Place, row.EncounterId, row.DischargedAt, row.TransitionCallDueAt).ShouldBe((CensusPlace.InHouse, encounterId, (DateTimeOffset?)null, (DateTimeOffset?)null));
        await using var check = feed.Server.SystemDb();
        var tasks = await check.Tasks.AsNoTracking().Where(t => t.EncounterId == encounterId).ToListAsync(Ct);
        tasks.Count.ShouldBe(3);
        tasks.ShouldAllBe(t => t.IsTransition && t.Status == CareTaskStatus.Cancelled);
    }

    [Fact]
    public async Task Many_senders_at_once_are_all_acknowledged_AA_and_every_message_is_applied_exactly_once()
    {
        const int connections = 8;
        const int perConnection = 25;
        var run = Guid.NewGuid().ToString("N")[..6].ToUpperInvariant();
        var at = DateTimeOffset.UtcNow.AddHours(-1);
        var messages = Enumerable.Range(0, connections).Select(c => Enumerable.Range(0, perConnection).Select(i =>
        {
            var patient = new FeedPatient($"L{run}{c:D2}{i:D3}", $"Load{c}", $"Sender{i}", new DateOnly(1940 + i, 1 + c, 10), i % 2 == 0 ? "F" : "M");
            var admit = AdtFeedMessage.Admit(patient, $"LV{run}{c:D2}{i:D3}", at.AddSeconds(i)) with
            {
                Unit = c % 2 == 0 ? "4W" : "5E",
                Version = c % 2 == 0 ? "2.5.1" : "2.3",
                CrLf = c % 3 == 0,
            };
            return admit;
        }).ToList()).ToList();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        timeout.CancelAfter(TimeSpan.FromMinutes(3));

        var acks = await Task.WhenAll(messages.Select(async batch =>
        {
            await using var client = await MllpClient.ConnectAsync("127.0.0.1", feed.MllpPort, timeout.Token);
            var answers = new List<(string ControlId, AckText Ack)>();
            foreach (var message in batch)
                answers.Add((message.ControlId, AckText.Read(await client.SendAsync(message.Text(), timeout.Token))));
            return answers;
        }));

        var all = acks.SelectMany(a => a).ToList();
        all.Count.ShouldBe(connections * perConnection);
        all.ShouldAllBe(a => a.Ack.Code == "AA" && a.Ack.ControlId == a.ControlId);
        var controlIds = messages.SelectMany(m => m).Select(m => m.ControlId).ToList();
        await using var db = feed.Server.SystemDb();
        var stored = await db.InboundMessages.AsNoTracking().Where(m => controlIds.Contains(m.ControlId!)).ToListAsync(Ct);
        stored.Count.ShouldBe(controlIds.Count);
        stored.ShouldAllBe(m => m.Status == InboundMessageStatus.Applied);
        var prefix = $"L{run}";
        var stays = await db.Encounters.AsNoTracking()
            .Join(db.Patients.Where(p => p.Mrn.StartsWith(prefix)), e => e.PatientId, p => p.Id, (e, p) => new { p.Mrn, e.Status })
            .ToListAsync(Ct);
        stays.Count.ShouldBe(connections * perConnection);
        stays.Select(s => s.Mrn).Distinct().Count().ShouldBe(connections * perConnection);
        stays.ShouldAllBe(s => s.Status == EncounterStatus.InProgress);
    }

    [Fact]
    public async Task A_new_MRN_registers_the_patient_on_the_new_patient_team()
    {
        var mrn = $"N{Guid.NewGuid():N}"[..10].ToUpperInvariant();
        var patient = new FeedPatient(mrn, "Okonkwo-Barrett", "Adaeze", new DateOnly(1947, 11, 3));
        var admit = AdtFeedMessage.Admit(patient, AdtFeedMessage.NewVisitNumber(), DateTimeOffset.UtcNow.AddMinutes(-45)) with { PatientClass = "E", Unit = "ED", Room = "12", Bed = "" };
        await using var client = await ConnectAsync();

        var ack = AckText.Read(await client.SendAsync(admit.Text(), Ct));

        ack.Code.ShouldBe("AA");
        await using var db = feed.Server.SystemDb();
        var registered = await db.Patients.AsNoTracking().Include(p => p.Teams).SingleAsync(p => p.Mrn == mrn, Ct);
        (registered.FamilyName, registered.GivenName, registered.BirthDate, registered.AssigningAuthority)
            .ShouldBe(("Okonkwo-Barrett", "Adaeze", new DateOnly(1947, 11, 3), "CHS"));
        var team = await db.CareTeams.AsNoTracking().SingleAsync(t => t.Name == CensusFeedServer.NewPatientTeam, Ct);
        registered.Teams.Select(t => t.TeamId).ShouldBe([team.Id]);
        var member = await feed.MemberOfAsync(team.Id);
        var row = (await feed.CensusAsAsync(member, Ct)).Rows.Where(r => r.PatientId == registered.Id).ShouldHaveSingleItem();
        (row.Class, row.Place).ShouldBe((EncounterClass.Emergency, CensusPlace.InHouse));
    }

    [Fact]
    public async Task A_transfer_older_than_one_already_applied_is_acknowledged_but_does_not_move_the_patient_back()
    {
        var (patient, patientId, _) = await feed.NextPatientAsync();
        var visit = AdtFeedMessage.NewVisitNumber();
        var admitted = DateTimeOffset.UtcNow.AddHours(-6);
        await using var client = await ConnectAsync();
        AckText.Read(await client.SendAsync(AdtFeedMessage.Admit(patient, visit, admitted).Text(), Ct)).Code.ShouldBe("AA");
        AckText.Read(await client.SendAsync(AdtFeedMessage.Transfer(patient, visit, admitted.AddHours(4), "5E").Text(), Ct)).Code.ShouldBe("AA");
        var late = AdtFeedMessage.Transfer(patient, visit, admitted.AddHours(2), "ICU") with { Version = "2.3" };

        var ack = AckText.Read(await client.SendAsync(late.Text(), Ct));

        (ack.Code, ack.ControlId, ack.HasError).ShouldBe(("AA", late.ControlId, false));
        await using var db = feed.Server.SystemDb();
        var stay = await db.Encounters.AsNoTracking().SingleAsync(e => e.PatientId == patientId && e.VisitNumber == visit, Ct);
        var units = await db.Units.AsNoTracking().Where(u => u.Id == stay.UnitId).Select(u => u.Code).SingleAsync(Ct);
        (units, stay.Bed, stay.Status).ShouldBe(("5E", "520-B", EncounterStatus.InProgress));
        (await db.InboundMessages.AsNoTracking().SingleAsync(m => m.ControlId == late.ControlId, Ct)).Status.ShouldBe(InboundMessageStatus.Skipped);
    }

    private Task<MllpClient> ConnectAsync() => MllpClient.ConnectAsync("127.0.0.1", feed.MllpPort, Ct);

    private async Task<(int Patients, int Encounters, int Tasks)> CountsAsync()
    {
        await using var db = feed.Server.SystemDb();
        return (await db.Patients.CountAsync(Ct), await db.Encounters.CountAsync(Ct), await db.Tasks.CountAsync(Ct));
    }
}
