using CareHub.Data.Access;
using CareHub.Domain.Audit;

namespace CareHub.Data.Auditing;

/// <summary>
/// Reads of patient data are audited by the code that reads them: one row per patient shown, added before
/// the data is returned, so that data whose audit could not be written is never shown.
/// </summary>
public static class AuditTrail
{
    // The time is stamped by VersionAndAuditInterceptor at SaveChanges, from the app's clock.
    public static void RecordRead(this CareHubDbContext db, string category, Guid patientId, Guid? entityId = null) =>
        db.AuditEvents.Add(new AuditEvent(AuditStamp.Pending, db.Scope.UserId, AuditAction.Read, category, entityId, patientId, db.Scope.Source));

    public static void RecordReads(this CareHubDbContext db, string category, IEnumerable<Guid> patientIds)
    {
        foreach (var patientId in patientIds)
            db.AuditEvents.Add(new AuditEvent(AuditStamp.Pending, db.Scope.UserId, AuditAction.Read, category, null, patientId, db.Scope.Source));
    }

    /// <summary>A read row of <paramref name="scope"/>, not stamped yet (for a writer that commits rows of many readers together).</summary>
    public static AuditEvent ReadRow(AccessScope scope, string category, Guid patientId) =>
        new(AuditStamp.Pending, scope.UserId, AuditAction.Read, category, null, patientId, scope.Source);

    /// <summary>Patient data leaving CareHub (a print or a download).</summary>
    public static void RecordExport(this CareHubDbContext db, string category, Guid patientId, Guid? entityId = null) =>
        db.AuditEvents.Add(new AuditEvent(AuditStamp.Pending, db.Scope.UserId, AuditAction.Export, category, entityId, patientId, db.Scope.Source));

    /// <summary>An attempt to reach a record that is missing or belongs to another team (no patient id: it may not exist).</summary>
    public static void RecordNotFound(this CareHubDbContext db, string category, Guid requestedId) =>
        db.AuditEvents.Add(new AuditEvent(AuditStamp.Pending, db.Scope.UserId, AuditAction.AccessDenied, category, requestedId, null, db.Scope.Source));
}

internal static class AuditStamp
{
    /// <summary>"Not stamped yet": the interceptor replaces it with the save time.</summary>
    public static readonly DateTimeOffset Pending = DateTimeOffset.MinValue;
}
