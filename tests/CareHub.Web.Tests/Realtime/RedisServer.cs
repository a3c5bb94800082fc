using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using CareHub.Web.Realtime;
using Microsoft.Extensions.Logging.Abstractions;
using StackExchange.Redis;

namespace CareHub.Web.Tests.Realtime;

/// <summary>
/// A real redis-server (the Debian package) on a free port of 127.0.0.1, with no persistence, owned by one test class:
/// started on first use, stopped by its process id, and restartable on the same port for outage tests.
/// </summary>
public sealed class RedisServer : IAsyncLifetime
{
    private static readonly string[] Candidates = ["/usr/bin/redis-server", "/usr/local/bin/redis-server"];
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);

    private Process? _process;

    public int Port { get; } = FreePort();

    /// <summary>The connection string for this server (what <c>ConnectionStrings:Redis</c> would say).</summary>
    public string ConnectionString => $"127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)}";

    public bool IsRunning => _process is { HasExited: false };

    public ValueTask InitializeAsync() => new(StartAsync());

    public ValueTask DisposeAsync()
    {
        Stop();
        return ValueTask.CompletedTask;
    }

    /// <summary>Starts redis-server and waits until it accepts connections.</summary>
    public async Task StartAsync()
    {
        if (IsRunning)
            return;
        var onPath = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(folder => Path.Combine(folder, "redis-server"));
        var executable = Candidates.Concat(onPath).FirstOrDefault(File.Exists) ?? throw new InvalidOperationException(
            "redis-server is not installed, so the Redis scale-out tests cannot run. Run ./scripts/test.sh, which installs it " +
            "(or: apt-get update && apt-get install -y --no-install-recommends redis-server).");
        var start = new ProcessStartInfo(executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "--port", Port.ToString(CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no" })
            start.ArgumentList.Add(argument);
        _process = Process.Start(start) ?? throw new InvalidOperationException("redis-server did not start.");
        // Drain its output so that it never blocks on a full pipe.
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        await WaitUntilAcceptingAsync();
    }

    /// <summary>Kills redis-server (by its process id) and waits for it to exit: an outage.</summary>
    public void Stop()
    {
        if (_process is not { } process)
            return;
        _process = null;
        try
        {
            if (!process.HasExited)
            {
                process.Kill();
                process.WaitForExit(TimeSpan.FromSeconds(30));
            }
        }
        finally
        {
            process.Dispose();
        }
    }

    /// <summary>A started link to this server, as an app instance would have.</summary>
    public async Task<RedisLink> LinkAsync(string? connectionString = null)
    {
        var options = ConfigurationOptions.Parse(connectionString ?? ConnectionString);
        options.ConnectTimeout = 2_000;
        var link = new RedisLink(options, NullLogger<RedisLink>.Instance, TimeSpan.FromMilliseconds(100));
        await link.StartAsync(Xunit.TestContext.Current.CancellationToken);
        return link;
    }

    private async Task WaitUntilAcceptingAsync()
    {
        using var timeout = new CancellationTokenSource(StartTimeout);
        while (true)
        {
            if (_process is { HasExited: true } exited)
                throw new InvalidOperationException($"redis-server exited at start with code {exited.ExitCode} (port {Port}).");
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, Port, timeout.Token);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(50, timeout.Token);
            }
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
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
