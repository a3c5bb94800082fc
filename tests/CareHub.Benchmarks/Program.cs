using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using CareHub.Benchmarks;
using CareHub.Tests.Shared;

// dotnet run -c Release --project tests/CareHub.Benchmarks -- [--only adt,...] [--seconds 60] [--connections 8] [--patients 2000]
// Hidden: --bare-hub-server <port-file> hosts only the fan-out baseline's hub (the fan-out scenario starts it, pinned).
if (args is [BareHubServer.Argument, var portFile])
    return await BareHubServer.RunAsync(portFile);

var seconds = 60.0;
var connections = 8;
var patients = 2000;
string[]? only = null;
for (var i = 0; i < args.Length; i++)
{
    var ok = i + 1 < args.Length && args[i] switch
    {
        "--seconds" => double.TryParse(args[++i], NumberStyles.Float, CultureInfo.InvariantCulture, out seconds) && seconds is >= 1 and <= 3600,
        "--connections" => int.TryParse(args[++i], NumberStyles.Integer, CultureInfo.InvariantCulture, out connections) && connections is >= 1 and <= 256,
        "--patients" => int.TryParse(args[++i], NumberStyles.Integer, CultureInfo.InvariantCulture, out patients) && patients is >= 100 and <= 200_000,
        "--only" => (only = args[++i].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .All(key => Scenarios.All.Any(s => s.Key == key)),
        _ => false,
    };
    if (!ok)
    {
        Console.Error.WriteLine($"usage: CareHub.Benchmarks [--only {string.Join(',', Scenarios.All.Select(s => s.Key))}] [--seconds 1-3600] [--connections 1-256] [--patients 100-200000]");
        return 2;
    }
}

var root = AppProcess.RepositoryRoot();
// The generator on the second core, the servers on the first (they pin themselves), where the machine has two.
if (Environment.ProcessorCount >= 2 && OperatingSystem.IsLinux())
    Process.GetCurrentProcess().ProcessorAffinity = 2;

Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"CareHub benchmarks on {Environment.ProcessorCount} cores, {Environment.OSVersion}, .NET {Environment.Version}, {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC"));
using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; stop.Cancel(); };
var options = new SuiteOptions(seconds, connections, patients, root);
var figures = new List<Figure>();
var clock = Stopwatch.StartNew();
foreach (var scenario in Scenarios.All.Where(s => only is null || only.Contains(s.Key)))
{
    Console.WriteLine($"Running {scenario.Key}...");
    figures.AddRange(await scenario.RunAsync(options, stop.Token));
}

Console.WriteLine();
Console.WriteLine("| figure | measured | baseline | ratio | target | verdict |");
Console.WriteLine("| --- | --- | --- | --- | --- | --- |");
foreach (var figure in figures)
    Console.WriteLine(figure.Row);
Console.WriteLine();
foreach (var figure in figures.Where(f => f.Notes.Length > 0))
    Console.WriteLine($"{figure.Name}: {figure.Notes}");
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Suite: {clock.Elapsed.TotalMinutes:0.0} min"));

var output = Path.Combine(root, "artifacts", "benchmarks");
Directory.CreateDirectory(output);
var file = Path.Combine(output, "figures.json");
await File.WriteAllTextAsync(file, JsonSerializer.Serialize(new
{
    machine = new { cores = Environment.ProcessorCount, os = Environment.OSVersion.ToString(), dotnet = Environment.Version.ToString() },
    at = DateTimeOffset.UtcNow,
    command = "dotnet run -c Release --project tests/CareHub.Benchmarks -- " + string.Join(' ', args),
    minutes = clock.Elapsed.TotalMinutes,
    figures = figures.Select(f => new { f.Name, f.Measured, f.Baseline, f.Ratio, f.Target, verdict = f.VerdictText, f.Notes }),
}, new JsonSerializerOptions { WriteIndented = true }));
Console.WriteLine($"Written {Path.GetRelativePath(root, file)}");
return figures.Any(f => f.Verdict == Verdict.Invalid) ? 3 : 0;
