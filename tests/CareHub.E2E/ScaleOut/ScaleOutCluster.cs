using System.Globalization;
using CareHub.Data;
using CareHub.Data.Access;
using CareHub.E2E.Infrastructure;
using CareHub.Tests.Shared;
using Microsoft.EntityFrameworkCore;

namespace CareHub.E2E.ScaleOut;

/// <summary>
/// CareHub past one machine, as production runs it: two app instances as separate processes on one database (a shared
/// SQLite file here; SQL Server in production), a real Redis carrying the realtime bus, presence and the hub's
/// backplane, and a sticky load balancer in front; plus Chromium. Each browser context goes through the balancer.
/// </summary>
public sealed class ScaleOutCluster : IAsyncLifetime, IBrowserHost
{
    private readonly string _dataFolder = Path.Combine(Path.GetTempPath(), "carehub-scaleout", Guid.NewGuid().ToString("N"));
    private IPlaywright? _playwright;
    private IBrowser? _browser;
    private DbContextOptions<CareHubDbContext>? _db;

    public RedisProcess Redis { get; private set; } = default!;
    public Dictionary<string, AppProcess> Instances { get; } = [];
    public StickyLoadBalancer Balancer { get; private set; } = default!;

    public async ValueTask InitializeAsync()
    {
        Directory.CreateDirectory(_dataFolder);
        Redis = await RedisProcess.StartAsync();
        // One after the other: the first migrates and seeds the shared database, the second finds it ready.
        foreach (var name in new[] { "a", "b" })
            Instances[name] = await AppProcess.StartAsync(name, Settings());
        Balancer = await StickyLoadBalancer.StartAsync(Instances.ToDictionary(i => i.Key, i => i.Value.BaseAddress));
        var settings = DatabaseSettings.Parse("Sqlite", $"Data Source={Path.Combine(_dataFolder, "carehub.db")}", _dataFolder);
        _db = CareHubDbContextFactory.BuildOptions(settings, TimeProvider.System);

        SetDefaultExpectTimeout(15_000);
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(CareHubBrowser.LaunchOptions());
    }

    private Dictionary<string, string> Settings() => new()
    {
        ["ASPNETCORE_ENVIRONMENT"] = "Testing",
        ["Database__DataFolder"] = _dataFolder,
        ["DemoData__Enabled"] = "true",
        ["DemoData__Patients"] = "80",
        ["ConnectionStrings__Redis"] = Redis.ConnectionString,
        ["Realtime__Presence__TimeToLive"] = "00:00:10",
        ["Realtime__Presence__HeartbeatInterval"] = "00:00:03",
    };

    public CareHubDbContext SystemDb() => new(_db ?? throw new InvalidOperationException("Not started."), AccessScope.System("test"));

    public async Task<IBrowserContext> NewContextAsync()
    {
        var context = await (_browser ?? throw new InvalidOperationException("The browser is not started.")).NewContextAsync(new()
        {
            BaseURL = Balancer.Address.ToString(),
            ViewportSize = new() { Width = 1366, Height = 900 },
            Locale = "en-US",
        });
        context.SetDefaultTimeout(15_000);
        return context;
    }

    /// <summary>Which instance serves this page's browser now (the balancer's cookie decides).</summary>
    public static async Task<string> InstanceOfAsync(IPage page) =>
        await page.EvaluateAsync<string>($"async () => (await fetch('/health/live', {{ cache: 'no-store' }})).headers.get('{StickyLoadBalancer.ServedBy}')");

    public async ValueTask DisposeAsync()
    {
        if (_browser is not null)
            await _browser.DisposeAsync();
        _playwright?.Dispose();
        if (Balancer is not null)
            await Balancer.DisposeAsync();
        foreach (var instance in Instances.Values)
            await instance.DisposeAsync();
        if (Redis is not null)
            await Redis.DisposeAsync();
        try
        {
            Directory.Delete(_dataFolder, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

/// <summary>The scale-out journeys share one cluster, one test after another.</summary>
[CollectionDefinition(Name)]
public sealed class ScaleOutCollection : ICollectionFixture<ScaleOutCluster>
{
    public const string Name = "ScaleOut";

    public static string Seconds(TimeSpan span) => span.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture);
}
