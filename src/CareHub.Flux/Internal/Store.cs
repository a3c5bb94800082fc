using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace CareHub.Flux.Internal;

/// <summary>
/// The per-circuit store: <see cref="IStore"/>, <see cref="IDispatcher"/> and <see cref="IActionSubscriber"/>.
/// One thread at a time processes actions (a lock, as in Fluxor); an action dispatched while one is being
/// processed (on the same thread, from a handler, middleware or synchronous effect part) is queued, never re-entered.
/// </summary>
internal sealed class Store : IStore, IDispatcher, IDisposable
{
    private static readonly Action<Task, object?> ReportEffectFailure = static (task, state) =>
    {
        var (store, effect) = ((Store, EffectBinding))state!;
        store.OnEffectFailed(effect, task.Exception!);
    };

    private readonly object _sync = new();
    private readonly Queue<object> _queue = new();
    private readonly FluxRegistry _registry;
    private readonly IServiceProvider _services;
    private readonly ILogger _logger;
    private readonly FeatureBase[] _features;
    private readonly List<FeatureBase> _changedFeatures = [];
    private readonly object _subscriptionsGate = new();
    private ActionSubscription[] _subscriptions = [];
    private IMiddleware[] _middlewares = [];
    private object?[] _effectInstances = [];
    private readonly TaskCompletionSource _initialized = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private bool _initializationStarted;
    private bool _isInitialized;
    private bool _isDispatching;
    private bool _disposed;

    public Store(FluxRegistry registry, IServiceProvider services)
    {
        _registry = registry;
        _services = services;
        _logger = services.GetService<ILogger<Store>>() ?? (ILogger)NullLogger.Instance;
        _features = new FeatureBase[registry.Features.Length];
        var byName = new Dictionary<string, IFeature>(StringComparer.Ordinal);
        foreach (var descriptor in registry.Features)
        {
            var feature = descriptor.CreateFeature();
            _features[descriptor.Index] = feature;
            byName.Add(descriptor.Name, feature);
        }

        Features = byName;
        _queue.Enqueue(StoreInitializedAction.Instance);
    }

    public event EventHandler<Exceptions.UnhandledExceptionEventArgs>? UnhandledException;

    public IReadOnlyDictionary<string, IFeature> Features { get; }

    public Task Initialized => _initialized.Task;

    public bool IsInitialized
    {
        get
        {
            lock (_sync)
                return _isInitialized;
        }
    }

    public Feature<TState> GetFeature<TState>()
        where TState : class
    {
        if (!_registry.FeatureIndexByStateType.TryGetValue(typeof(TState), out var index))
        {
            throw new InvalidOperationException(
                $"{FluxRegistry.DisplayName(typeof(TState))} is not a registered feature state: mark it [FeatureState] and include it in AddFlux (ScanAssemblies or ScanTypes).");
        }

        return (Feature<TState>)_features[index];
    }

    public IReadOnlyList<IMiddleware> GetMiddlewares() => _middlewares;

    public Task InitializeAsync()
    {
        lock (_sync)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_initializationStarted)
                return _initialized.Task;
            _initializationStarted = true;
        }

        return InitializeCoreAsync();
    }

    public void Dispatch(object action)
    {
        ArgumentNullException.ThrowIfNull(action);
        lock (_sync)
        {
            if (_disposed)
                return; // an effect finishing after its circuit closed
            _queue.Enqueue(action);
            if (_isInitialized && !_isDispatching)
                DrainQueue();
        }
    }

    public void SubscribeToAction<TAction>(object subscriber, Action<TAction> callback)
    {
        ArgumentNullException.ThrowIfNull(subscriber);
        ArgumentNullException.ThrowIfNull(callback);
        lock (_subscriptionsGate)
        {
            var current = _subscriptions;
            var next = new ActionSubscription[current.Length + 1];
            Array.Copy(current, next, current.Length);
            next[^1] = new ActionSubscription<TAction>(subscriber, callback);
            Volatile.Write(ref _subscriptions, next);
        }
    }

    public void UnsubscribeFromAllActions(object subscriber)
    {
        ArgumentNullException.ThrowIfNull(subscriber);
        lock (_subscriptionsGate)
        {
            var kept = new List<ActionSubscription>(_subscriptions.Length);
            foreach (var subscription in _subscriptions)
            {
                if (ReferenceEquals(subscription.Subscriber, subscriber))
                    subscription.Removed = true;
                else
                    kept.Add(subscription);
            }

            Volatile.Write(ref _subscriptions, kept.ToArray());
        }
    }

    public IDisposable GetActionUnsubscriberAsDisposable(object subscriber) => new ActionUnsubscriber(this, subscriber);

    public void Dispose()
    {
        lock (_sync)
        {
            _disposed = true;
            _queue.Clear();
        }

        lock (_subscriptionsGate)
        {
            foreach (var subscription in _subscriptions)
                subscription.Removed = true;
            _subscriptions = [];
        }
    }

    private async Task InitializeCoreAsync()
    {
        try
        {
            var effectInstances = new object?[_registry.EffectClasses.Length];
            for (var i = 0; i < effectInstances.Length; i++)
                effectInstances[i] = _services.GetRequiredService(_registry.EffectClasses[i]);
            var middlewares = new IMiddleware[_registry.MiddlewareTypes.Length];
            for (var i = 0; i < middlewares.Length; i++)
                middlewares[i] = (IMiddleware)_services.GetRequiredService(_registry.MiddlewareTypes[i]);
            _effectInstances = effectInstances;
            _middlewares = middlewares;

            foreach (var middleware in middlewares)
                await middleware.InitializeAsync(this, this);
            foreach (var middleware in middlewares)
                middleware.AfterInitializeAllMiddlewares();

            lock (_sync)
            {
                _isInitialized = true;
                if (!_isDispatching)
                    DrainQueue();
            }

            _initialized.TrySetResult();
        }
        catch (Exception ex)
        {
            _initialized.TrySetException(ex);
            throw;
        }
    }

    /// <summary>Processes queued actions until the queue is empty. Called with <see cref="_sync"/> held.</summary>
    private void DrainQueue()
    {
        _isDispatching = true;
        try
        {
            while (_queue.TryDequeue(out var action))
                Process(action);
        }
        finally
        {
            _isDispatching = false;
        }
    }

    private void Process(object action)
    {
        var middlewares = _middlewares;
        for (var i = 0; i < middlewares.Length; i++)
        {
            if (!middlewares[i].BeforeDispatch(action))
                return;
        }

        var plan = _registry.GetPlan(action.GetType());

        var changed = _changedFeatures;
        changed.Clear();
        var featurePlans = plan.Features;
        for (var i = 0; i < featurePlans.Length; i++)
        {
            var feature = featurePlans[i].Apply(_features, action);
            if (feature is not null)
                changed.Add(feature);
        }

        // Handlers cannot re-enter Process (nested dispatches are queued), so the list stays intact.
        for (var i = 0; i < changed.Count; i++)
            changed[i].NotifyStateChanged();
        changed.Clear();

        var subscriptions = Volatile.Read(ref _subscriptions);
        for (var i = 0; i < subscriptions.Length; i++)
            subscriptions[i].Notify(action);

        for (var i = 0; i < middlewares.Length; i++)
            middlewares[i].AfterDispatch(action);

        var effects = plan.Effects;
        for (var i = 0; i < effects.Length; i++)
            StartEffect(effects[i], action);
    }

    private void StartEffect(EffectBinding effect, object action)
    {
        Task task;
        try
        {
            var instance = effect.ClassIndex < 0 ? null : _effectInstances[effect.ClassIndex];
            task = effect.Invoke(instance, action, this) ?? Task.CompletedTask;
        }
        catch (Exception ex)
        {
            OnEffectFailed(effect, ex);
            return;
        }

        if (task.IsCompletedSuccessfully || task.IsCanceled)
            return;
        if (task.IsFaulted)
        {
            OnEffectFailed(effect, task.Exception!);
            return;
        }

        task.ContinueWith(
            ReportEffectFailure,
            (this, effect),
            CancellationToken.None,
            TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
    }

    private void OnEffectFailed(EffectBinding effect, Exception exception)
    {
        if (exception is AggregateException { InnerExceptions.Count: 1 } aggregate)
            exception = aggregate.InnerExceptions[0];
        _logger.LogError(exception, "Effect {Effect} failed", effect.Name);
        try
        {
            UnhandledException?.Invoke(this, new Exceptions.UnhandledExceptionEventArgs(exception));
        }
        catch (Exception handlerException)
        {
            _logger.LogError(handlerException, "An UnhandledException handler failed");
        }
    }

    private sealed class ActionUnsubscriber(Store store, object subscriber) : IDisposable
    {
        public void Dispose() => store.UnsubscribeFromAllActions(subscriber);
    }
}
