namespace CareHub.Flux.Tests.Model;

[FeatureState(Name = "Counter")]
public sealed record CounterState(int Count, string Label)
{
    private CounterState()
        : this(0, "initial")
    {
    }
}

public sealed record Increment;

public sealed record IncrementBy(int Amount);

public sealed record Rename(string Label);

public sealed record Reset;

public sealed record Unrelated;

/// <summary>Vetoed by <see cref="RecordingMiddleware"/>.</summary>
public sealed record Forbidden;

public static class CounterReducers
{
    [ReducerMethod(typeof(Increment))]
    public static CounterState OnIncrement(CounterState state) => state with { Count = state.Count + 1 };

    [ReducerMethod]
    public static CounterState OnIncrementBy(CounterState state, IncrementBy action) =>
        state with { Count = state.Count + action.Amount };

    [ReducerMethod]
    public static CounterState OnRename(CounterState state, Rename action) => state with { Label = action.Label };

    [ReducerMethod(typeof(Forbidden))]
    public static CounterState OnForbidden(CounterState state) => state with { Count = -1 };
}
