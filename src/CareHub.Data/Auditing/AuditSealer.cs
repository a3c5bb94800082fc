using CareHub.Data.Access;
using CareHub.Domain.Audit;
using Microsoft.EntityFrameworkCore;

namespace CareHub.Data.Auditing;

/// <summary>
/// Seals new audit rows in id order, off the hot path: writers only insert audit rows (no shared "last hash" row to
/// contend on); this links the rows written since the last seal into the chain, a batch per transaction. Run by a
/// background service every few seconds and by the verification command's tests. Two sealers at once (two app
/// instances) cannot both seal a row: the second one's insert breaks the seal's primary key and it rolls back.
/// </summary>
public sealed class AuditSealer(DbContextOptions<CareHubDbContext> options, TimeProvider clock, int batchSize = 1_000)
{
    /// <summary>Seals every row committed so far; returns how many it sealed.</summary>
    public async Task<AuditSealResult> SealPendingAsync(CancellationToken cancellationToken)
    {
        var total = 0;
        AuditSeal? head = null;
        while (true)
        {
            var (sealedNow, newHead) = await SealBatchAsync(cancellationToken);
            total += sealedNow;
            head = newHead ?? head;
            if (sealedNow < batchSize)
                return new AuditSealResult(total, head?.Sequence ?? 0, head is null ? null : AuditChain.ToHex(head.Hash));
        }
    }

    private async Task<(int Sealed, AuditSeal? Head)> SealBatchAsync(CancellationToken cancellationToken)
    {
        await using var db = new CareHubDbContext(options, AccessScope.System("audit-sealer"));
        var strategy = db.Database.CreateExecutionStrategy();
        return await strategy.ExecuteAsync(async ct =>
        {
            db.ChangeTracker.Clear();
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            var last = await db.AuditSeals.AsNoTracking().OrderByDescending(s => s.Sequence).FirstOrDefaultAsync(ct);
            var rows = await PendingRows(db, last?.AuditEventId ?? 0).ToListAsync(ct);
            if (rows.Count == 0)
                return (0, last);

            var previous = last?.Hash ?? AuditChain.Genesis.ToArray();
            var sequence = last?.Sequence ?? 0;
            var now = clock.GetUtcNow();
            AuditSeal? head = null;
            foreach (var row in rows)
            {
                head = new AuditSeal(++sequence, row.Id, AuditChain.Link(previous, row), now);
                previous = head.Hash;
                db.AuditSeals.Add(head);
            }
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
            return (rows.Count, head);
        }, cancellationToken);
    }

    /// <summary>
    /// The next rows after the last sealed one. On SQL Server an identity is taken at insert but visible at commit, so
    /// a later id can commit first: the locking read waits for a row still in flight instead of skipping it (with
    /// read-committed snapshot on, a plain read would skip it, and it would never be sealed). SQLite has one writer at
    /// a time, so ids commit in order.
    /// </summary>
    internal IQueryable<AuditEvent> PendingRows(CareHubDbContext db, long afterId) =>
        db.Database.IsSqlServer()
            ? db.AuditEvents.FromSql($"SELECT TOP ({batchSize}) * FROM [AuditEvents] WITH (READCOMMITTEDLOCK) WHERE [Id] > {afterId} ORDER BY [Id]").AsNoTracking()
            : db.AuditEvents.AsNoTracking().Where(a => a.Id > afterId).OrderBy(a => a.Id).Take(batchSize);
}

/// <summary>What one sealing pass did: rows sealed, and the chain's head after it (an anchor worth keeping elsewhere).</summary>
public sealed record AuditSealResult(int Sealed, long HeadSequence, string? HeadHash);
