using CareHub.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace CareHub.Web.Tests.Auditing;

/// <summary>
/// A test-only trigger that makes every insert of an audit row about one patient fail, as a full disk or a broken audit
/// table would; other patients' audit (tests sharing the database) is untouched. Disposing drops it.
/// </summary>
public sealed class AuditOutage : IAsyncDisposable
{
    public const string Message = "The audit trail cannot be written.";

    private readonly PatientsDatabase _database;
    private readonly string _trigger = $"test_refuse_audit_{Guid.NewGuid():N}";

    private AuditOutage(PatientsDatabase database) => _database = database;

    public static async Task<AuditOutage> ForPatientAsync(PatientsDatabase database, Guid patientId)
    {
        var outage = new AuditOutage(database);
        await using var db = database.SystemDb();
        // Guids are stored as upper-case text.
        // DDL takes no parameters; every part is ours (a fresh name, a Guid, a constant), so nothing can be injected.
        var create = $"CREATE TRIGGER {outage._trigger} BEFORE INSERT ON AuditEvents WHEN upper(NEW.PatientId) = '{patientId.ToString().ToUpperInvariant()}' " +
            $"BEGIN SELECT RAISE(ABORT, '{Message}'); END;";
        await db.Database.ExecuteSqlRawAsync(create);
        return outage;
    }

    public async ValueTask DisposeAsync()
    {
        await using var db = _database.SystemDb();
        var drop = $"DROP TRIGGER IF EXISTS {_trigger};";
        await db.Database.ExecuteSqlRawAsync(drop);
    }
}
