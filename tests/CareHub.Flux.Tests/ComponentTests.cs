using Bunit;
using CareHub.Flux.Internal;
using CareHub.Flux.Tests.Components;
using CareHub.Flux.Tests.Model;
using Microsoft.AspNetCore.Components;

namespace CareHub.Flux.Tests;

public sealed class ComponentTests : FluxBunitContext
{
    [Fact]
    public async Task A_FluxComponent_that_skips_base_OnInitialized_rerenders_when_its_state_changes()
    {
        var cut = Render<CounterView>();
        await Store.InitializeAsync();

        Dispatcher.Dispatch(new IncrementBy(2));

        cut.WaitForAssertion(() => cut.Find("#count").TextContent.ShouldBe("2"));
        cut.Instance.LastAmount.ShouldBe(2);
    }

    [Fact]
    public async Task A_disposed_FluxComponent_stops_listening_to_state_and_actions()
    {
        var cut = Render<CounterView>();
        await Store.InitializeAsync();
        var feature = (FeatureBase)Store.Features["Counter"];
        feature.SubscriberCount.ShouldBe(1);
        var component = cut.Instance;
        Dispatcher.Dispatch(new IncrementBy(1));
        cut.WaitForAssertion(() => cut.Find("#count").TextContent.ShouldBe("1"));
        var calls = component.StateHasChangedCalls;

        await DisposeComponentsAsync();
        Dispatcher.Dispatch(new IncrementBy(7));

        component.DisposedByOverride.ShouldBeTrue();
        feature.SubscriberCount.ShouldBe(0);
        component.StateHasChangedCalls.ShouldBe(calls);
        component.LastAmount.ShouldBe(1);
    }

    [Fact]
    public async Task A_FluxComponent_with_a_state_selection_rerenders_only_when_the_selection_changes()
    {
        var cut = Render<LabelView>();
        await Store.InitializeAsync();
        var renders = cut.Instance.Renders;

        Dispatcher.Dispatch(new Increment());
        Dispatcher.Dispatch(new Rename("renamed"));

        cut.WaitForAssertion(() => cut.Find("#label").TextContent.ShouldBe("renamed"));
        cut.Instance.Renders.ShouldBe(renders + 1);
    }

    [Fact]
    public async Task A_FluxLayout_rerenders_when_its_state_changes()
    {
        var cut = Render<CounterLayout>(p => p.Add(l => l.Body, (RenderFragment)(b => b.AddContent(0, "body"))));
        await Store.InitializeAsync();

        Dispatcher.Dispatch(new IncrementBy(3));

        cut.WaitForAssertion(() => cut.Find("#layout-count").TextContent.ShouldBe("3"));
        cut.Markup.ShouldContain("body");
    }

    [Fact]
    public async Task StoreInitializer_initializes_the_store_after_the_first_render_processing_earlier_actions()
    {
        Dispatcher.Dispatch(new Increment());
        Counter.Value.Count.ShouldBe(0);

        var cut = Render<GuardedApp>();

        await Store.Initialized.WaitAsync(TimeSpan.FromSeconds(10), Xunit.TestContext.Current.CancellationToken);
        Counter.Value.Count.ShouldBe(1);
        cut.Find("#content").TextContent.ShouldBe("fine");
    }

    [Fact]
    public async Task StoreInitializer_inside_an_ErrorBoundary_shows_an_effect_exception()
    {
        var cut = Render<GuardedApp>();
        await Store.Initialized.WaitAsync(TimeSpan.FromSeconds(10), Xunit.TestContext.Current.CancellationToken);

        Dispatcher.Dispatch(new Explode("effect failed"));

        cut.WaitForAssertion(() => cut.Find("#error").TextContent.ShouldBe("effect failed"));
        Dispatcher.Dispatch(new Increment());
        Counter.Value.Count.ShouldBe(1);
    }
}
