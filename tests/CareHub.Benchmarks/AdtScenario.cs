namespace CareHub.Benchmarks;

/// <summary>ADT over MLLP against the app in its own process (see <see cref="AdtThroughputScenario"/>).</summary>
public sealed class AdtScenario : IScenario
{
    public string Key => "adt";

    public async Task<IReadOnlyList<Figure>> RunAsync(SuiteOptions options, CancellationToken cancellationToken)
    {
        await using var server = await ServerProcess.StartAsync(options.Patients, cancellationToken);
        var adt = await AdtThroughputScenario.RunAsync(server, options.Seconds, options.Connections, options.Patients, cancellationToken);
        var verdict = !adt.Valid ? Verdict.Invalid : adt.MessagesPerSecond >= AdtThroughputResult.Target ? Verdict.Met : Verdict.Missed;
        return
        [
            new Figure($"ADT over MLLP: acknowledged, stored and applied ({adt.Connections} connections)",
                $"{Figure.Number(adt.MessagesPerSecond, "0")} msg/s", $"parse-only {Figure.Number(adt.ParseOnlyPerSecond, "0")} msg/s",
                Figure.Number(adt.MessagesPerSecond / adt.ParseOnlyPerSecond, "0.000"), $">= {Figure.Number(AdtThroughputResult.Target, "0")} msg/s", verdict,
                $"sent {adt.Sent} in {Figure.Number(adt.Seconds, "0.0")} s: AA {adt.Accepted}, AE {adt.ApplicationErrors}, AR {adt.Rejected}, errors {adt.Errors}; " +
                $"stored applied {adt.StoredApplied}, skipped {adt.StoredSkipped}, failed {adt.StoredFailed}; round trip p50 {Figure.Number(adt.P50Milliseconds, "0.0")} ms, " +
                $"p99 {Figure.Number(adt.P99Milliseconds, "0.0")} ms; generator busy {adt.GeneratorCpuShare:P0} of its core" +
                (adt.Valid ? string.Empty : $"; INVALID: {adt.InvalidBecause}")),
        ];
    }
}
