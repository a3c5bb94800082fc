namespace CareHub.Flux;

/// <summary>
/// Marks an immutable record as the state of a feature (Fluxor: <c>[FeatureState]</c>).
/// The initial state comes from the type's parameterless constructor (it may be private),
/// or from the static parameterless method named by <see cref="CreateInitialStateMethodName"/>.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class FeatureStateAttribute : Attribute
{
    /// <summary>The feature's name in <see cref="IStore.Features"/>; defaults to the state type's full name.</summary>
    public string? Name { get; set; }

    /// <summary>Name of a static parameterless method on the state type that returns the initial state.</summary>
    public string? CreateInitialStateMethodName { get; set; }
}

/// <summary>
/// Marks a static pure reducer: <c>static TState Reduce(TState state, TAction action)</c>,
/// or, with an action type, <c>[ReducerMethod(typeof(TAction))] static TState Reduce(TState state)</c>.
/// </summary>
[AttributeUsage(AttributeTargets.Method, Inherited = false)]
public sealed class ReducerMethodAttribute : Attribute
{
    public ReducerMethodAttribute()
    {
    }

    public ReducerMethodAttribute(Type actionType)
    {
        ActionType = actionType;
    }

    /// <summary>The action type when the method takes only the state.</summary>
    public Type? ActionType { get; }
}

/// <summary>
/// Marks an effect: <c>Task Handle(TAction action, IDispatcher dispatcher)</c>, or, with an action type,
/// <c>[EffectMethod(typeof(TAction))] Task Handle(IDispatcher dispatcher)</c>. Instance effects live in
/// classes resolved from the circuit's DI scope, so constructor injection works.
/// </summary>
[AttributeUsage(AttributeTargets.Method, Inherited = false)]
public sealed class EffectMethodAttribute : Attribute
{
    public EffectMethodAttribute()
    {
    }

    public EffectMethodAttribute(Type actionType)
    {
        ActionType = actionType;
    }

    /// <summary>The action type when the method takes only the dispatcher.</summary>
    public Type? ActionType { get; }
}
