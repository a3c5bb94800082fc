using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using CareHub.Domain.Audit;

namespace CareHub.Data.Auditing;

/// <summary>
/// The hash of one link: SHA-256 over the previous seal's hash and the audit row's canonical fields (id, time in UTC
/// ticks, user, action, category, entity, patient, source), each length-prefixed so that no two rows encode alike.
/// </summary>
public static class AuditChain
{
    /// <summary>The "previous hash" of the first seal.</summary>
    public static ReadOnlySpan<byte> Genesis => new byte[32];

    private static readonly byte[] Domain = Encoding.ASCII.GetBytes("carehub-audit-seal-v1");

    public static byte[] Link(ReadOnlySpan<byte> previousHash, AuditEvent row) => Link(previousHash, row, row.Id);

    /// <summary>The hash <paramref name="row"/> would have if it sat at <paramref name="asId"/>: finds rows that moved.</summary>
    public static byte[] Link(ReadOnlySpan<byte> previousHash, AuditEvent row, long asId)
    {
        ArgumentNullException.ThrowIfNull(row);
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        sha.AppendData(Domain);
        sha.AppendData(previousHash);
        Span<byte> number = stackalloc byte[8];
        BinaryPrimitives.WriteInt64BigEndian(number, asId);
        sha.AppendData(number);
        BinaryPrimitives.WriteInt64BigEndian(number, row.At.UtcTicks);
        sha.AppendData(number);
        AppendText(sha, row.UserId);
        AppendText(sha, row.Action.ToString());
        AppendText(sha, row.EntityType);
        AppendGuid(sha, row.EntityId);
        AppendGuid(sha, row.PatientId);
        AppendText(sha, row.Source);
        return sha.GetHashAndReset();
    }

    public static string ToHex(ReadOnlySpan<byte> hash) => Convert.ToHexStringLower(hash);

    private static void AppendText(IncrementalHash sha, string value)
    {
        var bytes = Encoding.UTF8.GetBytes(value);
        Span<byte> length = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(length, bytes.Length);
        sha.AppendData(length);
        sha.AppendData(bytes);
    }

    private static void AppendGuid(IncrementalHash sha, Guid? value)
    {
        Span<byte> bytes = stackalloc byte[17];
        if (value is { } guid)
        {
            bytes[0] = 1;
            guid.TryWriteBytes(bytes[1..], bigEndian: true, out _);
        }
        sha.AppendData(bytes);
    }
}
