using CareHub.Data;
using CareHub.Data.Access;
using CareHub.Domain.Common;
using CareHub.Domain.Interop;
using CareHub.Interop.Acks;
using CareHub.Interop.Adt;
using CareHub.Interop.Hl7;
using CareHub.Web.Realtime;
using Microsoft.EntityFrameworkCore;

namespace CareHub.Web.Features.Census;

/// <summary>What became of one message, and the acknowledgement to send back.</summary>
public sealed record AdtOutcome(Guid MessageId, AckCode Code, InboundMessageStatus Status, string Result, string Ack);

/// <summary>
/// Takes an HL7 v2 ADT message from any channel (MLLP, HTTP, a replay) and answers with its acknowledgement:
/// <list type="number">
/// <item>the raw text is stored (committed) before anything else, so nothing that arrived is ever lost;</item>
/// <item>it is parsed and read: what cannot be processed is answered AR, what is understood but wrong AE (ERR says where);</item>
/// <item>one message at a time, in one transaction: a control id already applied from the same sender is acknowledged and
///   not applied again, the event is applied (<see cref="AdtApplication"/>) and the message's result is written with it;</item>
/// <item>after the commit, the census of the patient's teams and the patient's page hear about it.</item>
/// </list>
/// A message that failed (AE) can be replayed after a fix (<see cref="ReplayAsync"/>). Nothing here logs message content.
/// </summary>
public sealed class AdtProcessor(DbContextOptions<CareHubDbContext> options, IRealtimeBus bus, TimeProvider clock, AdtApplication application,
    ILogger<AdtProcessor> logger)
{
    public const string CensusChanged = "census.changed";

    // One message applied at a time: the duplicate check and the order of events are exact, and SQLite has one writer anyway.
    private readonly SemaphoreSlim _applying = new(1, 1);

    public async Task<AdtOutcome> ProcessAsync(string raw, string channel, string source, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(raw);
        var received = clock.GetUtcNow();
        var stored = new InboundMessage(raw.Length > InboundMessage.MaxRawLength ? raw[..InboundMessage.MaxRawLength] : raw, channel, source, received);
        await using (var db = NewContext(channel, source))
        {
            db.InboundMessages.Add(stored);
            await db.SaveChangesAsync(cancellationToken);
        }
        return await ApplyStoredAsync(stored.Id, raw, channel, source, cancellationToken);
    }

    /// <summary>Applies a stored message again (one that failed, or was cut off by a stop); null when there is no such message.</summary>
    public async Task<AdtOutcome?> ReplayAsync(Guid messageId, CancellationToken cancellationToken)
    {
        InboundMessage? stored;
        await using (var db = NewContext("replay", "replay"))
            stored = await db.InboundMessages.AsNoTracking().FirstOrDefaultAsync(m => m.Id == messageId, cancellationToken);
        if (stored is null)
            return null;
        if (!stored.CanReplay)
            return new AdtOutcome(stored.Id, Enum.Parse<AckCode>(stored.AckCode ?? "AA"), stored.Status,
                $"This message was already {Describe(stored.Status)}; only a failed message is applied again.", string.Empty);
        return await ApplyStoredAsync(stored.Id, stored.Raw, "replay", "replay", cancellationToken);
    }

    private async Task<AdtOutcome> ApplyStoredAsync(Guid messageId, string raw, string channel, string source, CancellationToken cancellationToken)
    {
        var parsed = Hl7Message.Parse(raw);
        if (!parsed.Succeeded)
        {
            var reason = parsed.Error ?? "The message could not be read.";
            await FinishAsync(messageId, channel, source, null, InboundMessageStatus.Rejected, AckCode.AR, reason, cancellationToken);
            return new AdtOutcome(messageId, AckCode.AR, InboundMessageStatus.Rejected, reason,
                Hl7Ack.RejectUnreadable(raw, reason, NewControlId(), clock.GetUtcNow()));
        }

        var message = parsed.Message;
        var read = AdtMessage.Read(message);
        if (!read.Succeeded)
        {
            var status = read.AckCode == AckCode.AR ? InboundMessageStatus.Rejected : InboundMessageStatus.Failed;
            var text = string.Join(" ", read.Errors.Select(e => e.ToString()));
            await FinishAsync(messageId, channel, source, message, status, read.AckCode, text, cancellationToken);
            return new AdtOutcome(messageId, read.AckCode, status, text, Hl7Ack.Build(message, read.AckCode, text, read.Errors, NewControlId(), clock.GetUtcNow()));
        }

        var adt = read.Message;
        AdtApplied applied;
        await _applying.WaitAsync(cancellationToken);
        try
        {
            applied = await ApplyAsync(messageId, message, adt, channel, source, cancellationToken);
        }
        finally
        {
            _applying.Release();
        }

        if (applied.Status == InboundMessageStatus.Failed)
        {
            await FinishAsync(messageId, channel, source, message, InboundMessageStatus.Failed, AckCode.AE, applied.Result, cancellationToken);
            var error = new Hl7Error(applied.Segment, applied.Field, applied.Code, applied.Result);
            return new AdtOutcome(messageId, AckCode.AE, InboundMessageStatus.Failed, applied.Result,
                Hl7Ack.Build(message, AckCode.AE, applied.Result, error, NewControlId(), clock.GetUtcNow()));
        }

        await PublishAsync(applied, cancellationToken);
        return new AdtOutcome(messageId, AckCode.AA, applied.Status, applied.Result,
            Hl7Ack.Build(message, AckCode.AA, applied.Result, [], NewControlId(), clock.GetUtcNow()));
    }

    private async Task<AdtApplied> ApplyAsync(Guid messageId, Hl7Message message, AdtMessage adt, string channel, string source,
        CancellationToken cancellationToken)
    {
        await using var db = NewContext(channel, source);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var stored = await db.InboundMessages.FirstAsync(m => m.Id == messageId, cancellationToken);
        var now = clock.GetUtcNow();

        var repeat = await db.InboundMessages.AsNoTracking()
            .Where(m => m.Id != messageId && m.ControlId == adt.ControlId && m.SendingApplication == adt.SendingApplication
                && m.SendingFacility == adt.SendingFacility && m.Status == InboundMessageStatus.Applied)
            .Select(m => new { m.PatientId })
            .FirstOrDefaultAsync(cancellationToken);
        AdtApplied applied;
        if (repeat is not null)
        {
            applied = AdtApplied.Skip("A repeat of a message already applied (same sender and control id): acknowledged, not applied again.", repeat.PatientId);
        }
        else
        {
            try
            {
                applied = await application.ApplyAsync(db, adt, now, cancellationToken);
            }
            catch (DomainRuleException e)
            {
                return AdtApplied.Fail(e.Message);
            }
        }
        if (applied.Status == InboundMessageStatus.Failed)
            return applied;

        Identify(stored, message);
        stored.Finish(applied.Status, nameof(AckCode.AA), applied.Result, applied.PatientId, now);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            // Someone changed the same patient or stay meanwhile (a screen, another feed): nothing of this message is kept.
            return AdtApplied.Fail("The patient's record changed while this message was applied; send it again or replay it.");
        }
        return applied;
    }

    private async Task FinishAsync(Guid messageId, string channel, string source, Hl7Message? message, InboundMessageStatus status, AckCode code,
        string result, CancellationToken cancellationToken)
    {
        await using var db = NewContext(channel, source);
        var stored = await db.InboundMessages.FirstAsync(m => m.Id == messageId, cancellationToken);
        if (message is not null)
            Identify(stored, message);
        else
            stored.Identify(Hl7Ack.ScanControlId(stored.Raw), null, null, null, null);
        stored.Finish(status, code.ToString(), result, null, clock.GetUtcNow());
        await db.SaveChangesAsync(cancellationToken);
        // Counts and codes only: the message and its result may name a patient.
        logger.LogInformation("HL7 message {MessageId} from {Channel} answered {Ack} ({Status}).", messageId, channel, code, status);
    }

    private static void Identify(InboundMessage stored, Hl7Message message) =>
        stored.Identify(message.ControlId, message.SendingApplication, message.SendingFacility,
            message.TriggerEvent is { } trigger ? $"{message.MessageType}^{trigger}" : message.MessageType, null);

    private async Task PublishAsync(AdtApplied applied, CancellationToken cancellationToken)
    {
        if (applied.PatientId is not { } patientId || applied.Status != InboundMessageStatus.Applied)
            return;
        var at = clock.GetUtcNow();
        try
        {
            foreach (var teamId in applied.TeamIds)
                await bus.PublishAsync(new RealtimeEvent(Topics.Census(teamId), CensusChanged, patientId, applied.Version, at), cancellationToken);
            await bus.PublishAsync(new RealtimeEvent(Topics.Patient(patientId), CensusEvents.PatientStayChanged, patientId, applied.Version, at), cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The change is committed; screens that missed it catch up on their next reload.
            logger.LogWarning(e, "Publishing a census change failed.");
        }
    }

    private static string Describe(InboundMessageStatus status) => status switch
    {
        InboundMessageStatus.Applied => "applied",
        InboundMessageStatus.Skipped => "acknowledged without changes",
        InboundMessageStatus.Rejected => "rejected",
        _ => status.ToString().ToLowerInvariant(),
    };

    private static string NewControlId() => Guid.NewGuid().ToString("N")[..20];

    private CareHubDbContext NewContext(string channel, string source) => new(options, AccessScope.System($"{channel}:{source}"));
}

/// <summary>What applying one ADT event did; <see cref="Segment"/> and <see cref="Field"/> say where a failure lies.</summary>
public sealed record AdtApplied(InboundMessageStatus Status, string Result, Guid? PatientId, IReadOnlyList<Guid> TeamIds, long Version,
    string? Segment = null, int? Field = null, Hl7ErrorCode Code = Hl7ErrorCode.ApplicationInternalError)
{
    public static AdtApplied Fail(string result, string? segment = null, int? field = null, Hl7ErrorCode code = Hl7ErrorCode.ApplicationInternalError) =>
        new(InboundMessageStatus.Failed, result, null, [], 0, segment, field, code);

    public static AdtApplied Skip(string result, Guid? patientId) => new(InboundMessageStatus.Skipped, result, patientId, [], 0);
}
