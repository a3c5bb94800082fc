namespace CareHub.Data.Auditing;

/// <summary>
/// One link of the audit hash chain: seal <see cref="Sequence"/> covers audit row <see cref="AuditEventId"/>, and
/// <see cref="Hash"/> is SHA-256 over the previous seal's hash and that row's canonical fields
/// (<see cref="AuditChain"/>). Written only by <see cref="AuditSealer"/>, in audit-id order; append-only like the
/// audit rows (interceptor and database triggers). See docs/adr/0013.
/// </summary>
public sealed class AuditSeal
{
    private AuditSeal() { Hash = []; }

    public AuditSeal(long sequence, long auditEventId, byte[] hash, DateTimeOffset sealedAt)
    {
        Sequence = sequence;
        AuditEventId = auditEventId;
        Hash = hash;
        SealedAt = sealedAt;
    }

    /// <summary>1, 2, 3, ... with no gaps: a missing number is a removed seal.</summary>
    public long Sequence { get; private set; }

    public long AuditEventId { get; private set; }

    public byte[] Hash { get; private set; }

    public DateTimeOffset SealedAt { get; private set; }
}
