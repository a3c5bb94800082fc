using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using CareHub.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace CareHub.Web.Tests.Composition;

/// <summary>
/// Outside Development and Testing the app redirects HTTP to HTTPS and sends HSTS on HTTPS: checked against a Production
/// instance listening on HTTP and on HTTPS (a self-signed certificate), and against a Testing instance, which does neither.
/// </summary>
public sealed class ProductionPipelineTests : IDisposable
{
    private const string Password = "carehub-test";
    private readonly string _certificate = Path.Combine(Path.GetTempPath(), $"carehub-https-{Guid.NewGuid():N}.pfx");

    private static CancellationToken Ct => Xunit.TestContext.Current.CancellationToken;

    public ProductionPipelineTests()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=carehub.example", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new("1.3.6.1.5.5.7.3.1")], critical: false));
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        File.WriteAllBytes(_certificate, certificate.Export(X509ContentType.Pfx, Password));
    }

    [Fact]
    public async Task In_Production_HTTP_is_redirected_to_HTTPS_and_HTTPS_answers_with_HSTS()
    {
        using var server = Server("Production", StartupSettingsTests.Production()).Start();
        var https = Address(server, "https");

        using var redirected = await SendAsync(new Uri(Address(server, "http"), "/health/live"));
        using var secure = await SendAsync(new Uri(https, "/health/live"));

        redirected.StatusCode.ShouldBe(HttpStatusCode.TemporaryRedirect);
        // To the same host name on the HTTPS port.
        redirected.Headers.Location.ShouldBe(new UriBuilder(https) { Host = "carehub.example", Path = "/health/live" }.Uri);
        secure.StatusCode.ShouldBe(HttpStatusCode.OK);
        secure.Headers.GetValues("Strict-Transport-Security").ShouldHaveSingleItem().ShouldStartWith("max-age=");
    }

    [Fact]
    public async Task In_Testing_neither_redirection_nor_HSTS_runs()
    {
        using var server = Server("Testing", new Dictionary<string, string?> { ["DemoData:Patients"] = "10" }).Start();

        using var plain = await SendAsync(new Uri(Address(server, "http"), "/health/live"));
        using var secure = await SendAsync(new Uri(Address(server, "https"), "/health/live"));

        plain.StatusCode.ShouldBe(HttpStatusCode.OK);
        secure.StatusCode.ShouldBe(HttpStatusCode.OK);
        secure.Headers.Contains("Strict-Transport-Security").ShouldBeFalse();
    }

    public void Dispose() => File.Delete(_certificate);

    /// <summary>The app on its usual HTTP endpoint and on an HTTPS endpoint of the configuration.</summary>
    private CareHubServer Server(string environment, Dictionary<string, string?> settings)
    {
        settings["Kestrel:Endpoints:Https:Url"] = "https://127.0.0.1:0";
        settings["Kestrel:Endpoints:Https:Certificate:Path"] = _certificate;
        settings["Kestrel:Endpoints:Https:Certificate:Password"] = Password;
        return new CareHubServer(patients: 10, settings: settings, environment: environment);
    }

    private static Uri Address(CareHubServer server, string scheme) =>
        new(server.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses
            .Single(a => a.StartsWith(scheme + "://", StringComparison.Ordinal)));

    /// <summary>A request for the host name carehub.example (HSTS is never sent to localhost or 127.0.0.1), accepting the test certificate.</summary>
    private static async Task<HttpResponseMessage> SendAsync(Uri uri)
    {
#pragma warning disable CA5359 // the test's own self-signed certificate
        using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, ServerCertificateCustomValidationCallback = (_, _, _, _) => true });
#pragma warning restore CA5359
        using var request = new HttpRequestMessage(HttpMethod.Get, uri);
        request.Headers.Host = "carehub.example";
        return await client.SendAsync(request, Ct);
    }
}
