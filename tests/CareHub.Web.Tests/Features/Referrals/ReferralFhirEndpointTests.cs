using System.Net;
using CareHub.Domain.Audit;
using CareHub.Domain.Organization;
using CareHub.Domain.Patients;
using CareHub.Domain.Referrals;
using CareHub.Tests.Infrastructure;
using CareHub.Web.Features.Referrals;
using CareHub.Web.Tests.Infrastructure;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;
using Microsoft.EntityFrameworkCore;
using FhirTask = Hl7.Fhir.Model.Task;
using Patient = CareHub.Domain.Patients.Patient;

namespace CareHub.Web.Tests.Features.Referrals;

/// <summary>
/// GET /referrals/{id}/fhir over real HTTP against the real app on Kestrel: the FHIR Bundle of an own team's referral,
/// the same 404 for another team's referral and a missing one, sign-in required, a Part 2 referral only with the patient's consent and with the redisclosure notice (ADR 0014), not for
/// those with a need to know, audited as an export, never cached.
/// </summary>
[Collection(SharedServerCollection.Name)]
public sealed class ReferralFhirEndpointTests(SharedServer shared)
{
    private readonly CareHubServer _server = shared.Server;

    private static CancellationToken Ct => Xunit.TestContext.Current.CancellationToken;

    [Fact]
    public async System.Threading.Tasks.Task An_own_teams_referral_downloads_as_a_FHIR_bundle_that_is_never_cached_and_is_audited_as_an_export()
    {
        var (coordinator, team) = await _server.DemoUserAsync(StaffRole.Coordinator);
        var (patient, referral) = await ReferralAsync(team.Id, coordinator.Id, ReferralType.Specialty, "Exported");
        using var session = await SignedInAsync(coordinator.Id);

        using var response = await session.Client.GetAsync(ExportUri(referral.Id), Ct);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/fhir+json");
        var disposition = response.Content.Headers.ContentDisposition!;
        disposition.DispositionType.ShouldBe("attachment");
        disposition.FileName!.Trim('"').ShouldMatch(@"^referral-20\d{6}\.json$");
        disposition.ToString().ShouldNotContain(patient.FamilyName);
        response.Headers.CacheControl!.NoStore.ShouldBeTrue();
        var json = await response.Content.ReadAsStringAsync(Ct);
        var bundle = FhirJsonDeserializer.STRICT.Deserialize<Bundle>(json);
        bundle.Type.ShouldBe(Bundle.BundleType.Collection);
        var request = bundle.Entry.Select(e => e.Resource).OfType<ServiceRequest>().Single();
        var task = bundle.Entry.Select(e => e.Resource).OfType<FhirTask>().Single();
        request.Identifier.ShouldHaveSingleItem().Value.ShouldBe(referral.Id.ToString());
        task.Identifier.ShouldHaveSingleItem().Value.ShouldBe(referral.Id.ToString());
        task.Status.ShouldBe(FhirTask.TaskStatus.Accepted);
        request.Subject!.Identifier!.Value.ShouldBe(patient.Mrn);
        request.Subject!.Display.ShouldBe($"{patient.FamilyName}, {patient.GivenName}");
        request.Code!.Text.ShouldBe("Heart failure follow-up");
        request.Performer.ShouldHaveSingleItem().Display.ShouldBe("Riverside Cardiology Associates");
        request.Requester!.Display.ShouldBe(coordinator.DisplayName);
        request.SupportingInfo.ShouldHaveSingleItem().Display.ShouldBe(team.Name);

        await using var db = _server.SystemDb();
        var exports = await db.AuditEvents.AsNoTracking()
            .Where(a => a.PatientId == patient.Id && a.Action == AuditAction.Export).ToListAsync(Ct);
        var export = exports.ShouldHaveSingleItem();
        export.UserId.ShouldBe(coordinator.Id.ToString());
        export.EntityType.ShouldBe("ReferralFhir");
        export.EntityId.ShouldBe(referral.Id);
        export.Source.ShouldStartWith("http:");
    }

    [Fact]
    public async System.Threading.Tasks.Task Another_teams_referral_and_a_missing_one_get_the_same_404()
    {
        var (coordinator, team) = await _server.DemoUserAsync(StaffRole.Coordinator);
        Guid otherTeam;
        await using (var db = _server.SystemDb())
            otherTeam = await db.CareTeams.Where(t => t.Id != team.Id).Select(t => t.Id).FirstAsync(Ct);
        var (theirPatient, theirs) = await ReferralAsync(otherTeam, coordinator.Id, ReferralType.Specialty, "Foreign");
        using var session = await SignedInAsync(coordinator.Id);

        using var foreign = await session.Client.GetAsync(ExportUri(theirs.Id), Ct);
        using var missing = await session.Client.GetAsync(ExportUri(Guid.NewGuid()), Ct);

        foreign.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        missing.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        var foreignBody = await foreign.Content.ReadAsStringAsync(Ct);
        foreignBody.ShouldBe(await missing.Content.ReadAsStringAsync(Ct));
        foreignBody.ShouldBe(ReferralFhirEndpoint.NotFoundText);
        foreignBody.ShouldNotContain(theirPatient.FamilyName);
        foreign.Content.Headers.ContentType.ShouldBe(missing.Content.Headers.ContentType);
        foreign.Content.Headers.ContentDisposition.ShouldBeNull();
        foreign.Headers.CacheControl!.NoStore.ShouldBeTrue();
        missing.Headers.CacheControl!.NoStore.ShouldBeTrue();
        await using var audit = _server.SystemDb();
        (await audit.AuditEvents.AsNoTracking().AnyAsync(a => a.PatientId == theirPatient.Id && a.Action == AuditAction.Export, Ct)).ShouldBeFalse();
        (await audit.AuditEvents.AsNoTracking().CountAsync(a => a.EntityId == theirs.Id && a.Action == AuditAction.AccessDenied, Ct)).ShouldBe(1);
    }

    [Fact]
    public async System.Threading.Tasks.Task Another_teams_referral_of_a_patient_both_teams_share_is_not_mine_to_export()
    {
        var (coordinator, team) = await _server.DemoUserAsync(StaffRole.Coordinator);
        Guid otherTeam;
        await using (var db = _server.SystemDb())
            otherTeam = await db.CareTeams.Where(t => t.Id != team.Id).Select(t => t.Id).FirstAsync(Ct);
        var (shared, theirs) = await ReferralAsync(otherTeam, coordinator.Id, ReferralType.Specialty, "Shared");
        await using (var db = _server.SystemDb())
        {
            var patient = await db.Patients.Include(p => p.Teams).SingleAsync(p => p.Id == shared.Id, Ct);
            patient.EnrolIn(team.Id);
            await db.SaveChangesAsync(Ct);
        }
        using var session = await SignedInAsync(coordinator.Id);

        using var foreign = await session.Client.GetAsync(ExportUri(theirs.Id), Ct);
        using var missing = await session.Client.GetAsync(ExportUri(Guid.NewGuid()), Ct);

        foreign.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await foreign.Content.ReadAsStringAsync(Ct)).ShouldBe(await missing.Content.ReadAsStringAsync(Ct));
    }

    [Fact]
    public async System.Threading.Tasks.Task Signed_out_the_export_is_refused_like_every_other_page()
    {
        var (coordinator, team) = await _server.DemoUserAsync(StaffRole.Coordinator);
        var (patient, referral) = await ReferralAsync(team.Id, coordinator.Id, ReferralType.Specialty, "Anonymous");
        using var session = AnonymousClient();

        using var response = await session.Client.GetAsync(ExportUri(referral.Id), Ct);

        ((int)response.StatusCode).ShouldBeOneOf(302, 401);
        if (response.StatusCode == HttpStatusCode.Redirect)
            new Uri(session.BaseAddress, response.Headers.Location!).AbsolutePath.ShouldBe("/account/signin");
        (await response.Content.ReadAsStringAsync(Ct)).ShouldNotContain(patient.FamilyName);
        response.Content.Headers.ContentDisposition.ShouldBeNull();
    }

    [Fact]
    public async System.Threading.Tasks.Task A_part_2_referral_is_not_exported_without_the_patients_consent_and_the_refusal_is_audited()
    {
        var (coordinator, team) = await _server.DemoUserAsync(StaffRole.Coordinator);
        Guid colleague;
        await using (var db = _server.SystemDb())
        {
            colleague = await db.Staff.Where(s => s.Id != coordinator.Id && s.Role == StaffRole.Coordinator).Select(s => s.Id).FirstAsync(Ct);
        }
        var (_, own) = await ReferralAsync(team.Id, coordinator.Id, ReferralType.SubstanceUseTreatment, "Sensitive");
        var (_, notMine) = await ReferralAsync(team.Id, colleague, ReferralType.SubstanceUseTreatment, "Restricted");
        using var session = await SignedInAsync(coordinator.Id);

        using var ownRefused = await session.Client.GetAsync(ExportUri(own.Id), Ct);
        using var notMineRefused = await session.Client.GetAsync(ExportUri(notMine.Id), Ct);

        ownRefused.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await ownRefused.Content.ReadAsStringAsync(Ct)).ShouldBe(ReferralFhirEndpoint.ConsentNeededText);
        notMineRefused.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await notMineRefused.Content.ReadAsStringAsync(Ct)).ShouldBe(ReferralFhirEndpoint.RestrictedText);
        ownRefused.Headers.CacheControl!.NoStore.ShouldBeTrue();
        await using var audit = _server.SystemDb();
        var rows = await audit.AuditEvents.AsNoTracking()
            .Where(a => (a.EntityId == own.Id || a.EntityId == notMine.Id) && a.EntityType == ReferralFhirEndpoint.AuditCategory).ToListAsync(Ct);
        rows.Select(a => (a.Action, a.EntityId)).OrderBy(a => a.EntityId == notMine.Id)
            .ShouldBe([(AuditAction.AccessDenied, (Guid?)own.Id), (AuditAction.AccessDenied, (Guid?)notMine.Id)]);
    }

    [Fact]
    public async System.Threading.Tasks.Task A_part_2_referral_with_the_patients_consent_exports_with_the_redisclosure_notice()
    {
        var (coordinator, team) = await _server.DemoUserAsync(StaffRole.Coordinator);
        var (_, own) = await ReferralAsync(team.Id, coordinator.Id, ReferralType.SubstanceUseTreatment, "Consented", consented: true);
        using var session = await SignedInAsync(coordinator.Id);

        using var response = await session.Client.GetAsync(ExportUri(own.Id), Ct);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var json = await response.Content.ReadAsStringAsync(Ct);
        json.ShouldContain("Alcohol use disorder, requests treatment");
        var bundle = FhirJsonDeserializer.STRICT.Deserialize<Bundle>(json);
        bundle.Meta!.Security.ShouldContain(s => s.Code == "R");
        var request = bundle.Entry.Select(e => e.Resource).OfType<ServiceRequest>().Single();
        var task = bundle.Entry.Select(e => e.Resource).OfType<FhirTask>().Single();
        request.Note.ShouldHaveSingleItem().Text.ShouldBe(ReferralFhirExport.Part2Notice);
        task.Note.ShouldHaveSingleItem().Text.ShouldBe(ReferralFhirExport.Part2Notice);
        ReferralFhirExport.Part2Notice.ShouldStartWith("This information has been disclosed to you from records protected by federal confidentiality rules (42 CFR part 2).");
        await using (var audit = _server.SystemDb())
        {
            (await audit.AuditEvents.AsNoTracking().Where(a => a.EntityId == own.Id && a.EntityType == ReferralFhirEndpoint.AuditCategory)
                .Select(a => a.Action).ToListAsync(Ct)).ShouldBe([AuditAction.Export]);
        }

        // The patient revokes: the same export is refused from then on.
        await using (var db = _server.SystemDb())
        {
            var stored = await db.Referrals.SingleAsync(r => r.Id == own.Id, Ct);
            stored.RevokePart2Consent(DateTimeOffset.UtcNow, coordinator.Id, null);
            await db.SaveChangesAsync(Ct);
        }
        using var afterRevoke = await session.Client.GetAsync(ExportUri(own.Id), Ct);
        afterRevoke.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await afterRevoke.Content.ReadAsStringAsync(Ct)).ShouldBe(ReferralFhirEndpoint.ConsentNeededText);
    }

    private static Uri ExportUri(Guid referralId) => new(ReferralFhirEndpoint.PathFor(referralId), UriKind.Relative);

    private async Task<CareHubHttpSession> SignedInAsync(Guid staffId)
    {
        var session = AnonymousClient();
        try
        {
            using var response = await session.SignInAsync(staffId, "/patients", Ct);
            if (response.StatusCode != HttpStatusCode.Redirect || session.AuthCookieHeader is null)
                throw new InvalidOperationException($"Sign-in failed: {(int)response.StatusCode} {response.Headers.Location}");
            return session;
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }

    private CareHubHttpSession AnonymousClient() => new(_server.BaseAddress);

    /// <summary>A new patient of <paramref name="teamId"/> with an accepted referral (a specialty or a substance use treatment one).</summary>
    private async Task<(Patient Patient, Referral Referral)> ReferralAsync(Guid teamId, Guid ownerId, ReferralType type, string family,
        bool consented = false)
    {
        var now = DateTimeOffset.UtcNow;
        var patient = new Patient(PatientsDatabase.NewMrn(), "TEST", "Pat", $"{family}{Guid.NewGuid():N}"[..20], new DateOnly(1950, 6, 15), AdministrativeSex.Female);
        patient.EnrolIn(teamId);
        var (destination, reason) = type == ReferralType.SubstanceUseTreatment
            ? ("New Path Recovery Center", "Alcohol use disorder, requests treatment")
            : ("Riverside Cardiology Associates", "Heart failure follow-up");
        var referral = new Referral(patient.Id, teamId, ownerId, type, ReferralUrgency.Routine, destination, reason, now.AddDays(-3));
        referral.MoveTo(ReferralStatus.Requested, now.AddDays(-2), ownerId, null);
        referral.MoveTo(ReferralStatus.Accepted, now.AddDays(-1), ownerId, null);
        if (consented)
        {
            // Signed two days ago: "today" in the referral clocks' zone is then past it, whatever the hour.
            var signed = DateOnly.FromDateTime(now.UtcDateTime).AddDays(-2);
            referral.RecordPart2Consent("The patient", "The care team", "Care coordination", signed, null, signed, now.AddDays(-1), ownerId);
        }
        await using var db = _server.SystemDb();
        db.Patients.Add(patient);
        db.Referrals.Add(referral);
        await db.SaveChangesAsync(Ct);
        return (patient, referral);
    }
}
