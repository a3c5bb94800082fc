namespace CareHub.Flux.Internal;

/// <summary>
/// What <see cref="FluxComponent"/> and <see cref="FluxLayout"/> share: subscribe a component to its state
/// properties once, re-render it on change, and release everything (states and actions) on dispose.
/// </summary>
internal sealed class StateBinding
{
    private IStateChangedNotifier[] _notifiers = [];
    private EventHandler? _handler;
    private bool _disposed;

    public void Attach(object component, Action onChanged)
    {
        if (_handler is not null || _disposed)
            return;
        _handler = (_, _) =>
        {
            if (!_disposed)
                onChanged();
        };
        _notifiers = StateChangeSubscriptions.Subscribe(component, _handler);
    }

    /// <summary>Returns false when already disposed.</summary>
    public bool Dispose(bool disposing, IActionSubscriber? actions, object component)
    {
        if (_disposed)
            return false;
        _disposed = true;
        if (!disposing)
            return true;
        if (_handler is not null)
            StateChangeSubscriptions.Unsubscribe(_notifiers, _handler);
        _notifiers = [];
        actions?.UnsubscribeFromAllActions(component);
        return true;
    }
}
