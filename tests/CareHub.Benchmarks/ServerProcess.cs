using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace CareHub.Benchmarks;

/// <summary>
/// The CareHub app as a separate process (the Release build of src/CareHub.Web), with its own SQLite file in a temp
/// folder, demo data and the MLLP listener on free ports; pinned to the first core when the machine has two or more.
/// Stopped by process id.
/// </summary>
public sealed class ServerProcess : IAsyncDisposable
{
    private readonly Process _process;

    private ServerProcess(Process process, string dataFolder, int httpPort, int mllpPort)
    {
        _process = process;
        DataFolder = dataFolder;
        HttpPort = httpPort;
        MllpPort = mllpPort;
    }

    public string DataFolder { get; }
    public int HttpPort { get; }
    public int MllpPort { get; }
    public string DatabaseFile => Path.Combine(DataFolder, "carehub.db");
    public int ProcessId => _process.Id;

    public static async Task<ServerProcess> StartAsync(string repositoryRoot, int patients, CancellationToken cancellationToken)
    {
        var dll = Path.Combine(repositoryRoot, "src", "CareHub.Web", "bin", "Release", "net10.0", "CareHub.Web.dll");
        if (!File.Exists(dll))
            throw new InvalidOperationException($"The Release build of the app is missing ({dll}); build the solution in Release first.");
        var dataFolder = Path.Combine(Path.GetTempPath(), "carehub-bench", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dataFolder);
        var (httpPort, mllpPort) = (FreePort(), FreePort());

        var pin = Environment.ProcessorCount >= 2 && File.Exists("/usr/bin/taskset");
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
            start.ArgumentList.Add("0");
            start.ArgumentList.Add("dotnet");
        }
        start.ArgumentList.Add(dll);
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        start.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{httpPort}";
        start.Environment["Database__DataFolder"] = dataFolder;
        start.Environment["DemoData__Enabled"] = "true";
        start.Environment["DemoData__Patients"] = patients.ToString(System.Globalization.CultureInfo.InvariantCulture);
        start.Environment["Census__Listener__Enabled"] = "true";
        start.Environment["Census__Listener__Port"] = mllpPort.ToString(System.Globalization.CultureInfo.InvariantCulture);
        start.Environment["Census__Listener__MaxConnections"] = "256";
        start.Environment["Logging__LogLevel__Default"] = "Warning";

        var process = Process.Start(start) ?? throw new InvalidOperationException("The app did not start.");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, e) => { if (e.Data is { } line) Console.Error.WriteLine($"  [app] {line}"); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new ServerProcess(process, dataFolder, httpPort, mllpPort);
        await server.WaitUntilReadyAsync(cancellationToken);
        return server;
    }

    private async Task WaitUntilReadyAsync(CancellationToken cancellationToken)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromMinutes(3))
        {
            if (_process.HasExited)
                throw new InvalidOperationException($"The app stopped on start (exit code {_process.ExitCode}).");
            try
            {
                using var response = await http.GetAsync(new Uri($"http://127.0.0.1:{HttpPort}/health/ready"), cancellationToken);
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
        throw new InvalidOperationException("The app did not become ready within 3 minutes.");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
        try
        {
            Directory.Delete(DataFolder, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
