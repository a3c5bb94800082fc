using CareHub.Flux.Tests.Model;

namespace CareHub.Flux.Tests;

public sealed class DispatchTests
{
    [Fact]
    public async Task Actions_dispatched_during_a_dispatch_are_queued_not_reentered()
    {
        using var host = await FluxTestHost.StartAsync();
        var trace = host.Get<IState<TraceState>>();
        var log = new List<string>();
        var depth = 0;
        var maxDepth = 0;
        trace.StateChanged += (_, _) =>
        {
            depth++;
            maxDepth = Math.Max(maxDepth, depth);
            log.Add($"changed {trace.Value.Steps}");
            if (trace.Value.Steps == 1)
                host.Dispatcher.Dispatch(new Traced("B", log));
            log.Add($"changed {trace.Value.Steps} done");
            depth--;
        };
        host.Store.SubscribeToAction<Traced>(this, a =>
        {
            log.Add($"subscriber {a.Name}");
            if (a.Name == "A")
                host.Dispatcher.Dispatch(new Traced("C", log));
        });

        host.Dispatcher.Dispatch(new Traced("A", log));

        log.ShouldBe(
        [
            "reduce A", "changed 1", "changed 1 done", "subscriber A",
            "reduce B", "changed 2", "changed 2 done", "subscriber B",
            "reduce C", "changed 3", "changed 3 done", "subscriber C",
        ]);
        maxDepth.ShouldBe(1);
    }

    [Fact]
    public async Task Dispatches_from_many_threads_are_all_applied_one_at_a_time()
    {
        using var host = await FluxTestHost.StartAsync();
        var probe = new ConcurrencyProbe();
        const int threadCount = 8;
        const int perThread = 2_000;
        using var start = new Barrier(threadCount);
        var threads = Enumerable.Range(0, threadCount).Select(_ => new Thread(() =>
        {
            start.SignalAndWait();
            for (var i = 0; i < perThread; i++)
            {
                host.Dispatcher.Dispatch(new Increment());
                host.Dispatcher.Dispatch(new Probed(probe));
            }
        }) { IsBackground = true }).ToList();

        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join(TimeSpan.FromSeconds(60)).ShouldBeTrue("a dispatching thread hung"));

        host.Counter.Value.Count.ShouldBe(threadCount * perThread);
        host.Get<IState<TraceState>>().Value.Steps.ShouldBe(threadCount * perThread);
        probe.MaxActive.ShouldBe(1);
    }

    [Fact]
    public async Task A_state_selection_notifies_only_when_the_selected_value_changes()
    {
        using var host = await FluxTestHost.StartAsync();
        var label = host.Get<IStateSelection<CounterState, string>>();
        label.Select(s => s.Label, StringComparer.OrdinalIgnoreCase);
        var selected = new List<string>();
        var stateChanged = 0;
        label.SelectedValueChanged += (_, value) => selected.Add(value);
        label.StateChanged += (_, _) => stateChanged++;

        host.Dispatcher.Dispatch(new Increment());
        host.Dispatcher.Dispatch(new Rename("first"));
        host.Dispatcher.Dispatch(new Rename("FIRST"));
        host.Dispatcher.Dispatch(new IncrementBy(3));
        host.Dispatcher.Dispatch(new Rename("second"));

        selected.ShouldBe(["first", "second"]);
        stateChanged.ShouldBe(2);
        label.Value.ShouldBe("second");
    }

    [Fact]
    public async Task An_action_subscriber_receives_its_actions_after_reduction_until_unsubscribed()
    {
        using var host = await FluxTestHost.StartAsync();
        var subscriber = host.Get<IActionSubscriber>();
        var owner = new object();
        var received = new List<(int Amount, int CountSeen)>();
        subscriber.SubscribeToAction<IncrementBy>(owner, a => received.Add((a.Amount, host.Counter.Value.Count)));

        host.Dispatcher.Dispatch(new IncrementBy(1));
        host.Dispatcher.Dispatch(new Increment());
        host.Dispatcher.Dispatch(new IncrementBy(2));
        subscriber.UnsubscribeFromAllActions(owner);
        host.Dispatcher.Dispatch(new IncrementBy(3));

        received.ShouldBe([(1, 1), (2, 4)]);
    }

    [Fact]
    public async Task A_disposable_unsubscriber_stops_action_callbacks()
    {
        using var host = await FluxTestHost.StartAsync();
        var owner = new object();
        var calls = 0;
        host.Store.SubscribeToAction<Increment>(owner, _ => calls++);

        host.Dispatcher.Dispatch(new Increment());
        host.Store.GetActionUnsubscriberAsDisposable(owner).Dispose();
        host.Dispatcher.Dispatch(new Increment());

        calls.ShouldBe(1);
    }

    [Fact]
    public async Task Middleware_is_initialized_and_sees_each_action_before_reducers_and_after_subscribers()
    {
        using var host = await FluxTestHost.StartAsync(o => o.AddMiddleware<RecordingMiddleware>());
        var middleware = host.Get<RecordingMiddleware>();
        host.Counter.StateChanged += (_, _) => middleware.Log.Add($"changed {host.Counter.Value.Count}");
        host.Store.SubscribeToAction<Increment>(this, _ => middleware.Log.Add("subscriber"));

        host.Dispatcher.Dispatch(new Increment());

        middleware.InitializedWith.ShouldBeSameAs(host.Store);
        host.Store.GetMiddlewares().ShouldBe([middleware]);
        middleware.Log.ShouldBe(
            ["before StoreInitializedAction", "after StoreInitializedAction", "before Increment", "changed 1", "subscriber", "after Increment"]);
    }

    [Fact]
    public async Task Middleware_can_veto_an_action()
    {
        using var host = await FluxTestHost.StartAsync(o => o.AddMiddleware<RecordingMiddleware>());
        var middleware = host.Get<RecordingMiddleware>();
        var subscriberCalls = 0;
        host.Store.SubscribeToAction<Forbidden>(this, _ => subscriberCalls++);

        host.Dispatcher.Dispatch(new Forbidden());

        host.Counter.Value.Count.ShouldBe(0);
        subscriberCalls.ShouldBe(0);
        middleware.Log.ShouldContain("before Forbidden");
        middleware.Log.ShouldNotContain("after Forbidden");
    }
}
