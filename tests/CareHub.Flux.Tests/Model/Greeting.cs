namespace CareHub.Flux.Tests.Model;

[FeatureState]
public sealed record GreetingState(string? Message)
{
    private GreetingState()
        : this((string?)null)
    {
    }
}

public sealed record Greet(string Name);

public sealed record GreetSucceeded(string Message);

public sealed record Explode(string Message);

public sealed record ExplodeSynchronously(string Message);

public interface IGreeter
{
    string Greet(string name);
}

public sealed class Greeter : IGreeter
{
    public string Greet(string name) => $"Hello {name}";
}

/// <summary>What effects saw, per scope.</summary>
public sealed class EffectProbe
{
    public List<int> CountsSeenByEffects { get; } = [];
}

public static class GreetingReducers
{
    [ReducerMethod]
    public static GreetingState OnGreetSucceeded(GreetingState state, GreetSucceeded action) =>
        state with { Message = action.Message };
}

public sealed class GreetingEffects(IGreeter greeter, IState<CounterState> counter, EffectProbe probe)
{
    [EffectMethod]
    public async Task HandleGreet(Greet action, IDispatcher dispatcher)
    {
        await Task.Yield();
        dispatcher.Dispatch(new GreetSucceeded(greeter.Greet(action.Name)));
    }

    [EffectMethod(typeof(Reset))]
    public Task HandleReset(IDispatcher dispatcher)
    {
        dispatcher.Dispatch(new Rename("reset"));
        return Task.CompletedTask;
    }

    [EffectMethod(typeof(Increment))]
    public Task RecordCount(IDispatcher dispatcher)
    {
        probe.CountsSeenByEffects.Add(counter.Value.Count);
        return Task.CompletedTask;
    }
}

public sealed class FailingEffects
{
    [EffectMethod]
    public async Task OnExplode(Explode action, IDispatcher dispatcher)
    {
        await Task.Yield();
        throw new InvalidOperationException(action.Message);
    }

    [EffectMethod]
    public Task OnExplodeSynchronously(ExplodeSynchronously action, IDispatcher dispatcher) =>
        throw new InvalidOperationException(action.Message);
}
