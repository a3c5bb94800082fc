using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using CareHub.Data;
using CareHub.Data.Access;
using CareHub.Domain.Organization;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CareHub.Tests.Infrastructure;

/// <summary>
/// The real app on real Kestrel (127.0.0.1, a free port) with its own SQLite file and a small synthetic
/// data set: what the integration and browser tests talk to over real HTTP, SignalR and WebSockets.
/// Start it once per test class or collection: a start with seeding costs about two seconds.
/// </summary>
public sealed partial class CareHubServer : WebApplicationFactory<Program>
{
    /// <summary>The name of the development sign-in's cookie.</summary>
    public const string AuthCookie = "carehub.auth";

    private readonly string _dataFolder = Path.Combine(Path.GetTempPath(), "carehub-tests", Guid.NewGuid().ToString("N"));
    private readonly Dictionary<string, string?> _settings;
    private readonly string _environment;
    private readonly Action<IServiceCollection>? _services;
    private int _cleanedUp;

    /// <param name="patients">How many demo patients to seed.</param>
    /// <param name="settings">Configuration that overrides the defaults (e.g. a bad setting to prove start-up stops).</param>
    /// <param name="environment">The hosting environment; the development sign-in runs only in Testing and Development.</param>
    /// <param name="services">Services to add or replace after the app's own (e.g. a telemetry exporter in memory).</param>
    public CareHubServer(int patients = 80, IDictionary<string, string?>? settings = null, string environment = "Testing",
        Action<IServiceCollection>? services = null)
    {
        _environment = environment;
        _services = services;
        _settings = new Dictionary<string, string?>
        {
            ["Database:DataFolder"] = _dataFolder,
            ["DemoData:Enabled"] = "true",
            ["DemoData:Patients"] = patients.ToString(CultureInfo.InvariantCulture),
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
            _settings[key] = value;
        // 127.0.0.1 with port 0: a free port, never "localhost" (dynamic ports cannot bind it) nor a fixed port.
        UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
    }

    /// <summary>The server's address, e.g. http://127.0.0.1:41234/ (starts the server if needed).</summary>
    public Uri BaseAddress
    {
        get
        {
            var address = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault()
                ?? throw new InvalidOperationException("Kestrel reports no address: the server has not started.");
            return new Uri(address.EndsWith('/') ? address : address + "/");
        }
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(_environment);
        foreach (var (key, value) in _settings)
            builder.UseSetting(key, value);
        if (_services is not null)
            builder.ConfigureTestServices(_services);
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

    /// <summary>The first active demo user with the role who is on exactly one team, and that team.</summary>
    public async Task<(Staff Staff, CareTeam Team)> DemoUserAsync(StaffRole role, int skip = 0)
    {
        await using var db = SystemDb();
        var teams = await db.CareTeams.AsNoTracking().Include(t => t.Members).OrderBy(t => t.Name).ToListAsync();
        var staff = await db.Staff.AsNoTracking().Where(s => s.Role == role && s.IsActive).OrderBy(s => s.FamilyName).ThenBy(s => s.GivenName).ToListAsync();
        var pick = staff.Where(s => teams.Count(t => t.Members.Any(m => m.StaffId == s.Id)) == 1).Skip(skip).FirstOrDefault()
            ?? throw new InvalidOperationException($"The demo data has no active {role} on exactly one team (skipping {skip}).");
        return (pick, teams.Single(t => t.Members.Any(m => m.StaffId == pick.Id)));
    }

    /// <summary>A client with its own cookie jar, signed in through the development sign-in form as <paramref name="staffId"/>.</summary>
    public async Task<CareHubHttpSession> SignedInClientAsync(Guid staffId, CancellationToken cancellationToken = default)
    {
        var session = AnonymousClient();
        try
        {
            using var response = await session.SignInAsync(staffId, "/patients", cancellationToken);
            if (response.StatusCode != HttpStatusCode.Redirect || response.Headers.Location?.OriginalString != "/patients" || session.AuthCookieHeader is null)
                throw new InvalidOperationException($"Sign-in failed: {(int)response.StatusCode} {response.Headers.Location}");
            return session;
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }

    /// <summary>A client with its own, empty cookie jar; redirects are not followed, so tests see them.</summary>
    public CareHubHttpSession AnonymousClient() => new(BaseAddress);

    /// <summary>The value of the antiforgery field of the first form in <paramref name="html"/> (null when there is none).</summary>
    public static string? AntiforgeryToken(string html) =>
        AntiforgeryField().Match(html) is { Success: true } match ? WebUtility.HtmlDecode(match.Groups["value"].Value) : null;

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (Interlocked.Exchange(ref _cleanedUp, 1) != 0)
            return;
        // Pooled connections keep the SQLite file open; close them before deleting the folder.
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            if (Directory.Exists(_dataFolder))
                Directory.Delete(_dataFolder, recursive: true);
        }
        catch (IOException)
        {
            // A file still open on a slow machine: the temp folder is cleaned by the OS.
        }
        catch (UnauthorizedAccessException)
        {
            // Likewise.
        }
    }

    // Blazor's <AntiforgeryToken /> renders <input type="hidden" name="__RequestVerificationToken" value="..." />;
    // attribute order is not guaranteed, so match the input whatever comes between.
    [GeneratedRegex("<input[^>]*name=\"__RequestVerificationToken\"[^>]*value=\"(?<value>[^\"]+)\"|<input[^>]*value=\"(?<value>[^\"]+)\"[^>]*name=\"__RequestVerificationToken\"")]
    private static partial Regex AntiforgeryField();
}

/// <summary>An HTTP client and its cookie jar (a SignalR client reuses the cookie through <see cref="CookieHeader"/>).</summary>
public sealed class CareHubHttpSession : IDisposable
{
    internal CareHubHttpSession(Uri baseAddress)
    {
        BaseAddress = baseAddress;
        Cookies = new CookieContainer();
        Client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = Cookies, UseCookies = true }, disposeHandler: true)
        {
            BaseAddress = baseAddress,
        };
    }

    public Uri BaseAddress { get; }

    public HttpClient Client { get; }

    public CookieContainer Cookies { get; }

    /// <summary>The Cookie header this client sends (for a SignalR connection's headers).</summary>
    public string CookieHeader => Cookies.GetCookieHeader(BaseAddress);

    /// <summary>The sign-in cookie, when this client has one.</summary>
    public string? AuthCookieHeader => Cookies.GetCookies(BaseAddress)[CareHubServer.AuthCookie] is { } cookie && !cookie.Expired && cookie.Value.Length > 0
        ? $"{cookie.Name}={cookie.Value}"
        : null;

    /// <summary>Fetches the sign-in page and posts its form for <paramref name="staffId"/>, with its antiforgery token.</summary>
    public async Task<HttpResponseMessage> SignInAsync(Guid staffId, string returnUrl, CancellationToken cancellationToken = default)
    {
        var page = await Client.GetStringAsync(new Uri("/account/signin", UriKind.Relative), cancellationToken);
        var token = CareHubServer.AntiforgeryToken(page)
            ?? throw new InvalidOperationException("The sign-in page has no antiforgery field.");
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["staffId"] = staffId.ToString(),
            ["returnUrl"] = returnUrl,
            ["__RequestVerificationToken"] = token,
        });
        return await Client.PostAsync(new Uri("/account/signin/demo", UriKind.Relative), form, cancellationToken);
    }

    public void Dispose() => Client.Dispose();
}
