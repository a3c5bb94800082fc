using CareHub.Flux.Internal;
using CareHub.Flux.Tests.Model;
using Microsoft.Extensions.DependencyInjection;

namespace CareHub.Flux.Tests;

/// <summary>A service provider with the test model registered, and one scope (circuit) in it.</summary>
public sealed class FluxTestHost : IDisposable
{
    public static readonly Type[] ModelTypes =
    [
        typeof(CounterState), typeof(CounterReducers),
        typeof(TraceState), typeof(TraceReducers),
        typeof(GreetingState), typeof(GreetingReducers), typeof(GreetingEffects), typeof(FailingEffects),
    ];

    private FluxTestHost(ServiceProvider provider)
    {
        Provider = provider;
        Scope = provider.CreateScope();
    }

    public ServiceProvider Provider { get; }

    public IServiceScope Scope { get; }

    public IServiceProvider Services => Scope.ServiceProvider;

    public IStore Store => Services.GetRequiredService<IStore>();

    public IDispatcher Dispatcher => Services.GetRequiredService<IDispatcher>();

    public IState<CounterState> Counter => Services.GetRequiredService<IState<CounterState>>();

    public static void AddTestServices(IServiceCollection services, Action<FluxOptions>? configure = null)
    {
        services.AddScoped<IGreeter, Greeter>();
        services.AddScoped<EffectProbe>();
        services.AddFlux(o =>
        {
            o.ScanTypes(ModelTypes);
            configure?.Invoke(o);
        });
    }

    /// <summary>A host whose store is not initialized yet.</summary>
    public static FluxTestHost Create(Action<FluxOptions>? configure = null)
    {
        var services = new ServiceCollection();
        AddTestServices(services, configure);
        return new FluxTestHost(services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true, ValidateOnBuild = true }));
    }

    public static async Task<FluxTestHost> StartAsync(Action<FluxOptions>? configure = null)
    {
        var host = Create(configure);
        await host.Store.InitializeAsync();
        return host;
    }

    public T Get<T>()
        where T : notnull => Services.GetRequiredService<T>();

    internal FeatureBase Feature(string name) => (FeatureBase)Store.Features[name];

    public void Dispose()
    {
        Scope.Dispose();
        Provider.Dispose();
    }
}
