namespace CareHub.Flux.Internal;

/// <summary>
/// A selected value of a feature. Listens to the feature only while something listens to it (so a component
/// that unsubscribes leaves nothing behind), and notifies only when the selected value changed by the comparer.
/// </summary>
internal sealed class StateSelection<TState, TValue> : IStateSelection<TState, TValue>
    where TState : class
{
    private readonly Feature<TState> _feature;
    private readonly object _gate = new();
    private readonly EventHandler _onFeatureChanged;
    private Func<TState, TValue>? _selector;
    private IEqualityComparer<TValue> _comparer = EqualityComparer<TValue>.Default;
    private Action<TValue>? _callback;
    private EventHandler? _stateChanged;
    private EventHandler<TValue>? _selectedValueChanged;
    private TValue _lastValue = default!;
    private bool _listening;

    public StateSelection(Store store)
    {
        _feature = store.GetFeature<TState>();
        _onFeatureChanged = OnFeatureStateChanged;
    }

    public TValue Value
    {
        get
        {
            var selector = _selector ?? throw new InvalidOperationException(
                $"Call Select on IStateSelection<{typeof(TState).Name}, {typeof(TValue).Name}> before reading Value.");
            return selector(_feature.State);
        }
    }

    public event EventHandler? StateChanged
    {
        add
        {
            lock (_gate)
            {
                _stateChanged += value;
                UpdateListening();
            }
        }

        remove
        {
            lock (_gate)
            {
                _stateChanged -= value;
                UpdateListening();
            }
        }
    }

    public event EventHandler<TValue>? SelectedValueChanged
    {
        add
        {
            lock (_gate)
            {
                _selectedValueChanged += value;
                UpdateListening();
            }
        }

        remove
        {
            lock (_gate)
            {
                _selectedValueChanged -= value;
                UpdateListening();
            }
        }
    }

    public void Select(Func<TState, TValue> selector, IEqualityComparer<TValue>? valueEquals = null, Action<TValue>? selectedValueChanged = null)
    {
        ArgumentNullException.ThrowIfNull(selector);
        lock (_gate)
        {
            if (_selector is not null)
                throw new InvalidOperationException("Select may only be called once.");
            _selector = selector;
            _comparer = valueEquals ?? EqualityComparer<TValue>.Default;
            _callback = selectedValueChanged;
            _lastValue = selector(_feature.State);
            UpdateListening();
        }
    }

    private void UpdateListening()
    {
        var needed = _stateChanged is not null || _selectedValueChanged is not null;
        if (needed == _listening)
            return;
        _listening = needed;
        if (needed)
        {
            if (_selector is not null)
                _lastValue = _selector(_feature.State);
            _feature.StateChanged += _onFeatureChanged;
        }
        else
        {
            _feature.StateChanged -= _onFeatureChanged;
        }
    }

    private void OnFeatureStateChanged(object? sender, EventArgs e)
    {
        TValue value;
        EventHandler<TValue>? selectedValueChanged;
        Action<TValue>? callback;
        EventHandler? stateChanged;
        lock (_gate)
        {
            if (_selector is null || !_listening)
                return;
            value = _selector(_feature.State);
            if (_comparer.Equals(_lastValue, value))
                return;
            _lastValue = value;
            selectedValueChanged = _selectedValueChanged;
            callback = _callback;
            stateChanged = _stateChanged;
        }

        selectedValueChanged?.Invoke(this, value);
        callback?.Invoke(value);
        stateChanged?.Invoke(this, EventArgs.Empty);
    }
}
