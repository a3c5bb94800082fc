using System.Net;
using System.Text.RegularExpressions;
using CareHub.Data;
using CareHub.Data.Access;
using CareHub.Domain.Organization;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CareHub.Tests.Infrastructure;

/// <summary>
/// The real app on real Kestrel (127.0.0.1, a free port) with its own SQLite file and a small synthetic
/// data set: what the integration and browser tests talk to over real HTTP, SignalR and WebSockets.
/// </summary>
public sealed partial class CareHubServer : WebApplicationFactory<Program>
{
    private readonly string _dataFolder = Path.Combine(Path.GetTempPath(), "carehub-tests", Guid.NewGuid().ToString("N"));
    private readonly Dictionary<string, string?> _settings;

    public CareHubServer(int patients = 80, IDictionary<string, string?>? settings = null)
    {
        _settings = new Dictionary<string, string?>
        {
            ["Database:DataFolder"] = _dataFolder,
            ["DemoData:Enabled"] = "true",
            ["DemoData:Patients"] = patients.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
            _settings[key] = value;
        UseKestrel(0);
    }

    public Uri BaseAddress => new(Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First()
        .Replace("[::]", "127.0.0.1", StringComparison.Ordinal).Replace("0.0.0.0", "127.0.0.1", StringComparison.Ordinal)
        .Replace("localhost", "127.0.0.1", StringComparison.Ordinal));

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseUrls("http://127.0.0.1:0");
        foreach (var (key, value) in _settings)
            builder.UseSetting(key, value);
    }

    /// <summary>Starts Kestrel (migration and demo data run before it answers).</summary>
    public CareHubServer Start()
    {
        StartServer();
        return this;
    }

    /// <summary>A context that sees everything: for arranging and checking data, never for the app.</summary>
    public CareHubDbContext SystemDb() =>
        new(Services.GetRequiredService<DbContextOptions<CareHubDbContext>>(), AccessScope.System("test"));

    /// <summary>A context that sees what <paramref name="staffId"/> sees.</summary>
    public async Task<CareHubDbContext> DbAsAsync(Guid staffId)
    {
        await using var db = SystemDb();
        var teams = await db.TeamMemberships.Where(m => m.StaffId == staffId).Select(m => m.TeamId).ToListAsync();
        return new(Services.GetRequiredService<DbContextOptions<CareHubDbContext>>(), new AccessScope(staffId.ToString(), teams, "test"));
    }

    /// <summary>The first demo user with the role who is on exactly one team, and that team.</summary>
    public async Task<(Staff Staff, CareTeam Team)> DemoUserAsync(StaffRole role, int skip = 0)
    {
        await using var db = SystemDb();
        var teams = await db.CareTeams.Include(t => t.Members).OrderBy(t => t.Name).ToListAsync();
        var staff = await db.Staff.Where(s => s.Role == role).OrderBy(s => s.FamilyName).ToListAsync();
        var pick = staff.Where(s => teams.Count(t => t.Members.Any(m => m.StaffId == s.Id)) == 1).Skip(skip).First();
        return (pick, teams.Single(t => t.Members.Any(m => m.StaffId == pick.Id)));
    }

    /// <summary>An HTTP client with its own cookie jar, signed in through the development sign-in form.</summary>
    public async Task<HttpClient> SignedInClientAsync(Guid staffId)
    {
        var client = AnonymousClient();
        var page = await client.GetStringAsync("/account/signin");
        var token = AntiforgeryField().Match(page).Groups[1].Value;
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["staffId"] = staffId.ToString(),
            ["returnUrl"] = "/patients",
            ["__RequestVerificationToken"] = WebUtility.HtmlDecode(token),
        });
        using var response = await client.PostAsync("/account/signin/demo", form);
        if (response.StatusCode != HttpStatusCode.Redirect || response.Headers.Location?.OriginalString != "/patients")
            throw new InvalidOperationException($"Sign-in failed: {(int)response.StatusCode} {response.Headers.Location}");
        return client;
    }

    public HttpClient AnonymousClient()
    {
        var handler = new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = new CookieContainer(), UseCookies = true };
        return new HttpClient(handler, disposeHandler: true) { BaseAddress = BaseAddress };
    }

    /// <summary>The cookie header of a signed-in client, for SignalR connections.</summary>
    public string CookieHeader(HttpClient client, HttpClientHandler handler) => handler.CookieContainer.GetCookieHeader(BaseAddress);

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_dataFolder, recursive: true);
        }
        catch (IOException)
        {
            // A file still open on a slow machine: the temp folder is cleaned by the OS.
        }
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"|type=\"hidden\" name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();
}
