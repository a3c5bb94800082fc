using System.Globalization;
using CareHub.Tests.Shared;

namespace CareHub.Benchmarks;

/// <summary>
/// The app for a benchmark: its own SQLite file in a temp folder, demo data and the MLLP listener on a free port,
/// pinned to the first core (the generator takes the second).
/// </summary>
public sealed class ServerProcess : IAsyncDisposable
{
    private readonly AppProcess _app;

    private ServerProcess(AppProcess app, string dataFolder, int mllpPort)
    {
        _app = app;
        DataFolder = dataFolder;
        MllpPort = mllpPort;
    }

    public string DataFolder { get; }
    public int MllpPort { get; }
    public string DatabaseFile => Path.Combine(DataFolder, "carehub.db");

    public static async Task<ServerProcess> StartAsync(int patients, CancellationToken cancellationToken)
    {
        var dataFolder = Path.Combine(Path.GetTempPath(), "carehub-bench", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dataFolder);
        var mllpPort = AppProcess.FreePort();
        var app = await AppProcess.StartAsync("app", new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
            ["Database__DataFolder"] = dataFolder,
            ["DemoData__Enabled"] = "true",
            ["DemoData__Patients"] = patients.ToString(CultureInfo.InvariantCulture),
            ["Census__Listener__Enabled"] = "true",
            ["Census__Listener__Port"] = mllpPort.ToString(CultureInfo.InvariantCulture),
            ["Census__Listener__MaxConnections"] = "256",
        }, core: 0, cancellationToken);
        return new ServerProcess(app, dataFolder, mllpPort);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        try
        {
            Directory.Delete(DataFolder, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
