using System.Reflection;

namespace CareHub.Flux;

/// <summary>Options of <see cref="FluxServiceCollectionExtensions.AddFlux"/> (Fluxor: <c>FluxorOptions</c>).</summary>
public sealed class FluxOptions
{
    private readonly List<Assembly> _assemblies = [];
    private readonly List<Type> _types = [];
    private readonly List<Type> _middlewares = [];

    internal IReadOnlyList<Assembly> Assemblies => _assemblies;

    internal IReadOnlyList<Type> Types => _types;

    internal IReadOnlyList<Type> MiddlewareTypes => _middlewares;

    /// <summary>Registers every [FeatureState], [ReducerMethod] and [EffectMethod] found in the assemblies.</summary>
    public FluxOptions ScanAssemblies(params Assembly[] assemblies)
    {
        foreach (var assembly in assemblies)
        {
            if (!_assemblies.Contains(assembly))
                _assemblies.Add(assembly);
        }

        return this;
    }

    /// <summary>
    /// Registers the given types only (feature states, reducer classes, effect classes); nested types are
    /// not included. A reducer's [FeatureState] type is registered with it.
    /// </summary>
    public FluxOptions ScanTypes(params Type[] types)
    {
        foreach (var type in types)
        {
            if (!_types.Contains(type))
                _types.Add(type);
        }

        return this;
    }

    /// <summary>Adds a middleware, resolved from the circuit scope (registered as scoped if absent).</summary>
    public FluxOptions AddMiddleware<TMiddleware>()
        where TMiddleware : class, IMiddleware
    {
        if (!_middlewares.Contains(typeof(TMiddleware)))
            _middlewares.Add(typeof(TMiddleware));
        return this;
    }
}
