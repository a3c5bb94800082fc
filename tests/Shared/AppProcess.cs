using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace CareHub.Tests.Shared;

/// <summary>
/// The CareHub app as a separate process: the Release build of src/CareHub.Web (built by the test script or the
/// benchmark's build), configured by environment variables, on a free HTTP port of 127.0.0.1. Ready when
/// /health/ready answers; stopped by process id (all of it, at once: what a crash or a lost machine does).
/// Used by the scale-out browser tests (several instances) and the benchmarks.
/// </summary>
public sealed class AppProcess : IAsyncDisposable
{
    private readonly Process _process;

    private AppProcess(Process process, int httpPort, string name)
    {
        _process = process;
        HttpPort = httpPort;
        Name = name;
    }

    public string Name { get; }
    public int HttpPort { get; }
    public Uri BaseAddress => new($"http://127.0.0.1:{HttpPort.ToString(CultureInfo.InvariantCulture)}/");
    public int ProcessId => _process.Id;
    public bool HasExited => _process.HasExited;

    /// <param name="name">A label for its log lines.</param>
    /// <param name="settings">Configuration as environment variables (Section__Key).</param>
    /// <param name="core">Pins the process to this CPU core (taskset) when the machine has more than one.</param>
    public static Task<AppProcess> StartAsync(string name, IReadOnlyDictionary<string, string> settings, int? core = null,
        CancellationToken cancellationToken = default) =>
        StartAsync(name, settings, output: null, core, cancellationToken);

    /// <summary>Starts the app as <see cref="StartAsync(string, IReadOnlyDictionary{string, string}, int?, CancellationToken)"/> does.</summary>
    /// <param name="output">Every line the process writes, standard output and error (the leak tests read its logs).</param>
    public static async Task<AppProcess> StartAsync(string name, IReadOnlyDictionary<string, string> settings, Action<string>? output,
        int? core = null, CancellationToken cancellationToken = default)
    {
        var dll = Path.Combine(RepositoryRoot(), "src", "CareHub.Web", "bin", "Release", "net10.0", "CareHub.Web.dll");
        if (!File.Exists(dll))
            throw new InvalidOperationException($"The Release build of the app is missing ({dll}); run ./scripts/test.sh, which builds it.");
        var httpPort = FreePort();
        var start = DotnetStartInfo(dll, core);
        start.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{httpPort.ToString(CultureInfo.InvariantCulture)}";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        foreach (var (key, value) in settings)
            start.Environment[key] = value;

        var process = Process.Start(start) ?? throw new InvalidOperationException($"{name} did not start.");
        process.OutputDataReceived += (_, e) => { if (e.Data is { } line) output?.Invoke(line); };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not { } line)
                return;
            output?.Invoke(line);
            Console.Error.WriteLine($"  [{name}] {line}");
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var app = new AppProcess(process, httpPort, name);
        try
        {
            await app.WaitUntilReadyAsync(cancellationToken);
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }
        return app;
    }

    private async Task WaitUntilReadyAsync(CancellationToken cancellationToken)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromMinutes(3))
        {
            if (_process.HasExited)
                throw new InvalidOperationException($"{Name} stopped on start (exit code {_process.ExitCode}).");
            try
            {
                using var response = await http.GetAsync(new Uri(BaseAddress, "health/ready"), cancellationToken);
                if (response.IsSuccessStatusCode)
                    return;
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
            }
            await Task.Delay(250, cancellationToken);
        }
        throw new InvalidOperationException($"{Name} did not become ready within 3 minutes.");
    }

    /// <summary>Kills the process at once, as a crash would.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
    }

    /// <summary>
    /// Runs <paramref name="dll"/> with dotnet from its own folder, output redirected, pinned to <paramref name="core"/>
    /// with taskset (every thread it starts inherits the pin) when the machine has more than one core.
    /// </summary>
    public static ProcessStartInfo DotnetStartInfo(string dll, int? core)
    {
        var pin = core is not null && Environment.ProcessorCount > 1 && File.Exists("/usr/bin/taskset");
        var start = new ProcessStartInfo(pin ? "/usr/bin/taskset" : "dotnet")
        {
            WorkingDirectory = Path.GetDirectoryName(dll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (pin)
        {
            start.ArgumentList.Add("-c");
            start.ArgumentList.Add(core!.Value.ToString(CultureInfo.InvariantCulture));
            start.ArgumentList.Add("dotnet");
        }
        start.ArgumentList.Add(dll);
        return start;
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "CareHub.sln")))
                return dir.FullName;
        }
        throw new InvalidOperationException("Run from inside the CareHub repository.");
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process.Dispose();
    }
}
