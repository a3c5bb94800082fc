using CareHub.Data.Auditing;
using CareHub.Domain.Audit;
using CareHub.Domain.CarePlans;
using CareHub.Domain.Encounters;
using CareHub.Domain.Patients;
using CareHub.Domain.Referrals;
using CareHub.Domain.Tasks;
using Microsoft.EntityFrameworkCore;

namespace CareHub.Data.Tests.Auditing;

/// <summary>Every write of patient data leaves an audit row, in the same transaction as the write; audit rows are append-only.</summary>
public class AuditTests : IAsyncLifetime
{
    private const string User = "maria.alvarez";
    private const string Circuit = "circuit-7f3a";

    private readonly FixedClock _clock = new(TestData.Now);
    private SqliteDatabase _database = null!;
    private Guid _team;
    private Guid _staff;
    private Guid _facility;

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _database = await SqliteDatabase.CreateAsync(clock: _clock);
        await using var db = _database.SystemContext();
        var team = TestData.Team();
        var staff = TestData.Staff();
        team.AddMember(staff);
        var facility = TestData.Facility();
        db.AddRange(team, staff, facility);
        await db.SaveChangesAsync(Token);
        (_team, _staff, _facility) = (team.Id, staff.Id, facility.Id);
    }

    public ValueTask DisposeAsync() => _database.DisposeAsync();

    private CareHubDbContext Coordinator() =>
        _database.Context(new Data.Access.AccessScope(User, [_team], Circuit));

    private async Task<Patient> SavedPatientAsync()
    {
        await using var db = Coordinator();
        var patient = TestData.Patient(_team);
        db.Patients.Add(patient);
        await db.SaveChangesAsync(Token);
        return patient;
    }

    private async Task<List<AuditEvent>> AuditRowsAsync(Guid patientId)
    {
        await using var db = _database.SystemContext();
        return await db.AuditEvents.Where(a => a.PatientId == patientId).OrderBy(a => a.Id).ToListAsync(Token);
    }

    [Fact]
    public async Task Creating_a_patient_writes_a_create_row_with_who_when_which_patient_and_where_from()
    {
        var patient = await SavedPatientAsync();

        var rows = await AuditRowsAsync(patient.Id);

        var created = rows.Single(a => a.EntityType == nameof(Patient));
        created.Action.ShouldBe(AuditAction.Create);
        created.UserId.ShouldBe(User);
        created.Source.ShouldBe(Circuit);
        created.EntityId.ShouldBe(patient.Id);
        created.PatientId.ShouldBe(patient.Id);
        created.At.ShouldBe(TestData.Now);
        rows.ShouldContain(a => a.EntityType == nameof(PatientTeam) && a.Action == AuditAction.Create);
    }

    [Fact]
    public async Task System_work_labels_each_save_s_audit_rows_with_the_source_it_names_and_a_user_cannot_relabel_theirs()
    {
        Patient first, second;
        await using (var db = _database.SystemContext())
        {
            db.UseAuditSource("mllp:10.0.0.1:4000");
            first = TestData.Patient(_team);
            db.Patients.Add(first);
            await db.SaveChangesAsync(Token);
            db.UseAuditSource("mllp:10.0.0.2:4000");
            second = TestData.Patient(_team);
            db.Patients.Add(second);
            await db.SaveChangesAsync(Token);
        }

        (await AuditRowsAsync(first.Id)).ShouldAllBe(a => a.Source == "mllp:10.0.0.1:4000" && a.UserId == "system");
        (await AuditRowsAsync(second.Id)).ShouldAllBe(a => a.Source == "mllp:10.0.0.2:4000" && a.UserId == "system");
        await using var coordinator = Coordinator();
        Should.Throw<InvalidOperationException>(() => coordinator.UseAuditSource("somewhere-else"));
        coordinator.Scope.Source.ShouldBe(Circuit);
    }

    [Fact]
    public async Task Updating_a_patient_writes_an_update_row()
    {
        var patient = await SavedPatientAsync();
        _clock.Now = TestData.Now.AddMinutes(5);

        await using (var db = Coordinator())
        {
            var loaded = await db.Patients.SingleAsync(p => p.Id == patient.Id, Token);
            loaded.SetLanguage("Spanish", interpreterNeeded: true);
            await db.SaveChangesAsync(Token);
        }

        var update = (await AuditRowsAsync(patient.Id)).Where(a => a.Action == AuditAction.Update).ShouldHaveSingleItem();
        (update.EntityType, update.EntityId, update.UserId, update.Source, update.At)
            .ShouldBe((nameof(Patient), (Guid?)patient.Id, User, Circuit, TestData.Now.AddMinutes(5)));
    }

    [Fact]
    public async Task Writes_to_a_patients_records_are_audited_against_that_patient()
    {
        var patient = await SavedPatientAsync();
        Guid encounterId, planId, itemId, referralId, taskId;
        await using (var db = Coordinator())
        {
            var encounter = Encounter.Admit(patient.Id, _facility, null, null, EncounterClass.Emergency, TestData.Now);
            var plan = new CarePlan(patient.Id, "Care plan", TestData.Now);
            var item = plan.AddItem(CarePlanItemKind.Barrier, "No transportation", null, null);
            var referral = new Referral(patient.Id, _team, _staff, ReferralType.CommunityOrganization, ReferralUrgency.Routine, "RideWell", "Transport", TestData.Now);
            var task = new CareTask(patient.Id, _team, "Call patient", _staff, TestData.Now.AddDays(1), CareTaskPriority.High, TestData.Now);
            db.AddRange(encounter, plan, referral, task);
            await db.SaveChangesAsync(Token);
            (encounterId, planId, itemId, referralId, taskId) = (encounter.Id, plan.Id, item.Id, referral.Id, task.Id);
        }

        var created = (await AuditRowsAsync(patient.Id)).Where(a => a.Action == AuditAction.Create)
            .Select(a => (a.EntityType, a.EntityId)).ToList();

        created.ShouldContain((nameof(Encounter), (Guid?)encounterId));
        created.ShouldContain((nameof(CarePlan), (Guid?)planId));
        created.ShouldContain((nameof(CarePlanItem), (Guid?)itemId));
        created.ShouldContain((nameof(Referral), (Guid?)referralId));
        created.ShouldContain((nameof(CareTask), (Guid?)taskId));
    }

    [Fact]
    public async Task Leaving_a_team_is_audited_as_a_delete()
    {
        var patient = await SavedPatientAsync();
        Guid otherTeam;
        await using (var system = _database.SystemContext())
        {
            var team = TestData.Team("Other");
            system.CareTeams.Add(team);
            await system.SaveChangesAsync(Token);
            otherTeam = team.Id;
        }

        await using (var db = _database.Context(new Data.Access.AccessScope(User, [_team, otherTeam], Circuit)))
        {
            var loaded = await db.Patients.Include(p => p.Teams).SingleAsync(p => p.Id == patient.Id, Token);
            loaded.EnrolIn(otherTeam);
            loaded.LeaveTeam(_team);
            await db.SaveChangesAsync(Token);
        }

        var rows = await AuditRowsAsync(patient.Id);
        rows.ShouldContain(a => a.EntityType == nameof(PatientTeam) && a.Action == AuditAction.Delete);
        rows.Count(a => a.EntityType == nameof(PatientTeam) && a.Action == AuditAction.Create).ShouldBe(2);
    }

    [Fact]
    public async Task A_save_refused_by_a_unique_index_leaves_neither_the_changes_nor_their_audit_rows()
    {
        var existing = await SavedPatientAsync();
        var rowsBefore = await AuditRowsAsync(existing.Id);
        var duplicate = new Patient(existing.Mrn, existing.AssigningAuthority, "Other", "Person", new DateOnly(1970, 1, 1), AdministrativeSex.Male);
        duplicate.EnrolIn(_team);

        await using (var db = Coordinator())
        {
            var loaded = await db.Patients.SingleAsync(p => p.Id == existing.Id, Token);
            loaded.Rename("Renamed", "Before the failure");
            db.Patients.Add(duplicate);
            await Should.ThrowAsync<DbUpdateException>(() => db.SaveChangesAsync(Token));
        }

        await using var check = _database.SystemContext();
        (await check.Patients.AnyAsync(p => p.Id == duplicate.Id, Token)).ShouldBeFalse();
        (await check.Patients.SingleAsync(p => p.Id == existing.Id, Token)).GivenName.ShouldBe(existing.GivenName);
        (await check.AuditEvents.AnyAsync(a => a.PatientId == duplicate.Id, Token)).ShouldBeFalse();
        (await AuditRowsAsync(existing.Id)).Count.ShouldBe(rowsBefore.Count);
    }

    [Fact]
    public async Task A_save_that_loses_a_concurrency_conflict_leaves_neither_the_changes_nor_their_audit_rows()
    {
        var patient = await SavedPatientAsync();
        await using var first = Coordinator();
        await using var second = Coordinator();
        var mine = await first.Patients.SingleAsync(p => p.Id == patient.Id, Token);
        var theirs = await second.Patients.SingleAsync(p => p.Id == patient.Id, Token);
        mine.SetPrimaryCareProvider("Dr. Helen Marsh");
        await first.SaveChangesAsync(Token);

        theirs.SetPrimaryCareProvider("Dr. Omar Siddiqui");
        var encounter = Encounter.Admit(patient.Id, _facility, null, null, EncounterClass.Emergency, TestData.Now);
        second.Encounters.Add(encounter);
        await Should.ThrowAsync<DbUpdateConcurrencyException>(() => second.SaveChangesAsync(Token));

        await using var check = _database.SystemContext();
        (await check.Encounters.AnyAsync(e => e.Id == encounter.Id, Token)).ShouldBeFalse();
        var rows = await AuditRowsAsync(patient.Id);
        rows.ShouldNotContain(a => a.EntityType == nameof(Encounter));
        rows.Count(a => a.Action == AuditAction.Update).ShouldBe(1);
    }

    [Fact]
    public async Task Saving_again_after_resolving_a_conflict_writes_one_audit_row_per_change()
    {
        var patient = await SavedPatientAsync();
        await using var first = Coordinator();
        await using var second = Coordinator();
        var mine = await first.Patients.SingleAsync(p => p.Id == patient.Id, Token);
        var theirs = await second.Patients.SingleAsync(p => p.Id == patient.Id, Token);
        mine.SetPrimaryCareProvider("Dr. Helen Marsh");
        await first.SaveChangesAsync(Token);
        theirs.SetLanguage("Somali", interpreterNeeded: true);
        var conflict = await Should.ThrowAsync<DbUpdateConcurrencyException>(() => second.SaveChangesAsync(Token));

        // The usual resolution: take the stored values as the new originals and save the change again.
        foreach (var entry in conflict.Entries)
            entry.OriginalValues.SetValues((await entry.GetDatabaseValuesAsync(Token))!);
        await second.SaveChangesAsync(Token);

        (await AuditRowsAsync(patient.Id)).Count(a => a.Action == AuditAction.Update).ShouldBe(2);
    }

    [Fact]
    public async Task Writes_to_data_that_belongs_to_no_patient_are_not_audited()
    {
        await using (var db = Coordinator())
        {
            db.Staff.Add(TestData.Staff());
            await db.SaveChangesAsync(Token);
        }

        await using var check = _database.SystemContext();
        (await check.AuditEvents.CountAsync(a => a.UserId == User, Token)).ShouldBe(0);
    }

    [Fact]
    public async Task Recording_a_read_adds_a_read_row_for_the_patient()
    {
        var patient = await SavedPatientAsync();

        await using (var db = Coordinator())
        {
            db.RecordRead("CarePlan", patient.Id, entityId: patient.Id);
            await db.SaveChangesAsync(Token);
        }

        var read = (await AuditRowsAsync(patient.Id)).Where(a => a.Action == AuditAction.Read).ShouldHaveSingleItem();
        (read.EntityType, read.EntityId, read.UserId, read.Source).ShouldBe(("CarePlan", (Guid?)patient.Id, User, Circuit));
        read.At.ShouldBe(_clock.GetUtcNow(), "reads are stamped from the app's clock, like writes");
    }

    [Fact]
    public async Task Recording_the_reads_of_a_list_adds_one_row_per_patient_shown()
    {
        var patients = new[] { await SavedPatientAsync(), await SavedPatientAsync(), await SavedPatientAsync() };

        await using (var db = Coordinator())
        {
            db.RecordReads("PatientList", patients.Select(p => p.Id));
            await db.SaveChangesAsync(Token);
        }

        await using var check = _database.SystemContext();
        var reads = await check.AuditEvents.Where(a => a.Action == AuditAction.Read).ToListAsync(Token);
        reads.Select(r => r.PatientId).ShouldBe(patients.Select(p => (Guid?)p.Id), ignoreOrder: true);
        reads.ShouldAllBe(r => r.EntityType == "PatientList" && r.UserId == User && r.Source == Circuit && r.EntityId == null);
    }

    [Fact]
    public async Task Asking_for_a_record_that_is_not_there_is_recorded_without_a_patient()
    {
        var requested = Guid.NewGuid();

        await using (var db = Coordinator())
        {
            db.RecordNotFound("Patient", requested);
            await db.SaveChangesAsync(Token);
        }

        await using var check = _database.SystemContext();
        var row = await check.AuditEvents.SingleAsync(a => a.Action == AuditAction.AccessDenied, Token);
        (row.Action, row.EntityId, row.PatientId, row.UserId).ShouldBe((AuditAction.AccessDenied, (Guid?)requested, (Guid?)null, User));
    }

    [Fact]
    public async Task Changing_an_audit_row_is_refused_and_nothing_in_that_save_is_written()
    {
        var patient = await SavedPatientAsync();

        await using (var db = Coordinator())
        {
            var row = await db.AuditEvents.FirstAsync(a => a.PatientId == patient.Id, Token);
            db.Entry(row).Property(a => a.UserId).CurrentValue = "someone-else";
            (await db.Patients.SingleAsync(p => p.Id == patient.Id, Token)).SetPrimaryCareProvider("Dr. Mei Lin");

            var refusal = await Should.ThrowAsync<InvalidOperationException>(() => db.SaveChangesAsync(Token));
            refusal.Message.ShouldContain("append-only");
        }

        (await AuditRowsAsync(patient.Id)).ShouldAllBe(a => a.UserId == User && a.Action == AuditAction.Create);
        await using var check = _database.SystemContext();
        (await check.Patients.SingleAsync(p => p.Id == patient.Id, Token)).PrimaryCareProvider.ShouldBeNull();
    }

    [Fact]
    public async Task Deleting_an_audit_row_is_refused_and_the_row_stays()
    {
        var patient = await SavedPatientAsync();
        var before = await AuditRowsAsync(patient.Id);

        await using (var db = Coordinator())
        {
            db.AuditEvents.Remove(await db.AuditEvents.FirstAsync(a => a.PatientId == patient.Id, Token));

            await Should.ThrowAsync<InvalidOperationException>(() => db.SaveChangesAsync(Token));
        }

        (await AuditRowsAsync(patient.Id)).Select(a => a.Id).ShouldBe(before.Select(a => a.Id));
    }

    [Fact]
    public async Task The_database_itself_refuses_to_update_or_delete_audit_rows_behind_the_interceptors_back()
    {
        var patient = await SavedPatientAsync();
        var before = await AuditRowsAsync(patient.Id);

        await using (var db = _database.SystemContext())
        {
            var update = await Should.ThrowAsync<Microsoft.Data.Sqlite.SqliteException>(() =>
                db.AuditEvents.ExecuteUpdateAsync(s => s.SetProperty(a => a.UserId, "someone-else"), Token));
            update.Message.ShouldContain("append-only");
            await Should.ThrowAsync<Microsoft.Data.Sqlite.SqliteException>(() =>
                db.Database.ExecuteSqlRawAsync("DELETE FROM AuditEvents", Token));
        }

        (await AuditRowsAsync(patient.Id)).Select(a => (a.Id, a.UserId)).ShouldBe(before.Select(a => (a.Id, a.UserId)));
    }
    [Fact]
    public async Task Adding_and_removing_a_team_member_is_audited_as_a_privilege_grant_and_revoke_naming_the_member()
    {
        var newcomer = TestData.Staff();
        await using (var db = Coordinator())
        {
            db.Staff.Add(newcomer);
            (await db.CareTeams.Include(t => t.Members).SingleAsync(t => t.Id == _team, Token)).AddMember(newcomer);
            await db.SaveChangesAsync(Token);
        }
        await using (var db = Coordinator())
        {
            (await db.CareTeams.Include(t => t.Members).SingleAsync(t => t.Id == _team, Token)).RemoveMember(newcomer.Id);
            await db.SaveChangesAsync(Token);
        }

        await using var check = _database.SystemContext();
        var rows = await check.AuditEvents.Where(a => a.EntityType == "TeamMembership" && a.UserId == User).OrderBy(a => a.Id).ToListAsync(Token);
        rows.Select(r => (r.Action, r.EntityId, r.PatientId, r.Source))
            .ShouldBe([(AuditAction.PrivilegeGrant, (Guid?)newcomer.Id, (Guid?)null, Circuit), (AuditAction.PrivilegeRevoke, newcomer.Id, null, Circuit)]);
    }

    [Fact]
    public async Task Recording_a_referrals_consent_is_one_consent_change_row_and_consent_given_at_creation_one_more_beside_the_create()
    {
        var patient = await SavedPatientAsync();
        Guid asked, givenAtStart;
        await using (var db = Coordinator())
        {
            var first = new Referral(patient.Id, _team, _staff, ReferralType.CommunityOrganization, ReferralUrgency.Routine, "FoodBank", "Food", TestData.Now);
            var second = new Referral(patient.Id, _team, _staff, ReferralType.CommunityOrganization, ReferralUrgency.Routine, "RideWell", "Transport", TestData.Now);
            second.RecordConsent(true, TestData.Now, _staff, null);
            db.Referrals.AddRange(first, second);
            await db.SaveChangesAsync(Token);
            (asked, givenAtStart) = (first.Id, second.Id);
        }
        await using (var db = Coordinator())
        {
            (await db.Referrals.SingleAsync(r => r.Id == asked, Token)).RecordConsent(false, TestData.Now, _staff, "Not now");
            await db.SaveChangesAsync(Token);
        }

        var rows = (await AuditRowsAsync(patient.Id)).Where(a => a.EntityType == nameof(Referral)).ToList();
        rows.Where(r => r.EntityId == asked).Select(r => r.Action).ShouldBe([AuditAction.Create, AuditAction.ConsentChange]);
        rows.Where(r => r.EntityId == givenAtStart).Select(r => r.Action).ShouldBe([AuditAction.Create, AuditAction.ConsentChange]);
        rows.ShouldAllBe(r => r.UserId == User && r.Source == Circuit);
    }
}
