using System.Data.Common;
using CareHub.Data;
using CareHub.Domain.CarePlans;
using CareHub.Domain.Encounters;
using CareHub.Domain.Interop;
using CareHub.Interop.Acks;
using CareHub.Web.Features.CarePlans;
using CareHub.Web.Features.Census;
using CareHub.Web.Tests.Features.CarePlans;
using CareHub.Web.Tests.Features.Census;
using CareHub.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Logging.Abstractions;

namespace CareHub.Web.Tests.Composition;

/// <summary>
/// SQL Server runs with a retrying execution strategy (EnableRetryOnFailure), which refuses a user-initiated transaction
/// that does not run inside the strategy. SQL Server does not run here, so SQLite gets a retrying strategy of the same
/// kind (<see cref="InjectedFaultRetryingStrategy"/>) and one transient fault injected in the middle of a unit of work:
/// the units that open their own transaction still work, and the retry repeats the unit whole (stored once).
/// </summary>
public sealed class RetryingExecutionStrategyTests(PatientsDatabase database) : IClassFixture<PatientsDatabase>
{
    private static CancellationToken Ct => Xunit.TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_retrying_strategy_refuses_a_user_transaction_outside_the_strategy_as_SQL_Server_s_does()
    {
        var (options, _) = Retrying();
        await using var db = new CareHubDbContext(options, Data.Access.AccessScope.System("test"));

        await using var transaction = await db.Database.BeginTransactionAsync(Ct);
        var refused = await Should.ThrowAsync<InvalidOperationException>(() => db.Patients.AnyAsync(Ct));

        refused.Message.ShouldContain("does not support user-initiated transactions");
    }

    [Fact]
    public async Task A_plan_started_under_a_retrying_strategy_is_started_once_after_a_transient_fault()
    {
        var team = await database.TeamAsync(new PatientSeed("Retry", "Start"));
        var (options, faults) = Retrying();
        faults.FailFirstCommandContaining("INSERT INTO \"CarePlans\"");

        var result = await ServiceFor(options, team).StartAsync(team[0].Id, "diabetes", Ct);

        result.ShouldBeOfType<CarePlanResult.Saved>();
        faults.Injected.ShouldBe(1);
        await using var db = database.SystemDb();
        var plan = (await db.CarePlans.AsNoTracking().Where(p => p.PatientId == team[0].Id).ToListAsync(Ct)).ShouldHaveSingleItem();
        var items = await db.CarePlanItems.AsNoTracking().CountAsync(i => i.CarePlanId == plan.Id, Ct);
        items.ShouldBe(CarePlanTemplates.Find("diabetes")!.Items.Count);
    }

    [Fact]
    public async Task A_field_saved_under_a_retrying_strategy_is_saved_once_after_a_transient_fault()
    {
        var team = await database.TeamAsync(new PatientSeed("Retry", "Field"));
        var bed = new CarePlanTestBed(database);
        var planId = await bed.StartAsync(team);
        var item = await CarePlanTestBed.AddAsync(bed.ServiceFor(team.Member), planId, new NewCarePlanItem(CarePlanItemKind.Goal, "Walk daily"));
        var planVersion = (await bed.PlanAsync(planId)).Version;
        var (options, faults) = Retrying();
        faults.FailFirstCommandContaining("UPDATE \"CarePlanItems\"");

        var saved = (await ServiceFor(options, team).EditAsync(planId, new FieldEdit(item.Id, CarePlanField.Text, item.Version, "Walk 30 minutes daily"), Ct))
            .ShouldBeOfType<CarePlanResult.Saved>();

        faults.Injected.ShouldBe(1);
        (saved.Value, saved.Merged, saved.PlanVersion).ShouldBe(("Walk 30 minutes daily", false, planVersion + 1));
        var stored = await bed.ItemAsync(item.Id);
        (stored.Version, stored.Text).ShouldBe((2L, "Walk 30 minutes daily"));
        (await bed.PlanAsync(planId)).Version.ShouldBe(planVersion + 1);
        (await bed.ChangesAsync(planId, item.Id)).Where(c => c.Field == CarePlanField.Text).ShouldHaveSingleItem().After.ShouldBe("Walk 30 minutes daily");
    }

    [Fact]
    public async Task An_ADT_message_applied_under_a_retrying_strategy_is_applied_once_after_a_transient_fault()
    {
        var bed = new CensusTestBed(database);
        var team = await database.TeamAsync(new PatientSeed("Retry", "Adt"));
        var hospital = await bed.HospitalAsync();
        var (options, faults) = Retrying();
        // Inside the batch's transaction: the message's result is written with the event it applied.
        faults.FailFirstCommandContaining("UPDATE \"InboundMessages\"");
        await using var processor = new AdtProcessor(options, database.Bus, database.Clock, new AdtApplication(new CensusOptions(), bed.Calendar),
            NullLogger<AdtProcessor>.Instance);

        var outcome = await processor.ProcessAsync(new Adt(hospital.Code).Message("A01", team[0], database.Clock.GetUtcNow().AddHours(-1), visit: "R1"),
            "mllp", "test", Ct);

        faults.Injected.ShouldBe(1);
        outcome.Code.ShouldBe(AckCode.AA, outcome.Result);
        outcome.Status.ShouldBe(InboundMessageStatus.Applied);
        await using var db = database.SystemDb();
        var stay = (await db.Encounters.AsNoTracking().Where(e => e.PatientId == team[0].Id).ToListAsync(Ct)).ShouldHaveSingleItem();
        (stay.Status, stay.VisitNumber).ShouldBe((EncounterStatus.InProgress, "R1"));
        var stored = await db.InboundMessages.AsNoTracking().SingleAsync(m => m.Id == outcome.MessageId, Ct);
        stored.Status.ShouldBe(InboundMessageStatus.Applied);
    }

    /// <summary>The shared database's options with a retrying strategy and a fault injector.</summary>
    private (DbContextOptions<CareHubDbContext> Options, TransientFaults Faults) Retrying()
    {
        var faults = new TransientFaults();
        var options = new DbContextOptionsBuilder<CareHubDbContext>(database.Options)
            .UseSqlite(database.ConnectionString, sqlite => sqlite.ExecutionStrategy(d => new InjectedFaultRetryingStrategy(d)))
            .AddInterceptors(faults)
            .Options;
        return (options, faults);
    }

    private CarePlanService ServiceFor(DbContextOptions<CareHubDbContext> options, TestTeam team)
    {
        var bed = new CarePlanTestBed(database);
        var user = bed.UserFor(team.Member);
        return new CarePlanService(new CareHubDbContextFactory(options, user), database.Bus, bed.Clock, user);
    }
}

/// <summary>A fault the test injects, which <see cref="InjectedFaultRetryingStrategy"/> treats as transient.</summary>
public sealed class InjectedTransientException : Exception
{
    public InjectedTransientException() : base("A transient fault injected by the test.") { }

    public InjectedTransientException(string message) : base(message) { }

    public InjectedTransientException(string message, Exception innerException) : base(message, innerException) { }
}

/// <summary>A retrying execution strategy like SQL Server's (it refuses user transactions outside it), retrying on <see cref="InjectedTransientException"/>.</summary>
public sealed class InjectedFaultRetryingStrategy(ExecutionStrategyDependencies dependencies)
    : ExecutionStrategy(dependencies, maxRetryCount: 3, maxRetryDelay: TimeSpan.FromMilliseconds(50))
{
    protected override bool ShouldRetryOn(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is InjectedTransientException)
                return true;
        }
        return false;
    }
}

/// <summary>Fails the first command whose SQL contains a given text, once, with a transient fault.</summary>
public sealed class TransientFaults : DbCommandInterceptor
{
    private string? _failOn;
    private int _injected;

    public int Injected => Volatile.Read(ref _injected);

    public void FailFirstCommandContaining(string sql) => _failOn = sql;

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData,
        InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        Inject(command);
        return base.ReaderExecutingAsync(command, eventData, result, cancellationToken);
    }

    public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData,
        InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Inject(command);
        return base.NonQueryExecutingAsync(command, eventData, result, cancellationToken);
    }

    private void Inject(DbCommand command)
    {
        if (_failOn is { } text && command.CommandText.Contains(text, StringComparison.Ordinal) && Interlocked.CompareExchange(ref _injected, 1, 0) == 0)
        {
            command.Transaction.ShouldNotBeNull("the fault is meant to hit a unit of work's own transaction");
            throw new InjectedTransientException();
        }
    }
}
