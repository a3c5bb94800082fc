using CareHub.Flux.Internal;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CareHub.Flux;

public static class FluxServiceCollectionExtensions
{
    /// <summary>
    /// Registers the store (Fluxor: <c>AddFluxor</c>). Scans the configured assemblies/types and checks every
    /// feature state, reducer and effect now, throwing <see cref="FluxRegistrationException"/> naming each bad
    /// declaration. The store, <see cref="IDispatcher"/>, <see cref="IActionSubscriber"/>, <see cref="IState{TState}"/>,
    /// effect classes and middlewares are scoped (one store per Blazor Server circuit);
    /// <see cref="IStateSelection{TState, TValue}"/> is transient.
    /// </summary>
    public static IServiceCollection AddFlux(this IServiceCollection services, Action<FluxOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);

        foreach (var descriptor in services)
        {
            if (descriptor.ServiceType == typeof(FluxRegistry))
                throw new FluxRegistrationException("AddFlux may only be called once; pass every assembly and type to that call.");
        }

        var options = new FluxOptions();
        configure(options);
        var registry = FluxRegistry.Build(options);

        services.AddSingleton(registry);
        services.AddScoped<Store>();
        services.AddScoped<IStore>(static sp => sp.GetRequiredService<Store>());
        services.AddScoped<IDispatcher>(static sp => sp.GetRequiredService<Store>());
        services.AddScoped<IActionSubscriber>(static sp => sp.GetRequiredService<Store>());
        services.AddScoped(typeof(IState<>), typeof(State<>));
        services.AddTransient(typeof(IStateSelection<,>), typeof(StateSelection<,>));

        foreach (var effectClass in registry.EffectClasses)
            services.TryAddScoped(effectClass);
        foreach (var middleware in registry.MiddlewareTypes)
            services.TryAddScoped(middleware);

        return services;
    }
}
