using System.Globalization;

namespace CareHub.Benchmarks;

/// <summary>How a figure compares with its target.</summary>
public enum Verdict
{
    Met,
    Missed,

    /// <summary>The run cannot be trusted (the load generator fell behind, or what was measured did not happen).</summary>
    Invalid,

    /// <summary>A guide figure with no target.</summary>
    Reported,
}

/// <summary>
/// One figure of the suite with the baseline measured in the same run: what was measured, against what, the ratio, the
/// target and the verdict, and notes (what the run achieved, why it is invalid).
/// </summary>
public sealed record Figure(string Name, string Measured, string Baseline, string Ratio, string Target, Verdict Verdict, string Notes)
{
    public string Row => $"| {Name} | {Measured} | {Baseline} | {Ratio} | {Target} | {VerdictText} |";

    public string VerdictText => Verdict switch
    {
        Verdict.Met => "met",
        Verdict.Missed => "MISSED",
        Verdict.Invalid => "INVALID",
        _ => "reported",
    };

    public static string Number(double value, string format = "0.###") => value.ToString(format, CultureInfo.InvariantCulture);
}

/// <summary>Options every scenario may read.</summary>
public sealed record SuiteOptions(double Seconds, int Connections, int Patients, string RepositoryRoot);

/// <summary>A measured scenario of the suite: it starts what it needs, stops it by process id, and returns its figures.</summary>
public interface IScenario
{
    /// <summary>A short name to select it on the command line (e.g. "adt").</summary>
    string Key { get; }

    Task<IReadOnlyList<Figure>> RunAsync(SuiteOptions options, CancellationToken cancellationToken);
}
