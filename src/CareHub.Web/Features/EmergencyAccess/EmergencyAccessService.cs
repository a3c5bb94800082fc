using CareHub.Data;
using CareHub.Data.Access;
using CareHub.Data.Auditing;
using CareHub.Domain.Access;
using CareHub.Domain.Common;
using CareHub.Domain.Organization;
using CareHub.Web.Realtime;
using CareHub.Web.Security;
using Microsoft.EntityFrameworkCore;

namespace CareHub.Web.Features.EmergencyAccess;

/// <summary>
/// Break-the-glass (issue 9). An eligible clinician (Security:EmergencyAccess:Roles, read from their staff record, not
/// from the browser) finds one patient outside their teams by exact MRN and date of birth and says why; the grant opens
/// that patient through the ordinary access scope until it expires, is audited (the grant, and every read under it as
/// "Emergency:..."), and is announced to the managers of the patient's teams, who review it.
/// </summary>
public sealed class EmergencyAccessService(
    IDbContextFactory<CareHubDbContext> contexts,
    DbContextOptions<CareHubDbContext> options,
    CurrentUser currentUser,
    IRealtimeBus bus,
    TimeProvider clock,
    SecurityOptions settings,
    ILogger<EmergencyAccessService> logger)
{
    /// <summary>The audit category of a search that found nothing or was refused (no patient id: there may be none).</summary>
    public const string RequestCategory = "EmergencyAccessRequest";

    /// <summary>The audit category of the managers' list (one row per patient shown).</summary>
    public const string ReviewCategory = "EmergencyAccessReview";

    /// <summary>May the signed-in person use emergency access? (The role on their staff record.)</summary>
    public async Task<bool> CanRequestAsync(CancellationToken cancellationToken) =>
        await RoleAsync(cancellationToken) is { } role && settings.EmergencyAccessRoles.Contains(role);

    /// <summary>Is the signed-in person a manager (who reviews emergency access to their teams' patients)?</summary>
    public async Task<bool> CanReviewAsync(CancellationToken cancellationToken) =>
        await RoleAsync(cancellationToken) == StaffRole.Manager;

    public async Task<EmergencyAccessOutcome> RequestAsync(EmergencyAccessRequest request, CancellationToken cancellationToken)
    {
        if (currentUser.StaffId is not { } staffId)
            return new EmergencyAccessOutcome.Refused(NotEligible);
        var errors = request.Errors();
        if (errors.Count > 0)
            return new EmergencyAccessOutcome.Invalid(errors);

        var scope = currentUser.Current;
        await using var system = new CareHubDbContext(options, AccessScope.System(scope.Source));
        var staff = await system.Staff.AsNoTracking().FirstOrDefaultAsync(s => s.Id == staffId && s.IsActive, cancellationToken);
        if (staff is null || !settings.EmergencyAccessRoles.Contains(staff.Role))
        {
            await RecordRefusedAsync(cancellationToken);
            return new EmergencyAccessOutcome.Refused(NotEligible);
        }

        // Exactly one patient with this MRN and date of birth, or none: no partial match, no list to browse.
        var mrn = request.Mrn!.Trim();
        var birthDate = request.ParsedBirthDate!.Value;
        var matches = await system.Patients.AsNoTracking()
            .Where(p => p.Mrn == mrn && p.BirthDate == birthDate && p.MergedIntoId == null)
            .Select(p => new { p.Id, Teams = p.Teams.Select(t => t.TeamId).ToList() })
            .Take(2)
            .ToListAsync(cancellationToken);
        if (matches.Count != 1)
        {
            await RecordRefusedAsync(cancellationToken);
            return new EmergencyAccessOutcome.NotFound();
        }
        var patient = matches[0];
        if (patient.Teams.Any(scope.IsMemberOf))
            return new EmergencyAccessOutcome.OnYourTeam(patient.Id);

        EmergencyAccessGrant grant;
        try
        {
            grant = EmergencyAccessGrant.Grant(staff, settings.EmergencyAccessRoles, patient.Id, request.Reason!.Value, request.Explanation,
                clock.GetUtcNow(), settings.EmergencyAccessDuration);
        }
        catch (DomainRuleException e)
        {
            return new EmergencyAccessOutcome.Refused(e.Message);
        }
        // In the person's own scope: the grant's audit row (Create, "EmergencyAccessGrant") carries their id and circuit.
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            db.EmergencyAccessGrants.Add(grant);
            await db.SaveChangesAsync(cancellationToken);
        }
        currentUser.Invalidate();
        logger.LogWarning("Emergency access {GrantId} granted to staff {StaffId} until {ExpiresAt:O}.", grant.Id, staffId, grant.ExpiresAt);
        await NotifyManagersAsync(system, grant, patient.Teams, cancellationToken);
        return new EmergencyAccessOutcome.Granted(patient.Id, grant.ExpiresAt);
    }

    /// <summary>The grants to the patients of the manager's teams, newest first (null for anyone but a manager).</summary>
    public async Task<IReadOnlyList<EmergencyAccessReview>?> ReviewsAsync(CancellationToken cancellationToken)
    {
        if (!await CanReviewAsync(cancellationToken))
            return null;
        var scope = currentUser.Current;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var teamIds = scope.TeamIds.ToList();
        var grants = await db.EmergencyAccessGrants.AsNoTracking()
            .Where(g => db.PatientTeams.Any(t => t.PatientId == g.PatientId && teamIds.Contains(t.TeamId)))
            .OrderByDescending(g => g.GrantedAt)
            .Take(200)
            .ToListAsync(cancellationToken);
        var patientIds = grants.Select(g => g.PatientId).Distinct().ToList();
        var patients = await db.Patients.AsNoTracking().Where(p => patientIds.Contains(p.Id))
            .Select(p => new { p.Id, p.FamilyName, p.GivenName, p.Mrn }).ToDictionaryAsync(p => p.Id, cancellationToken);
        var staffIds = grants.Select(g => g.StaffId).Concat(grants.Where(g => g.ReviewedById != null).Select(g => g.ReviewedById!.Value)).Distinct().ToList();
        var staff = await db.Staff.AsNoTracking().Where(s => staffIds.Contains(s.Id))
            .Select(s => new { s.Id, s.GivenName, s.FamilyName, s.Role }).ToDictionaryAsync(s => s.Id, cancellationToken);
        var rows = grants.Where(g => patients.ContainsKey(g.PatientId)).Select(g =>
        {
            var patient = patients[g.PatientId];
            var who = staff.GetValueOrDefault(g.StaffId);
            var reviewer = g.ReviewedById is { } reviewerId ? staff.GetValueOrDefault(reviewerId) : null;
            return new EmergencyAccessReview(g.Id, who is null ? "Unknown" : $"{who.GivenName} {who.FamilyName}",
                who is null ? string.Empty : StaffText.Role(who.Role), g.PatientId, $"{patient.FamilyName}, {patient.GivenName}", patient.Mrn,
                g.Reason, g.Explanation, g.GrantedAt, g.ExpiresAt, g.ReviewedAt,
                reviewer is null ? null : $"{reviewer.GivenName} {reviewer.FamilyName}");
        }).ToList();
        // The list shows patients: one audited read per patient shown, before it is returned.
        db.RecordReads(ReviewCategory, rows.Select(r => r.PatientId).Distinct());
        await db.SaveChangesAsync(cancellationToken);
        return rows;
    }

    /// <summary>Marks a grant reviewed; false (like a missing one) for a grant that is not of the manager's teams.</summary>
    public async Task<bool> MarkReviewedAsync(Guid grantId, CancellationToken cancellationToken)
    {
        if (currentUser.StaffId is not { } managerId || !await CanReviewAsync(cancellationToken))
            return false;
        var teamIds = currentUser.Current.TeamIds.ToList();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var grant = await db.EmergencyAccessGrants
            .FirstOrDefaultAsync(g => g.Id == grantId && db.PatientTeams.Any(t => t.PatientId == g.PatientId && teamIds.Contains(t.TeamId)), cancellationToken);
        if (grant is null)
        {
            db.RecordNotFound(ReviewCategory, grantId);
            await db.SaveChangesAsync(cancellationToken);
            return false;
        }
        grant.MarkReviewed(managerId, clock.GetUtcNow());
        await db.SaveChangesAsync(cancellationToken);
        return true;
    }

    private const string NotEligible = "Emergency access is for clinicians who may need a record in an emergency (physicians and nurse case managers); your role does not have it.";

    private async Task<StaffRole?> RoleAsync(CancellationToken cancellationToken)
    {
        if (currentUser.StaffId is not { } staffId)
            return null;
        await using var system = new CareHubDbContext(options, AccessScope.System(currentUser.Source));
        return await system.Staff.AsNoTracking().Where(s => s.Id == staffId && s.IsActive).Select(s => (StaffRole?)s.Role).FirstOrDefaultAsync(cancellationToken);
    }

    // A refused or unmatched search is audited without a patient id: there may be no such patient.
    private async Task RecordRefusedAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        db.RecordNotFound(RequestCategory, Guid.Empty);
        await db.SaveChangesAsync(cancellationToken);
    }

    private async Task NotifyManagersAsync(CareHubDbContext system, EmergencyAccessGrant grant, IReadOnlyCollection<Guid> patientTeams, CancellationToken cancellationToken)
    {
        var managers = await system.TeamMemberships.AsNoTracking()
            .Where(m => patientTeams.Contains(m.TeamId))
            .Join(system.Staff.Where(s => s.Role == StaffRole.Manager && s.IsActive), m => m.StaffId, s => s.Id, (m, _) => m.StaffId)
            .Distinct()
            .ToListAsync(cancellationToken);
        foreach (var managerId in managers)
        {
            await bus.PublishAsync(new RealtimeEvent(Topics.Notifications(managerId), EmergencyAccessEvents.Granted, grant.Id, grant.Version, grant.GrantedAt),
                cancellationToken);
        }
    }
}
