using CareHub.Flux.Internal;
using Microsoft.AspNetCore.Components;

namespace CareHub.Flux;

/// <summary>
/// A component that re-renders when any of its <see cref="IState{TState}"/> / <see cref="IStateSelection{TState, TValue}"/>
/// properties changes (Fluxor: <c>FluxorComponent</c>). Subscribes in <see cref="SetParametersAsync"/>, so
/// derived classes need not call <c>base.OnInitialized()</c>. Overrides of <see cref="Dispose(bool)"/> must call the base.
/// </summary>
public abstract class FluxComponent : ComponentBase, IDisposable
{
    private IStateChangedNotifier[] _notifiers = [];
    private EventHandler? _onStateChanged;
    private bool _disposed;

    [Inject]
    private IActionSubscriber ActionSubscriber { get; set; } = default!;

    public override Task SetParametersAsync(ParameterView parameters)
    {
        if (_onStateChanged is null && !_disposed)
        {
            _onStateChanged = OnStateChanged;
            _notifiers = StateChangeSubscriptions.Subscribe(this, _onStateChanged);
        }

        return base.SetParametersAsync(parameters);
    }

    public void Dispose()
    {
        Dispose(disposing: true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Subscribes to an action for this component's lifetime (removed on dispose).</summary>
    protected void SubscribeToAction<TAction>(Action<TAction> callback) =>
        ActionSubscriber.SubscribeToAction(this, callback);

    protected virtual void Dispose(bool disposing)
    {
        if (_disposed)
            return;
        _disposed = true;
        if (!disposing)
            return;
        if (_onStateChanged is not null)
            StateChangeSubscriptions.Unsubscribe(_notifiers, _onStateChanged);
        _notifiers = [];
        ActionSubscriber?.UnsubscribeFromAllActions(this);
    }

    private void OnStateChanged(object? sender, EventArgs e)
    {
        if (!_disposed)
            _ = InvokeAsync(StateHasChanged);
    }
}
