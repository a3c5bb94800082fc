using CareHub.Data;
using CareHub.Domain.Audit;
using CareHub.Domain.Organization;
using CareHub.Domain.Referrals;
using CareHub.Domain.Tasks;
using CareHub.Web.Features.Referrals;
using CareHub.Web.Realtime;
using CareHub.Web.Security;
using CareHub.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace CareHub.Web.Tests.Features.Referrals;

/// <summary>A clock the test moves on by hand (referral clocks count local business days).</summary>
public sealed class ReferralTestClock(DateTimeOffset start) : TimeProvider
{
    private long _ticks = start.UtcTicks;

    public DateTimeOffset Now
    {
        get => new(Interlocked.Read(ref _ticks), TimeSpan.Zero);
        set => Interlocked.Exchange(ref _ticks, value.UtcTicks);
    }

    public override DateTimeOffset GetUtcNow() => Now;

    public void Advance(TimeSpan by) => Interlocked.Add(ref _ticks, by.Ticks);
}

/// <summary>
/// The referral service as circuits of different users get it, over the shared test database (<see cref="PatientsDatabase"/>):
/// each <see cref="ServiceFor"/> is a new scope (its own user, context factory and audit source), as a new circuit is.
/// The clock starts on Monday 2 March 2026, 09:00 UTC (04:00 in New York) and moves only when a test moves it.
/// </summary>
public sealed class ReferralTestBed(PatientsDatabase database)
{
    private static readonly IServiceProvider NoServices = new ServiceCollection().BuildServiceProvider();

    public PatientsDatabase Database { get; } = database;

    public ReferralTestClock Clock { get; } = new(FixedClock.Default);

    public ReferralsOptions Options { get; } = new();

    public ReferralClockContext Clocks { get; } = new ReferralsOptions().BuildClockContext();

    public static CancellationToken Ct => Xunit.TestContext.Current.CancellationToken;

    public static string NewSource() => $"circuit:{Guid.NewGuid():N}";

    public CurrentUser UserFor(Staff staff, string? source = null)
    {
        var user = new CurrentUser(Database.Options, NoServices);
        user.Set(PatientsDatabase.Principal(staff), source ?? NewSource());
        return user;
    }

    public ReferralService ServiceFor(Staff staff, string? source = null)
    {
        var user = UserFor(staff, source);
        return new ReferralService(new CareHubDbContextFactory(Database.Options, user), Database.Bus, Clock, user, Clocks);
    }

    public ReferralEscalationService Escalation() =>
        new(Database.Options, Database.Bus, Clock, Clocks, Options, NullLogger<ReferralEscalationService>.Instance);

    public async Task<Staff> AddMemberAsync(TestTeam team, string given, string family, StaffRole role)
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

    public static NewReferral Specialty(TestTeam team, int patient = 0, bool send = true, string destination = "Riverside Cardiology") =>
        new(team[patient].Id, team.Team.Id, ReferralType.Specialty, ReferralUrgency.Routine, destination, "Heart failure follow-up")
        {
            Send = send,
        };

    /// <summary>Creates a referral through the team member's service; its id.</summary>
    public async Task<Guid> CreateAsync(TestTeam team, NewReferral referral, Staff? by = null)
    {
        var saved = (await ServiceFor(by ?? team.Member).CreateAsync(referral, Ct)).ShouldBeOfType<ReferralResult.Saved>();
        return saved.ReferralId;
    }

    /// <summary>The referral as stored, with its timeline, in a system context.</summary>
    public async Task<Referral> ReferralAsync(Guid id)
    {
        await using var db = Database.SystemDb();
        return await db.Referrals.AsNoTracking().Include(r => r.Events).SingleAsync(r => r.Id == id);
    }

    public async Task<long> VersionAsync(Guid id) => (await ReferralAsync(id)).Version;

    public async Task<List<CareTask>> TasksAsync(Guid patientId)
    {
        await using var db = Database.SystemDb();
        return await db.Tasks.AsNoTracking().Where(t => t.PatientId == patientId).ToListAsync();
    }

    public async Task<List<AuditEvent>> AuditOfAsync(string source)
    {
        await using var db = Database.SystemDb();
        return await db.AuditEvents.AsNoTracking().Where(a => a.Source == source).OrderBy(a => a.Id).ToListAsync();
    }

    public async Task<int> ReferralCountAsync(Guid patientId)
    {
        await using var db = Database.SystemDb();
        return await db.Referrals.CountAsync(r => r.PatientId == patientId);
    }

    /// <summary>Adds referrals straight to the database (for volume), their clocks planned at the bed's now.</summary>
    public async Task<List<Referral>> InsertAsync(IEnumerable<Referral> referrals)
    {
        var list = referrals.ToList();
        foreach (var referral in list)
            referral.PlanNextDue(Clocks.Compute(referral, Clock.Now));
        await using var db = Database.SystemDb();
        db.Referrals.AddRange(list);
        await db.SaveChangesAsync();
        return list;
    }

    /// <summary>Records the events published on the team's referral topic until disposed.</summary>
    public EventRecorder Listen(Guid teamId) => new(Database.Bus, Topics.Referrals(teamId));
}
