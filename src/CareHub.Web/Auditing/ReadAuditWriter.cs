using System.Threading.Channels;
using CareHub.Data;
using CareHub.Data.Access;
using CareHub.Data.Auditing;
using CareHub.Domain.Audit;
using Microsoft.EntityFrameworkCore;

namespace CareHub.Web.Auditing;

/// <summary>
/// Writes the audit rows of reads for many screens at once: when one change makes every open board reload, each
/// screen's read rows are queued here and the writer commits all that are waiting in one transaction (group commit),
/// instead of one SQLite write transaction per screen queued on the database's single writer lock. A caller's task
/// completes only once its rows are committed, so a read is still audited before its data is returned; when a batch
/// fails, each caller's rows are tried on their own, so only the reads whose audit cannot be written fail.
/// The rows are the ones the reader's own context would write: its user, source and the category; a read under
/// emergency access gets the emergency category as <see cref="CareHubDbContext"/> gives it.
/// </summary>
public sealed class ReadAuditWriter : IAsyncDisposable
{
    private const int MaxBatch = 512;

    private readonly DbContextOptions<CareHubDbContext> _options;
    private readonly ILogger<ReadAuditWriter> _logger;
    private readonly Channel<Pending> _queue = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = true });
    private readonly CancellationTokenSource _stopping = new();
    private readonly Lazy<Task> _writer;

    public ReadAuditWriter(DbContextOptions<CareHubDbContext> options, ILogger<ReadAuditWriter> logger)
    {
        (_options, _logger) = (options, logger);
        _writer = new Lazy<Task>(() => Task.Run(WriteAsync), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>Commits one read row per patient for <paramref name="scope"/>; returns once they are committed.</summary>
    public Task RecordReadsAsync(AccessScope scope, string category, IEnumerable<Guid> patientIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentException.ThrowIfNullOrWhiteSpace(category);
        var rows = patientIds.Select(patientId => AuditTrail.ReadRow(scope, CategoryFor(scope, category, patientId), patientId)).ToList();
        if (rows.Count == 0 || !scope.AuditsWrites)
            return Task.CompletedTask;
        var pending = new Pending(rows);
        _ = _writer.Value;
        if (!_queue.Writer.TryWrite(pending))
            throw new InvalidOperationException("The audit writer is stopping.");
        return pending.Done.Task.WaitAsync(cancellationToken);
    }

    private static string CategoryFor(AccessScope scope, string category, Guid patientId)
    {
        if (!scope.HasEmergencyAccessTo(patientId))
            return category;
        var emergency = CareHubDbContext.EmergencyCategoryPrefix + category;
        return emergency.Length <= 60 ? emergency : emergency[..60];
    }

    private async Task WriteAsync()
    {
        var batch = new List<Pending>();
        try
        {
            while (await _queue.Reader.WaitToReadAsync(_stopping.Token))
            {
                batch.Clear();
                var rows = 0;
                while (rows < MaxBatch && _queue.Reader.TryRead(out var next))
                {
                    batch.Add(next);
                    rows += next.Rows.Count;
                }
                if (await TrySaveAsync(batch.SelectMany(p => p.Rows)))
                {
                    foreach (var pending in batch)
                        pending.Done.TrySetResult();
                    continue;
                }
                // One caller's rows may be the ones refused: each on its own, so that only its read fails.
                foreach (var pending in batch)
                {
                    try
                    {
                        await SaveAsync(pending.Rows.Select(Copy));
                        pending.Done.TrySetResult();
                    }
                    catch (Exception e) when (e is not OperationCanceledException)
                    {
                        pending.Done.TrySetException(e);
                    }
                }
            }
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
        }
        finally
        {
            while (_queue.Reader.TryRead(out var left))
                left.Done.TrySetCanceled();
        }
    }

    private async Task<bool> TrySaveAsync(IEnumerable<AuditEvent> rows)
    {
        try
        {
            await SaveAsync(rows);
            return true;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            _logger.LogWarning(e, "A batch of read audit rows could not be written; writing each reader's rows on its own.");
            return false;
        }
    }

    private async Task SaveAsync(IEnumerable<AuditEvent> rows)
    {
        await using var db = new CareHubDbContext(_options, AccessScope.System("audit-writer"));
        db.AuditEvents.AddRange(rows);
        await db.SaveChangesAsync(_stopping.Token);
    }

    // A row a failed context tracked keeps its state there; the retry adds fresh copies.
    private static AuditEvent Copy(AuditEvent row) =>
        AuditTrail.ReadRow(new AccessScope(row.UserId, [], row.Source), row.EntityType, row.PatientId!.Value);

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

    private sealed record Pending(IReadOnlyList<AuditEvent> Rows)
    {
        public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
