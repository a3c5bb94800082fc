using System.Globalization;
using System.Text;
using CareHub.Data.Access;
using CareHub.Domain.Audit;
using Microsoft.EntityFrameworkCore;

namespace CareHub.Data.Auditing;

public enum AuditChainProblem
{
    /// <summary>A sealed row's fields changed.</summary>
    Edited,

    /// <summary>A sealed row is gone.</summary>
    Deleted,

    /// <summary>A sealed row's content is now at another id (rows swapped or shifted).</summary>
    Reordered,

    /// <summary>A row that was never sealed sits among sealed rows (a forged row put in the middle).</summary>
    Inserted,

    /// <summary>A seal is missing, out of order, or does not follow from the one before it.</summary>
    SealBroken,

    /// <summary>The chain's head at a recorded anchor differs from the anchor.</summary>
    AnchorMismatch,
}

/// <summary>One thing wrong, named by audit row id (and seal sequence), never by what the row says.</summary>
public sealed record AuditChainFinding(AuditChainProblem Problem, long? AuditEventId, long? Sequence, string Description);

/// <summary>The outcome of a verification: what was checked, what is not sealed yet, and what is wrong.</summary>
public sealed record AuditChainReport(long SealedRows, long UnsealedRows, long HeadSequence, string? HeadHash, IReadOnlyList<AuditChainFinding> Findings)
{
    public bool IsIntact => Findings.Count == 0;

    public string Describe()
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"{(IsIntact ? "Audit chain intact" : "Audit chain BROKEN")}: {SealedRows} sealed rows checked");
        text.Append(CultureInfo.InvariantCulture, $", {UnsealedRows} newer rows not sealed yet (the sealer links them within seconds)");
        if (HeadHash is not null)
            text.Append(CultureInfo.InvariantCulture, $"; head is seal {HeadSequence} = {HeadHash}");
        text.AppendLine(".");
        foreach (var finding in Findings)
            text.AppendLine(CultureInfo.InvariantCulture, $"  {finding.Problem}: {finding.Description}");
        if (!IsIntact)
            text.AppendLine(CultureInfo.InvariantCulture, $"{Findings.Count} problem(s): the audit trail was changed in the database after it was written.");
        return text.ToString();
    }
}

/// <summary>
/// Recomputes the chain from the first seal and compares it with the audit rows, reading both in id order (a merge,
/// so memory stays small for a long trail). Rows whose hash does not match are then matched against the broken
/// seals to tell a moved row (reordered) from an edited, deleted or forged one.
/// </summary>
public sealed class AuditChainVerifier(DbContextOptions<CareHubDbContext> options)
{
    // Rows and seals kept for telling moved rows apart; beyond this a break is still reported, only less precisely.
    private const int MatchLimit = 2_000;

    public async Task<AuditChainReport> VerifyAsync(AuditChainAnchor? anchor, CancellationToken cancellationToken)
    {
        await using var sealsDb = new CareHubDbContext(options, AccessScope.System("verify-audit"));
        await using var rowsDb = new CareHubDbContext(options, AccessScope.System("verify-audit"));
        var findings = new List<AuditChainFinding>();
        var brokenSeals = new List<(AuditSeal Seal, byte[] Previous, AuditEvent? Row)>();
        var unmatchedRows = new List<(AuditEvent Row, bool Sealed)>();

        // The head first: every seal up to it names a row committed before it, so the rows read next include them all,
        // even while the sealer goes on (a seal read after the rows could name a row the rows' read did not see yet).
        var headSequence = await sealsDb.AuditSeals.MaxAsync(s => (long?)s.Sequence, cancellationToken) ?? 0;
        await using var rows = rowsDb.AuditEvents.AsNoTracking().OrderBy(a => a.Id).AsAsyncEnumerable().GetAsyncEnumerator(cancellationToken);
        var row = await rows.MoveNextAsync() ? rows.Current : null;
        byte[] previous = AuditChain.Genesis.ToArray();
        long expectedSequence = 1, lastSealedId = 0, sealedRows = 0;
        AuditSeal? head = null;

        await foreach (var seal in sealsDb.AuditSeals.AsNoTracking().Where(s => s.Sequence <= headSequence).OrderBy(s => s.Sequence).AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            var gap = seal.Sequence != expectedSequence;
            if (seal.AuditEventId <= lastSealedId)
                findings.Add(new(AuditChainProblem.SealBroken, seal.AuditEventId, seal.Sequence,
                    $"seal {seal.Sequence} names row {seal.AuditEventId}, not after row {lastSealedId}: seals were reordered"));

            var unsealedBelow = new List<long>();
            while (row is not null && row.Id < seal.AuditEventId)
            {
                if (row.Id > lastSealedId && gap)
                    unsealedBelow.Add(row.Id);
                else if (row.Id > lastSealedId)
                    unmatchedRows.Add((row, Sealed: false));
                row = await rows.MoveNextAsync() ? rows.Current : null;
            }
            var sealedRow = row?.Id == seal.AuditEventId ? row : null;
            if (sealedRow is not null)
                row = await rows.MoveNextAsync() ? rows.Current : null;

            if (gap)
            {
                // The missing seals' hashes are gone, so this seal's link cannot be checked; the chain goes on from it.
                findings.Add(new(AuditChainProblem.SealBroken, null, seal.Sequence,
                    $"seals {expectedSequence} to {seal.Sequence - 1} are missing (rows without their seal: " +
                    $"{(unsealedBelow.Count == 0 ? "none left" : string.Join(", ", unsealedBelow.Take(20)))}): the links after seal {expectedSequence - 1} were removed"));
            }
            else if (sealedRow is null || !AuditChain.Link(previous, sealedRow).AsSpan().SequenceEqual(seal.Hash))
            {
                brokenSeals.Add((seal, previous, sealedRow));
                if (sealedRow is not null)
                    unmatchedRows.Add((sealedRow, Sealed: true));
            }

            // Go on from the stored hash, so that one bad row is one finding, not a cascade to the end.
            previous = seal.Hash;
            expectedSequence = seal.Sequence + 1;
            lastSealedId = Math.Max(lastSealedId, seal.AuditEventId);
            sealedRows++;
            head = seal;
            if (anchor is { } a && seal.Sequence == a.Sequence && !string.Equals(AuditChain.ToHex(seal.Hash), a.Hash, StringComparison.OrdinalIgnoreCase))
                findings.Add(new(AuditChainProblem.AnchorMismatch, seal.AuditEventId, seal.Sequence,
                    $"seal {seal.Sequence} is {AuditChain.ToHex(seal.Hash)}, but {a.Hash} was recorded for it: the chain up to here was rewritten"));
        }

        if (anchor is { } expected && expected.Sequence > (head?.Sequence ?? 0))
            findings.Add(new(AuditChainProblem.AnchorMismatch, null, expected.Sequence,
                $"seal {expected.Sequence} was recorded, but the chain ends at seal {head?.Sequence ?? 0}: sealed rows were cut off the end"));

        long unsealed = 0;
        while (row is not null)
        {
            unsealed++;
            if (unmatchedRows.Count < MatchLimit * 2)
                unmatchedRows.Add((row, Sealed: false));
            row = await rows.MoveNextAsync() ? rows.Current : null;
        }

        Explain(brokenSeals, unmatchedRows, lastSealedId, findings);
        return new AuditChainReport(sealedRows, unsealed, head?.Sequence ?? 0, head is null ? null : AuditChain.ToHex(head.Hash),
            [.. findings.OrderBy(f => f.AuditEventId ?? long.MaxValue).ThenBy(f => f.Sequence)]);
    }

    private static void Explain(List<(AuditSeal Seal, byte[] Previous, AuditEvent? Row)> brokenSeals,
        List<(AuditEvent Row, bool Sealed)> unmatchedRows, long lastSealedId, List<AuditChainFinding> findings)
    {
        // Which row now holds each broken seal's content (a moved row hashes right when put back at its sealed id).
        var movedTo = new Dictionary<long, long>();
        var rowsThatMoved = new HashSet<long>();
        if (brokenSeals.Count <= MatchLimit)
        {
            foreach (var (row, _) in unmatchedRows.Take(MatchLimit * 2))
            {
                foreach (var (seal, previous, _) in brokenSeals)
                {
                    if (seal.AuditEventId != row.Id && !movedTo.ContainsKey(seal.AuditEventId)
                        && AuditChain.Link(previous, row, seal.AuditEventId).AsSpan().SequenceEqual(seal.Hash))
                    {
                        movedTo[seal.AuditEventId] = row.Id;
                        rowsThatMoved.Add(row.Id);
                        break;
                    }
                }
            }
        }

        foreach (var (seal, _, row) in brokenSeals)
        {
            var id = seal.AuditEventId;
            if (movedTo.TryGetValue(id, out var now))
                findings.Add(new(AuditChainProblem.Reordered, id, seal.Sequence, $"row {id} (seal {seal.Sequence}) is now stored as row {now}"));
            else if (row is null)
                findings.Add(new(AuditChainProblem.Deleted, id, seal.Sequence, $"row {id} (seal {seal.Sequence}) was deleted"));
            else if (!rowsThatMoved.Contains(id))
                findings.Add(new(AuditChainProblem.Edited, id, seal.Sequence, $"row {id} (seal {seal.Sequence}) was changed after it was sealed"));
        }

        foreach (var (row, sealedId) in unmatchedRows)
        {
            if (rowsThatMoved.Contains(row.Id))
                continue;
            // A row at a sealed id whose sealed content is elsewhere, or an unsealed row below the last seal: forged.
            if (sealedId ? movedTo.ContainsKey(row.Id) : row.Id < lastSealedId)
                findings.Add(new(AuditChainProblem.Inserted, row.Id, null, $"row {row.Id} was never sealed: it was put among sealed rows afterwards"));
        }
    }
}

/// <summary>A chain head recorded outside the database (the sealer logs one after each pass): "sequence:hash".</summary>
public sealed record AuditChainAnchor(long Sequence, string Hash)
{
    public static AuditChainAnchor Parse(string value)
    {
        var parts = (value ?? string.Empty).Split(':');
        if (parts.Length != 2 || !long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var sequence) || sequence < 1
            || parts[1].Length != 64 || !parts[1].All(Uri.IsHexDigit))
            throw new CareHubConfigurationException(
                $"--expect-head is '{value}'; write the seal number and its hash as the sealer logged them, e.g. 1200:{new string('0', 64)}.");
        return new(sequence, parts[1].ToLowerInvariant());
    }
}
