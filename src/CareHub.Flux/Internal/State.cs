namespace CareHub.Flux.Internal;

/// <summary><see cref="IState{TState}"/> over the current circuit's feature.</summary>
internal sealed class State<TState> : IState<TState>
    where TState : class
{
    private readonly Feature<TState> _feature;

    public State(Store store)
    {
        _feature = store.GetFeature<TState>();
    }

    public TState Value => _feature.State;

    public event EventHandler? StateChanged
    {
        add => _feature.StateChanged += value;
        remove => _feature.StateChanged -= value;
    }
}
