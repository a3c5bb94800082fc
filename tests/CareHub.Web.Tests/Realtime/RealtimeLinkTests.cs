using Bunit;
using CareHub.Web.Realtime;
using CareHub.Web.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace CareHub.Web.Tests.Realtime;

/// <summary>A link the test flips by hand.</summary>
internal sealed class ManualLink : IRealtimeLink
{
    public bool IsLive { get; private set; } = true;

    public event EventHandler<bool>? LiveChanged;

    public void Set(bool live)
    {
        IsLive = live;
        LiveChanged?.Invoke(this, live);
    }
}

public sealed class RealtimeLinkCircuitHandlerTests
{
    [Fact]
    public void When_the_link_comes_back_the_circuit_is_told_to_reload_and_after_it_closes_it_is_not()
    {
        var link = new ManualLink();
        var circuit = new CircuitContext();
        var reloads = 0;
        circuit.Reconnected += (_, _) => reloads++;
        var handler = new RealtimeLinkCircuitHandler(circuit, link);
        handler.Listen();

        link.Set(false);
        reloads.ShouldBe(0);
        link.Set(true);
        reloads.ShouldBe(1);

        handler.Dispose();
        link.Set(false);
        link.Set(true);
        reloads.ShouldBe(1);
    }

    [Fact]
    public void In_memory_the_link_is_always_live()
    {
        var link = new AlwaysLiveLink();
        link.LiveChanged += (_, _) => throw new InvalidOperationException("never raised");

        link.IsLive.ShouldBeTrue();
    }
}

public sealed class RealtimeLinkIndicatorTests : CareHubComponentTest
{
    private const string Paused = "Live updates paused: your changes are saved; screens catch up when the connection returns";

    [Fact]
    public void The_indicator_is_empty_while_live_and_says_updates_are_paused_while_not()
    {
        var link = new ManualLink();
        Services.AddSingleton<IRealtimeLink>(link);
        var cut = Render<RealtimeLinkIndicator>();
        cut.Find("[data-testid=realtime-link]").GetAttribute("role").ShouldBe("status");
        cut.FindAll("[data-testid=live-updates-paused]").ShouldBeEmpty();

        link.Set(false);
        cut.WaitForAssertion(() => cut.Find("[data-testid=live-updates-paused]").TextContent.Trim().ShouldBe(Paused));

        link.Set(true);
        cut.WaitForAssertion(() => cut.FindAll("[data-testid=live-updates-paused]").ShouldBeEmpty());
    }
}
