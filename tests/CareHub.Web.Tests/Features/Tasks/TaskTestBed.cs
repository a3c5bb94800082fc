using CareHub.Data;
using CareHub.Domain.Audit;
using CareHub.Domain.Encounters;
using CareHub.Domain.Organization;
using CareHub.Domain.Tasks;
using CareHub.Web.Calendar;
using CareHub.Web.Features.Referrals;
using CareHub.Web.Features.Tasks;
using CareHub.Web.Realtime;
using CareHub.Web.Security;
using CareHub.Web.Tests.Features.Referrals;
using CareHub.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CareHub.Web.Tests.Features.Tasks;

/// <summary>
/// The task service as circuits of different users get it, over the shared test database (<see cref="PatientsDatabase"/>):
/// each <see cref="ServiceFor"/> is a new scope (its own user, context factory and audit source), as a new circuit is.
/// The clock starts on Monday 2 March 2026, 09:00 UTC (04:00 in New York, the app's default time zone).
/// </summary>
public sealed class TaskTestBed(PatientsDatabase database)
{
    private static readonly IServiceProvider NoServices = new ServiceCollection().BuildServiceProvider();

    public PatientsDatabase Database { get; } = database;

    public ReferralTestClock Clock { get; } = new(FixedClock.Default);

    public WorkCalendar Calendar { get; } = NewCalendar();

    public static CancellationToken Ct => Xunit.TestContext.Current.CancellationToken;

    public static WorkCalendar NewCalendar()
    {
        var clocks = new ReferralsOptions().BuildClockContext();
        return new WorkCalendar(clocks.Zone, clocks.Calendar);
    }

    public CurrentUser UserFor(Staff staff, string? source = null)
    {
        var user = new CurrentUser(Database.Options, NoServices);
        user.Set(PatientsDatabase.Principal(staff), source ?? $"circuit:{Guid.NewGuid():N}");
        return user;
    }

    public TasksService ServiceFor(Staff staff, string? source = null)
    {
        var user = UserFor(staff, source);
        return new TasksService(new CareHubDbContextFactory(Database.Options, user), Database.Bus, Clock, user, Calendar);
    }

    public async Task<Staff> AddMemberAsync(TestTeam team, string given, string family, StaffRole role = StaffRole.Nurse)
    {
        var staff = new Staff(given, family, $"{Guid.NewGuid():N}@carehub.example", role, role.ToString());
        await using var db = Database.SystemDb();
        db.Staff.Add(staff);
        var stored = await db.CareTeams.Include(t => t.Members).SingleAsync(t => t.Id == team.Team.Id);
        stored.AddMember(staff);
        await db.SaveChangesAsync();
        return staff;
    }

    /// <summary>Puts the team's patient on another team too.</summary>
    public async Task EnrolAsync(Guid patientId, Guid teamId)
    {
        await using var db = Database.SystemDb();
        var patient = await db.Patients.Include(p => p.Teams).SingleAsync(p => p.Id == patientId);
        patient.EnrolIn(teamId);
        await db.SaveChangesAsync();
    }

    /// <summary>An open task of <paramref name="team"/> on its patient, due <paramref name="dueIn"/> from the bed's now.</summary>
    public async Task<CareTask> TaskAsync(TestTeam team, int patient, string title, TimeSpan dueIn, Guid? assignee = null,
        CareTaskPriority priority = CareTaskPriority.Routine, DateTimeOffset? createdAt = null)
    {
        var created = createdAt ?? Clock.Now.AddDays(-3);
        var task = new CareTask(team[patient].Id, team.Team.Id, title, assignee ?? team.Member.Id, Clock.Now + dueIn, priority, created);
        await using var db = Database.SystemDb();
        db.Tasks.Add(task);
        await db.SaveChangesAsync();
        return task;
    }

    /// <summary>
    /// A stay of the team's patient discharged home <paramref name="dischargedAgo"/> ago, with its transition-contact task
    /// as the ADT feed makes it (assigned to the team's member).
    /// </summary>
    public async Task<CareTask> DischargedHomeWithCallAsync(TestTeam team, int patient, TimeSpan dischargedAgo)
    {
        var facility = new Facility($"T{Guid.NewGuid():N}"[..12], "Tasks General Hospital", FacilityKind.AcuteCareHospital);
        facility.AddUnit("4W", "4 West Medical-Surgical", UnitKind.MedicalSurgical, 30);
        var dischargedAt = Clock.Now - dischargedAgo;
        var stay = Encounter.Admit(team[patient].Id, facility.Id, facility.Units[0].Id, "4W-01", EncounterClass.Inpatient, dischargedAt.AddDays(-3));
        stay.Discharge(dischargedAt, DischargeDisposition.Home);
        var call = CareTask.ForTransition(team[patient].Id, team.Team.Id, stay.Id, CareTaskKind.TransitionContact,
            "Transition-of-care call", team.Member.Id, dischargedAt.AddDays(2), dischargedAt);
        await using var db = Database.SystemDb();
        db.Facilities.Add(facility);
        db.Encounters.Add(stay);
        db.Tasks.Add(call);
        await db.SaveChangesAsync();
        return call;
    }

    public async Task<CareTask> StoredAsync(Guid taskId)
    {
        await using var db = Database.SystemDb();
        return await db.Tasks.AsNoTracking().SingleAsync(t => t.Id == taskId);
    }

    public async Task<List<AuditEvent>> AuditOfAsync(string source)
    {
        await using var db = Database.SystemDb();
        return await db.AuditEvents.AsNoTracking().Where(a => a.Source == source).OrderBy(a => a.Id).ToListAsync();
    }

    /// <summary>Records the events published on the team's task topic until disposed.</summary>
    public EventRecorder Listen(Guid teamId) => new(Database.Bus, Topics.Tasks(teamId));
}
