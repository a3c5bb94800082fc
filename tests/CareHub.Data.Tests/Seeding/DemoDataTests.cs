using CareHub.Data.Seeding;
using CareHub.Domain.Audit;
using CareHub.Domain.Encounters;
using CareHub.Domain.Organization;
using CareHub.Domain.Patients;
using CareHub.Domain.Referrals;
using Microsoft.EntityFrameworkCore;

namespace CareHub.Data.Tests.Seeding;

/// <summary>One database seeded with 300 demo patients, shared by the tests of this class.</summary>
public sealed class DemoData300 : IAsyncLifetime
{
    public const int Patients = 300;

    public SqliteDatabase Database { get; private set; } = null!;

    public async ValueTask InitializeAsync() =>
        Database = await SqliteDatabase.CreateAsync(new DemoDataOptions { Enabled = true, Patients = Patients });

    public ValueTask DisposeAsync() => Database.DisposeAsync();
}

public class DemoDataTests(DemoData300 demo) : IClassFixture<DemoData300>
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private CareHubDbContext System() => demo.Database.SystemContext();

    [Fact]
    public async Task The_demo_organisation_has_three_facilities_twelve_units_four_teams_and_a_full_staff()
    {
        await using var db = System();

        (await db.Facilities.CountAsync(Token)).ShouldBe(3);
        (await db.Facilities.CountAsync(f => f.Kind == FacilityKind.SkilledNursingFacility, Token)).ShouldBe(1);
        (await db.Units.CountAsync(Token)).ShouldBe(12);
        (await db.CareTeams.CountAsync(Token)).ShouldBe(4);
        (await db.Staff.CountAsync(Token)).ShouldBe(27);
        (await db.Staff.Select(s => s.Role).Distinct().ToListAsync(Token)).ShouldBe(Enum.GetValues<StaffRole>(), ignoreOrder: true);
    }

    [Fact]
    public async Task Every_team_has_coordinators_nurses_and_a_manager()
    {
        await using var db = System();
        var teams = await db.CareTeams.Include(t => t.Members).ToListAsync(Token);
        var roles = await db.Staff.ToDictionaryAsync(s => s.Id, s => s.Role, Token);

        foreach (var team in teams)
        {
            var teamRoles = team.Members.Select(m => roles[m.StaffId]).ToList();
            teamRoles.ShouldContain(StaffRole.Coordinator, team.Name);
            teamRoles.ShouldContain(StaffRole.Nurse, team.Name);
            teamRoles.ShouldContain(StaffRole.Manager, team.Name);
        }
    }

    [Fact]
    public async Task Every_patient_is_on_a_team_and_attributed_to_a_coordinator_or_nurse_of_that_team()
    {
        await using var db = System();
        var patients = await db.Patients.Include(p => p.Teams).ToListAsync(Token);
        var members = await db.TeamMemberships.ToListAsync(Token);
        var roles = await db.Staff.ToDictionaryAsync(s => s.Id, s => s.Role, Token);

        patients.Count.ShouldBe(DemoData300.Patients);
        foreach (var patient in patients)
        {
            patient.Teams.ShouldNotBeEmpty(patient.Mrn);
            patient.AttributedCoordinatorId.ShouldNotBeNull(patient.Mrn);
            var coordinator = patient.AttributedCoordinatorId.Value;
            roles[coordinator].ShouldBeOneOf(StaffRole.Coordinator, StaffRole.Nurse);
            members.ShouldContain(m => m.StaffId == coordinator && patient.Teams.Any(t => t.TeamId == m.TeamId), patient.Mrn);
        }
        patients.Select(p => p.Mrn).Distinct().Count().ShouldBe(DemoData300.Patients);
    }

    [Fact]
    public async Task The_canary_patients_are_in_the_demo_with_a_team_a_plan_and_a_referral_and_nobody_else_shares_their_names()
    {
        await using var db = System();
        var canaries = await db.Patients.Include(p => p.Teams).Where(p => p.FamilyName == CanaryPatients.FamilyName).ToListAsync(Token);

        canaries.Select(p => (p.Mrn, p.GivenName, p.BirthDate)).OrderBy(p => p.Mrn)
            .ShouldBe(CanaryPatients.All.Select(c => (c.Mrn, c.GivenName, c.BirthDate)));
        canaries.ShouldAllBe(p => p.Teams.Count > 0 && CanaryPatients.IsCanary(p.Mrn));
        var ids = canaries.Select(p => p.Id).ToList();
        (await db.CarePlans.CountAsync(c => ids.Contains(c.PatientId), Token)).ShouldBe(canaries.Count);
        (await db.Referrals.Where(r => ids.Contains(r.PatientId)).Select(r => r.PatientId).Distinct().CountAsync(Token)).ShouldBe(canaries.Count);
        var givenNames = CanaryPatients.All.Select(c => c.GivenName).ToList();
        (await db.Patients.CountAsync(p => givenNames.Contains(p.GivenName) || p.Mrn.StartsWith(CanaryPatients.MrnPrefix), Token)).ShouldBe(canaries.Count);
    }

    [Fact]
    public async Task About_one_patient_in_eight_is_in_a_facility_now_with_one_current_stay_at_most()
    {
        await using var db = System();
        var current = await db.Encounters.Where(e => e.Status == EncounterStatus.InProgress).ToListAsync(Token);
        var now = DateTimeOffset.UtcNow;

        var share = (double)current.Count / DemoData300.Patients;
        share.ShouldBeInRange(0.08, 0.18);
        current.GroupBy(e => e.PatientId).ShouldAllBe(g => g.Count() == 1);
        current.ShouldAllBe(e => e.AdmittedAt <= now && e.DischargedAt == null);
        current.Select(e => e.Class).Distinct().Count().ShouldBeGreaterThan(2);
    }

    [Fact]
    public async Task Past_stays_are_finished_discharges_within_the_last_year()
    {
        await using var db = System();
        var finished = await db.Encounters.Where(e => e.Status == EncounterStatus.Finished).ToListAsync(Token);
        var now = DateTimeOffset.UtcNow;

        finished.Count.ShouldBeGreaterThan(DemoData300.Patients / 4);
        finished.ShouldAllBe(e => e.DischargedAt != null && e.AdmittedAt <= e.DischargedAt && e.DischargedAt <= now);
        finished.ShouldAllBe(e => e.AdmittedAt >= now.AddDays(-366));
        finished.Select(e => e.Class).Distinct().ShouldBe([EncounterClass.Emergency, EncounterClass.Inpatient, EncounterClass.Observation], ignoreOrder: true);
    }

    [Fact]
    public async Task Stays_of_one_patient_do_not_overlap()
    {
        await using var db = System();
        var encounters = await db.Encounters.ToListAsync(Token);

        foreach (var stays in encounters.GroupBy(e => e.PatientId))
        {
            var ordered = stays.OrderBy(e => e.AdmittedAt).ToList();
            for (var i = 1; i < ordered.Count; i++)
                ordered[i].AdmittedAt.ShouldBeGreaterThanOrEqualTo(ordered[i - 1].DischargedAt!.Value);
        }
    }

    [Fact]
    public async Task Referrals_are_spread_over_their_life_cycle()
    {
        await using var db = System();
        var statuses = await db.Referrals.GroupBy(r => r.Status).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(Token);

        statuses.Count.ShouldBeGreaterThanOrEqualTo(6);
        statuses.Select(s => s.Key).ShouldContain(ReferralStatus.Completed);
        statuses.Select(s => s.Key).ShouldContain(ReferralStatus.Requested);
        (await db.Referrals.CountAsync(r => r.IsSensitive, Token)).ShouldBe(await db.Referrals.CountAsync(r => r.Type == ReferralType.SubstanceUseTreatment, Token));
    }

    [Fact]
    public async Task Patients_have_tasks_care_plans_with_items_and_conditions()
    {
        await using var db = System();

        (await db.Tasks.CountAsync(Token)).ShouldBeGreaterThan(DemoData300.Patients / 4);
        (await db.Tasks.Select(t => t.Status).Distinct().CountAsync(Token)).ShouldBe(2);
        (await db.CarePlans.CountAsync(Token)).ShouldBeGreaterThan(DemoData300.Patients / 5);
        (await db.CarePlans.AllAsync(p => p.Items.Count >= 3, Token)).ShouldBeTrue();
        (await db.Conditions.CountAsync(Token)).ShouldBeGreaterThan(DemoData300.Patients / 2);
    }

    [Fact]
    public async Task The_load_writes_one_summary_audit_row_instead_of_one_per_record()
    {
        await using var db = System();

        var rows = await db.AuditEvents.ToListAsync(Token);

        var row = rows.ShouldHaveSingleItem();
        (row.Action, row.EntityType, row.PatientId, row.Source).ShouldBe((AuditAction.Create, "DemoData", (Guid?)null, "demo-data"));
    }

    [Fact]
    public async Task Starting_again_on_a_seeded_database_adds_nothing()
    {
        await demo.Database.InitializeAsync();

        await using var db = System();
        (await db.Patients.CountAsync(Token)).ShouldBe(DemoData300.Patients);
        (await db.Facilities.CountAsync(Token)).ShouldBe(3);
    }

    [Fact]
    public async Task A_coordinator_sees_only_the_demo_patients_of_their_team()
    {
        Guid team;
        int onTeam;
        await using (var db = System())
        {
            team = await db.CareTeams.OrderBy(t => t.Name).Select(t => t.Id).FirstAsync(Token);
            onTeam = await db.PatientTeams.CountAsync(t => t.TeamId == team, Token);
        }

        await using var coordinator = demo.Database.UserContext("coordinator", team);

        (await coordinator.Patients.CountAsync(Token)).ShouldBe(onTeam);
        onTeam.ShouldBeInRange(1, DemoData300.Patients - 1);
    }
}

public class DemoDataDeterminismTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private static async Task<List<(string Mrn, string Name, string Payer)>> PeopleAsync(int seed)
    {
        await using var database = await SqliteDatabase.CreateAsync(new DemoDataOptions { Enabled = true, Patients = 40, Seed = seed });
        await using var db = database.SystemContext();
        var people = await db.Patients.OrderBy(p => p.Mrn).Select(p => new { p.Mrn, p.SortName, p.Payer }).ToListAsync(Token);
        return [.. people.Select(p => (p.Mrn, p.SortName, p.Payer.ToString()))];
    }

    [Fact]
    public async Task The_same_seed_gives_the_same_people_in_two_databases()
    {
        var first = await PeopleAsync(seed: 42);
        var second = await PeopleAsync(seed: 42);

        second.ShouldBe(first);
    }

    [Fact]
    public async Task Another_seed_gives_other_people()
    {
        var first = await PeopleAsync(seed: 42);
        var other = await PeopleAsync(seed: 43);

        other.Select(p => p.Name).ShouldNotBe(first.Select(p => p.Name));
    }

    [Theory]
    [InlineData(5)]
    [InlineData(9)]
    [InlineData(200_001)]
    [InlineData(10_000_000)]
    public void A_number_of_patients_out_of_range_is_refused_naming_the_setting(int patients)
    {
        var refusal = Should.Throw<CareHubConfigurationException>(new DemoDataOptions { Patients = patients }.Validate);

        refusal.Message.ShouldContain("DemoData:Patients");
    }

    [Theory]
    [InlineData(10)]
    [InlineData(DemoDataOptions.MaxPatients)]
    public void The_limits_of_the_range_are_accepted(int patients)
    {
        Should.NotThrow(new DemoDataOptions { Patients = patients }.Validate);
    }

    [Fact]
    public async Task Seeding_refuses_a_bad_number_of_patients_before_writing_anything()
    {
        await using var database = await SqliteDatabase.CreateAsync();
        var seeder = new DemoDataSeeder(database.SystemContext, TimeProvider.System);

        await Should.ThrowAsync<CareHubConfigurationException>(() => seeder.SeedAsync(new DemoDataOptions { Patients = 5 }, null, Token));

        await using var db = database.SystemContext();
        (await db.Facilities.AnyAsync(Token)).ShouldBeFalse();
    }
}

/// <summary>A mid-size health system: 2,000 patients, seeded once for the class.</summary>
public sealed class DemoData2000 : IAsyncLifetime
{
    public SqliteDatabase Database { get; private set; } = null!;

    public async ValueTask InitializeAsync() =>
        Database = await SqliteDatabase.CreateAsync(new DemoDataOptions { Enabled = true, Patients = 2_000 });

    public ValueTask DisposeAsync() => Database.DisposeAsync();
}

public class DemoDataMixTests(DemoData2000 demo) : IClassFixture<DemoData2000>
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Every_payer_type_appears_in_a_mid_size_panel()
    {
        await using var db = demo.Database.SystemContext();

        var payers = await db.Patients.Select(p => p.Payer).Distinct().ToListAsync(Token);

        payers.ShouldBe(Enum.GetValues<PayerType>(), ignoreOrder: true);
    }

    [Fact]
    public async Task Uninsured_patients_have_no_plan_and_insured_ones_do()
    {
        await using var db = demo.Database.SystemContext();

        (await db.Patients.CountAsync(p => p.Payer == PayerType.Uninsured && p.PlanName != null, Token)).ShouldBe(0);
        (await db.Patients.CountAsync(p => p.Payer != PayerType.Uninsured && p.PlanName == null, Token)).ShouldBe(0);
    }

    [Fact]
    public async Task Every_referral_status_a_loop_can_stop_at_appears()
    {
        await using var db = demo.Database.SystemContext();

        var statuses = await db.Referrals.Select(r => r.Status).Distinct().ToListAsync(Token);

        statuses.ShouldBe(Enum.GetValues<ReferralStatus>(), ignoreOrder: true);
    }

    [Fact]
    public async Task Some_patients_are_shared_by_two_teams()
    {
        await using var db = demo.Database.SystemContext();

        var shared = await db.PatientTeams.GroupBy(t => t.PatientId).CountAsync(g => g.Count() > 1, Token);

        shared.ShouldBeInRange(60, 260);
    }
}
