using CareHub.Flux.Tests.Model;
using Microsoft.Extensions.DependencyInjection;

namespace CareHub.Flux.Tests;

public sealed class RegistrationTests
{
    private static FluxRegistrationException Register(params Type[] types) =>
        Should.Throw<FluxRegistrationException>(() => new ServiceCollection().AddFlux(o => o.ScanTypes(types)));

    [Fact]
    public void A_non_static_reducer_is_rejected_at_registration_naming_the_method()
    {
        var ex = Register(typeof(NonStaticReducers));

        ex.Message.ShouldContain("NonStaticReducers.Reduce: reducer methods must be static");
    }

    [Fact]
    public void A_reducer_returning_something_other_than_its_state_is_rejected()
    {
        var ex = Register(typeof(WrongReturnReducers));

        ex.Message.ShouldContain("WrongReturnReducers.Reduce: reducer methods must return their state type CounterState, not Int32");
    }

    [Fact]
    public void A_reducer_whose_state_is_not_a_feature_state_is_rejected()
    {
        var ex = Register(typeof(NotAFeatureReducers));

        ex.Message.ShouldContain("NotAFeatureReducers.Reduce: state type PlainState is not marked [FeatureState]");
    }

    [Theory]
    [InlineData(typeof(MissingActionReducers), "MissingActionReducers.Reduce: reducer methods must take (TState state, TAction action)")]
    [InlineData(typeof(ExtraParameterReducers), "ExtraParameterReducers.Reduce: reducer methods marked [ReducerMethod(typeof(Increment))] must take only (TState state)")]
    public void A_reducer_with_the_wrong_parameter_count_is_rejected(Type reducers, string expected)
    {
        var ex = Register(reducers);

        ex.Message.ShouldContain(expected);
    }

    [Fact]
    public void An_effect_not_returning_Task_is_rejected()
    {
        var ex = Register(typeof(VoidEffects));

        ex.Message.ShouldContain("VoidEffects.Handle: effect methods must return Task, not Void");
    }

    [Theory]
    [InlineData(typeof(MissingDispatcherEffects), "MissingDispatcherEffects.Handle: effect methods must take (TAction action, IDispatcher dispatcher)")]
    [InlineData(typeof(ExtraParameterEffects), "ExtraParameterEffects.Handle: effect methods marked [EffectMethod(typeof(Increment))] must take only (IDispatcher dispatcher)")]
    public void An_effect_with_the_wrong_parameters_is_rejected(Type effects, string expected)
    {
        var ex = Register(effects);

        ex.Message.ShouldContain(expected);
    }

    [Fact]
    public void A_feature_state_without_an_initial_state_is_rejected()
    {
        var ex = Register(typeof(NoInitialState));

        ex.Message.ShouldContain("NoInitialState: feature state types need a parameterless constructor");
    }

    [Fact]
    public void Scanning_an_assembly_checks_every_reducer_and_effect_in_it()
    {
        var ex = Should.Throw<FluxRegistrationException>(
            () => new ServiceCollection().AddFlux(o => o.ScanAssemblies(typeof(RegistrationTests).Assembly)));

        ex.Errors.Count.ShouldBe(9);
        foreach (var bad in new[]
        {
            "NonStaticReducers.Reduce", "WrongReturnReducers.Reduce", "NotAFeatureReducers.Reduce",
            "MissingActionReducers.Reduce", "ExtraParameterReducers.Reduce", "VoidEffects.Handle",
            "MissingDispatcherEffects.Handle", "ExtraParameterEffects.Handle", "NoInitialState",
        })
        {
            ex.Errors.ShouldContain(e => e.Contains(bad + ":", StringComparison.Ordinal), bad);
        }
    }

    [Fact]
    public void Registering_a_reducer_class_registers_its_feature_state()
    {
        var services = new ServiceCollection();
        services.AddFlux(o => o.ScanTypes(typeof(CounterReducers)));
        using var provider = services.BuildServiceProvider();
        using var scope = provider.CreateScope();

        scope.ServiceProvider.GetRequiredService<IStore>().Features.Keys.ShouldBe(["Counter"]);
    }

    [Fact]
    public void Calling_AddFlux_twice_is_rejected()
    {
        var services = new ServiceCollection();
        services.AddFlux(o => o.ScanTypes(typeof(CounterReducers)));

        Should.Throw<FluxRegistrationException>(() => services.AddFlux(o => o.ScanTypes(typeof(TraceReducers))))
            .Message.ShouldContain("only be called once");
    }

    [Fact]
    public void Injecting_the_state_of_an_unregistered_type_names_the_type()
    {
        using var host = FluxTestHost.Create();

        Should.Throw<InvalidOperationException>(() => host.Get<IState<PlainState>>())
            .Message.ShouldContain("PlainState is not a registered feature state");
    }
}
