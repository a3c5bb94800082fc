namespace CareHub.Flux.Internal;

internal abstract class FeatureBase : IFeature
{
    public event EventHandler? StateChanged;

    /// <summary>Number of StateChanged handlers (for tests and diagnostics).</summary>
    internal int SubscriberCount => StateChanged?.GetInvocationList().Length ?? 0;

    public abstract string GetName();

    public abstract object GetState();

    public abstract Type GetStateType();

    public abstract void RestoreState(object value);

    internal void NotifyStateChanged() => StateChanged?.Invoke(this, EventArgs.Empty);
}

/// <summary>One feature's state inside one store.</summary>
internal sealed class Feature<TState>(string name, TState initialState) : FeatureBase, IFeature<TState>
    where TState : class
{
    private volatile TState _state = initialState;

    public TState State => _state;

    public override string GetName() => name;

    public override object GetState() => _state;

    public override Type GetStateType() => typeof(TState);

    public override void RestoreState(object value)
    {
        _state = (TState)value;
        NotifyStateChanged();
    }

    internal void SetState(TState state) => _state = state;
}
