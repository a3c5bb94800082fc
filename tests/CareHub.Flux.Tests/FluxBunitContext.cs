using Bunit;
using CareHub.Flux.Tests.Model;
using Microsoft.Extensions.DependencyInjection;

namespace CareHub.Flux.Tests;

/// <summary>The shared bUnit context: the test model registered with AddFlux.</summary>
public class FluxBunitContext : BunitContext
{
    public FluxBunitContext()
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        FluxTestHost.AddTestServices(Services);
    }

    public IStore Store => Services.GetRequiredService<IStore>();

    public IDispatcher Dispatcher => Services.GetRequiredService<IDispatcher>();

    public IState<CounterState> Counter => Services.GetRequiredService<IState<CounterState>>();
}
