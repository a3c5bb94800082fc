using CareHub.Flux.Tests.Model;

namespace CareHub.Flux.Tests;

public sealed class EffectTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task An_effect_uses_its_injected_dependency_and_dispatches_a_result_action()
    {
        using var host = await FluxTestHost.StartAsync();
        var greeting = host.Get<IState<GreetingState>>();
        var succeeded = new TaskCompletionSource<string?>(TaskCreationOptions.RunContinuationsAsynchronously);
        greeting.StateChanged += (_, _) => succeeded.TrySetResult(greeting.Value.Message);

        host.Dispatcher.Dispatch(new Greet("Ada"));

        (await succeeded.Task.WaitAsync(Timeout, Xunit.TestContext.Current.CancellationToken)).ShouldBe("Hello Ada");
    }

    [Fact]
    public async Task An_effect_declared_with_its_action_type_runs_and_its_synchronous_dispatch_is_processed_before_Dispatch_returns()
    {
        using var host = await FluxTestHost.StartAsync();

        host.Dispatcher.Dispatch(new Reset());

        host.Counter.Value.Label.ShouldBe("reset");
    }

    [Fact]
    public async Task Effects_start_after_the_reducers_ran()
    {
        using var host = await FluxTestHost.StartAsync();

        host.Dispatcher.Dispatch(new Increment());
        host.Dispatcher.Dispatch(new Increment());

        host.Get<EffectProbe>().CountsSeenByEffects.ShouldBe([1, 2]);
    }

    [Fact]
    public async Task An_effect_exception_raises_UnhandledException_and_the_store_keeps_working()
    {
        using var host = await FluxTestHost.StartAsync();
        var raised = new TaskCompletionSource<Exception>(TaskCreationOptions.RunContinuationsAsynchronously);
        host.Store.UnhandledException += (_, e) => raised.TrySetResult(e.Exception);

        host.Dispatcher.Dispatch(new Explode("boom"));

        var exception = await raised.Task.WaitAsync(Timeout, Xunit.TestContext.Current.CancellationToken);
        exception.ShouldBeOfType<InvalidOperationException>().Message.ShouldBe("boom");
        host.Dispatcher.Dispatch(new Increment());
        host.Counter.Value.Count.ShouldBe(1);
    }

    [Fact]
    public async Task An_effect_throwing_synchronously_raises_UnhandledException_without_failing_Dispatch()
    {
        using var host = await FluxTestHost.StartAsync();
        var raised = new List<Exception>();
        host.Store.UnhandledException += (_, e) => raised.Add(e.Exception);

        Should.NotThrow(() => host.Dispatcher.Dispatch(new ExplodeSynchronously("sync boom")));
        host.Dispatcher.Dispatch(new Increment());

        raised.Single().Message.ShouldBe("sync boom");
        host.Counter.Value.Count.ShouldBe(1);
    }
}
