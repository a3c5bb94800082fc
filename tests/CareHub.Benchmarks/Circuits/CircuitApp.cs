using System.Globalization;
using CareHub.Tests.Shared;
using Microsoft.Data.Sqlite;

namespace CareHub.Benchmarks.Circuits;

/// <summary>
/// The app for the circuit scenarios: its own process pinned to the first core, its own SQLite file with 300 demo
/// patients, optionally a second instance's Redis; one demo user signed in (the development sign-in's cookie), and
/// headless circuits opened as that user.
/// </summary>
public sealed class CircuitApp : IAsyncDisposable
{
    private const int Patients = 300;
    private static readonly TimeSpan OpenTimeout = TimeSpan.FromSeconds(60);

    private readonly AppProcess _app;
    private readonly List<BlazorCircuitClient> _circuits = [];

    private CircuitApp(AppProcess app, string dataFolder, CircuitPick pick, string cookie)
    {
        _app = app;
        DataFolder = dataFolder;
        Pick = pick;
        Cookie = cookie;
        Http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { Timeout = TimeSpan.FromSeconds(60) };
    }

    public string DataFolder { get; }
    public string DatabaseFile => Path.Combine(DataFolder, "carehub.db");
    public CircuitPick Pick { get; }
    public string Cookie { get; }
    public HttpClient Http { get; }
    public Uri BaseAddress => _app.BaseAddress;
    public int ProcessId => _app.ProcessId;
    public IReadOnlyList<BlazorCircuitClient> Circuits => _circuits;

    /// <param name="redis">ConnectionStrings:Redis, when the app is one of several instances.</param>
    public static async Task<CircuitApp> StartAsync(string? redis, CancellationToken cancellationToken)
    {
        var dataFolder = Path.Combine(Path.GetTempPath(), "carehub-bench", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dataFolder);
        var settings = new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
            ["Database__DataFolder"] = dataFolder,
            ["DemoData__Enabled"] = "true",
            ["DemoData__Patients"] = Patients.ToString(CultureInfo.InvariantCulture),
            // All the hub subscribers of the baseline share one person's sign-in: lift that person's hub limits, as an
            // operator would for an integration account (as the hub fan-out scenario does).
            ["Realtime__Hub__MaxConnectionsPerUser"] = "1000",
            ["Realtime__Hub__CallsPerSecond"] = "100000",
            ["Realtime__Hub__Burst"] = "100000",
            // Likewise the circuits: up to 600 of one person (the memory scenario). Main has a per-user circuit limit
            // (Security:MaxCircuitsPerUser, default 20) since this scenario was written; a build without it ignores the key.
            ["Security__MaxCircuitsPerUser"] = "1000",
            // The app's warnings and errors (a circuit that fails, Redis trouble) on standard error, printed with the run.
            ["Logging__Console__LogToStandardErrorThreshold"] = "Warning",
        };
        if (redis is not null)
            settings["ConnectionStrings__Redis"] = redis;
        AppProcess? app = null;
        try
        {
            app = await AppProcess.StartAsync("app", settings, core: 0, cancellationToken);
            var pick = await PickAsync(Path.Combine(dataFolder, "carehub.db"), cancellationToken);
            var cookie = await FanoutScenario.SignInAsync(app.BaseAddress, pick.StaffId, cancellationToken);
            return new CircuitApp(app, dataFolder, pick, cookie);
        }
        catch
        {
            if (app is not null)
                await app.DisposeAsync();
            Delete(dataFolder);
            throw;
        }
    }

    /// <summary>
    /// Opens circuits on <paramref name="path"/> until <paramref name="count"/> more are open, five at a time, and after each
    /// five waits until no circuit has had a render batch for half a second: every viewer who joins a page with presence
    /// re-renders every other circuit on it, and with Redis each of those re-renders reads all the viewers from Redis
    /// synchronously; opening faster than the app drains that (ten at a time at about 90 circuits on one core) starved it
    /// past the circuits' 30 s client timeout.
    /// </summary>
    public async Task<IReadOnlyList<BlazorCircuitClient>> OpenAsync(string path, string readyText, int count, CancellationToken cancellationToken)
    {
        var opened = new List<BlazorCircuitClient>(count);
        while (opened.Count < count)
        {
            var batch = await Task.WhenAll(Enumerable.Range(0, Math.Min(5, count - opened.Count)).Select(_ =>
                BlazorCircuitClient.OpenAsync(Http, BaseAddress, path, Cookie, readyText, OpenTimeout, cancellationToken)));
            opened.AddRange(batch);
            _circuits.AddRange(batch);
            await QuietAsync(TimeSpan.FromMilliseconds(500), cancellationToken);
        }
        return opened;
    }

    /// <summary>Waits until no open circuit has had a render batch for <paramref name="quiet"/> (at most a minute).</summary>
    public async Task QuietAsync(TimeSpan quiet, CancellationToken cancellationToken)
    {
        var limit = System.Diagnostics.Stopwatch.StartNew();
        while (limit.Elapsed < TimeSpan.FromMinutes(1))
        {
            var last = _circuits.Count == 0 ? 0 : _circuits.Max(c => c.LastBatchAt);
            var since = System.Diagnostics.Stopwatch.GetElapsedTime(last);
            if (since >= quiet)
                return;
            await Task.Delay(quiet - since, cancellationToken);
        }
    }

    /// <summary>Closes circuits as a browser tab does (the connection goes; the server keeps a disconnected circuit a while).</summary>
    public async Task CloseAsync(IReadOnlyList<BlazorCircuitClient> circuits)
    {
        foreach (var circuit in circuits)
            _circuits.Remove(circuit);
        await Task.WhenAll(circuits.Select(async c => await c.DisposeAsync()));
    }

    public TimeSpan ServerCpu()
    {
        using var process = System.Diagnostics.Process.GetProcessById(_app.ProcessId);
        return process.TotalProcessorTime;
    }

    /// <summary>An active demo user on exactly one team, that team, and a patient of the team with a care plan.</summary>
    private static async Task<CircuitPick> PickAsync(string databaseFile, CancellationToken cancellationToken)
    {
        await using var connection = new SqliteConnection($"Data Source={databaseFile};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT m.StaffId, m.TeamId, p.Id
            FROM TeamMemberships m
            JOIN Staff s ON s.Id = m.StaffId
            JOIN PatientTeams pt ON pt.TeamId = m.TeamId
            JOIN Patients p ON p.Id = pt.PatientId
            WHERE s.IsActive = 1 AND p.MergedIntoId IS NULL
              AND EXISTS (SELECT 1 FROM CarePlans c WHERE c.PatientId = p.Id)
              AND (SELECT COUNT(*) FROM TeamMemberships o WHERE o.StaffId = m.StaffId) = 1
            ORDER BY s.FamilyName, p.Mrn
            LIMIT 1
            """;
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
            throw new InvalidOperationException("The demo data has no active user on one team with a patient of that team who has a care plan.");
        return new CircuitPick(Guid.Parse(reader.GetString(0)), Guid.Parse(reader.GetString(1)), Guid.Parse(reader.GetString(2)));
    }

    private static void Delete(string dataFolder)
    {
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(dataFolder, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        await CloseAsync([.. _circuits]);
        Http.Dispose();
        await _app.DisposeAsync();
        Delete(DataFolder);
    }
}

/// <summary>The demo user the circuits belong to, their one team, and a patient of that team with a care plan.</summary>
public sealed record CircuitPick(Guid StaffId, Guid TeamId, Guid PatientId);
