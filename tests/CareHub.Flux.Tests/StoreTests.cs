using CareHub.Flux.Tests.Model;
using Microsoft.Extensions.DependencyInjection;

namespace CareHub.Flux.Tests;

public sealed class StoreTests
{
    [Fact]
    public void The_initial_state_comes_from_the_feature_states_private_constructor()
    {
        using var host = FluxTestHost.Create();

        host.Counter.Value.ShouldBe(new CounterState(0, "initial"));
    }

    [Fact]
    public void Features_are_listed_under_their_name_or_full_type_name()
    {
        using var host = FluxTestHost.Create();

        host.Store.Features.Keys.ShouldBe(
            ["Counter", typeof(TraceState).FullName!, typeof(GreetingState).FullName!],
            ignoreOrder: true);
        host.Store.Features["Counter"].GetStateType().ShouldBe(typeof(CounterState));
    }

    [Fact]
    public async Task A_reducer_produces_a_new_state_and_notifies_once()
    {
        using var host = await FluxTestHost.StartAsync();
        var before = host.Counter.Value;
        var notifications = 0;
        host.Counter.StateChanged += (_, _) => notifications++;

        host.Dispatcher.Dispatch(new IncrementBy(5));

        host.Counter.Value.ShouldBe(new CounterState(5, "initial"));
        host.Counter.Value.ShouldNotBeSameAs(before);
        before.Count.ShouldBe(0);
        notifications.ShouldBe(1);
    }

    [Fact]
    public async Task An_unrelated_action_leaves_the_state_reference_unchanged_and_does_not_notify()
    {
        using var host = await FluxTestHost.StartAsync();
        var before = host.Counter.Value;
        var notifications = 0;
        host.Counter.StateChanged += (_, _) => notifications++;

        host.Dispatcher.Dispatch(new Unrelated());

        host.Counter.Value.ShouldBeSameAs(before);
        notifications.ShouldBe(0);
    }

    [Fact]
    public async Task Both_reducer_forms_are_applied()
    {
        using var host = await FluxTestHost.StartAsync();

        host.Dispatcher.Dispatch(new Increment());
        host.Dispatcher.Dispatch(new IncrementBy(10));

        host.Counter.Value.Count.ShouldBe(11);
    }

    [Fact]
    public async Task Actions_dispatched_before_initialization_are_processed_on_initialization()
    {
        using var host = FluxTestHost.Create();
        var seen = new List<string>();
        host.Store.SubscribeToAction<object>(this, a => seen.Add(a.GetType().Name));

        host.Dispatcher.Dispatch(new Increment());
        host.Dispatcher.Dispatch(new IncrementBy(2));
        host.Counter.Value.Count.ShouldBe(0);
        host.Store.IsInitialized.ShouldBeFalse();

        await host.Store.InitializeAsync();

        host.Counter.Value.Count.ShouldBe(3);
        seen.ShouldBe([nameof(StoreInitializedAction), nameof(Increment), nameof(IncrementBy)]);
        host.Store.Initialized.IsCompletedSuccessfully.ShouldBeTrue();
    }

    [Fact]
    public async Task Initializing_twice_processes_queued_actions_once()
    {
        using var host = FluxTestHost.Create();
        host.Dispatcher.Dispatch(new Increment());

        await Task.WhenAll(host.Store.InitializeAsync(), host.Store.InitializeAsync());
        await host.Store.InitializeAsync();

        host.Counter.Value.Count.ShouldBe(1);
    }

    [Fact]
    public async Task Each_scope_gets_its_own_store()
    {
        using var host = await FluxTestHost.StartAsync();
        using var other = host.Provider.CreateScope();
        var otherStore = other.ServiceProvider.GetRequiredService<IStore>();
        await otherStore.InitializeAsync();

        host.Dispatcher.Dispatch(new IncrementBy(4));

        otherStore.ShouldNotBeSameAs(host.Store);
        other.ServiceProvider.GetRequiredService<IState<CounterState>>().Value.Count.ShouldBe(0);
        host.Counter.Value.Count.ShouldBe(4);
        host.Get<IDispatcher>().ShouldBeSameAs(host.Store);
        host.Get<IActionSubscriber>().ShouldBeSameAs(host.Store);
    }

    [Fact]
    public void A_reducer_is_a_plain_function()
    {
        var state = new CounterState(1, "a");

        var next = CounterReducers.OnIncrementBy(state, new IncrementBy(2));

        next.ShouldBe(new CounterState(3, "a"));
        state.Count.ShouldBe(1);
    }
}
