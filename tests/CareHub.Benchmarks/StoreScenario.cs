using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Loggers;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using CareHub.Flux;
using Microsoft.Extensions.DependencyInjection;

namespace CareHub.Benchmarks;

/// <summary>
/// CareHub.Flux: Dispatch of an action whose reducer replaces a record state, through the real store (AddFlux, one
/// circuit scope, initialized), against the same state change done on a plain Dictionary. BenchmarkDotNet in process
/// (a short job), MemoryDiagnoser for the bytes per action.
/// </summary>
public sealed class StoreScenario : IScenario
{
    public const double TargetActionsPerSecond = 500_000;
    public const double TargetBytesPerAction = 200;

    public string Key => "store";

    public Task<IReadOnlyList<Figure>> RunAsync(SuiteOptions options, CancellationToken cancellationToken)
    {
        var job = Job.ShortRun
            .WithToolchain(InProcessEmitToolchain.Instance)
            .WithWarmupCount(3)
            .WithIterationCount(5)
            .WithIterationTime(Perfolizer.Horology.TimeInterval.FromMilliseconds(250))
            .WithLaunchCount(1)
            .WithId("store");
        var config = ManualConfig.CreateEmpty()
            .AddJob(job)
            .AddDiagnoser(MemoryDiagnoser.Default)
            .AddLogger(NullLogger.Instance)
            .WithArtifactsPath(Path.Combine(options.RepositoryRoot, "artifacts", "benchmarks", "bdn"))
            .WithOptions(ConfigOptions.DisableLogFile);
        var summary = BenchmarkRunner.Run<StoreDispatchBenchmark>(config);

        var store = Read(summary, nameof(StoreDispatchBenchmark.StoreDispatch));
        var dictionary = Read(summary, nameof(StoreDispatchBenchmark.DictionaryUpdate));
        if (store is null || dictionary is null)
        {
            return Task.FromResult<IReadOnlyList<Figure>>(
            [
                new Figure("Store: Dispatch (one reducer, record state)", "-", "-", "-", $">= {Figure.Number(TargetActionsPerSecond, "N0")} actions/s",
                    Verdict.Invalid, "INVALID: BenchmarkDotNet returned no result (" + string.Join("; ", summary.ValidationErrors.Select(e => e.Message)) + ")"),
            ]);
        }

        var storeRate = 1e9 / store.Value.MeanNs;
        var dictionaryRate = 1e9 / dictionary.Value.MeanNs;
        var notes = $"BenchmarkDotNet {typeof(BenchmarkRunner).Assembly.GetName().Version}, in-process emit toolchain, 3 warm-up + 5 x 250 ms iterations; " +
            $"store mean {Figure.Number(store.Value.MeanNs, "0.0")} ns (stddev {Figure.Number(store.Value.StdDevNs, "0.0")}), " +
            $"dictionary mean {Figure.Number(dictionary.Value.MeanNs, "0.0")} ns; the state record itself is {StoreDispatchBenchmark.StateBytes} B of each action's allocation";
        return Task.FromResult<IReadOnlyList<Figure>>(
        [
            new Figure("Store: Dispatch throughput (one reducer, record state)",
                $"{Figure.Number(storeRate, "N0")} actions/s", $"Dictionary update {Figure.Number(dictionaryRate, "N0")} /s",
                Figure.Number(storeRate / dictionaryRate, "0.000"), $">= {Figure.Number(TargetActionsPerSecond, "N0")} actions/s",
                storeRate >= TargetActionsPerSecond ? Verdict.Met : Verdict.Missed, notes),
            new Figure("Store: allocated per action",
                $"{Figure.Number(store.Value.BytesPerOp, "0")} B", $"Dictionary update {Figure.Number(dictionary.Value.BytesPerOp, "0")} B",
                dictionary.Value.BytesPerOp > 0 ? Figure.Number(store.Value.BytesPerOp / dictionary.Value.BytesPerOp, "0.00") : "-",
                $"<= {Figure.Number(TargetBytesPerAction, "0")} B",
                store.Value.BytesPerOp <= TargetBytesPerAction ? Verdict.Met : Verdict.Missed, string.Empty),
        ]);
    }

    private static (double MeanNs, double StdDevNs, double BytesPerOp)? Read(BenchmarkDotNet.Reports.Summary summary, string method)
    {
        var report = summary.Reports.FirstOrDefault(r => r.BenchmarkCase.Descriptor.WorkloadMethod.Name == method);
        if (report?.ResultStatistics is not { } statistics || !report.Success)
            return null;
        var bytes = report.GcStats.GetBytesAllocatedPerOperation(report.BenchmarkCase) ?? -1;
        return (statistics.Mean, statistics.StandardDeviation, bytes);
    }
}

/// <summary>The state of the benchmark's feature: a record like the app's feature states.</summary>
[FeatureState(Name = "BenchPatientList")]
public sealed record BenchListState(int Version, string Search, bool Loading, int Total)
{
    private BenchListState()
        : this(0, string.Empty, false, 0)
    {
    }
}

/// <summary>The action dispatched: the list reloaded with a new total.</summary>
public sealed record BenchListLoaded(int Total);

public static class BenchListReducers
{
    [ReducerMethod]
    public static BenchListState OnLoaded(BenchListState state, BenchListLoaded action) =>
        state with { Version = state.Version + 1, Loading = false, Total = action.Total };
}

/// <summary>Run by BenchmarkDotNet (public and not sealed, as it requires).</summary>
[MemoryDiagnoser]
#pragma warning disable CA1001 // The scope and provider are disposed in GlobalCleanup, as BenchmarkDotNet calls it.
public class StoreDispatchBenchmark
#pragma warning restore CA1001
{
    /// <summary>Object header, method table and four fields of <see cref="BenchListState"/> on 64-bit.</summary>
    public const int StateBytes = 40;

    private static readonly BenchListLoaded Action = new(42);
    private ServiceProvider? _provider;
    private IServiceScope? _scope;
    private IDispatcher _dispatcher = null!;
    private IState<BenchListState> _state = null!;
    private Dictionary<string, object> _features = null!;

    [GlobalSetup]
    public void Setup()
    {
        var services = new ServiceCollection();
        services.AddFlux(o => o.ScanTypes(typeof(BenchListState), typeof(BenchListReducers)));
        _provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true, ValidateOnBuild = true });
        _scope = _provider.CreateScope();
        var store = _scope.ServiceProvider.GetRequiredService<IStore>();
        store.InitializeAsync().GetAwaiter().GetResult();
        _dispatcher = _scope.ServiceProvider.GetRequiredService<IDispatcher>();
        _state = _scope.ServiceProvider.GetRequiredService<IState<BenchListState>>();
        // A component listening, as in the app (the state changes each dispatch, so it is notified each time).
        _state.StateChanged += (_, _) => { };
        _features = new Dictionary<string, object> { ["BenchPatientList"] = new BenchListState(0, string.Empty, false, 0) };
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        if (_state.Value.Version == 0)
            throw new InvalidOperationException("The store did not reduce the action.");
        _scope?.Dispose();
        _provider?.Dispose();
    }

    [Benchmark]
    public void StoreDispatch() => _dispatcher.Dispatch(Action);

    /// <summary>The same state change on a dictionary of features: look up, reduce, store.</summary>
    [Benchmark(Baseline = true)]
    public void DictionaryUpdate()
    {
        var state = (BenchListState)_features["BenchPatientList"];
        _features["BenchPatientList"] = state with { Version = state.Version + 1, Loading = false, Total = Action.Total };
    }
}
