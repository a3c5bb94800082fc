using System.Net;
using CareHub.Domain.Organization;
using CareHub.Tests.Infrastructure;
using CareHub.Web.Security;
using CareHub.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;

namespace CareHub.Web.Tests.Security;

/// <summary>The development sign-in and the fallback policy, over real HTTP against the real app on Kestrel.</summary>
[Collection(SharedServerCollection.Name)]
public sealed class DevelopmentSignInTests(SharedServer shared)
{
    private readonly CareHubServer _server = shared.Server;

    private static CancellationToken Ct => Xunit.TestContext.Current.CancellationToken;

    [Fact]
    public async Task An_anonymous_request_for_patients_is_sent_to_sign_in_and_back()
    {
        using var session = _server.AnonymousClient();

        using var response = await session.Client.GetAsync(new Uri("/patients?page=2", UriKind.Relative), Ct);

        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var location = new Uri(session.BaseAddress, response.Headers.Location!);
        location.AbsolutePath.ShouldBe("/account/signin");
        QueryHelpers.ParseQuery(location.Query)["ReturnUrl"].ToString().ShouldBe("/patients?page=2");
    }

    [Theory]
    [InlineData("/account/signin?ReturnUrl=%2Fpatients%3Fpage%3D2", "/patients?page=2")]
    [InlineData("/account/signin?returnUrl=%2Fpatients", "/patients")]
    [InlineData("/account/signin?ReturnUrl=%2F%2Fevil.example", "/")]
    [InlineData("/account/signin", "/")]
    public async Task The_sign_in_forms_carry_the_return_url_only_when_it_stays_in_the_app(string page, string carried)
    {
        using var session = _server.AnonymousClient();

        var html = await session.Client.GetStringAsync(new Uri(page, UriKind.Relative), Ct);

        var values = System.Text.RegularExpressions.Regex.Matches(html, "name=\"returnUrl\" value=\"([^\"]*)\"")
            .Select(m => WebUtility.HtmlDecode(m.Groups[1].Value)).Distinct().ToList();
        values.ShouldBe([carried]);
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/patients/0199a1b2-0000-7000-8000-000000000001")]
    [InlineData("/hubs/carehub/negotiate?negotiateVersion=1")]
    public async Task Nothing_but_sign_in_health_and_static_files_answers_without_signing_in(string path)
    {
        using var session = _server.AnonymousClient();

        using var response = await session.Client.GetAsync(new Uri(path, UriKind.Relative), Ct);

        ((int)response.StatusCode).ShouldBeOneOf(302, 401);
        (await response.Content.ReadAsStringAsync(Ct)).ShouldNotContain("data-testid");
    }

    [Fact]
    public async Task The_sign_in_page_lists_every_active_demo_user_by_name_role_and_team_without_signing_in()
    {
        using var session = _server.AnonymousClient();

        var html = WebUtility.HtmlDecode(await session.Client.GetStringAsync(new Uri("/account/signin", UriKind.Relative), Ct));

        await using var db = _server.SystemDb();
        var staff = await db.Staff.AsNoTracking().Where(s => s.IsActive).ToListAsync(Ct);
        var teams = await db.CareTeams.AsNoTracking().Select(t => t.Name).ToListAsync(Ct);
        staff.Count.ShouldBeGreaterThan(10);
        foreach (var person in staff)
            html.ShouldContain($"<span class=\"signin-name\">{person.DisplayName}</span>");
        foreach (var role in staff.Select(s => s.Role).Distinct())
            html.ShouldContain($"<span class=\"signin-role\">{StaffText.Role(role)} · ");
        foreach (var team in teams)
            html.ShouldContain(team);
        html.Split("data-testid=\"demo-user\"").Length.ShouldBe(staff.Count + 1);
    }

    [Fact]
    public async Task Signing_in_sets_the_cookie_and_opens_the_patient_list()
    {
        var (coordinator, _) = await _server.DemoUserAsync(StaffRole.Coordinator);
        using var session = await _server.SignedInClientAsync(coordinator.Id, Ct);

        using var response = await session.Client.GetAsync(new Uri("/patients", UriKind.Relative), Ct);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        session.AuthCookieHeader.ShouldNotBeNull();
        var cookie = session.Cookies.GetCookies(session.BaseAddress)[CareHubServer.AuthCookie]!;
        cookie.HttpOnly.ShouldBeTrue();
    }

    [Fact]
    public async Task Signing_in_as_an_unknown_user_returns_to_the_page_with_an_error_and_no_cookie()
    {
        using var session = _server.AnonymousClient();

        using var response = await session.SignInAsync(Guid.NewGuid(), "/patients", Ct);

        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        response.Headers.Location!.OriginalString.ShouldBe("/account/signin?error=unknown");
        session.AuthCookieHeader.ShouldBeNull();
        var page = await session.Client.GetStringAsync(response.Headers.Location, Ct);
        page.ShouldContain("That user does not exist or is no longer active.");
    }

    [Fact]
    public async Task A_deactivated_user_is_not_offered_and_cannot_sign_in()
    {
        var leaver = new Staff("Lee", "Leaver", $"{Guid.NewGuid():N}@carehub.example", StaffRole.Nurse, "Nursing");
        leaver.Deactivate();
        await using (var db = _server.SystemDb())
        {
            db.Staff.Add(leaver);
            await db.SaveChangesAsync(Ct);
        }
        using var session = _server.AnonymousClient();

        var page = await session.Client.GetStringAsync(new Uri("/account/signin", UriKind.Relative), Ct);
        using var response = await session.SignInAsync(leaver.Id, "/patients", Ct);

        page.ShouldNotContain(leaver.Id.ToString());
        response.Headers.Location!.OriginalString.ShouldBe("/account/signin?error=unknown");
        session.AuthCookieHeader.ShouldBeNull();
    }

    [Fact]
    public async Task Posting_without_a_user_asks_to_choose_one()
    {
        using var session = _server.AnonymousClient();
        var token = CareHubServer.AntiforgeryToken(await session.Client.GetStringAsync(new Uri("/account/signin", UriKind.Relative), Ct))!;

        using var response = await PostSignInAsync(session, new() { ["staffId"] = "not-a-guid", ["__RequestVerificationToken"] = token });

        response.Headers.Location!.OriginalString.ShouldBe("/account/signin?error=choose");
        session.AuthCookieHeader.ShouldBeNull();
    }

    [Fact]
    public async Task Posting_without_an_antiforgery_token_is_refused()
    {
        var (coordinator, _) = await _server.DemoUserAsync(StaffRole.Coordinator);
        using var session = _server.AnonymousClient();
        // The antiforgery cookie is set, but the form does not carry the token (a cross-site post).
        await session.Client.GetStringAsync(new Uri("/account/signin", UriKind.Relative), Ct);

        using var response = await PostSignInAsync(session, new() { ["staffId"] = coordinator.Id.ToString(), ["returnUrl"] = "/patients" });

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.Content.ReadAsStringAsync(Ct)).ShouldContain("Open the sign-in page again.");
        session.AuthCookieHeader.ShouldBeNull();
    }

    [Fact]
    public async Task Posting_with_a_forged_antiforgery_token_is_refused()
    {
        var (coordinator, _) = await _server.DemoUserAsync(StaffRole.Coordinator);
        using var session = _server.AnonymousClient();
        await session.Client.GetStringAsync(new Uri("/account/signin", UriKind.Relative), Ct);

        using var response = await PostSignInAsync(session, new()
        {
            ["staffId"] = coordinator.Id.ToString(), ["returnUrl"] = "/patients", ["__RequestVerificationToken"] = "CfDJ8forged",
        });

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        session.AuthCookieHeader.ShouldBeNull();
    }

    [Theory]
    [InlineData("//evil.example")]
    [InlineData("//evil.example/patients")]
    [InlineData("https://evil.example")]
    [InlineData("http:evil.example")]
    [InlineData("/\\evil.example")]
    [InlineData("evil.example")]
    [InlineData("")]
    public async Task A_return_url_outside_the_app_lands_on_the_home_page(string returnUrl)
    {
        var (coordinator, _) = await _server.DemoUserAsync(StaffRole.Coordinator);
        using var session = _server.AnonymousClient();

        using var response = await session.SignInAsync(coordinator.Id, returnUrl, Ct);

        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        response.Headers.Location!.OriginalString.ShouldBe("/");
        session.AuthCookieHeader.ShouldNotBeNull();
    }

    [Fact]
    public async Task Signing_out_removes_the_cookie_and_the_next_request_must_sign_in_again()
    {
        var (coordinator, _) = await _server.DemoUserAsync(StaffRole.Coordinator);
        using var session = await _server.SignedInClientAsync(coordinator.Id, Ct);
        // A token for the signed-in user, from a form the app renders for them.
        var token = CareHubServer.AntiforgeryToken(await session.Client.GetStringAsync(new Uri("/account/signin", UriKind.Relative), Ct))!;

        using var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token });
        using var signOut = await session.Client.PostAsync(new Uri(SignOutEndpoint.Path, UriKind.Relative), form, Ct);
        using var after = await session.Client.GetAsync(new Uri("/patients", UriKind.Relative), Ct);

        signOut.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        signOut.Headers.Location!.OriginalString.ShouldBe("/account/signin?signedOut=1");
        session.AuthCookieHeader.ShouldBeNull();
        after.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        after.Headers.Location!.AbsolutePath.ShouldBe("/account/signin");
    }

    [Fact]
    public async Task Signing_in_reads_and_writes_no_patient_data()
    {
        var (coordinator, _) = await _server.DemoUserAsync(StaffRole.Coordinator);
        var before = await PatientDataFingerprintAsync();

        using var session = await _server.SignedInClientAsync(coordinator.Id, Ct);
        using var page = await session.Client.GetAsync(new Uri("/patients", UriKind.Relative), Ct);

        page.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await PatientDataFingerprintAsync()).ShouldBe(before);
    }

    private async Task<(int AuditRows, long Versions, int Patients)> PatientDataFingerprintAsync()
    {
        await using var db = _server.SystemDb();
        return (await db.AuditEvents.CountAsync(a => a.PatientId != null, Ct),
            await db.Patients.SumAsync(p => p.Version, Ct),
            await db.Patients.CountAsync(Ct));
    }

    private static async Task<HttpResponseMessage> PostSignInAsync(CareHubHttpSession session, Dictionary<string, string> fields)
    {
        using var form = new FormUrlEncodedContent(fields);
        return await session.Client.PostAsync(new Uri(DevelopmentSignIn.PostPath, UriKind.Relative), form, Ct);
    }
}
