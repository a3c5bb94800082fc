using CareHub.Domain.Audit;
using CareHub.Domain.CarePlans;
using CareHub.Domain.Referrals;
using CareHub.Web.Features.CarePlans;
using CareHub.Web.Features.Patients;
using CareHub.Web.Features.Referrals;
using CareHub.Web.Tests.Features.CarePlans;
using CareHub.Web.Tests.Features.Referrals;
using CareHub.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace CareHub.Web.Tests.Auditing;

/// <summary>
/// "If the audit cannot be written, the data is not returned" and "a write and its audit row commit together", through
/// the real services on real SQLite with the audit insert made to fail (<see cref="AuditOutage"/>): every read throws
/// instead of returning the patient's data, and every write leaves nothing behind. Once the audit works again, the same
/// calls succeed (so the failure was the audit's).
/// </summary>
public sealed class AuditOutageTests(PatientsDatabase database) : IClassFixture<PatientsDatabase>
{
    private readonly CarePlanTestBed _plans = new(database);
    private readonly ReferralTestBed _referrals = new(database);

    private static CancellationToken Ct => Xunit.TestContext.Current.CancellationToken;

    private static async Task RefusedAsync(Func<Task> call) =>
        (await Should.ThrowAsync<DbUpdateException>(call)).InnerException.ShouldNotBeNull().Message.ShouldContain(AuditOutage.Message);

    private async Task<int> AuditRowsAsync(Guid patientId)
    {
        await using var db = database.SystemDb();
        return await db.AuditEvents.CountAsync(a => a.PatientId == patientId, Ct);
    }

    [Fact]
    public async Task Patient_reads_return_no_data_while_their_audit_cannot_be_written()
    {
        var team = await database.TeamAsync(new PatientSeed("Outage", "Olive"), new PatientSeed("Other", "Otto"));
        var patients = database.ServiceFor(PatientsDatabase.ScopeOf(team));

        await using (await AuditOutage.ForPatientAsync(database, team[0].Id))
        {
            await RefusedAsync(() => patients.GetAsync(team[0].Id, Ct));
            // A list that would show the patient is not shown at all (the other patient's row is not returned either).
            await RefusedAsync(() => patients.SearchAsync(new PatientQuery(), Ct));
            (await patients.GetAsync(team[1].Id, Ct)).ShouldNotBeNull("only the failing patient's audit is refused");
        }

        (await patients.GetAsync(team[0].Id, Ct)).ShouldNotBeNull().FamilyName.ShouldBe("Outage");
        (await patients.SearchAsync(new PatientQuery(), Ct)).Rows.Count.ShouldBe(2);
    }

    [Fact]
    public async Task Care_plan_and_referral_reads_and_exports_return_no_data_while_their_audit_cannot_be_written()
    {
        var team = await database.TeamAsync(new PatientSeed("Plan", "Polly"));
        await _plans.StartAsync(team);
        var referral = await _referrals.CreateAsync(team, ReferralTestBed.Specialty(team));
        var plans = _plans.ServiceFor(team.Member);
        var referrals = _referrals.ServiceFor(team.Member);

        await using (await AuditOutage.ForPatientAsync(database, team[0].Id))
        {
            await RefusedAsync(() => plans.OpenAsync(team[0].Id, Ct));
            await RefusedAsync(() => plans.ExportAsync(team[0].Id, Ct));
            await RefusedAsync(() => referrals.GetAsync(referral, Ct));
            await RefusedAsync(() => referrals.WorklistAsync(new ReferralFilter(), null, 50, Ct));
        }

        (await plans.OpenAsync(team[0].Id, Ct)).ShouldBeOfType<CarePlanPage.Found>();
        (await plans.ExportAsync(team[0].Id, Ct)).ShouldNotBeNull();
        (await referrals.GetAsync(referral, Ct)).ShouldNotBeNull();
    }

    [Fact]
    public async Task A_patient_change_whose_audit_cannot_be_written_leaves_the_patient_as_it_was()
    {
        var team = await database.TeamAsync(new PatientSeed("Write", "Wanda"));
        var patients = database.ServiceFor(PatientsDatabase.ScopeOf(team));
        var before = (await patients.GetAsync(team[0].Id, Ct)).ShouldNotBeNull();
        var rowsBefore = await AuditRowsAsync(team[0].Id);

        await using (await AuditOutage.ForPatientAsync(database, team[0].Id))
            await RefusedAsync(() => patients.UpdateLanguageAsync(team[0].Id, before.Version, "Somali", true, Ct));

        await using var db = database.SystemDb();
        var stored = await db.Patients.AsNoTracking().SingleAsync(p => p.Id == team[0].Id, Ct);
        (stored.PreferredLanguage, stored.InterpreterNeeded, stored.Version).ShouldBe((before.PreferredLanguage, before.InterpreterNeeded, before.Version));
        (await AuditRowsAsync(team[0].Id)).ShouldBe(rowsBefore);
    }

    [Fact]
    public async Task Care_plan_and_referral_writes_whose_audit_cannot_be_written_leave_nothing_behind()
    {
        var team = await database.TeamAsync(new PatientSeed("Nothing", "Nell"), new PatientSeed("Plan", "Pia"));
        var planId = await _plans.StartAsync(team, patient: 1);
        var community = await _referrals.CreateAsync(team, new NewReferral(team[1].Id, team.Team.Id, ReferralType.CommunityOrganization,
            ReferralUrgency.Routine, "Eastside Food Pantry", "Food insecurity"));
        var plans = _plans.ServiceFor(team.Member);
        var referrals = _referrals.ServiceFor(team.Member);
        var planBefore = await _plans.PlanAsync(planId);
        var referralBefore = await _referrals.ReferralAsync(community);
        var writesBefore = await WritesAuditedAsync(team[0].Id);

        await using (await AuditOutage.ForPatientAsync(database, team[0].Id))
        await using (await AuditOutage.ForPatientAsync(database, team[1].Id))
        {
            await RefusedAsync(() => plans.StartAsync(team[0].Id, null, Ct));
            await RefusedAsync(() => plans.AddItemAsync(planId, new NewCarePlanItem(CarePlanItemKind.Goal, "Walk daily"), Ct));
            await RefusedAsync(() => referrals.CreateAsync(ReferralTestBed.Specialty(team), Ct));
            await RefusedAsync(() => referrals.RecordConsentAsync(community, referralBefore.Version, true, null, Ct));
        }

        await using var db = database.SystemDb();
        (await db.CarePlans.AnyAsync(p => p.PatientId == team[0].Id, Ct)).ShouldBeFalse();
        (await db.CarePlanItems.CountAsync(i => i.CarePlanId == planId, Ct)).ShouldBe(0);
        (await db.CarePlanChanges.CountAsync(c => c.CarePlanId == planId, Ct)).ShouldBe(0);
        (await _plans.PlanAsync(planId)).Version.ShouldBe(planBefore.Version);
        (await _referrals.ReferralCountAsync(team[0].Id)).ShouldBe(0);
        var referralAfter = await _referrals.ReferralAsync(community);
        (referralAfter.ConsentRecordedAt, referralAfter.Version, referralAfter.Events.Count)
            .ShouldBe((referralBefore.ConsentRecordedAt, referralBefore.Version, referralBefore.Events.Count));
        (await WritesAuditedAsync(team[0].Id)).ShouldBe(writesBefore);
    }

    private async Task<int> WritesAuditedAsync(Guid patientId)
    {
        await using var db = database.SystemDb();
        return await db.AuditEvents.CountAsync(a => a.PatientId == patientId && a.Action != AuditAction.Read && a.Action != AuditAction.AccessDenied, Ct);
    }
}
