namespace CareHub.Flux.Tests.Model;

// Deliberately wrong declarations. Registered one at a time with ScanTypes; scanning the whole test
// assembly reports all of them.
#pragma warning disable CA1822 // the point is that these are not static

public class NonStaticReducers
{
    [ReducerMethod]
    public CounterState Reduce(CounterState state, Increment action) => state;
}

public static class WrongReturnReducers
{
    [ReducerMethod]
    public static int Reduce(CounterState state, Increment action) => state.Count;
}

public sealed record PlainState(int Value);

public static class NotAFeatureReducers
{
    [ReducerMethod]
    public static PlainState Reduce(PlainState state, Increment action) => state;
}

public static class MissingActionReducers
{
    [ReducerMethod]
    public static CounterState Reduce(CounterState state) => state;
}

public static class ExtraParameterReducers
{
    [ReducerMethod(typeof(Increment))]
    public static CounterState Reduce(CounterState state, Increment action) => state;
}

public class VoidEffects
{
    [EffectMethod]
    public void Handle(Increment action, IDispatcher dispatcher)
    {
    }
}

public class MissingDispatcherEffects
{
    [EffectMethod]
    public Task Handle(Increment action) => Task.CompletedTask;
}

public class ExtraParameterEffects
{
    [EffectMethod(typeof(Increment))]
    public Task Handle(Increment action, IDispatcher dispatcher) => Task.CompletedTask;
}

[FeatureState]
public sealed record NoInitialState(int Value);
