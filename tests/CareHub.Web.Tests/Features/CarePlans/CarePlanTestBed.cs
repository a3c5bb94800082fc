using System.Globalization;
using CareHub.Data;
using CareHub.Domain.Audit;
using CareHub.Domain.CarePlans;
using CareHub.Domain.Organization;
using CareHub.Web.Features.CarePlans;
using CareHub.Web.Realtime;
using CareHub.Web.Security;
using CareHub.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CareHub.Web.Tests.Features.CarePlans;

/// <summary>A clock that moves on by a second at every reading, so history entries have distinct, ordered times.</summary>
public sealed class TickingClock(DateTimeOffset start) : TimeProvider
{
    private long _ticks = start.UtcTicks - TimeSpan.TicksPerSecond;

    public override DateTimeOffset GetUtcNow() => new(Interlocked.Add(ref _ticks, TimeSpan.TicksPerSecond), TimeSpan.Zero);

    /// <summary>The time the next reading will give (without taking it).</summary>
    public DateTimeOffset Peek => new(Interlocked.Read(ref _ticks) + TimeSpan.TicksPerSecond, TimeSpan.Zero);
}

/// <summary>
/// The care-plan service as circuits of different users get it, over the shared test database (<see cref="PatientsDatabase"/>):
/// each call of <see cref="ServiceFor"/> is a new scope (its own user, context factory and audit source), as a new
/// circuit is. Plans are started through the service; what was stored is read back in a system context.
/// </summary>
public sealed class CarePlanTestBed(PatientsDatabase database)
{
    private static readonly IServiceProvider NoServices = new ServiceCollection().BuildServiceProvider();

    public TickingClock Clock { get; } = new(FixedClock.Default);

    public static DateOnly Today => DateOnly.FromDateTime(FixedClock.Default.UtcDateTime);

    /// <summary>The signed-in user of a new circuit of <paramref name="staff"/>.</summary>
    public CurrentUser UserFor(Staff staff, string? source = null)
    {
        var user = new CurrentUser(database.Options, NoServices);
        user.Set(PatientsDatabase.Principal(staff), source ?? NewSource());
        return user;
    }

    /// <summary>The service of a circuit of <paramref name="staff"/> (a new scope: its own user, context factory and source).</summary>
    public CarePlanService ServiceFor(Staff staff, string? source = null)
    {
        var user = UserFor(staff, source);
        return new CarePlanService(new CareHubDbContextFactory(database.Options, user), database.Bus, Clock, user);
    }

    /// <summary>Who may follow which topic, for a circuit of <paramref name="staff"/>.</summary>
    public TopicAccess TopicAccessFor(Staff staff, string? source = null)
    {
        var user = UserFor(staff, source);
        return new TopicAccess(user, new CareHubDbContextFactory(database.Options, user));
    }

    public static string NewSource() => $"circuit:{Guid.NewGuid():N}";

    public async Task<Staff> AddMemberAsync(TestTeam team, string given, string family, StaffRole role = StaffRole.Nurse)
    {
        var staff = new Staff(given, family, $"{Guid.NewGuid():N}@carehub.example", role, "Nursing");
        await using var db = database.SystemDb();
        db.Staff.Add(staff);
        var stored = await db.CareTeams.Include(t => t.Members).SingleAsync(t => t.Id == team.Team.Id);
        stored.AddMember(staff);
        await db.SaveChangesAsync();
        return staff;
    }

    /// <summary>Starts the plan of the team's patient <paramref name="patient"/> as the team's member; its id.</summary>
    public async Task<Guid> StartAsync(TestTeam team, int patient = 0, string? template = null)
    {
        var result = await ServiceFor(team.Member).StartAsync(team[patient].Id, template, Ct);
        result.ShouldBeOfType<CarePlanResult.Saved>();
        await using var db = database.SystemDb();
        return await db.CarePlans.Where(p => p.PatientId == team[patient].Id).OrderByDescending(p => p.CreatedAt).Select(p => p.Id).FirstAsync();
    }

    /// <summary>Adds an item through <paramref name="service"/>; the item as saved.</summary>
    public static async Task<CarePlanItemView> AddAsync(CarePlanService service, Guid planId, NewCarePlanItem item)
    {
        var saved = (await service.AddItemAsync(planId, item, Ct)).ShouldBeOfType<CarePlanResult.Saved>();
        return saved.Item.ShouldNotBeNull();
    }

    /// <summary>The plan as stored, with its items, in a system context.</summary>
    public async Task<CarePlan> PlanAsync(Guid planId)
    {
        await using var db = database.SystemDb();
        return await db.CarePlans.AsNoTracking().Include(p => p.Items).SingleAsync(p => p.Id == planId);
    }

    public async Task<CarePlanItem> ItemAsync(Guid itemId)
    {
        await using var db = database.SystemDb();
        return await db.CarePlanItems.AsNoTracking().SingleAsync(i => i.Id == itemId);
    }

    /// <summary>The plan's history as stored, in item-version order.</summary>
    public async Task<List<CarePlanChange>> ChangesAsync(Guid planId, Guid? itemId = null)
    {
        await using var db = database.SystemDb();
        var query = db.CarePlanChanges.AsNoTracking().Where(c => c.CarePlanId == planId);
        if (itemId is { } only)
            query = query.Where(c => c.ItemId == only);
        var changes = await query.ToListAsync();
        return [.. changes.OrderBy(c => c.ItemVersion).ThenBy(c => c.At)];
    }

    public async Task<List<AuditEvent>> AuditOfAsync(string source)
    {
        await using var db = database.SystemDb();
        return await db.AuditEvents.AsNoTracking().Where(a => a.Source == source).OrderBy(a => a.Id).ToListAsync();
    }

    /// <summary>
    /// Everything stored about a plan (the plan row, every item's row, every history entry and the audit rows of its
    /// patient) as one text, to compare before and after a call that must change nothing.
    /// </summary>
    public async Task<string> SnapshotAsync(Guid planId)
    {
        await using var db = database.SystemDb();
        var plan = await db.CarePlans.AsNoTracking().SingleAsync(p => p.Id == planId);
        var items = await db.CarePlanItems.AsNoTracking().Where(i => i.CarePlanId == planId).ToListAsync();
        var changes = await db.CarePlanChanges.AsNoTracking().Where(c => c.CarePlanId == planId).ToListAsync();
        var writes = await db.AuditEvents.AsNoTracking()
            .CountAsync(a => a.PatientId == plan.PatientId && a.Action != AuditAction.Read && a.Action != AuditAction.Export);
        var lines = new List<string>
        {
            string.Create(CultureInfo.InvariantCulture, $"plan {plan.Id} v{plan.Version} {plan.Status} {plan.Title} {plan.LastChangedAt:O}"),
            string.Create(CultureInfo.InvariantCulture, $"audited writes {writes}"),
        };
        lines.AddRange(items.OrderBy(i => i.Id).Select(i => string.Create(CultureInfo.InvariantCulture,
            $"item {i.Id} v{i.Version} {i.Kind} {i.Position} {string.Join("|", Enum.GetValues<CarePlanField>().Select(f => i.ValueOf(f)))}")));
        lines.AddRange(changes.OrderBy(c => c.Id).Select(c => string.Create(CultureInfo.InvariantCulture,
            $"change {c.Id} {c.ItemId} {c.Field} {c.ItemVersion} {c.Before} -> {c.After}")));
        return string.Join('\n', lines);
    }

    /// <summary>Records the events published on the plan's topic until disposed.</summary>
    public EventRecorder Listen(Guid planId) => new(database.Bus, Topics.CarePlan(planId));

    /// <summary>
    /// Runs the calls on thread-pool threads released together, as circuits run: SQLite's async calls complete
    /// synchronously, so awaiting them side by side on one thread would run them one after the other.
    /// </summary>
    public static async Task<T[]> AtOnce<T>(params Func<Task<T>>[] calls)
    {
        using var start = new Barrier(calls.Length);
        return await Task.WhenAll(calls.Select(call => Task.Run(async () =>
        {
            start.SignalAndWait(Ct);
            return await call();
        })));
    }

    private static CancellationToken Ct => Xunit.TestContext.Current.CancellationToken;
}
