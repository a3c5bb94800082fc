using System.Globalization;
using CareHub.Data;
using CareHub.Data.Auditing;
using CareHub.Domain.Audit;
using CareHub.Domain.CarePlans;
using CareHub.Domain.Referrals;
using CareHub.Web.Features.CarePlans;
using CareHub.Web.Auditing;
using CareHub.Web.Features.Huddle;
using CareHub.Web.Features.Patients;
using CareHub.Web.Features.Referrals;
using CareHub.Web.Realtime;
using CareHub.Web.Security;
using CareHub.Web.Tests.Features.CarePlans;
using CareHub.Web.Tests.Infrastructure;
using CsCheck;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace CareHub.Web.Tests.Auditing;

/// <summary>
/// Thousands of random operations of two users of different teams (reads, searches, writes, exports, consent changes and
/// denied accesses of patients, care plans, referrals and huddle boards) through the real services on real SQLite; after
/// each operation the audit rows it wrote are compared with what happened: one row per record read, written or
/// exported, with the right user, action, patient, category and source; only the AccessDenied row for a refused one;
/// nothing for a change refused as stale. At the end the whole trail is sealed and the hash chain verifies.
/// </summary>
public sealed class AuditPropertyTests(PatientsDatabase database) : IClassFixture<PatientsDatabase>
{
    private const int Iterations = 30;

    private static readonly string[] Languages = ["English", "Spanish", "Somali", "Vietnamese", "Haitian Creole", "Arabic"];

    private static CancellationToken Ct => Xunit.TestContext.Current.CancellationToken;

    private enum Op
    {
        GetPatient,
        SearchPatients,
        UpdateLanguage,
        StaleLanguageUpdate,
        OpenCarePlan,
        StartCarePlan,
        AddCarePlanItem,
        ExportCarePlan,
        CreateReferral,
        RecordConsent,
        GetReferral,
        OpenHuddleBoard,
    }

    /// <summary>One random step: what, by which user (0 or 1), on which target (see <see cref="World"/>), and a number to pick with.</summary>
    private sealed record Step(Op Op, int Actor, int Target, int Pick);

    private static readonly Gen<Step[]> Steps =
        Gen.Select(Gen.Enum<Op>(), Gen.Int[0, 1], Gen.Int[0, 4], Gen.Int[0, 1_000], (op, actor, target, pick) => new Step(op, actor, target, pick))
            .Array[60, 140];

    private sealed record Expected(string UserId, AuditAction Action, string Category, Guid? EntityId, Guid? PatientId, string Source)
    {
        public override string ToString() => $"{Action} {Category} entity={EntityId} patient={PatientId} by {UserId}";
    }

    private sealed class Figures
    {
        public int Operations;
        public int RowsCompared;
        public int Denied;
        public int Writes;
        public readonly Dictionary<Op, int> ByOp = [];
    }

    [Fact]
    public async Task Every_operation_writes_exactly_the_audit_rows_of_what_happened_and_the_chain_verifies()
    {
        var figures = new Figures();
        var clock = new TickingClock(FixedClock.Default);
        var presence = new InMemoryPresenceService(database.Bus, TimeProvider.System, new PresenceOptions(), NullLogger<InMemoryPresenceService>.Instance);

        await Steps.SampleAsync(async steps =>
        {
            var world = await World.CreateAsync(database, clock, presence);
            foreach (var step in steps)
                await world.RunAndCompareAsync(step, figures);
        }, iter: Iterations, threads: 1);

        await new AuditSealer(database.Options, clock).SealPendingAsync(Ct);
        var report = await new AuditChainVerifier(database.Options).VerifyAsync(null, Ct);

        Xunit.TestContext.Current.TestOutputHelper?.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"operations: {figures.Operations}, audit rows compared: {figures.RowsCompared} (denied accesses: {figures.Denied}, writes: {figures.Writes}); " +
            $"chain: {report.SealedRows} rows sealed and verified"));
        Xunit.TestContext.Current.TestOutputHelper?.WriteLine(string.Join(", ", figures.ByOp.OrderBy(p => p.Key).Select(p => $"{p.Key} {p.Value}")));
        report.IsIntact.ShouldBeTrue(report.Describe());
        report.UnsealedRows.ShouldBe(0);
        figures.Operations.ShouldBeGreaterThanOrEqualTo(Iterations * 60);
        report.SealedRows.ShouldBeGreaterThanOrEqualTo(figures.RowsCompared);
        foreach (var op in Enum.GetValues<Op>())
            figures.ByOp.GetValueOrDefault(op).ShouldBeGreaterThan(0, $"{op} never ran");
    }

    /// <summary>Two teams of two patients each, one user per team, their services, and what the test knows happened.</summary>
    private sealed class World
    {
        private readonly PatientsDatabase _database;
        private readonly TestTeam[] _teams;
        private readonly Actor[] _actors;
        private readonly Dictionary<Guid, Guid> _planOf = [];
        private readonly List<(Guid Id, Guid PatientId, int Team)> _referrals = [];
        private long _lastRow;

        private World(PatientsDatabase database, TestTeam[] teams, Actor[] actors)
        {
            _database = database;
            _teams = teams;
            _actors = actors;
        }

        public static async Task<World> CreateAsync(PatientsDatabase database, TimeProvider clock, IPresenceService presence)
        {
            var teams = new[]
            {
                await database.TeamAsync(new PatientSeed("Alpha", "Ana"), new PatientSeed("Alpha", "Abe")),
                await database.TeamAsync(new PatientSeed("Beta", "Bea"), new PatientSeed("Beta", "Ben")),
            };
            var actors = teams.Select((team, i) => Actor.For(database, team, i, clock, presence)).ToArray();
            // Today's boards exist before the operations, so opening one is a read (what its creation writes is its own test's).
            foreach (var actor in actors)
                await actor.Huddle.OpenTodayAsync(actor.Team.Team.Id, Ct);
            var world = new World(database, teams, actors);
            world._lastRow = await world.LastRowAsync();
            return world;
        }

        /// <summary>Targets 0-2: one of the actor's own patients; 3: one of the other team's; 4: an id that exists nowhere.</summary>
        private Guid PatientAt(Actor actor, Step step) => step.Target switch
        {
            < 3 => actor.Team[step.Target % 2].Id,
            3 => _teams[1 - actor.Index][step.Pick % 2].Id,
            _ => Guid.NewGuid(),
        };

        public async Task RunAndCompareAsync(Step step, Figures figures)
        {
            var actor = _actors[step.Actor];
            var expected = await RunAsync(step, actor);
            var rows = await NewRowsAsync();
            var actual = rows.Select(r => new Expected(r.UserId, r.Action, r.EntityType, r.EntityId, r.PatientId, r.Source)).ToList();
            actual.ShouldBe(expected, ignoreOrder: true, $"{step} wrote the wrong audit rows");

            figures.Operations++;
            figures.RowsCompared += actual.Count;
            figures.Denied += actual.Count(r => r.Action == AuditAction.AccessDenied);
            figures.Writes += actual.Count(r => r.Action is AuditAction.Create or AuditAction.Update or AuditAction.ConsentChange);
            figures.ByOp[step.Op] = figures.ByOp.GetValueOrDefault(step.Op) + 1;
        }

        private async Task<List<Expected>> RunAsync(Step step, Actor actor)
        {
            var target = PatientAt(actor, step);
            var sees = step.Target < 3;
            switch (step.Op)
            {
                case Op.GetPatient:
                {
                    var detail = await actor.Patients.GetAsync(target, Ct);
                    (detail is not null).ShouldBe(sees);
                    return [sees ? actor.Row(AuditAction.Read, "Patient", target, target) : actor.Denied("Patient", target)];
                }
                case Op.SearchPatients:
                {
                    var page = await actor.Patients.SearchAsync(new PatientQuery(step.Pick % 3 == 0 ? "Alpha" : null), Ct);
                    page.Rows.ShouldAllBe(r => actor.Team.Patients.Any(p => p.Id == r.Id));
                    return [.. page.Rows.Select(r => actor.Row(AuditAction.Read, "PatientList", null, r.Id))];
                }
                case Op.UpdateLanguage or Op.StaleLanguageUpdate:
                {
                    var (version, language) = await PatientStateAsync(target);
                    var stale = step.Op == Op.StaleLanguageUpdate && version > 0;
                    var next = Languages.Where(l => l != language).ElementAt(step.Pick % (Languages.Length - 1));
                    var result = await actor.Patients.UpdateLanguageAsync(target, stale ? version - 1 : version, next, step.Pick % 2 == 0, Ct);
                    if (!sees)
                    {
                        result.ShouldBeOfType<PatientChangeResult.NotFound>();
                        return [actor.Denied("Patient", target)];
                    }
                    if (stale)
                    {
                        result.ShouldBeOfType<PatientChangeResult.Conflict>();
                        return [];
                    }
                    result.ShouldBeOfType<PatientChangeResult.Saved>();
                    return [actor.Row(AuditAction.Update, "Patient", target, target)];
                }
                case Op.OpenCarePlan:
                {
                    var page = await actor.CarePlans.OpenAsync(target, Ct);
                    if (!sees)
                    {
                        page.ShouldBeOfType<CarePlanPage.NotFound>();
                        return [actor.Denied("Patient", target)];
                    }
                    if (!_planOf.TryGetValue(target, out var plan))
                    {
                        page.ShouldBeOfType<CarePlanPage.NoPlan>();
                        return [actor.Row(AuditAction.Read, "CarePlan", null, target)];
                    }
                    page.ShouldBeOfType<CarePlanPage.Found>().Plan.PlanId.ShouldBe(plan);
                    return [actor.Row(AuditAction.Read, "CarePlan", plan, target)];
                }
                case Op.StartCarePlan:
                {
                    var result = await actor.CarePlans.StartAsync(target, null, Ct);
                    if (!sees)
                    {
                        result.ShouldBeOfType<CarePlanResult.NotFound>();
                        return [actor.Denied("Patient", target)];
                    }
                    if (_planOf.ContainsKey(target))
                    {
                        result.ShouldBeOfType<CarePlanResult.Invalid>();
                        return [];
                    }
                    result.ShouldBeOfType<CarePlanResult.Saved>();
                    _planOf[target] = await PlanIdAsync(target);
                    return [actor.Row(AuditAction.Create, "CarePlan", _planOf[target], target)];
                }
                case Op.AddCarePlanItem:
                {
                    var planId = _planOf.GetValueOrDefault(target, Guid.NewGuid());
                    var result = await actor.CarePlans.AddItemAsync(planId, new NewCarePlanItem(CarePlanItemKind.Goal, $"Goal {step.Pick}"), Ct);
                    if (!sees || !_planOf.ContainsKey(target))
                    {
                        result.ShouldBeOfType<CarePlanResult.NotFound>();
                        return [actor.Denied("CarePlan", planId)];
                    }
                    var item = result.ShouldBeOfType<CarePlanResult.Saved>().Item.ShouldNotBeNull();
                    return [actor.Row(AuditAction.Create, "CarePlanItem", item.Id, target)];
                }
                case Op.ExportCarePlan:
                {
                    var export = await actor.CarePlans.ExportAsync(target, Ct);
                    if (!sees || !_planOf.TryGetValue(target, out var plan))
                    {
                        export.ShouldBeNull();
                        return [actor.Denied("CarePlan", target)];
                    }
                    export.ShouldNotBeNull();
                    return [actor.Row(AuditAction.Export, "CarePlan", plan, target)];
                }
                case Op.CreateReferral:
                {
                    var result = await actor.Referrals.CreateAsync(new NewReferral(target, actor.Team.Team.Id, ReferralType.CommunityOrganization,
                        ReferralUrgency.Routine, "Eastside Food Pantry", "Food insecurity"), Ct);
                    if (!sees)
                    {
                        result.ShouldBeOfType<ReferralResult.NotFound>();
                        return [actor.Denied("Patient", target)];
                    }
                    var saved = result.ShouldBeOfType<ReferralResult.Saved>();
                    _referrals.Add((saved.ReferralId, target, actor.Index));
                    return [actor.Row(AuditAction.Create, "Referral", saved.ReferralId, target)];
                }
                case Op.RecordConsent or Op.GetReferral:
                {
                    var (id, patientId, team) = _referrals.Count == 0 || step.Target == 4
                        ? (Guid.NewGuid(), Guid.Empty, -1)
                        : _referrals[step.Pick % _referrals.Count];
                    var mine = team == actor.Index;
                    if (step.Op == Op.GetReferral)
                    {
                        var detail = await actor.Referrals.GetAsync(id, Ct);
                        (detail is not null).ShouldBe(mine);
                        return [mine ? actor.Row(AuditAction.Read, "Referral", id, patientId) : actor.Denied("Referral", id)];
                    }
                    var version = team < 0 ? 1 : await ReferralVersionAsync(id);
                    var result = await actor.Referrals.RecordConsentAsync(id, version, step.Pick % 2 == 0, null, Ct);
                    if (!mine)
                    {
                        result.ShouldBeOfType<ReferralResult.NotFound>();
                        return [actor.Denied("Referral", id)];
                    }
                    result.ShouldBeOfType<ReferralResult.Saved>();
                    return [actor.Row(AuditAction.ConsentChange, "Referral", id, patientId)];
                }
                case Op.OpenHuddleBoard:
                {
                    var own = step.Pick % 3 != 0;
                    var teamId = own ? actor.Team.Team.Id : _teams[1 - actor.Index].Team.Id;
                    var board = await actor.Huddle.OpenTodayAsync(teamId, Ct);
                    if (!own)
                    {
                        board.ShouldBeNull();
                        return [actor.Denied("HuddleBoard", teamId)];
                    }
                    var shown = board.ShouldNotBeNull().Cards.Where(c => c.PatientId is not null).Select(c => c.PatientId).Distinct();
                    return [.. shown.Select(p => actor.Row(AuditAction.Read, "HuddleBoard", null, p))];
                }
                default:
                    throw new InvalidOperationException($"No such operation: {step.Op}");
            }
        }

        private async Task<(long Version, string? Language)> PatientStateAsync(Guid patientId)
        {
            await using var db = _database.SystemDb();
            var patient = await db.Patients.AsNoTracking().Where(p => p.Id == patientId).Select(p => new { p.Version, p.PreferredLanguage }).FirstOrDefaultAsync(Ct);
            return (patient?.Version ?? 0, patient?.PreferredLanguage);
        }

        private async Task<Guid> PlanIdAsync(Guid patientId)
        {
            await using var db = _database.SystemDb();
            return await db.CarePlans.Where(p => p.PatientId == patientId).Select(p => p.Id).SingleAsync(Ct);
        }

        private async Task<long> ReferralVersionAsync(Guid id)
        {
            await using var db = _database.SystemDb();
            return await db.Referrals.Where(r => r.Id == id).Select(r => r.Version).SingleAsync(Ct);
        }

        private async Task<long> LastRowAsync()
        {
            await using var db = _database.SystemDb();
            return await db.AuditEvents.MaxAsync(a => (long?)a.Id, Ct) ?? 0;
        }

        /// <summary>Every audit row written since the last look, whoever wrote it: a row of another source is a wrong row too.</summary>
        private async Task<List<AuditEvent>> NewRowsAsync()
        {
            await using var db = _database.SystemDb();
            var rows = await db.AuditEvents.AsNoTracking().Where(a => a.Id > _lastRow).OrderBy(a => a.Id).ToListAsync(Ct);
            if (rows.Count > 0)
                _lastRow = rows[^1].Id;
            return rows;
        }
    }

    /// <summary>A signed-in user of one team, with the services one circuit of theirs gets (one source for all).</summary>
    private sealed record Actor(int Index, TestTeam Team, string UserId, string Source, PatientsService Patients, CarePlanService CarePlans,
        ReferralService Referrals, HuddleService Huddle)
    {
        private static readonly IServiceProvider NoServices = new ServiceCollection().BuildServiceProvider();

        public static Actor For(PatientsDatabase database, TestTeam team, int index, TimeProvider clock, IPresenceService presence)
        {
            var source = $"circuit:{Guid.NewGuid():N}";
            var user = new CurrentUser(database.Options, NoServices);
            user.Set(PatientsDatabase.Principal(team.Member), source);
            var contexts = new CareHubDbContextFactory(database.Options, user);
            return new Actor(index, team, team.Member.Id.ToString(), source,
                new PatientsService(contexts, database.Bus, clock),
                new CarePlanService(contexts, database.Bus, clock, user),
                new ReferralService(contexts, database.Bus, clock, user, new ReferralsOptions().BuildClockContext()),
                new HuddleService(contexts, database.Bus, presence, clock, user, new HuddleBoardSnapshots(database.Options),
                    new ReadAuditWriter(database.Options, Microsoft.Extensions.Logging.Abstractions.NullLogger<ReadAuditWriter>.Instance)));
        }

        public Expected Row(AuditAction action, string category, Guid? entityId, Guid? patientId) =>
            new(UserId, action, category, entityId, patientId, Source);

        /// <summary>A refused access: the requested id, never a patient (it may not exist).</summary>
        public Expected Denied(string category, Guid requestedId) => new(UserId, AuditAction.AccessDenied, category, requestedId, null, Source);
    }
}
