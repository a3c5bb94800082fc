using System.Net;
using CareHub.Domain.Audit;
using CareHub.Domain.CarePlans;
using CareHub.Domain.Organization;
using CareHub.Domain.Patients;
using CareHub.Tests.Infrastructure;
using CareHub.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace CareHub.Web.Tests.Features.CarePlans;

/// <summary>
/// GET /patients/{id}/care-plan/export over real HTTP against the real app on Kestrel: the file for an own patient,
/// the same 404 for another team's patient and a missing one, sign-in required, audited as an export, never cached.
/// </summary>
[Collection(SharedServerCollection.Name)]
public sealed class CarePlanExportEndpointTests(SharedServer shared)
{
    private const string Script = "<script>alert(1)</script>";

    private readonly CareHubServer _server = shared.Server;

    private static CancellationToken Ct => Xunit.TestContext.Current.CancellationToken;

    [Fact]
    public async Task An_own_patients_plan_downloads_as_an_html_file_that_is_never_cached_and_is_audited_as_an_export()
    {
        var (coordinator, team) = await _server.DemoUserAsync(StaffRole.Coordinator);
        var patient = await PatientWithPlanAsync(team.Id, "Exported");
        using var session = await _server.SignedInClientAsync(coordinator.Id, Ct);

        using var response = await session.Client.GetAsync(ExportUri(patient.Id), Ct);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("text/html");
        var disposition = response.Content.Headers.ContentDisposition!;
        disposition.DispositionType.ShouldBe("attachment");
        disposition.FileName!.Trim('"').ShouldMatch(@"^care-plan-20\d{6}\.html$");
        disposition.ToString().ShouldNotContain(patient.FamilyName);
        response.Headers.CacheControl!.NoStore.ShouldBeTrue();
        var html = await response.Content.ReadAsStringAsync(Ct);
        html.ShouldStartWith("<!DOCTYPE html>");
        html.ShouldContain($"{patient.FamilyName}, {patient.GivenName}");
        html.ShouldContain("Walks 20 minutes a day");
        html.ShouldContain("<h2>History</h2>");
        html.ShouldContain("&lt;script&gt;alert(1)&lt;/script&gt;");
        html.ShouldNotContain(Script);
        html.ShouldNotContain("<script", Case.Insensitive);

        await using var db = _server.SystemDb();
        var exports = await db.AuditEvents.AsNoTracking()
            .Where(a => a.PatientId == patient.Id && a.Action == AuditAction.Export).ToListAsync(Ct);
        var export = exports.ShouldHaveSingleItem();
        export.UserId.ShouldBe(coordinator.Id.ToString());
        export.EntityType.ShouldBe("CarePlan");
        export.Source.ShouldStartWith("http:");
    }

    public static TheoryData<string> Payloads =>
    [
        "<img src=x onerror=window.__xss=1>",
        "<script>window.__xss=1</script>",
        "\"><svg onload=window.__xss=1>",
        "javascript:window.__xss=1//",
    ];

    [Theory]
    [MemberData(nameof(Payloads))]
    public async Task A_script_payload_in_every_field_of_the_export_is_encoded_as_text(string payload)
    {
        var (coordinator, team) = await _server.DemoUserAsync(StaffRole.Coordinator);
        var now = DateTimeOffset.UtcNow;
        var patient = new Patient(PatientsDatabase.NewMrn(), "TEST", payload, $"Xss{Guid.NewGuid():N}"[..20], new DateOnly(1950, 6, 15), AdministrativeSex.Female);
        patient.EnrolIn(team.Id);
        var plan = new CarePlan(patient.Id, payload, now.AddDays(-1));
        plan.Activate();
        var kinds = Enum.GetValues<CarePlanItemKind>();
        var items = kinds.Select((kind, i) => plan.AddItem(new CarePlanItemSpec(kind, payload) { Detail = payload }, i)).ToList();
        await using (var db = _server.SystemDb())
        {
            db.Patients.Add(patient);
            db.CarePlans.Add(plan);
            db.CarePlanItems.AddRange(items);
            db.CarePlanChanges.AddRange(items.Select(item =>
                new CarePlanChange(plan, item, null, null, item.Text, null, now.AddHours(-1), item.Version, 0, merged: false)));
            await db.SaveChangesAsync(Ct);
        }
        using var session = await _server.SignedInClientAsync(coordinator.Id, Ct);

        using var response = await session.Client.GetAsync(ExportUri(patient.Id), Ct);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var html = await response.Content.ReadAsStringAsync(Ct);
        var encoded = System.Net.WebUtility.HtmlEncode(payload);
        // The name (title and heading), the plan's title, every kind's text and detail, and the history's "after" text.
        CountOf(html, encoded).ShouldBeGreaterThanOrEqualTo(2 + 1 + 2 * kinds.Length);
        if (payload.Contains('<', StringComparison.Ordinal))
            html.ShouldNotContain(payload);
        html.ShouldNotContain("<script", Case.Insensitive);
        html.ShouldNotContain("<img", Case.Insensitive);
        html.ShouldNotContain("<svg", Case.Insensitive);
        html.ShouldNotContain("href=\"javascript:", Case.Insensitive);
    }

    private static int CountOf(string text, string part)
    {
        var count = 0;
        for (var at = text.IndexOf(part, StringComparison.Ordinal); at >= 0; at = text.IndexOf(part, at + part.Length, StringComparison.Ordinal))
            count++;
        return count;
    }

    [Fact]
    public async Task Another_teams_patient_and_a_missing_one_get_the_same_404()
    {
        var (coordinator, team) = await _server.DemoUserAsync(StaffRole.Coordinator);
        Guid otherTeam;
        await using (var db = _server.SystemDb())
            otherTeam = await db.CareTeams.Where(t => t.Id != team.Id).Select(t => t.Id).FirstAsync(Ct);
        var theirs = await PatientWithPlanAsync(otherTeam, "Foreign");
        using var session = await _server.SignedInClientAsync(coordinator.Id, Ct);

        using var foreign = await session.Client.GetAsync(ExportUri(theirs.Id), Ct);
        using var missing = await session.Client.GetAsync(ExportUri(Guid.NewGuid()), Ct);

        foreign.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        missing.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        var foreignBody = await foreign.Content.ReadAsStringAsync(Ct);
        foreignBody.ShouldBe(await missing.Content.ReadAsStringAsync(Ct));
        foreignBody.ShouldNotContain(theirs.FamilyName);
        foreign.Content.Headers.ContentType.ShouldBe(missing.Content.Headers.ContentType);
        foreign.Content.Headers.ContentDisposition.ShouldBeNull();
        foreign.Headers.CacheControl!.NoStore.ShouldBeTrue();
        missing.Headers.CacheControl!.NoStore.ShouldBeTrue();
        await using var audit = _server.SystemDb();
        (await audit.AuditEvents.AsNoTracking().AnyAsync(a => a.PatientId == theirs.Id && a.Action == AuditAction.Export, Ct)).ShouldBeFalse();
    }

    [Fact]
    public async Task Signed_out_the_export_is_refused_like_every_other_page()
    {
        var (_, team) = await _server.DemoUserAsync(StaffRole.Coordinator);
        var patient = await PatientWithPlanAsync(team.Id, "Anonymous");
        using var session = _server.AnonymousClient();

        using var response = await session.Client.GetAsync(ExportUri(patient.Id), Ct);

        ((int)response.StatusCode).ShouldBeOneOf(302, 401);
        if (response.StatusCode == HttpStatusCode.Redirect)
            new Uri(session.BaseAddress, response.Headers.Location!).AbsolutePath.ShouldBe("/account/signin");
        (await response.Content.ReadAsStringAsync(Ct)).ShouldNotContain(patient.FamilyName);
        response.Content.Headers.ContentDisposition.ShouldBeNull();
    }

    private static Uri ExportUri(Guid patientId) => new($"/patients/{patientId}/care-plan/export", UriKind.Relative);

    /// <summary>A new patient of <paramref name="teamId"/> with an active plan: a goal that was edited and a problem typed as markup.</summary>
    private async Task<Patient> PatientWithPlanAsync(Guid teamId, string family)
    {
        var now = DateTimeOffset.UtcNow;
        var patient = new Patient(PatientsDatabase.NewMrn(), "TEST", "Pat", $"{family}{Guid.NewGuid():N}"[..20], new DateOnly(1950, 6, 15), AdministrativeSex.Female);
        patient.EnrolIn(teamId);
        var plan = new CarePlan(patient.Id, "Care plan", now.AddDays(-1));
        plan.Activate();
        var goal = plan.AddItem(new CarePlanItemSpec(CarePlanItemKind.Goal, "Walks 10 minutes") { Category = CarePlanCategories.ShortTerm }, 0);
        var problem = plan.AddItem(new CarePlanItemSpec(CarePlanItemKind.Problem, Script), 1);
        await using var db = _server.SystemDb();
        db.Patients.Add(patient);
        db.CarePlans.Add(plan);
        db.CarePlanItems.AddRange(goal, problem);
        db.CarePlanChanges.AddRange(
            new CarePlanChange(plan, goal, null, null, goal.Text, null, now.AddHours(-2), goal.Version, 0, merged: false),
            new CarePlanChange(plan, problem, null, null, problem.Text, null, now.AddHours(-2), problem.Version, 0, merged: false));
        await db.SaveChangesAsync(Ct);

        goal.Set(CarePlanField.Text, "Walks 20 minutes a day");
        db.CarePlanChanges.Add(new CarePlanChange(plan, goal, CarePlanField.Text, "Walks 10 minutes", goal.Text, null, now.AddHours(-1),
            goal.Version + 1, goal.Version, merged: false));
        await db.SaveChangesAsync(Ct);
        return patient;
    }
}
