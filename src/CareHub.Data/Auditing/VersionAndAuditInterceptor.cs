using System.Runtime.CompilerServices;
using CareHub.Domain.Audit;
using CareHub.Domain.CarePlans;
using CareHub.Domain.Common;
using CareHub.Domain.Huddles;
using CareHub.Domain.Interop;
using CareHub.Domain.Organization;
using CareHub.Domain.Patients;
using CareHub.Domain.Referrals;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace CareHub.Data.Auditing;

/// <summary>
/// Runs inside every SaveChanges, so that a change, its audit rows and its version bump commit in one
/// transaction: bumps <see cref="VersionedEntity.Version"/> (the loaded value stays the concurrency check),
/// writes an audit row for every write of patient data, and refuses to change or delete audit rows.
/// </summary>
public sealed class VersionAndAuditInterceptor(TimeProvider clock) : SaveChangesInterceptor
{
    // The audit rows of each context's last save: a save that failed leaves them tracked as Added, and
    // saving again (after resolving a conflict) must not write them a second time beside the new ones.
    private readonly ConditionalWeakTable<DbContext, List<AuditEvent>> _lastAudits = new();

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Apply(eventData.Context);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Apply(eventData.Context);
        return ValueTask.FromResult(result);
    }

    private void Apply(DbContext? context)
    {
        if (context is not CareHubDbContext db)
            return;
        if (_lastAudits.TryGetValue(db, out var previous))
        {
            foreach (var stale in previous.Select(db.Entry).Where(e => e.State == EntityState.Added))
                stale.State = EntityState.Detached;
        }
        var now = clock.GetUtcNow();
        var audits = new List<AuditEvent>();
        foreach (var entry in db.ChangeTracker.Entries().ToList())
        {
            if (entry.Entity is AuditEvent audit)
            {
                if (entry.State is EntityState.Modified or EntityState.Deleted)
                    throw new InvalidOperationException("Audit rows are append-only: they cannot be changed or deleted.");
                if (entry.State == EntityState.Added && audit.At == AuditStamp.Pending)
                    entry.Property(nameof(AuditEvent.At)).CurrentValue = now;
                continue;
            }

            if (entry.State is EntityState.Modified or EntityState.Deleted && entry.Entity is AuditSeal)
                throw new InvalidOperationException("The audit hash chain is append-only: a seal cannot be changed or deleted.");
            if (entry.State is EntityState.Modified or EntityState.Deleted && entry.Entity is CarePlanChange)
                throw new InvalidOperationException("Care plan history is append-only: an entry cannot be changed or deleted.");
            if (entry.State is EntityState.Modified or EntityState.Deleted && entry.Entity is ReferralEvent)
                throw new InvalidOperationException("A referral's timeline is append-only: an entry cannot be changed or deleted.");

            if (entry.State == EntityState.Modified && entry.Entity is VersionedEntity)
                BumpVersion(entry);

            if (db.Scope.AuditsWrites
                && entry.State is EntityState.Added or EntityState.Modified or EntityState.Deleted
                && !IsBookkeeping(entry)
                && PatientOf(entry.Entity) is { } patientId)
            {
                audits.Add(new AuditEvent(now, db.Scope.UserId, ActionOf(entry), db.AuditCategory(entry.Metadata.ClrType.Name, patientId),
                    (entry.Entity as Entity)?.Id, patientId, db.Scope.Source));
                // Consent given with a new referral is a change of consent of its own, besides the referral's creation.
                if (entry is { State: EntityState.Added, Entity: Referral { ConsentRecordedAt: not null } referral })
                    audits.Add(new AuditEvent(now, db.Scope.UserId, AuditAction.ConsentChange, db.AuditCategory(nameof(Referral), patientId),
                        referral.Id, patientId, db.Scope.Source));
            }

            // A privilege change: who may see a team's patients. The row names the staff member whose access changed.
            if (db.Scope.AuditsWrites && entry is { Entity: TeamMembership membership, State: EntityState.Added or EntityState.Deleted })
            {
                audits.Add(new AuditEvent(now, db.Scope.UserId,
                    entry.State == EntityState.Added ? AuditAction.PrivilegeGrant : AuditAction.PrivilegeRevoke,
                    nameof(TeamMembership), membership.StaffId, null, db.Scope.Source));
            }
        }
        if (audits.Count > 0)
            db.AuditEvents.AddRange(audits);
        _lastAudits.AddOrUpdate(db, audits);
    }

    private static void BumpVersion(EntityEntry entry)
    {
        var version = entry.Property(nameof(VersionedEntity.Version));
        version.CurrentValue = (long)version.OriginalValue! + 1;
    }

    /// <summary>
    /// Rows that only describe a write audited on its own row: a care plan's history entry (the item's row is
    /// audited), a referral's timeline entry (the referral's row is), a stored feed message (the patient and encounter
    /// rows it changes are) and a parent touched only to move its version (its LastChangedAt), so that one edit is one audit row.
    /// </summary>
    private static bool IsBookkeeping(EntityEntry entry) =>
        entry.Entity is CarePlanChange or ReferralEvent or InboundMessage
        || (entry.State == EntityState.Modified
            && entry.Properties.Where(p => p.IsModified).All(p => p.Metadata.Name is "LastChangedAt" or nameof(VersionedEntity.Version)));

    private static Guid? PatientOf(object entity) => entity switch
    {
        Patient p => p.Id,
        PatientTeam t => t.PatientId,
        IPatientOwned owned => owned.PatientId,
        HuddleCard { PatientId: { } cardPatient } => cardPatient,
        HuddleActionItem { PatientId: { } actionPatient } => actionPatient,
        _ => null,
    };

    private static AuditAction ActionOf(EntityEntry entry) => entry.State switch
    {
        EntityState.Added => AuditAction.Create,
        EntityState.Deleted => AuditAction.Delete,
        _ when entry.Entity is Referral && IsConsentChange(entry) => AuditAction.ConsentChange,
        _ => AuditAction.Update,
    };

    private static bool IsConsentChange(EntityEntry entry) =>
        entry.Property(nameof(Referral.ConsentRecordedAt)).IsModified || entry.Property(nameof(Referral.PatientWantsHelp)).IsModified
        || entry.Property(nameof(Referral.Part2ConsentRecordedAt)).IsModified || entry.Property(nameof(Referral.Part2ConsentRevokedAt)).IsModified;
}
