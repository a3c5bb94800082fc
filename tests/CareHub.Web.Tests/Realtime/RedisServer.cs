using System.Globalization;
using CareHub.Web.Realtime;
using Microsoft.Extensions.Logging.Abstractions;
using CareHub.Tests.Shared;
using StackExchange.Redis;

namespace CareHub.Web.Tests.Realtime;

/// <summary>
/// A real redis-server (tests/Shared/RedisProcess: Debian's package on a free port, no persistence) owned by one test
/// class: started with the class, stopped by its process id, and restartable on the same port for outage tests.
/// </summary>
public sealed class RedisServer : IAsyncLifetime
{
    private readonly RedisProcess _redis = RedisProcess.Create();

    public int Port => _redis.Port;

    /// <summary>The connection string for this server (what <c>ConnectionStrings:Redis</c> would say).</summary>
    public string ConnectionString => $"127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)}";

    public bool IsRunning => _redis.IsRunning;

    public ValueTask InitializeAsync() => new(StartAsync());

    public ValueTask DisposeAsync() => _redis.DisposeAsync();

    /// <summary>Starts redis-server (again) and waits until it accepts connections.</summary>
    public Task StartAsync() => _redis.StartAgainAsync();

    /// <summary>Kills redis-server (by its process id) and waits for it to exit: an outage.</summary>
    public void Stop() => _redis.StopAsync().GetAwaiter().GetResult();

    /// <summary>A started link to this server, as an app instance would have.</summary>
    public async Task<RedisLink> LinkAsync(string? connectionString = null)
    {
        var options = ConfigurationOptions.Parse(connectionString ?? ConnectionString);
        options.ConnectTimeout = 2_000;
        var link = new RedisLink(options, NullLogger<RedisLink>.Instance, TimeSpan.FromMilliseconds(100));
        await link.StartAsync(Xunit.TestContext.Current.CancellationToken);
        return link;
    }
}

internal static class Eventually
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    /// <summary>Waits until <paramref name="condition"/> holds; fails with <paramref name="what"/> after a generous timeout (never a timing claim).</summary>
    public static async Task HoldsAsync(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + Timeout;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
                throw new ShouldAssertException($"Still not true after {Timeout.TotalSeconds} s: {what}.");
            await Task.Delay(25, Xunit.TestContext.Current.CancellationToken);
        }
    }
}
