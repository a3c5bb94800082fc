using CareHub.Data;

namespace CareHub.E2E.Infrastructure;

/// <summary>Where the browser journeys run: browser contexts pointed at the app, and the app's database to arrange and check data.</summary>
public interface IBrowserHost
{
    /// <summary>A fresh browser context: nobody signed in, a laptop-sized window.</summary>
    Task<IBrowserContext> NewContextAsync();

    /// <summary>A context that sees everything: for arranging and checking data, never for the app.</summary>
    CareHubDbContext SystemDb();
}
