using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;

namespace CareHub.Tests.Shared;

/// <summary>
/// A real Redis server (Debian's redis-server, installed by ./scripts/test.sh) on a free port of 127.0.0.1, with no
/// persistence. It can be stopped and started again on the same port (an outage), and is stopped by process id.
/// </summary>
public sealed class RedisProcess : IAsyncDisposable
{
    private static readonly string[] Candidates = ["/usr/bin/redis-server", "/usr/local/bin/redis-server"];
    private Process? _process;

    private RedisProcess(int port) => Port = port;

    public int Port { get; }

    /// <summary>The value of ConnectionStrings:Redis for this server.</summary>
    public string ConnectionString => $"127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)},abortConnect=false,connectTimeout=2000";

    public bool IsRunning => _process is { HasExited: false };

    public static async Task<RedisProcess> StartAsync()
    {
        var redis = Create();
        await redis.StartAgainAsync();
        return redis;
    }

    /// <summary>A server on a free port, not started yet.</summary>
    public static RedisProcess Create() => new(AppProcess.FreePort());

    private static string Executable()
    {
        var onPath = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(folder => Path.Combine(folder, "redis-server"));
        return Candidates.Concat(onPath).FirstOrDefault(File.Exists) ?? throw new InvalidOperationException(
            "redis-server is not installed, so the Redis scale-out tests cannot run. Run ./scripts/test.sh, which installs it " +
            "(or: apt-get update && apt-get install -y --no-install-recommends redis-server).");
    }

    /// <summary>Starts the server (again) on its port and waits until it answers.</summary>
    public async Task StartAgainAsync()
    {
        if (IsRunning)
            return;
        var start = new ProcessStartInfo(Executable())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { "--port", Port.ToString(CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--protected-mode", "yes" })
            start.ArgumentList.Add(arg);
        _process = Process.Start(start) ?? throw new InvalidOperationException("redis-server did not start.");
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(30))
        {
            if (_process.HasExited)
                throw new InvalidOperationException($"redis-server stopped on start (exit code {_process.ExitCode}).");
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync("127.0.0.1", Port);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(100);
            }
        }
        throw new InvalidOperationException("redis-server did not answer within 30 seconds.");
    }

    /// <summary>Kills the server at once (an outage, not a shutdown).</summary>
    public async Task StopAsync()
    {
        if (_process is { HasExited: false } process)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
        _process?.Dispose();
        _process = null;
    }

    public async ValueTask DisposeAsync() => await StopAsync();
}
