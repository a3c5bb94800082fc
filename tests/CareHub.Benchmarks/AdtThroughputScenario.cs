using System.Diagnostics;
using CareHub.AdtSimulator;
using CareHub.Interop.Adt;
using CareHub.Interop.Hl7;
using Microsoft.Data.Sqlite;

namespace CareHub.Benchmarks;

/// <summary>What one ADT throughput run measured.</summary>
public sealed record AdtThroughputResult(
    double MessagesPerSecond,
    double ParseOnlyPerSecond,
    long Sent,
    long Accepted,
    long ApplicationErrors,
    long Rejected,
    long Errors,
    long StoredApplied,
    long StoredSkipped,
    long StoredFailed,
    double P50Milliseconds,
    double P99Milliseconds,
    double Seconds,
    int Connections,
    double GeneratorCpuShare,
    bool Valid,
    string? InvalidBecause)
{
    public const double Target = 2_000;
}

/// <summary>
/// ADT over MLLP, acknowledged, stored and applied: the simulator's realistic traffic at full speed (a rate it cannot
/// reach, so each connection sends its next message when the last is acknowledged) against the app in its own
/// process, for the given time after a warm-up. The baseline is parse-only: the same traffic through
/// Hl7Message.Parse and AdtMessage.Read on one core, in the same run. The run is invalid when the generator, not the
/// server, was the limit (its process busy most of the time) or when what was acknowledged was not all stored.
/// </summary>
public static class AdtThroughputScenario
{
    public static async Task<AdtThroughputResult> RunAsync(ServerProcess server, double seconds, int connections, int patients,
        CancellationToken cancellationToken)
    {
        var options = new SimulatorOptions(Port: server.MllpPort, Seconds: seconds, Rate: 100_000, Connections: connections, Patients: patients, Seed: 11);
        // Warm-up: JIT, connection pools, SQLite caches.
        await new Sender(new AdtTraffic(patients, seed: 7)).RunAsync(options with { Seconds = Math.Min(5, seconds), Seed = 7 }, cancellationToken);

        var before = await CountAsync(server.DatabaseFile, cancellationToken);
        var me = Process.GetCurrentProcess();
        var cpuBefore = me.TotalProcessorTime;
        var report = await new Sender(new AdtTraffic(patients, seed: 11)).RunAsync(options, cancellationToken);
        me.Refresh();
        var cpuShare = (me.TotalProcessorTime - cpuBefore).TotalSeconds / report.Elapsed.TotalSeconds;
        var after = await CountAsync(server.DatabaseFile, cancellationToken);

        var applied = after.Applied - before.Applied;
        var skipped = after.Skipped - before.Skipped;
        var failed = after.Failed - before.Failed;
        string? invalid = null;
        if (cpuShare > 0.9)
            invalid = $"the generator used {cpuShare:P0} of a core: it, not the server, set the pace";
        else if (applied + skipped != report.Accepted)
            invalid = $"{report.Accepted} acknowledged AA but {applied + skipped} stored as applied or skipped";

        return new AdtThroughputResult(report.AchievedRate, ParseOnly(patients, 20_000), report.Sent, report.Accepted, report.ApplicationErrors,
            report.Rejected, report.Errors, applied, skipped, failed, report.P50Milliseconds, report.P99Milliseconds, report.Elapsed.TotalSeconds,
            connections, cpuShare, invalid is null, invalid);
    }

    /// <summary>Parse and read only, on one thread: what a message costs before it touches the database.</summary>
    private static double ParseOnly(int patients, int count)
    {
        var traffic = new AdtTraffic(patients, seed: 11);
        var at = DateTimeOffset.UtcNow;
        var messages = Enumerable.Range(0, count).Select(i => traffic.Next(at.AddSeconds(i)).Text).ToArray();
        foreach (var text in messages.Take(2_000))
            Read(text);
        var clock = Stopwatch.StartNew();
        var read = 0;
        foreach (var text in messages)
            read += Read(text);
        clock.Stop();
        if (read != count)
            throw new InvalidOperationException($"{count - read} generated messages did not read.");
        return count / clock.Elapsed.TotalSeconds;
    }

    private static int Read(string text) =>
        Hl7Message.Parse(text) is { Succeeded: true } parsed && AdtMessage.Read(parsed.Message!).Succeeded ? 1 : 0;

    private static async Task<(long Applied, long Skipped, long Failed)> CountAsync(string databaseFile, CancellationToken cancellationToken)
    {
        await using var connection = new SqliteConnection($"Data Source={databaseFile};Mode=ReadOnly");
        await connection.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT Status, COUNT(*) FROM InboundMessages GROUP BY Status";
        long applied = 0, skipped = 0, failed = 0;
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            switch (reader.GetString(0))
            {
                case "Applied": applied = reader.GetInt64(1); break;
                case "Skipped": skipped = reader.GetInt64(1); break;
                case "Failed" or "Rejected": failed += reader.GetInt64(1); break;
            }
        }
        return (applied, skipped, failed);
    }
}
