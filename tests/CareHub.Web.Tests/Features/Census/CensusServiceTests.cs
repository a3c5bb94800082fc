using CareHub.Domain.Audit;
using CareHub.Domain.Encounters;
using CareHub.Domain.Organization;
using CareHub.Domain.Patients;
using CareHub.Domain.Tasks;
using CareHub.Web.Features.Census;
using CareHub.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace CareHub.Web.Tests.Features.Census;

/// <summary>The census read: who is on it, what each row says (LOS, readmission, LACE, transition call), whose it is, and the audit.</summary>
public sealed class CensusServiceTests(PatientsDatabase database) : IClassFixture<PatientsDatabase>
{
    private readonly CensusTestBed _bed = new(database);
    private static CancellationToken Ct => CensusTestBed.Ct;

    // Monday 2 March 2026, 09:00 UTC: 04:00 in New York, whose day began at 05:00 UTC.
    private DateTimeOffset Now => _bed.Database.Clock.GetUtcNow();

    private async Task<(TestTeam Team, Facility Hospital)> ArrangeAsync(int patients)
    {
        var team = await _bed.Database.TeamAsync([.. Enumerable.Range(0, patients).Select(i => new PatientSeed($"Nguyen{(char)('a' + i)}", "Bao"))]);
        return (team, await _bed.HospitalAsync());
    }

    private async Task AddAsync(params Encounter[] stays)
    {
        await using var db = _bed.SystemDb();
        db.Encounters.AddRange(stays);
        await db.SaveChangesAsync(Ct);
    }

    private static Encounter Stay(Patient patient, Facility hospital, EncounterClass encounterClass, DateTimeOffset admitted, DateTimeOffset? discharged = null)
    {
        var stay = Encounter.Admit(patient.Id, hospital.Id, hospital.Units[0].Id, "7-A", encounterClass, admitted);
        if (discharged is { } at)
            stay.Discharge(at, DischargeDisposition.Home);
        return stay;
    }

    [Fact]
    public async Task The_census_holds_who_is_in_house_and_who_left_today_in_local_time_only()
    {
        var (team, hospital) = await ArrangeAsync(4);
        await AddAsync(
            Stay(team[0], hospital, EncounterClass.Inpatient, Now.AddDays(-2)),
            Stay(team[1], hospital, EncounterClass.Inpatient, Now.AddDays(-3), Now.AddHours(-3)), // 06:00 UTC: today in New York
            Stay(team[2], hospital, EncounterClass.Inpatient, Now.AddDays(-3), Now.AddHours(-5.5)), // 22:30 yesterday in New York
            Stay(team[3], hospital, EncounterClass.Inpatient, Now.AddDays(-20), Now.AddDays(-10)));

        var rows = (await _bed.CensusFor(team).LoadAsync(null, Ct)).Rows;

        rows.Select(r => (r.PatientId, r.Place)).ShouldBe([(team[0].Id, CensusPlace.InHouse), (team[1].Id, CensusPlace.DischargedToday)], ignoreOrder: true);
    }

    [Fact]
    public async Task Another_team_sees_none_of_the_census_and_no_row_by_id()
    {
        var (team, hospital) = await ArrangeAsync(1);
        var other = await _bed.Database.TeamAsync(new PatientSeed("Other", "Olga"));
        await AddAsync(Stay(team[0], hospital, EncounterClass.Emergency, Now.AddHours(-1)));

        (await _bed.CensusFor(other).LoadAsync(null, Ct)).Rows.ShouldNotContain(r => r.PatientId == team[0].Id);
        (await _bed.CensusFor(other).LoadAsync(team.Team.Id, Ct)).Rows.ShouldBeEmpty();
        (await _bed.CensusFor(other).LoadRowAsync(team[0].Id, Ct)).ShouldBeNull();
        (await _bed.CensusFor(team).LoadRowAsync(team[0].Id, Ct)).ShouldNotBeNull().Class.ShouldBe(EncounterClass.Emergency);
    }

    [Fact]
    public async Task A_stay_that_begins_within_30_days_of_an_inpatient_discharge_is_a_readmission()
    {
        var (team, hospital) = await ArrangeAsync(3);
        await AddAsync(
            Stay(team[0], hospital, EncounterClass.Inpatient, Now.AddDays(-20), Now.AddDays(-12)),
            Stay(team[0], hospital, EncounterClass.Inpatient, Now.AddDays(-1)),
            Stay(team[1], hospital, EncounterClass.Inpatient, Now.AddDays(-50), Now.AddDays(-40)),
            Stay(team[1], hospital, EncounterClass.Inpatient, Now.AddDays(-1)),
            Stay(team[2], hospital, EncounterClass.Emergency, Now.AddDays(-9), Now.AddDays(-9).AddHours(4)),
            Stay(team[2], hospital, EncounterClass.Inpatient, Now.AddDays(-1)));

        var rows = (await _bed.CensusFor(team).LoadAsync(null, Ct)).Rows.ToDictionary(r => r.PatientId);

        rows[team[0].Id].Readmission.ShouldBeTrue();
        rows[team[1].Id].Readmission.ShouldBeFalse("the earlier discharge was 39 days before");
        rows[team[2].Id].Readmission.ShouldBeFalse("an ED visit is not an inpatient discharge");
    }

    [Fact]
    public async Task The_row_carries_the_LACE_index_with_its_parts()
    {
        var (team, hospital) = await ArrangeAsync(1);
        var patient = team[0];
        var throughEd = Stay(patient, hospital, EncounterClass.Emergency, Now.AddDays(-5).AddHours(-2));
        throughEd.ChangeClass(EncounterClass.Inpatient);
        await AddAsync(
            Stay(patient, hospital, EncounterClass.Emergency, Now.AddDays(-60), Now.AddDays(-60).AddHours(5)),
            Stay(patient, hospital, EncounterClass.Emergency, Now.AddDays(-100), Now.AddDays(-100).AddHours(5)),
            Stay(patient, hospital, EncounterClass.Emergency, Now.AddDays(-250), Now.AddDays(-250).AddHours(5)),
            throughEd);
        await using (var db = _bed.SystemDb())
        {
            var stored = await db.Patients.Include(p => p.Conditions).SingleAsync(p => p.Id == patient.Id, Ct);
            // New rows with their own ids: EF takes a child with a key for an existing row unless told.
            db.Entry(stored.RecordCondition("I50.9", "Heart failure", ChronicCondition.HeartFailure, new DateOnly(2020, 1, 1))).State = EntityState.Added;
            db.Entry(stored.RecordCondition("J44.9", "COPD", ChronicCondition.Copd, new DateOnly(2020, 1, 1))).State = EntityState.Added;
            await db.SaveChangesAsync(Ct);
        }

        var row = (await _bed.CensusFor(team).LoadRowAsync(patient.Id, Ct)).ShouldNotBeNull();

        // L: 5 days -> 4; A: through the ED -> 3; C: Charlson 2 -> 2; E: 2 ED visits in 6 months (the third is older) -> 2.
        row.LengthOfStayDays.ShouldBe(5);
        row.Lace.ShouldBe(new CensusLace(4, 3, 2, 2));
        row.Lace.Total.ShouldBe(11);
        row.Lace.IsHigh.ShouldBeTrue();
    }

    [Fact]
    public async Task The_row_shows_the_earliest_open_transition_call_and_the_open_referrals()
    {
        var (team, hospital) = await ArrangeAsync(1);
        var stay = Stay(team[0], hospital, EncounterClass.Inpatient, Now.AddDays(-4), Now.AddHours(-2));
        await AddAsync(stay);
        await using (var db = _bed.SystemDb())
        {
            db.Tasks.Add(CareTask.ForTransition(team[0].Id, team.Team.Id, stay.Id, CareTaskKind.TransitionContact, "Call", team.Member.Id, Now.AddDays(2), Now));
            db.Tasks.Add(CareTask.ForTransition(team[0].Id, team.Team.Id, stay.Id, CareTaskKind.TransitionVisit, "Visit", team.Member.Id, Now.AddDays(1), Now));
            await db.SaveChangesAsync(Ct);
        }

        var row = (await _bed.CensusFor(team).LoadRowAsync(team[0].Id, Ct)).ShouldNotBeNull();

        row.Place.ShouldBe(CensusPlace.DischargedToday);
        row.TransitionCallDueAt.ShouldBe(Now.AddDays(2));
        row.OpenReferrals.ShouldBe(0);
        row.TeamIds.ShouldBe([team.Team.Id]);
    }

    [Fact]
    public async Task Reading_the_census_audits_a_read_of_every_patient_shown()
    {
        var (team, hospital) = await ArrangeAsync(2);
        await AddAsync(Stay(team[0], hospital, EncounterClass.Inpatient, Now.AddDays(-1)), Stay(team[1], hospital, EncounterClass.Observation, Now.AddHours(-3)));

        await _bed.CensusFor(team).LoadAsync(null, Ct);

        await using var db = _bed.SystemDb();
        var reads = await db.AuditEvents.AsNoTracking()
            .Where(a => a.Action == AuditAction.Read && a.EntityType == CensusService.AuditCategory && a.UserId == team.Member.Id.ToString())
            .Select(a => a.PatientId).ToListAsync(Ct);
        reads.ShouldBe([team[0].Id, team[1].Id], ignoreOrder: true);
    }

    [Fact]
    public async Task The_teams_offered_are_the_user_s_own()
    {
        var (team, _) = await ArrangeAsync(1);

        var teams = await _bed.CensusFor(team).TeamsAsync(Ct);

        teams.ShouldBe([new CensusTeam(team.Team.Id, team.Team.Name)]);
    }
}
