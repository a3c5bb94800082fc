using System.Collections.Concurrent;
using CareHub.Data;
using CareHub.Domain.Organization;
using Microsoft.EntityFrameworkCore;

namespace CareHub.Web.Features.Census;

/// <summary>
/// The facilities the ADT feed names, each with its units, read once and kept: every message names one, and facilities
/// change far less often than patients move. A facility is kept under the code it was asked for, exactly as the database
/// answered that code, so matching stays the database's. Facilities and units are only ever added (the domain has no way
/// to rename, re-kind or remove one), so the only way an entry goes stale is a unit added later; hence a message naming a
/// unit the kept facility lacks reads the facility again, and a code the database does not know is never kept, so a
/// facility added later is found by the next message (or the replay of one refused before it existed).
/// The entities are read without tracking and only read afterwards; they are shared by the feed's one writer.
/// </summary>
public sealed class AdtFacilities
{
    private static readonly Func<CareHubDbContext, string, CancellationToken, Task<Facility?>> ByCode =
        EF.CompileAsyncQuery((CareHubDbContext db, string upper, CancellationToken _) =>
            db.Facilities.AsNoTracking().Include(f => f.Units).FirstOrDefault(f => f.Code.ToUpper() == upper));

    private readonly ConcurrentDictionary<string, Facility> _byCode = new(StringComparer.Ordinal);

    /// <summary>How many times a facility was read from the database (tests prove the cache with it).</summary>
    public int Reads => _reads;

    private int _reads;

    /// <summary>The facility of <paramref name="code"/> (case-insensitive, trimmed), read again when it lacks <paramref name="unitCode"/>.</summary>
    public async Task<Facility?> FindAsync(CareHubDbContext db, string? code, string? unitCode, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        if (string.IsNullOrWhiteSpace(code))
            return null;
        var upper = code.Trim().ToUpperInvariant();
        if (_byCode.TryGetValue(upper, out var kept) && (unitCode is null || HasUnit(kept, unitCode)))
            return kept;

        Interlocked.Increment(ref _reads);
        var facility = await ByCode(db, upper, cancellationToken);
        if (facility is null)
            _byCode.TryRemove(upper, out _);
        else
            _byCode[upper] = facility;
        return facility;
    }

    private static bool HasUnit(Facility facility, string unitCode)
    {
        var code = unitCode.Trim();
        foreach (var unit in facility.Units)
        {
            if (string.Equals(unit.Code, code, StringComparison.OrdinalIgnoreCase))
                return true;
        }
        return false;
    }
}
