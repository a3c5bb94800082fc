using System.Data;
using System.Diagnostics;
using System.Threading.Channels;
using CareHub.Data;
using CareHub.Data.Access;
using CareHub.Domain.Common;
using CareHub.Domain.Interop;
using CareHub.Domain.Tasks;
using CareHub.Interop.Acks;
using CareHub.Interop.Adt;
using CareHub.Interop.Hl7;
using CareHub.Web.Features.Tasks;
using CareHub.Web.Realtime;
using CareHub.Web.Telemetry;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace CareHub.Web.Features.Census;

/// <summary>What became of one message, and the acknowledgement to send back.</summary>
public sealed record AdtOutcome(Guid MessageId, AckCode Code, InboundMessageStatus Status, string Result, string Ack);

/// <summary>
/// Takes HL7 v2 ADT messages from every channel (MLLP, HTTP, a replay) and answers each with its acknowledgement.
/// One writer takes the messages waiting, in arrival order, as a batch (group commit, at most <see cref="MaxBatch"/>):
/// <list type="number">
/// <item>the batch's raw texts are stored and committed before anything else, so nothing that arrived is lost;</item>
/// <item>each is parsed and read: what cannot be processed is answered AR, what is understood but wrong AE (ERR says where);</item>
/// <item>in one transaction, each message in order and in a savepoint of its own: a control id already applied from the
///   same sender is acknowledged and not applied again, the event is applied (<see cref="AdtApplication"/>) and the
///   message's result is written with it; a message the record refuses is rolled back to its savepoint alone;</item>
/// <item>after the commit, each sender gets its acknowledgement and the census of the patient's teams hears of it.</item>
/// </list>
/// Messages are thus applied strictly one at a time, and a sender is acknowledged only once its message is committed;
/// two commits serve the whole batch. A message that failed (AE) can be replayed after a fix (<see cref="ReplayAsync"/>).
/// Nothing here logs message content.
/// </summary>
public sealed class AdtProcessor : IAsyncDisposable
{
    public const int MaxBatch = 64;

    private static readonly Func<CareHubDbContext, Guid, CancellationToken, Task<InboundMessage>> StoredById =
        EF.CompileAsyncQuery((CareHubDbContext db, Guid id, CancellationToken _) => db.InboundMessages.First(m => m.Id == id));

    private static readonly Func<CareHubDbContext, Guid, string, string?, string?, CancellationToken, Task<AppliedMessage?>> AppliedBefore =
        EF.CompileAsyncQuery((CareHubDbContext db, Guid id, string controlId, string? application, string? facility, CancellationToken _) =>
            db.InboundMessages.AsNoTracking()
                .Where(m => m.Id != id && m.ControlId == controlId && m.SendingApplication == application && m.SendingFacility == facility
                    && m.Status == InboundMessageStatus.Applied)
                .Select(m => new AppliedMessage(m.PatientId))
                .FirstOrDefault());

    private readonly DbContextOptions<CareHubDbContext> _options;
    private readonly IRealtimeBus _bus;
    private readonly TimeProvider _clock;
    private readonly AdtApplication _application;
    private readonly ILogger<AdtProcessor> _logger;
    private readonly Channel<Pending> _queue = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = true });
    private readonly CancellationTokenSource _stopping = new();
    private readonly Lazy<Task> _writer;

    public AdtProcessor(DbContextOptions<CareHubDbContext> options, IRealtimeBus bus, TimeProvider clock, AdtApplication application, ILogger<AdtProcessor> logger)
    {
        (_options, _bus, _clock, _application, _logger) = (options, bus, clock, application, logger);
        _writer = new Lazy<Task>(() => Task.Run(WriteAsync), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>
    /// Stores, applies and answers one message. The answer comes once the message is committed; a caller that stops
    /// waiting does not stop the message (it is stored and applied all the same).
    /// </summary>
    public Task<AdtOutcome> ProcessAsync(string raw, string channel, string source, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(raw);
        var stored = new InboundMessage(raw.Length > InboundMessage.MaxRawLength ? raw[..InboundMessage.MaxRawLength] : raw, channel, source, _clock.GetUtcNow());
        return EnqueueAsync(new Pending(stored, IsNew: true), cancellationToken);
    }

    /// <summary>
    /// Applies a stored message again (one that failed, or was cut off by a stop); null when there is no such message.
    /// <paramref name="source"/> is written on the audit rows of what it changes (who asked for the replay).
    /// </summary>
    public async Task<AdtOutcome?> ReplayAsync(Guid messageId, string source, CancellationToken cancellationToken)
    {
        InboundMessage? stored;
        await using (var db = NewContext("replay", source))
            stored = await db.InboundMessages.AsNoTracking().FirstOrDefaultAsync(m => m.Id == messageId, cancellationToken);
        if (stored is null)
            return null;
        if (!stored.CanReplay)
            return AlreadyDone(stored);
        return await EnqueueAsync(new Pending(stored, IsNew: false) { Source = source }, cancellationToken);
    }

    private Task<AdtOutcome> EnqueueAsync(Pending pending, CancellationToken cancellationToken)
    {
        _ = _writer.Value;
        if (!_queue.Writer.TryWrite(pending))
            throw new InvalidOperationException("The ADT feed is stopping.");
        return pending.Done.Task.WaitAsync(cancellationToken);
    }

    private async Task WriteAsync()
    {
        var reader = _queue.Reader;
        var batch = new List<Pending>(MaxBatch);
        try
        {
            while (await reader.WaitToReadAsync(_stopping.Token))
            {
                batch.Clear();
                while (batch.Count < MaxBatch && reader.TryRead(out var next))
                    batch.Add(next);
                var started = Stopwatch.GetTimestamp();
                using var activity = CensusTelemetry.StartBatch(batch.Count, batch.Select(p => p.Caller));
                try
                {
                    await ProcessBatchAsync(batch, _stopping.Token);
                }
                catch (Exception e) when (e is not OperationCanceledException || !_stopping.IsCancellationRequested)
                {
                    activity?.SetTag("error.type", e.GetType().FullName);
                    activity?.SetStatus(ActivityStatusCode.Error);
                    // Stored messages stay Received (replayable); their senders get no acknowledgement and send again.
                    _logger.LogError(e, "A batch of {Count} HL7 messages could not be applied.", batch.Count);
                    foreach (var pending in batch)
                        pending.Done.TrySetException(e);
                }
                finally
                {
                    CensusTelemetry.BatchSize.Record(batch.Count);
                    CensusTelemetry.BatchDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds);
                }
            }
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
        }
        finally
        {
            while (reader.TryRead(out var left))
                left.Done.TrySetCanceled();
        }
    }

    private async Task ProcessBatchAsync(List<Pending> batch, CancellationToken cancellationToken)
    {
        // 1. The raw texts, committed before anything is applied.
        if (batch.Exists(p => p.IsNew))
        {
            await using var db = NewContext("feed", "store");
            db.InboundMessages.AddRange(batch.Where(p => p.IsNew).Select(p => p.Message));
            await db.SaveChangesAsync(cancellationToken);
        }

        // 2. Read; 3. applied in order, each in its own savepoint, all in one transaction and through one context, which
        // forgets what it tracked after each message (so one message never sees another's unsaved state) and writes each
        // message's audit rows with that message's own source. Under a retrying execution strategy (SQL Server) a
        // transient fault repeats step 3 whole: a new transaction, nothing tracked, the stored rows read again, every
        // message applied again from what was read; nobody is answered before the commit.
        var read = batch.Select(p => Read(p)).ToList();
        List<Step> steps;
        await using (var db = NewContext("feed", "apply"))
        {
            // Each message has its own savepoint (below); EF's own savepoint around every SaveChanges would only repeat it.
            db.Database.AutoSavepointsEnabled = false;
            var attempt = 0;
            steps = await db.Database.CreateExecutionStrategy().ExecuteAsync(async ct =>
            {
                var retry = attempt++ > 0;
                db.ChangeTracker.Clear();
                var applied = new List<Step>(read);
                await using var transaction = await db.Database.BeginTransactionAsync(IsolationLevel.Serializable, ct);
                for (var i = 0; i < applied.Count; i++)
                    applied[i] = await ApplyAsync(db, transaction, applied[i], $"m{i}", retry, ct);
                await transaction.CommitAsync(ct);
                return applied;
            }, cancellationToken);
        }

        // 4. Announcements, then answers, after the commit: once a sender has its acknowledgement, every open screen
        //    has been told (the bus awaits its local handlers).
        foreach (var step in steps)
        {
            if (step.Applied is { Status: InboundMessageStatus.Applied } applied)
                await PublishAsync(applied);
            step.Pending.Done.TrySetResult(step.Outcome!);
            CensusTelemetry.Answered(step.Outcome!.Code.ToString(), step.Outcome.Status.ToString(), step.Message?.TriggerEvent);
        }
    }

    private Step Read(Pending pending)
    {
        var parsed = Hl7Message.Parse(pending.Message.Raw);
        if (!parsed.Succeeded)
        {
            var reason = parsed.Error ?? "The message could not be read.";
            return new Step(pending, null, null) { Final = (InboundMessageStatus.Rejected, AckCode.AR, reason, Hl7Ack.RejectUnreadable(pending.Message.Raw, reason, NewControlId(), _clock.GetUtcNow())) };
        }
        var read = AdtMessage.Read(parsed.Message);
        if (!read.Succeeded)
        {
            var status = read.AckCode == AckCode.AR ? InboundMessageStatus.Rejected : InboundMessageStatus.Failed;
            var text = string.Join(" ", read.Errors.Select(e => e.ToString()));
            return new Step(pending, parsed.Message, null)
            {
                Final = (status, read.AckCode, text, Hl7Ack.Build(parsed.Message, read.AckCode, text, read.Errors, NewControlId(), _clock.GetUtcNow())),
            };
        }
        return new Step(pending, parsed.Message, read.Message);
    }

    private async Task<Step> ApplyAsync(CareHubDbContext db, IDbContextTransaction transaction, Step step, string savepoint, bool retry,
        CancellationToken cancellationToken)
    {
        db.UseAuditSource(step.Pending.Source);
        try
        {
            return await ApplyInSavepointAsync(db, transaction, step, savepoint, retry, cancellationToken);
        }
        finally
        {
            // Whatever this message loaded or changed (saved, or rolled back with its savepoint) is not the next one's.
            db.ChangeTracker.Clear();
        }
    }

    private async Task<Step> ApplyInSavepointAsync(CareHubDbContext db, IDbContextTransaction transaction, Step step, string savepoint, bool retry,
        CancellationToken cancellationToken)
    {
        // A replay was checked when it was asked for, but another replay of the same message (from another screen, or
        // another instance) may have applied it since: decided again here, in the transaction, where nothing else writes.
        if (!step.Pending.IsNew && await StoredAsync(db, step.Pending, reread: true, cancellationToken) is { CanReplay: false } done)
            return step with { Outcome = AlreadyDone(done) };

        var message = step.Message;
        if (step.Adt is { } adt && message is not null)
        {
            await transaction.CreateSavepointAsync(savepoint, cancellationToken);
            AdtApplied applied;
            try
            {
                applied = await ApplyOneAsync(db, step.Pending, retry, message, adt, cancellationToken);
            }
            catch (Exception e) when (e is DomainRuleException or DbUpdateConcurrencyException)
            {
                applied = AdtApplied.Fail(e is DomainRuleException ? e.Message : "The patient's record changed while this message was applied; send it again or replay it.");
            }
            if (applied.Status != InboundMessageStatus.Failed)
            {
                await transaction.ReleaseSavepointAsync(savepoint, cancellationToken);
                return step with
                {
                    Applied = applied,
                    Outcome = new AdtOutcome(step.Pending.Message.Id, AckCode.AA, applied.Status, applied.Result,
                        Hl7Ack.Build(message, AckCode.AA, applied.Result, [], NewControlId(), _clock.GetUtcNow())),
                };
            }
            // Nothing of a refused message is kept, but its result is. The stored row is read again below: the objects
            // of this attempt (the stored message's among them) may hold changes the savepoint took back.
            await transaction.RollbackToSavepointAsync(savepoint, cancellationToken);
            db.ChangeTracker.Clear();
            retry = true;
            var error = new Hl7Error(applied.Segment, applied.Field, applied.Code, applied.Result);
            step = step with { Final = (InboundMessageStatus.Failed, AckCode.AE, applied.Result, Hl7Ack.Build(message, AckCode.AE, applied.Result, error, NewControlId(), _clock.GetUtcNow())) };
        }

        var (status, code, result, ack) = step.Final!.Value;
        var stored = await StoredAsync(db, step.Pending, retry, cancellationToken);
        if (message is not null)
            Identify(stored, message);
        else
            stored.Identify(Hl7Ack.ScanControlId(stored.Raw), null, null, null, null);
        stored.Finish(status, code.ToString(), result, null, _clock.GetUtcNow());
        await db.SaveChangesAsync(cancellationToken);
        // Counts and codes only: the message and its result may name a patient.
        _logger.LogInformation("HL7 message {MessageId} from {Channel} answered {Ack} ({Status}).", step.Pending.Message.Id, step.Pending.Message.Channel, code, status);
        return step with { Outcome = new AdtOutcome(step.Pending.Message.Id, code, status, result, ack) };
    }

    private async Task<AdtApplied> ApplyOneAsync(CareHubDbContext db, Pending pending, bool retry, Hl7Message message, AdtMessage adt,
        CancellationToken cancellationToken)
    {
        var stored = await StoredAsync(db, pending, retry, cancellationToken);
        var now = _clock.GetUtcNow();
        // Earlier messages of the same batch are saved in the same transaction, so a repeat within the batch is found too.
        var repeat = await AppliedBefore(db, pending.Message.Id, adt.ControlId, adt.SendingApplication, adt.SendingFacility, cancellationToken);
        var applied = repeat is not null
            ? AdtApplied.Skip("A repeat of a message already applied (same sender and control id): acknowledged, not applied again.", repeat.PatientId)
            : await _application.ApplyAsync(db, adt, now, cancellationToken);
        if (applied.Status == InboundMessageStatus.Failed)
            return applied;

        Identify(stored, message);
        stored.Finish(applied.Status, nameof(AckCode.AA), applied.Result, applied.PatientId, now);
        // Tasks the message made, moved or cancelled (a discharge's transition steps, a merge): their team's task lists hear of them.
        var tasks = db.ChangeTracker.Entries<CareTask>().Where(e => e.State is EntityState.Added or EntityState.Modified).Select(e => e.Entity).ToList();
        await db.SaveChangesAsync(cancellationToken);
        return tasks.Count == 0 ? applied : applied with { Tasks = [.. tasks.Select(t => (t.TeamId, t.Id, t.Version))] };
    }

    /// <summary>
    /// The stored row of a message, tracked. A message stored by this batch is the very object just inserted, so it is
    /// attached as it is rather than read back; a replayed one is read from the database, and so is any message after a
    /// failed attempt (<paramref name="reread"/>: a retried transaction, a message rolled back to its savepoint), whose
    /// objects may hold changes the database no longer has.
    /// </summary>
    private static async Task<InboundMessage> StoredAsync(CareHubDbContext db, Pending pending, bool reread, CancellationToken cancellationToken)
    {
        if (pending.IsNew && !reread)
        {
            db.InboundMessages.Attach(pending.Message);
            return pending.Message;
        }
        return await StoredById(db, pending.Message.Id, cancellationToken);
    }

    private static void Identify(InboundMessage stored, Hl7Message message) =>
        stored.Identify(message.ControlId, message.SendingApplication, message.SendingFacility,
            message.TriggerEvent is { } trigger ? $"{message.MessageType}^{trigger}" : message.MessageType, null);

    private async Task PublishAsync(AdtApplied applied)
    {
        if (applied.PatientId is not { } patientId)
            return;
        var at = _clock.GetUtcNow();
        try
        {
            foreach (var teamId in applied.TeamIds)
                await _bus.PublishAsync(new RealtimeEvent(Topics.Census(teamId), CensusEvents.CensusChanged, patientId, applied.Version, at));
            await _bus.PublishAsync(new RealtimeEvent(Topics.Patient(patientId), CensusEvents.PatientStayChanged, patientId, applied.Version, at));
            foreach (var (teamId, taskId, version) in applied.Tasks)
                await _bus.PublishAsync(TasksEvents.TaskChanged(teamId, taskId, version, at));
        }
        catch (Exception e)
        {
            // The change is committed; screens that missed it catch up on their next reload.
            _logger.LogWarning(e, "Publishing a census change failed.");
        }
    }

    /// <summary>The answer to a replay of a message that is no longer failed: what it was, and that nothing was done.</summary>
    private static AdtOutcome AlreadyDone(InboundMessage stored) =>
        new(stored.Id, Enum.Parse<AckCode>(stored.AckCode ?? "AA"), stored.Status,
            $"This message was already {Describe(stored.Status)}; only a failed message is applied again.", string.Empty);

    private static string Describe(InboundMessageStatus status) => status switch
    {
        InboundMessageStatus.Applied => "applied",
        InboundMessageStatus.Skipped => "acknowledged without changes",
        InboundMessageStatus.Rejected => "rejected",
        _ => status.ToString().ToLowerInvariant(),
    };

    private static string NewControlId() => Guid.NewGuid().ToString("N")[..20];

    private CareHubDbContext NewContext(string channel, string source) => NewContext($"{channel}:{source}");

    private CareHubDbContext NewContext(string source) => new(_options, AccessScope.System(source));

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _stopping.CancelAsync();
        if (_writer.IsValueCreated)
        {
            try
            {
                await _writer.Value;
            }
            catch (OperationCanceledException)
            {
            }
        }
        _stopping.Dispose();
    }

    private sealed record Pending(InboundMessage Message, bool IsNew)
    {
        /// <summary>Where the work comes from, on the audit rows: the channel and sender, or who asked for a replay.</summary>
        public string Source { get; init; } = $"{Message.Channel}:{Message.Source}";

        public TaskCompletionSource<AdtOutcome> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        /// <summary>The trace of whoever sent it, linked from the batch's span.</summary>
        public ActivityContext Caller { get; } = Activity.Current?.Context ?? default;
    }

    /// <summary>A message from the same sender with the same control id, applied before.</summary>
    private sealed record AppliedMessage(Guid? PatientId);

    private sealed record Step(Pending Pending, Hl7Message? Message, AdtMessage? Adt)
    {
        public (InboundMessageStatus Status, AckCode Code, string Result, string Ack)? Final { get; init; }
        public AdtApplied? Applied { get; init; }
        public AdtOutcome? Outcome { get; init; }
    }
}

/// <summary>What applying one ADT event did; <see cref="Segment"/> and <see cref="Field"/> say where a failure lies.</summary>
public sealed record AdtApplied(InboundMessageStatus Status, string Result, Guid? PatientId, IReadOnlyList<Guid> TeamIds, long Version,
    string? Segment = null, int? Field = null, Hl7ErrorCode Code = Hl7ErrorCode.ApplicationInternalError)
{
    public static AdtApplied Fail(string result, string? segment = null, int? field = null, Hl7ErrorCode code = Hl7ErrorCode.ApplicationInternalError) =>
        new(InboundMessageStatus.Failed, result, null, [], 0, segment, field, code);

    public static AdtApplied Skip(string result, Guid? patientId) => new(InboundMessageStatus.Skipped, result, patientId, [], 0);

    /// <summary>The tasks the message created or changed, by team, with their versions after the commit.</summary>
    public IReadOnlyList<(Guid TeamId, Guid TaskId, long Version)> Tasks { get; init; } = [];
}
