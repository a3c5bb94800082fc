using CareHub.Domain.Organization;
using CareHub.Tests.Infrastructure;
using CareHub.Web.Security;
using CareHub.Web.Tests.Infrastructure;

namespace CareHub.Web.Tests.Security;

/// <summary>Every response carries the browser-side safeguards; pages and downloads are never cached.</summary>
[Collection(SharedServerCollection.Name)]
public sealed class SecurityHeadersTests(SharedServer shared)
{
    private readonly CareHubServer _server = shared.Server;

    private static CancellationToken Ct => Xunit.TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("/account/signin")]
    [InlineData("/patients")]
    [InlineData("/census")]
    [InlineData("/health/ready")]
    [InlineData("/no-such-page")]
    public async Task A_response_carries_the_policy_and_is_not_stored(string path)
    {
        var (staff, _) = await _server.DemoUserAsync(StaffRole.Coordinator);
        using var session = await _server.SignedInClientAsync(staff.Id, Ct);

        using var response = await session.Client.GetAsync(new Uri(path, UriKind.Relative), Ct);

        var csp = response.Headers.GetValues("Content-Security-Policy").ShouldHaveSingleItem();
        csp.ShouldContain("default-src 'self'");
        csp.ShouldContain("object-src 'none'");
        csp.ShouldContain("frame-ancestors 'none'");
        csp.ShouldMatch("script-src 'self' 'nonce-[0-9A-F]{32}'");
        response.Headers.GetValues("X-Content-Type-Options").ShouldBe(["nosniff"]);
        response.Headers.GetValues("X-Frame-Options").ShouldBe(["DENY"]);
        response.Headers.GetValues("Referrer-Policy").ShouldBe(["no-referrer"]);
        response.Headers.CacheControl.ShouldNotBeNull().NoStore.ShouldBeTrue();
    }

    [Fact]
    public async Task Each_page_gets_its_own_nonce_and_the_import_map_carries_it()
    {
        using var session = _server.AnonymousClient();

        using var first = await session.Client.GetAsync(new Uri("/account/signin", UriKind.Relative), Ct);
        using var second = await session.Client.GetAsync(new Uri("/account/signin", UriKind.Relative), Ct);

        var nonce = Nonce(first);
        nonce.ShouldNotBe(Nonce(second));
        (await first.Content.ReadAsStringAsync(Ct)).ShouldContain($"nonce=\"{nonce}\"");
    }

    [Fact]
    public async Task A_static_asset_keeps_its_own_caching()
    {
        using var session = _server.AnonymousClient();

        using var response = await session.Client.GetAsync(new Uri("/favicon.png", UriKind.Relative), Ct);

        response.Headers.CacheControl?.NoStore.ShouldNotBe(true);
        response.Headers.Contains("Content-Security-Policy").ShouldBeTrue();
    }

    private static string Nonce(HttpResponseMessage response)
    {
        var csp = response.Headers.GetValues("Content-Security-Policy").Single();
        var start = csp.IndexOf("'nonce-", StringComparison.Ordinal) + "'nonce-".Length;
        return csp[start..csp.IndexOf('\'', start)];
    }

    [Fact]
    public void The_policy_never_allows_inline_or_evaluated_scripts()
    {
        var policy = SecurityHeadersMiddleware.Policy("abc");
        var scripts = policy.Split(';').Single(d => d.Trim().StartsWith("script-src", StringComparison.Ordinal));
        scripts.ShouldNotContain("unsafe-inline");
        scripts.ShouldNotContain("unsafe-eval");
    }
}
