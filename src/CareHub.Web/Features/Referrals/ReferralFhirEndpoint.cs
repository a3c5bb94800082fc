using System.Globalization;
using CareHub.Data;
using CareHub.Data.Auditing;
using CareHub.Web.Security;
using Microsoft.EntityFrameworkCore;

namespace CareHub.Web.Features.Referrals;

/// <summary>
/// GET /referrals/{id}/fhir: one referral as a FHIR R4 Bundle (<see cref="ReferralFhirExport"/>) to download, as
/// application/fhir+json. Signed-in users only (the fallback policy, stated here too); read through a context bound to
/// the caller's access scope, so a referral of another team's patient and one that does not exist get the same 404 with
/// the same body (ADR 0006). A substance use treatment referral (42 CFR Part 2, ADR 0014) leaves CareHub only with the
/// patient's active consent to disclose it and only by someone who may see its details; otherwise the export is refused
/// (403, a sentence saying why, audited as a refused access) and the file carries the prohibition on redisclosure.
/// Audited as an export before the file is returned; never cached.
/// </summary>
public static class ReferralFhirEndpoint
{
    public const string Pattern = "/referrals/{referralId:guid}/fhir";

    public const string EndpointName = "ReferralFhirExport";

    public const string MediaType = "application/fhir+json";

    /// <summary>The audit category of the export.</summary>
    public const string AuditCategory = "ReferralFhir";

    public const string NotFoundText = "Not found: this referral does not exist, or it is not one your care teams can see.";

    /// <summary>A Part 2 record the caller may see, without the patient's active consent to disclose it.</summary>
    public const string ConsentNeededText =
        "This referral is protected by federal rules for substance use treatment records (42 CFR Part 2). " +
        "Record the patient's consent to share it on the referral page before exporting it.";

    /// <summary>A Part 2 record the caller may not see (the same words whether or not a consent is on file).</summary>
    public const string RestrictedText =
        "This referral is restricted: only its owner, or the care team's clinicians with the patient's consent, can export it.";

    public static string PathFor(Guid referralId) => $"/referrals/{referralId}/fhir";

    /// <summary>Maps the FHIR export of a referral.</summary>
    public static IEndpointRouteBuilder MapReferralFhirExport(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet(Pattern, ExportAsync).RequireAuthorization().WithName(EndpointName);
        return endpoints;
    }

    private static async Task<IResult> ExportAsync(Guid referralId, HttpContext http, IDbContextFactory<CareHubDbContext> contexts,
        CurrentUser currentUser, TimeProvider clock, ReferralClockContext clocks)
    {
        // Patient data: no copy in any cache, whatever the answer.
        http.Response.Headers.CacheControl = "no-store";
        http.Response.Headers.Pragma = "no-cache";
        http.Response.Headers.XContentTypeOptions = "nosniff";
        var cancellationToken = http.RequestAborted;

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        // The query filters answer for the caller's teams: another team's referral is simply not there.
        // A referral belongs to its team, like on the worklist and the referral page: a patient shared with another team
        // does not make that team's referrals mine.
        var myTeams = currentUser.Current.TeamIds.ToList();
        var referral = await db.Referrals.AsNoTracking().FirstOrDefaultAsync(r => r.Id == referralId && myTeams.Contains(r.TeamId), cancellationToken);
        var patient = referral is null ? null
            : await db.Patients.AsNoTracking().FirstOrDefaultAsync(p => p.Id == referral.PatientId, cancellationToken);
        var owner = referral is null ? null
            : await db.Staff.AsNoTracking().FirstOrDefaultAsync(s => s.Id == referral.OwnerId, cancellationToken);
        var teamName = referral is null ? null
            : await db.CareTeams.AsNoTracking().Where(t => t.Id == referral.TeamId).Select(t => t.Name).FirstOrDefaultAsync(cancellationToken);
        if (referral is null || patient is null || owner is null || teamName is null)
        {
            db.RecordNotFound(AuditCategory, referralId);
            await db.SaveChangesAsync(cancellationToken);
            // A body of its own, so the status-code pages leave it alone: every "not found" reads the same.
            return Results.Text(NotFoundText, "text/plain; charset=utf-8", statusCode: StatusCodes.Status404NotFound);
        }

        // Who may see a sensitive referral's details is decided by the viewer's role as the Staff table has it now.
        var viewerId = currentUser.StaffId;
        var viewerRole = viewerId is { } staffId
            ? await db.Staff.AsNoTracking().Where(s => s.Id == staffId && s.IsActive).Select(s => (Domain.Organization.StaffRole?)s.Role).FirstOrDefaultAsync(cancellationToken)
            : null;
        var exportedAt = clock.GetUtcNow();
        var today = ReferralQueries.LocalDate(exportedAt, clocks.Zone);
        var detailsVisible = viewerId is { } viewer && viewerRole is { } role
            ? referral.DetailsVisibleTo(viewer, role, today)
            : !referral.IsSensitive;
        if (referral.IsSensitive && (!detailsVisible || !referral.MayBeDisclosed(today)))
        {
            db.RecordNotFound(AuditCategory, referral.Id);
            await db.SaveChangesAsync(cancellationToken);
            return Results.Text(detailsVisible ? ConsentNeededText : RestrictedText, "text/plain; charset=utf-8",
                statusCode: StatusCodes.Status403Forbidden);
        }

        var bundle = ReferralFhirExport.Export(referral, patient, owner, teamName, detailsVisible, exportedAt);
        var json = ReferralFhirExport.ToJsonBytes(bundle);

        // Audited before anything leaves: a file whose audit could not be written is never sent.
        db.RecordExport(AuditCategory, referral.PatientId, referral.Id);
        await db.SaveChangesAsync(cancellationToken);

        // No patient name in the file name: file names end up in download lists, mail subjects and sync logs.
        var fileName = $"referral-{exportedAt.ToLocalTime().ToString("yyyyMMdd", CultureInfo.InvariantCulture)}.json";
        return Results.File(json, MediaType, fileName);
    }
}
