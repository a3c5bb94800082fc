using CareHub.Data.Access;
using CareHub.Domain.CarePlans;
using CareHub.Domain.Encounters;
using CareHub.Domain.Organization;
using CareHub.Domain.Patients;
using CareHub.Domain.Referrals;
using CareHub.Domain.Tasks;
using Microsoft.EntityFrameworkCore;

namespace CareHub.Data.Tests.Access;

/// <summary>Team access is decided by the context's query filters: another team's record is simply not there.</summary>
public class TeamScopingTests(SqliteDatabase database) : IClassFixture<SqliteDatabase>
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    /// <summary>Two teams; a patient of each, one patient on both; each patient with a full set of records.</summary>
    private sealed record World(Guid TeamA, Guid TeamB, Guid PatientOfA, Guid PatientOfB, Guid PatientOfBoth);

    private async Task<World> BuildWorldAsync()
    {
        await using var db = database.SystemContext();
        var (teamA, teamB) = (TestData.Team("A"), TestData.Team("B"));
        var owner = TestData.Staff();
        teamA.AddMember(owner);
        teamB.AddMember(owner);
        var facility = TestData.Facility();
        var unit = facility.AddUnit("4W", "4 West", UnitKind.MedicalSurgical, 20);
        db.AddRange(teamA, teamB, owner, facility);

        var ofA = TestData.Patient(teamA.Id);
        var ofB = TestData.Patient(teamB.Id);
        var ofBoth = TestData.Patient(teamA.Id, teamB.Id);
        foreach (var (patient, team) in new[] { (ofA, teamA), (ofB, teamB), (ofBoth, teamA) })
        {
            patient.RecordCondition("I50.9", "Heart failure", ChronicCondition.HeartFailure, new DateOnly(2024, 1, 1));
            db.Patients.Add(patient);
            db.Encounters.Add(Encounter.Admit(patient.Id, facility.Id, unit.Id, "4W-01A", EncounterClass.Inpatient, TestData.Now.AddDays(-1)));
            var plan = new CarePlan(patient.Id, "Care plan", TestData.Now);
            plan.AddItem(CarePlanItemKind.Goal, "No readmission in 30 days", owner.Id, null);
            db.CarePlans.Add(plan);
            db.Referrals.Add(new Referral(patient.Id, team.Id, owner.Id, ReferralType.HomeHealth, ReferralUrgency.Routine, "CareAtHome", "Wound care", TestData.Now));
            db.Tasks.Add(new CareTask(patient.Id, team.Id, "Medication reconciliation", owner.Id, TestData.Now.AddDays(1), CareTaskPriority.Routine, TestData.Now));
        }
        await db.SaveChangesAsync(Token);
        return new World(teamA.Id, teamB.Id, ofA.Id, ofB.Id, ofBoth.Id);
    }

    /// <summary>The patients whose records of every kind this context can see, restricted to <paramref name="patients"/>.</summary>
    private static async Task<Dictionary<string, Guid[]>> VisiblePatientsAsync(CareHubDbContext db, params Guid[] patients)
    {
        async Task<Guid[]> Of<T>(IQueryable<T> query, System.Linq.Expressions.Expression<Func<T, Guid>> patientOf) =>
            (await query.Select(patientOf).Where(id => patients.Contains(id)).Distinct().ToListAsync(Token)).Order().ToArray();

        return new()
        {
            ["patients"] = await Of(db.Patients, p => p.Id),
            ["patient teams"] = await Of(db.PatientTeams, t => t.PatientId),
            ["conditions"] = await Of(db.Conditions, c => c.PatientId),
            ["encounters"] = await Of(db.Encounters, e => e.PatientId),
            ["care plans"] = await Of(db.CarePlans, p => p.PatientId),
            ["care plan items"] = await Of(db.CarePlanItems, i => i.PatientId),
            ["referrals"] = await Of(db.Referrals, r => r.PatientId),
            ["tasks"] = await Of(db.Tasks, t => t.PatientId),
        };
    }

    [Fact]
    public async Task A_team_sees_its_own_patients_and_none_of_another_teams()
    {
        var world = await BuildWorldAsync();
        await using var db = database.UserContext("coordinator-a", world.TeamA);

        var visible = await db.Patients.Where(p => new[] { world.PatientOfA, world.PatientOfB, world.PatientOfBoth }.Contains(p.Id))
            .Select(p => p.Id).ToListAsync(Token);

        visible.ShouldBe([world.PatientOfA, world.PatientOfBoth], ignoreOrder: true);
    }

    [Fact]
    public async Task Every_kind_of_record_of_another_teams_patient_is_invisible()
    {
        var world = await BuildWorldAsync();
        await using var db = database.UserContext("coordinator-a", world.TeamA);

        var visible = await VisiblePatientsAsync(db, world.PatientOfA, world.PatientOfB);

        foreach (var (kind, patients) in visible)
            patients.ShouldBe([world.PatientOfA], $"{kind} of team B's patient must be invisible to team A, and team A's own must be visible");
    }

    [Fact]
    public async Task Finding_another_teams_patient_by_id_answers_exactly_like_a_random_id()
    {
        var world = await BuildWorldAsync();
        await using var db = database.UserContext("coordinator-a", world.TeamA);

        var byFind = await db.Patients.FindAsync([world.PatientOfB], Token);
        var byQuery = await db.Patients.FirstOrDefaultAsync(p => p.Id == world.PatientOfB, Token);
        var random = Guid.NewGuid();
        var randomByFind = await db.Patients.FindAsync([random], Token);
        var randomByQuery = await db.Patients.FirstOrDefaultAsync(p => p.Id == random, Token);
        var ownByFind = await db.Patients.FindAsync([world.PatientOfA], Token);

        byFind.ShouldBeNull();
        byQuery.ShouldBeNull();
        randomByFind.ShouldBeNull();
        randomByQuery.ShouldBeNull();
        ownByFind.ShouldNotBeNull();
    }

    [Fact]
    public async Task Another_teams_records_found_by_id_are_not_there_either()
    {
        var world = await BuildWorldAsync();
        Guid encounterId, planId, itemId, referralId, taskId;
        await using (var system = database.SystemContext())
        {
            encounterId = await system.Encounters.Where(e => e.PatientId == world.PatientOfB).Select(e => e.Id).SingleAsync(Token);
            planId = await system.CarePlans.Where(e => e.PatientId == world.PatientOfB).Select(e => e.Id).SingleAsync(Token);
            itemId = await system.CarePlanItems.Where(e => e.PatientId == world.PatientOfB).Select(e => e.Id).SingleAsync(Token);
            referralId = await system.Referrals.Where(e => e.PatientId == world.PatientOfB).Select(e => e.Id).SingleAsync(Token);
            taskId = await system.Tasks.Where(e => e.PatientId == world.PatientOfB).Select(e => e.Id).SingleAsync(Token);
        }
        await using var db = database.UserContext("coordinator-a", world.TeamA);

        (await db.Encounters.FindAsync([encounterId], Token)).ShouldBeNull();
        (await db.CarePlans.FindAsync([planId], Token)).ShouldBeNull();
        (await db.CarePlanItems.FindAsync([itemId], Token)).ShouldBeNull();
        (await db.Referrals.FindAsync([referralId], Token)).ShouldBeNull();
        (await db.Tasks.FindAsync([taskId], Token)).ShouldBeNull();
    }

    [Fact]
    public async Task A_patient_on_both_teams_is_visible_to_each_with_all_their_records()
    {
        var world = await BuildWorldAsync();

        foreach (var team in new[] { world.TeamA, world.TeamB })
        {
            await using var db = database.UserContext($"member-of-{team}", team);
            var visible = await VisiblePatientsAsync(db, world.PatientOfBoth);
            foreach (var (kind, patients) in visible)
                patients.ShouldBe([world.PatientOfBoth], $"{kind} of the shared patient, seen from team {team}");
        }
    }

    [Fact]
    public async Task Including_a_patients_teams_shows_only_the_users_own_team_memberships()
    {
        var world = await BuildWorldAsync();
        await using var db = database.UserContext("coordinator-b", world.TeamB);

        var shared = await db.Patients.Include(p => p.Teams).SingleAsync(p => p.Id == world.PatientOfBoth, Token);

        shared.Teams.Select(t => t.TeamId).ShouldBe([world.TeamB]);
    }

    [Fact]
    public async Task A_user_on_both_teams_sees_the_patients_of_both()
    {
        var world = await BuildWorldAsync();
        await using var db = database.UserContext("manager", world.TeamA, world.TeamB);

        var visible = await VisiblePatientsAsync(db, world.PatientOfA, world.PatientOfB, world.PatientOfBoth);

        foreach (var (kind, patients) in visible)
            patients.Length.ShouldBe(3, kind);
    }

    [Fact]
    public async Task Nobody_signed_in_sees_no_patient_data_at_all()
    {
        await BuildWorldAsync();
        await using var db = database.Context(AccessScope.Nobody("anonymous-request"));

        (await db.Patients.CountAsync(Token)).ShouldBe(0);
        (await db.PatientTeams.CountAsync(Token)).ShouldBe(0);
        (await db.Conditions.CountAsync(Token)).ShouldBe(0);
        (await db.Encounters.CountAsync(Token)).ShouldBe(0);
        (await db.CarePlans.CountAsync(Token)).ShouldBe(0);
        (await db.CarePlanItems.CountAsync(Token)).ShouldBe(0);
        (await db.Referrals.CountAsync(Token)).ShouldBe(0);
        (await db.Tasks.CountAsync(Token)).ShouldBe(0);
        (await db.HuddleBoards.CountAsync(Token)).ShouldBe(0);
    }

    [Fact]
    public async Task A_user_of_no_team_sees_nothing_even_with_a_known_id()
    {
        var world = await BuildWorldAsync();
        await using var db = database.UserContext("new-starter");

        (await db.Patients.FindAsync([world.PatientOfA], Token)).ShouldBeNull();
        (await VisiblePatientsAsync(db, world.PatientOfA, world.PatientOfB, world.PatientOfBoth)).Values.ShouldAllBe(p => p.Length == 0);
    }

    [Fact]
    public async Task System_work_sees_every_teams_patients()
    {
        var world = await BuildWorldAsync();
        await using var db = database.SystemContext();

        var visible = await VisiblePatientsAsync(db, world.PatientOfA, world.PatientOfB, world.PatientOfBoth);

        foreach (var (kind, patients) in visible)
            patients.Length.ShouldBe(3, kind);
    }

    [Fact]
    public async Task Huddle_boards_are_visible_to_their_own_team_only()
    {
        var world = await BuildWorldAsync();
        await using (var system = database.SystemContext())
        {
            system.HuddleBoards.Add(new Domain.Huddles.HuddleBoard(world.TeamB, new DateOnly(2026, 3, 2)));
            await system.SaveChangesAsync(Token);
        }

        await using var teamA = database.UserContext("coordinator-a", world.TeamA);
        await using var teamB = database.UserContext("coordinator-b", world.TeamB);

        (await teamA.HuddleBoards.CountAsync(b => b.TeamId == world.TeamB, Token)).ShouldBe(0);
        (await teamB.HuddleBoards.CountAsync(b => b.TeamId == world.TeamB, Token)).ShouldBe(1);
    }
}
