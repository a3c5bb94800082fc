using System.Collections.Concurrent;
using System.Linq.Expressions;
using System.Reflection;

namespace CareHub.Flux.Internal;

/// <summary>
/// Everything found and checked at registration: features, reducers, effects, middlewares, and the
/// per-action-type dispatch plans (built once per action type, then shared by every store).
/// </summary>
internal sealed class FluxRegistry
{
    private const BindingFlags DeclaredMethods =
        BindingFlags.DeclaredOnly | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.Instance;

    private readonly ConcurrentDictionary<Type, ActionPlan> _plans = new();
    private readonly ReducerDescriptor[] _reducers;
    private readonly EffectBinding[] _effects;

    private FluxRegistry(FeatureDescriptor[] features, ReducerDescriptor[] reducers, EffectBinding[] effects, Type[] effectClasses, Type[] middlewareTypes)
    {
        Features = features;
        _reducers = reducers;
        _effects = effects;
        EffectClasses = effectClasses;
        MiddlewareTypes = middlewareTypes;
        FeatureIndexByStateType = features.ToDictionary(f => f.StateType, f => f.Index);
    }

    public FeatureDescriptor[] Features { get; }

    public IReadOnlyDictionary<Type, int> FeatureIndexByStateType { get; }

    /// <summary>Classes holding instance effect methods, indexed by <see cref="EffectBinding.ClassIndex"/>.</summary>
    public Type[] EffectClasses { get; }

    public Type[] MiddlewareTypes { get; }

    public ActionPlan GetPlan(Type actionType) =>
        _plans.GetOrAdd(actionType, static (type, registry) => registry.CreatePlan(type), this);

    public static FluxRegistry Build(FluxOptions options)
    {
        var builder = new Builder();
        foreach (var assembly in options.Assemblies)
        {
            foreach (var type in LoadableTypes(assembly))
                builder.AddCandidate(type);
        }

        foreach (var type in options.Types)
            builder.AddCandidate(type);

        foreach (var middleware in options.MiddlewareTypes)
        {
            if (middleware.IsAbstract || middleware.ContainsGenericParameters)
                builder.Errors.Add($"{DisplayName(middleware)}: middlewares must be concrete, non-generic classes");
        }

        builder.Scan();
        if (builder.Errors.Count > 0)
            throw new FluxRegistrationException(builder.Errors);

        return new FluxRegistry(
            [.. builder.Features],
            [.. builder.Reducers],
            [.. builder.Effects],
            [.. builder.EffectClasses],
            [.. options.MiddlewareTypes]);
    }

    internal static string DisplayName(Type type) => (type.FullName ?? type.Name).Replace('+', '.');

    private static string DisplayName(Type type, MethodInfo method) => $"{DisplayName(type)}.{method.Name}";

    private static IEnumerable<Type> LoadableTypes(Assembly assembly)
    {
        try
        {
            return assembly.GetTypes();
        }
        catch (ReflectionTypeLoadException ex)
        {
            return ex.Types.Where(t => t is not null)!;
        }
    }

    private ActionPlan CreatePlan(Type actionType)
    {
        var features = new List<FeaturePlan>();
        var matching = new List<ReducerDescriptor>();
        foreach (var feature in Features)
        {
            matching.Clear();
            foreach (var reducer in _reducers)
            {
                if (reducer.FeatureIndex == feature.Index && reducer.ActionType.IsAssignableFrom(actionType))
                    matching.Add(reducer);
            }

            if (matching.Count > 0)
                features.Add(feature.CreatePlan(matching));
        }

        var effects = new List<EffectBinding>();
        foreach (var effect in _effects)
        {
            if (effect.ActionType.IsAssignableFrom(actionType))
                effects.Add(effect);
        }

        return new ActionPlan([.. features], [.. effects]);
    }

    private sealed class Builder
    {
        private readonly List<Type> _candidates = [];
        private readonly HashSet<Type> _seen = [];
        private readonly Dictionary<Type, FeatureDescriptor?> _featureByStateType = [];
        private readonly Dictionary<string, Type> _featureNames = new(StringComparer.Ordinal);
        private readonly Dictionary<Type, int> _effectClassIndex = [];

        public List<string> Errors { get; } = [];

        public List<FeatureDescriptor> Features { get; } = [];

        public List<ReducerDescriptor> Reducers { get; } = [];

        public List<EffectBinding> Effects { get; } = [];

        public List<Type> EffectClasses { get; } = [];

        public void AddCandidate(Type type)
        {
            if (_seen.Add(type))
                _candidates.Add(type);
        }

        public void Scan()
        {
            foreach (var type in _candidates)
            {
                if (type.IsDefined(typeof(FeatureStateAttribute), inherit: false))
                    GetOrAddFeature(type);
            }

            foreach (var type in _candidates)
            {
                foreach (var method in type.GetMethods(DeclaredMethods))
                {
                    var reducer = method.GetCustomAttribute<ReducerMethodAttribute>(inherit: false);
                    if (reducer is not null)
                        AddReducer(type, method, reducer);
                    var effect = method.GetCustomAttribute<EffectMethodAttribute>(inherit: false);
                    if (effect is not null)
                        AddEffect(type, method, effect);
                }
            }
        }

        private FeatureDescriptor? GetOrAddFeature(Type stateType)
        {
            if (_featureByStateType.TryGetValue(stateType, out var existing))
                return existing;

            var descriptor = CreateFeature(stateType);
            _featureByStateType.Add(stateType, descriptor);
            if (descriptor is not null)
                Features.Add(descriptor);
            return descriptor;
        }

        private FeatureDescriptor? CreateFeature(Type stateType)
        {
            var attribute = stateType.GetCustomAttribute<FeatureStateAttribute>(inherit: false)!;
            var name = DisplayName(stateType);
            var errorCount = Errors.Count;
            if (!stateType.IsClass)
                Errors.Add($"{name}: feature state types must be classes (immutable records)");
            if (stateType.IsAbstract)
                Errors.Add($"{name}: feature state types must not be abstract");
            if (stateType.ContainsGenericParameters)
                Errors.Add($"{name}: feature state types must not be open generic types");
            if (Errors.Count > errorCount)
                return null;

            Expression? create;
            if (attribute.CreateInitialStateMethodName is { } methodName)
            {
                var method = stateType.GetMethod(
                    methodName,
                    BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic,
                    Type.EmptyTypes);
                if (method is null || !stateType.IsAssignableFrom(method.ReturnType))
                {
                    Errors.Add($"{name}: CreateInitialStateMethodName '{methodName}' must name a static parameterless method returning {stateType.Name}");
                    return null;
                }

                create = Expression.Call(method);
            }
            else
            {
                var constructor = stateType.GetConstructor(
                    BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic,
                    Type.EmptyTypes);
                if (constructor is null)
                {
                    Errors.Add($"{name}: feature state types need a parameterless constructor (private is fine) giving the initial state, or [FeatureState(CreateInitialStateMethodName = ...)]");
                    return null;
                }

                create = Expression.New(constructor);
            }

            var featureName = attribute.Name ?? stateType.FullName ?? stateType.Name;
            if (!_featureNames.TryAdd(featureName, stateType))
            {
                Errors.Add($"{name}: feature name '{featureName}' is already used by {DisplayName(_featureNames[featureName])}");
                return null;
            }

            var factory = Expression.Lambda(typeof(Func<>).MakeGenericType(stateType), create).Compile();
            var descriptorType = typeof(FeatureDescriptor<>).MakeGenericType(stateType);
            return (FeatureDescriptor)Activator.CreateInstance(descriptorType, Features.Count, featureName, factory)!;
        }

        private void AddReducer(Type type, MethodInfo method, ReducerMethodAttribute attribute)
        {
            var name = DisplayName(type, method);
            if (!method.IsStatic)
            {
                Errors.Add($"{name}: reducer methods must be static");
                return;
            }

            if (method.IsGenericMethodDefinition || type.ContainsGenericParameters)
            {
                Errors.Add($"{name}: reducer methods must not be generic or declared in an open generic type");
                return;
            }

            var parameters = method.GetParameters();
            if (attribute.ActionType is null && parameters.Length != 2)
            {
                Errors.Add($"{name}: reducer methods must take (TState state, TAction action), or use [ReducerMethod(typeof(TAction))] and take (TState state); found {parameters.Length} parameter(s)");
                return;
            }

            if (attribute.ActionType is not null && parameters.Length != 1)
            {
                Errors.Add($"{name}: reducer methods marked [ReducerMethod(typeof({attribute.ActionType.Name}))] must take only (TState state); found {parameters.Length} parameter(s)");
                return;
            }

            if (parameters.Any(p => p.ParameterType.IsByRef))
            {
                Errors.Add($"{name}: reducer parameters must not be ref, out or in");
                return;
            }

            var stateType = parameters[0].ParameterType;
            if (method.ReturnType != stateType)
            {
                Errors.Add($"{name}: reducer methods must return their state type {stateType.Name}, not {method.ReturnType.Name}");
                return;
            }

            if (!stateType.IsDefined(typeof(FeatureStateAttribute), inherit: false))
            {
                Errors.Add($"{name}: state type {stateType.Name} is not marked [FeatureState]");
                return;
            }

            var actionType = attribute.ActionType ?? parameters[1].ParameterType;
            if (actionType.ContainsGenericParameters)
            {
                Errors.Add($"{name}: the action type {actionType.Name} must not be an open generic type");
                return;
            }

            var feature = GetOrAddFeature(stateType);
            if (feature is null)
                return; // the feature's own error is reported

            var state = Expression.Parameter(stateType, "state");
            var action = Expression.Parameter(typeof(object), "action");
            var call = attribute.ActionType is null
                ? Expression.Call(method, state, Expression.Convert(action, actionType))
                : Expression.Call(method, state);
            var reduce = Expression.Lambda(
                typeof(Func<,,>).MakeGenericType(stateType, typeof(object), stateType),
                call,
                name,
                [state, action]).Compile();
            Reducers.Add(new ReducerDescriptor(feature.Index, actionType, reduce, name));
        }

        private void AddEffect(Type type, MethodInfo method, EffectMethodAttribute attribute)
        {
            var name = DisplayName(type, method);
            if (method.ReturnType != typeof(Task))
            {
                Errors.Add($"{name}: effect methods must return Task, not {method.ReturnType.Name}");
                return;
            }

            if (method.IsGenericMethodDefinition || type.ContainsGenericParameters)
            {
                Errors.Add($"{name}: effect methods must not be generic or declared in an open generic type");
                return;
            }

            var parameters = method.GetParameters();
            if (parameters.Any(p => p.ParameterType.IsByRef))
            {
                Errors.Add($"{name}: effect parameters must not be ref, out or in");
                return;
            }

            if (attribute.ActionType is null
                && (parameters.Length != 2 || parameters[1].ParameterType != typeof(IDispatcher) || parameters[0].ParameterType == typeof(IDispatcher)))
            {
                Errors.Add($"{name}: effect methods must take (TAction action, IDispatcher dispatcher), or use [EffectMethod(typeof(TAction))] and take (IDispatcher dispatcher)");
                return;
            }

            if (attribute.ActionType is not null && (parameters.Length != 1 || parameters[0].ParameterType != typeof(IDispatcher)))
            {
                Errors.Add($"{name}: effect methods marked [EffectMethod(typeof({attribute.ActionType.Name}))] must take only (IDispatcher dispatcher)");
                return;
            }

            if (!method.IsStatic && (!type.IsClass || type.IsAbstract))
            {
                Errors.Add($"{name}: instance effect methods must be declared in a concrete class (it is resolved from DI)");
                return;
            }

            var actionType = attribute.ActionType ?? parameters[0].ParameterType;
            if (actionType.ContainsGenericParameters)
            {
                Errors.Add($"{name}: the action type {actionType.Name} must not be an open generic type");
                return;
            }

            var instance = Expression.Parameter(typeof(object), "effects");
            var action = Expression.Parameter(typeof(object), "action");
            var dispatcher = Expression.Parameter(typeof(IDispatcher), "dispatcher");
            Expression[] arguments = attribute.ActionType is null
                ? [Expression.Convert(action, actionType), dispatcher]
                : [dispatcher];
            var call = method.IsStatic
                ? Expression.Call(method, arguments)
                : Expression.Call(Expression.Convert(instance, type), method, arguments);
            var invoke = Expression.Lambda<Func<object?, object, IDispatcher, Task>>(call, name, [instance, action, dispatcher]).Compile();

            var classIndex = -1;
            if (!method.IsStatic && !_effectClassIndex.TryGetValue(type, out classIndex))
            {
                classIndex = EffectClasses.Count;
                EffectClasses.Add(type);
                _effectClassIndex.Add(type, classIndex);
            }

            Effects.Add(new EffectBinding(classIndex, actionType, invoke, name));
        }
    }
}

/// <summary>A checked reducer: <see cref="Reduce"/> is a compiled <c>Func&lt;TState, object, TState&gt;</c>.</summary>
internal sealed record ReducerDescriptor(int FeatureIndex, Type ActionType, Delegate Reduce, string Name);

/// <summary>A checked effect; <see cref="ClassIndex"/> is -1 for a static method.</summary>
internal sealed record EffectBinding(int ClassIndex, Type ActionType, Func<object?, object, IDispatcher, Task> Invoke, string Name);

/// <summary>What one action type does: the reducers per affected feature and the effects to start.</summary>
internal sealed class ActionPlan(FeaturePlan[] features, EffectBinding[] effects)
{
    public FeaturePlan[] Features { get; } = features;

    public EffectBinding[] Effects { get; } = effects;
}

internal abstract class FeatureDescriptor(int index, string name, Type stateType)
{
    public int Index { get; } = index;

    public string Name { get; } = name;

    public Type StateType { get; } = stateType;

    public abstract FeatureBase CreateFeature();

    public abstract FeaturePlan CreatePlan(IReadOnlyList<ReducerDescriptor> reducers);
}

internal sealed class FeatureDescriptor<TState>(int index, string name, Func<TState> createInitialState)
    : FeatureDescriptor(index, name, typeof(TState))
    where TState : class
{
    public override FeatureBase CreateFeature() => new Feature<TState>(Name, createInitialState());

    public override FeaturePlan CreatePlan(IReadOnlyList<ReducerDescriptor> reducers)
    {
        var reduce = new Func<TState, object, TState>[reducers.Count];
        for (var i = 0; i < reduce.Length; i++)
            reduce[i] = (Func<TState, object, TState>)reducers[i].Reduce;
        return new FeaturePlan<TState>(Index, reduce, reducers.Select(r => r.Name).ToArray());
    }
}

internal abstract class FeaturePlan
{
    /// <summary>Runs the feature's reducers; returns the feature if its state reference changed, else null.</summary>
    public abstract FeatureBase? Apply(FeatureBase[] features, object action);
}

internal sealed class FeaturePlan<TState>(int featureIndex, Func<TState, object, TState>[] reducers, string[] names) : FeaturePlan
    where TState : class
{
    public override FeatureBase? Apply(FeatureBase[] features, object action)
    {
        var feature = (Feature<TState>)features[featureIndex];
        var original = feature.State;
        var state = original;
        for (var i = 0; i < reducers.Length; i++)
        {
            state = reducers[i](state, action);
            if (state is null)
                throw new InvalidOperationException($"{names[i]} returned null for {action.GetType().Name}; reducers must return a state.");
        }

        if (ReferenceEquals(state, original))
            return null;
        feature.SetState(state);
        return feature;
    }
}
