namespace CareHub.Flux;

/// <summary>Dispatches actions to the store of the current circuit.</summary>
public interface IDispatcher
{
    /// <summary>
    /// Dispatches an action. Thread-safe. An action dispatched while another is being processed is queued
    /// and processed after it; before the store is initialized actions are queued until initialization.
    /// </summary>
    void Dispatch(object action);
}

/// <summary>Something whose change a component re-renders on (Fluxor: <c>IStateChangedNotifier</c>).</summary>
public interface IStateChangedNotifier
{
    event EventHandler? StateChanged;
}

/// <summary>The current state of a feature; inject it into components.</summary>
public interface IState<out TState> : IStateChangedNotifier
{
    TState Value { get; }
}

/// <summary>
/// A value selected from a feature's state. <see cref="IStateChangedNotifier.StateChanged"/> and
/// <see cref="SelectedValueChanged"/> fire only when the selected value changed.
/// </summary>
public interface IStateSelection<TState, TValue> : IState<TValue>
{
    /// <summary>
    /// Sets the selector; call once (typically in OnInitialized). <paramref name="selectedValueChanged"/> is called,
    /// like the events, while the selection is listened to (e.g. by a <see cref="FluxComponent"/>).
    /// </summary>
    void Select(
        Func<TState, TValue> selector,
        IEqualityComparer<TValue>? valueEquals = null,
        Action<TValue>? selectedValueChanged = null);

    event EventHandler<TValue>? SelectedValueChanged;
}

/// <summary>Subscribes callbacks to actions after they were reduced.</summary>
public interface IActionSubscriber
{
    void SubscribeToAction<TAction>(object subscriber, Action<TAction> callback);

    void UnsubscribeFromAllActions(object subscriber);

    /// <summary>An <see cref="IDisposable"/> that calls <see cref="UnsubscribeFromAllActions"/>.</summary>
    IDisposable GetActionUnsubscriberAsDisposable(object subscriber);
}

/// <summary>A feature (one state slice) of the store.</summary>
public interface IFeature
{
    string GetName();

    object GetState();

    Type GetStateType();

    /// <summary>Replaces the state (for tooling such as dev tools) and notifies subscribers.</summary>
    void RestoreState(object value);

    event EventHandler? StateChanged;
}

/// <summary>A typed feature.</summary>
public interface IFeature<TState> : IFeature
{
    TState State { get; }
}

/// <summary>
/// Hooks into dispatching. Registered with <see cref="FluxOptions.AddMiddleware{TMiddleware}"/>, resolved
/// from the circuit scope. Fluxor splits <see cref="BeforeDispatch"/> into MayDispatchAction and BeforeDispatch.
/// </summary>
public interface IMiddleware
{
    Task InitializeAsync(IDispatcher dispatcher, IStore store);

    void AfterInitializeAllMiddlewares();

    /// <summary>Called before the reducers; return false to veto (drop) the action.</summary>
    bool BeforeDispatch(object action);

    /// <summary>Called after reducers, state notifications and action subscribers, before effects start.</summary>
    void AfterDispatch(object action);
}

/// <summary>A middleware with no-op members to override.</summary>
public abstract class Middleware : IMiddleware
{
    public virtual Task InitializeAsync(IDispatcher dispatcher, IStore store) => Task.CompletedTask;

    public virtual void AfterInitializeAllMiddlewares()
    {
    }

    public virtual bool BeforeDispatch(object action) => true;

    public virtual void AfterDispatch(object action)
    {
    }
}

/// <summary>The per-circuit store.</summary>
public interface IStore : IActionSubscriber
{
    /// <summary>Features by name.</summary>
    IReadOnlyDictionary<string, IFeature> Features { get; }

    /// <summary>Completes when the store has been initialized.</summary>
    Task Initialized { get; }

    bool IsInitialized { get; }

    /// <summary>
    /// Initializes middlewares, resolves effect classes and processes actions queued so far
    /// (<see cref="StoreInitializedAction"/> first). Idempotent.
    /// </summary>
    Task InitializeAsync();

    IReadOnlyList<IMiddleware> GetMiddlewares();

    /// <summary>Raised when an effect throws or its task faults.</summary>
    event EventHandler<Exceptions.UnhandledExceptionEventArgs>? UnhandledException;
}

/// <summary>Dispatched once when the store initializes, before actions queued earlier.</summary>
public sealed record StoreInitializedAction
{
    public static StoreInitializedAction Instance { get; } = new();
}
