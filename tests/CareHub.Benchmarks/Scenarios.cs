using CareHub.Benchmarks.Circuits;

namespace CareHub.Benchmarks;

/// <summary>The suite, in the order it runs. Add a scenario here.</summary>
public static class Scenarios
{
    public static IReadOnlyList<IScenario> All { get; } =
    [
        new AdtScenario(),
        new FanoutScenario(),
        new StoreScenario(),
        new BusScenario(),
        new SearchScenario(),
        new WorklistScenario(),
        new CensusScenario(),
        new CircuitFanoutScenario(),
        new CircuitMemoryScenario(),
    ];
}
