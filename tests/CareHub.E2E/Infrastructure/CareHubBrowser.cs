using CareHub.Tests.Infrastructure;

namespace CareHub.E2E.Infrastructure;

/// <summary>
/// One app server and one Chromium for a whole test collection; each test takes its own browser context
/// (its own cookies, so its own signed-in person).
/// </summary>
public sealed class CareHubBrowser : IAsyncLifetime, IBrowserHost
{
    // Debian's Chromium: Playwright's own browser download cannot run here (no internet).
    private const string DefaultChromium = "/usr/bin/chromium";

    private IPlaywright? _playwright;
    private IBrowser? _browser;

    // The ADT listener on a free port: the census journey sends to it over a real MLLP connection.
    public CareHubServer Server { get; } = new(settings: new Dictionary<string, string?>
    {
        ["Census:Listener:Enabled"] = "true",
        ["Census:Listener:Port"] = "0",
    });

    public DemoData Data => new(Server);

    public async ValueTask InitializeAsync()
    {
        // The first interactive page of a cold server takes a few seconds on two cores; MudBlazor animates.
        SetDefaultExpectTimeout(15_000);
        Server.Start();
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(LaunchOptions());
    }

    /// <summary>Debian's Chromium, headless, quiet on the closed network.</summary>
    public static BrowserTypeLaunchOptions LaunchOptions() => new()
    {
        ExecutablePath = Environment.GetEnvironmentVariable("PLAYWRIGHT_CHROMIUM_EXECUTABLE") is { Length: > 0 } path ? path : DefaultChromium,
        Headless = true,
        // Without the networking flags Chromium keeps calling home and floods the closed network.
        Args =
        [
            "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", "--no-first-run", "--disable-dev-shm-usage",
        ],
    };

    public CareHub.Data.CareHubDbContext SystemDb() => Server.SystemDb();

    /// <summary>A fresh browser context: nobody signed in, a laptop-sized window.</summary>
    public async Task<IBrowserContext> NewContextAsync()
    {
        var context = await (_browser ?? throw new InvalidOperationException("The browser is not started.")).NewContextAsync(new()
        {
            BaseURL = Server.BaseAddress.ToString(),
            ViewportSize = new() { Width = 1366, Height = 900 },
            Locale = "en-US",
        });
        context.SetDefaultTimeout(15_000);
        return context;
    }

    public async ValueTask DisposeAsync()
    {
        if (_browser is not null)
            await _browser.DisposeAsync();
        _playwright?.Dispose();
        await Server.DisposeAsync();
    }
}

/// <summary>The browser tests share one server and one browser, so they run one after another.</summary>
[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<CareHubBrowser>
{
    public const string Name = "Browser";
}
