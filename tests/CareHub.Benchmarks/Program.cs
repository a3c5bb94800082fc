using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using CareHub.Benchmarks;
using CareHub.Tests.Shared;

// dotnet run -c Release --project tests/CareHub.Benchmarks -- [--seconds 60] [--connections 8] [--patients 2000]
var seconds = 60.0;
var connections = 8;
var patients = 2000;
for (var i = 0; i < args.Length; i++)
{
    var ok = i + 1 < args.Length && args[i] switch
    {
        "--seconds" => double.TryParse(args[++i], NumberStyles.Float, CultureInfo.InvariantCulture, out seconds) && seconds is >= 1 and <= 3600,
        "--connections" => int.TryParse(args[++i], NumberStyles.Integer, CultureInfo.InvariantCulture, out connections) && connections is >= 1 and <= 256,
        "--patients" => int.TryParse(args[++i], NumberStyles.Integer, CultureInfo.InvariantCulture, out patients) && patients is >= 100 and <= 200_000,
        _ => false,
    };
    if (!ok)
    {
        Console.Error.WriteLine("usage: CareHub.Benchmarks [--seconds 1-3600] [--connections 1-256] [--patients 100-200000]");
        return 2;
    }
}

var root = AppProcess.RepositoryRoot();
// The generator on the second core, the server on the first (ServerProcess pins it), where the machine has two.
if (Environment.ProcessorCount >= 2 && OperatingSystem.IsLinux())
    Process.GetCurrentProcess().ProcessorAffinity = 2;

Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"CareHub benchmarks on {Environment.ProcessorCount} cores, {Environment.OSVersion}, .NET {Environment.Version}, {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC"));
Console.WriteLine($"Starting the app (demo data: {patients} patients)...");
using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; stop.Cancel(); };
await using var server = await ServerProcess.StartAsync(patients, stop.Token);

Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"ADT over MLLP for {seconds:0} s over {connections} connections..."));
var adt = await AdtThroughputScenario.RunAsync(server, seconds, connections, patients, stop.Token);
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"""

    | figure | measured | baseline | ratio | target | verdict |
    | --- | --- | --- | --- | --- | --- |
    | ADT over MLLP: acknowledged, stored and applied | {adt.MessagesPerSecond:0} msg/s | parse-only {adt.ParseOnlyPerSecond:0} msg/s | {adt.MessagesPerSecond / adt.ParseOnlyPerSecond:0.000} | >= {AdtThroughputResult.Target:0} msg/s | {(!adt.Valid ? "INVALID" : adt.MessagesPerSecond >= AdtThroughputResult.Target ? "met" : "MISSED")} |

    sent {adt.Sent} in {adt.Seconds:0.0} s: AA {adt.Accepted}, AE {adt.ApplicationErrors}, AR {adt.Rejected}, errors {adt.Errors}; stored applied {adt.StoredApplied}, skipped {adt.StoredSkipped}, failed {adt.StoredFailed}
    round trip p50 {adt.P50Milliseconds:0.0} ms, p99 {adt.P99Milliseconds:0.0} ms; generator busy {adt.GeneratorCpuShare:P0} of its core
    {(adt.Valid ? "valid run" : $"INVALID run: {adt.InvalidBecause}")}
    """));

var output = Path.Combine(root, "artifacts", "benchmarks");
Directory.CreateDirectory(output);
var file = Path.Combine(output, "adt-mllp.json");
await File.WriteAllTextAsync(file, JsonSerializer.Serialize(new
{
    machine = new { cores = Environment.ProcessorCount, os = Environment.OSVersion.ToString(), dotnet = Environment.Version.ToString() },
    at = DateTimeOffset.UtcNow,
    command = "dotnet run -c Release --project tests/CareHub.Benchmarks -- " + string.Join(' ', args),
    adt,
}, new JsonSerializerOptions { WriteIndented = true }));
Console.WriteLine($"Written {Path.GetRelativePath(root, file)}");
return adt.Valid ? 0 : 3;
