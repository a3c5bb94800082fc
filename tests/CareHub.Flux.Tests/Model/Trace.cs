namespace CareHub.Flux.Tests.Model;

/// <summary>A second feature whose reducer writes into a log carried by the action (to observe ordering).</summary>
[FeatureState]
public sealed record TraceState(int Steps)
{
    public TraceState()
        : this(0)
    {
    }
}

public sealed record Traced(string Name, List<string> Log);

/// <summary>Counts how many reducers run at once.</summary>
public sealed class ConcurrencyProbe
{
    private int _active;
    private int _maxActive;

    public int MaxActive => Volatile.Read(ref _maxActive);

    public void Enter()
    {
        var active = Interlocked.Increment(ref _active);
        if (active > _maxActive)
            Volatile.Write(ref _maxActive, active);
        Thread.SpinWait(20);
    }

    public void Exit() => Interlocked.Decrement(ref _active);
}

public sealed record Probed(ConcurrencyProbe Probe);

public static class TraceReducers
{
    [ReducerMethod]
    public static TraceState OnTraced(TraceState state, Traced action)
    {
        action.Log.Add($"reduce {action.Name}");
        return state with { Steps = state.Steps + 1 };
    }

    [ReducerMethod]
    public static TraceState OnProbed(TraceState state, Probed action)
    {
        action.Probe.Enter();
        action.Probe.Exit();
        return state with { Steps = state.Steps + 1 };
    }
}

public sealed class RecordingMiddleware : Middleware
{
    public List<string> Log { get; } = [];

    public IStore? InitializedWith { get; private set; }

    public override Task InitializeAsync(IDispatcher dispatcher, IStore store)
    {
        InitializedWith = store;
        return Task.CompletedTask;
    }

    public override bool BeforeDispatch(object action)
    {
        Log.Add($"before {action.GetType().Name}");
        return action is not Forbidden;
    }

    public override void AfterDispatch(object action) => Log.Add($"after {action.GetType().Name}");
}
