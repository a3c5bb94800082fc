using System.Net;
using CareHub.Domain.Organization;
using CareHub.Tests.Infrastructure;
using CareHub.Web.Security;
using CareHub.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CareHub.Web.Tests.Security;

/// <summary>Every sign-in is a session; once the idle logoff ends it, its cookie is refused and deleted on the next request.</summary>
[Collection(SharedServerCollection.Name)]
public sealed class SessionCookieTests(SharedServer shared)
{
    private readonly CareHubServer _server = shared.Server;

    [Fact]
    public async Task The_cookie_of_an_ended_session_is_refused_and_deleted_and_the_next_page_asks_for_sign_in()
    {
        var ct = Xunit.TestContext.Current.CancellationToken;
        var (staff, _) = await _server.DemoUserAsync(StaffRole.Coordinator);
        using var ended = await _server.SignedInClientAsync(staff.Id, ct);
        using var other = await _server.SignedInClientAsync(staff.Id, ct);
        var sessionId = SessionOf(ended);
        sessionId.ShouldNotBeNull("the sign-in issued a cookie without a session id");
        SessionOf(other).ShouldNotBe(sessionId, "each sign-in is its own session");
        using (var before = await ended.Client.GetAsync(new Uri("/patients", UriKind.Relative), ct))
            before.StatusCode.ShouldBe(HttpStatusCode.OK);

        _server.Services.GetRequiredService<SignInSessions>().End(sessionId);

        using var after = await ended.Client.GetAsync(new Uri("/patients", UriKind.Relative), ct);
        after.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        after.Headers.Location!.OriginalString.ShouldContain(DevelopmentSignIn.Path);
        ended.AuthCookieHeader.ShouldBeNull("the ended session's cookie is still in the browser");
        using var stillSignedIn = await other.Client.GetAsync(new Uri("/patients", UriKind.Relative), ct);
        stillSignedIn.StatusCode.ShouldBe(HttpStatusCode.OK, "ending one sign-in ended another");
    }

    private string? SessionOf(CareHubHttpSession session)
    {
        var value = session.Cookies.GetCookies(session.BaseAddress)[CareHubServer.AuthCookie]!.Value;
        var cookies = _server.Services.GetRequiredService<IOptionsMonitor<CookieAuthenticationOptions>>().Get(CookieAuthenticationDefaults.AuthenticationScheme);
        var ticket = cookies.TicketDataFormat.Unprotect(value);
        return ticket?.Principal.GetSessionId();
    }
}
