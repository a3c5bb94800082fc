using Bunit;
using CareHub.Web.Realtime;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using MudBlazor.Services;

namespace CareHub.Web.Tests.Realtime;

public sealed class PresenceBarTests : IAsyncDisposable
{
    private static readonly Guid Maria = Guid.NewGuid();
    private static readonly Guid Devon = Guid.NewGuid();
    private static readonly string Plan = Topics.CarePlan(Guid.NewGuid());

    private readonly BunitContext _ctx = new();
    private readonly InProcessRealtimeBus _bus = RealtimeFixtures.Bus();
    private readonly InMemoryPresenceService _presence;

    public PresenceBarTests()
    {
        var clock = new ManualClock(RealtimeFixtures.Start);
        _presence = RealtimeFixtures.Presence(_bus, clock);
        _ctx.JSInterop.Mode = JSRuntimeMode.Loose;
        _ctx.Services.AddMudServices();
        _ctx.Services.AddSingleton<IRealtimeBus>(_bus);
        _ctx.Services.AddSingleton<IPresenceService>(_presence);
        _ctx.Services.AddSingleton(new PresenceOptions());
        _ctx.Services.AddSingleton<TimeProvider>(clock);
        _ctx.Services.AddSingleton(new CircuitContext());
        _ctx.Services.AddSingleton(RealtimeFixtures.SignedIn(Maria, "Maria Alvarez"));
        _ctx.Services.AddSingleton<CircuitPresence>();
        _ctx.Render<MudPopoverProvider>();
    }

    public ValueTask DisposeAsync() => _ctx.DisposeAsync();

    [Fact]
    public void The_bar_joins_presence_and_shows_the_viewer()
    {
        var cut = _ctx.Render<PresenceBar>(p => p.Add(x => x.Resource, Plan));

        _presence.Get(Plan).ShouldHaveSingleItem().StaffId.ShouldBe(Maria);
        var bar = cut.Find("[data-testid=presence-bar]");
        bar.GetAttribute("aria-label").ShouldBe("Viewing now: Maria Alvarez");
        var avatar = cut.Find("[data-testid=presence-avatar]");
        avatar.GetAttribute("title").ShouldBe("Maria Alvarez");
        avatar.TextContent.Trim().ShouldBe("MA");
    }

    [Fact]
    public async Task Someone_joining_elsewhere_appears_and_leaving_disappears()
    {
        var cut = _ctx.Render<PresenceBar>(p => p.Add(x => x.Resource, Plan));

        // Another circuit joins from another thread, as it would on the server.
        var devon = await Task.Run(() => _presence.Join(Plan, RealtimeFixtures.Entry("other-circuit", Devon, "Devon Okafor")),
            Xunit.TestContext.Current.CancellationToken);

        cut.WaitForAssertion(() =>
        {
            cut.FindAll("[data-testid=presence-avatar]").Select(a => a.GetAttribute("title")).ShouldBe(["Devon Okafor", "Maria Alvarez"]);
            cut.Find("[data-testid=presence-bar]").GetAttribute("aria-label").ShouldBe("Viewing now: Devon Okafor, Maria Alvarez");
        });

        devon.Dispose();

        cut.WaitForAssertion(() => cut.FindAll("[data-testid=presence-avatar]").Count.ShouldBe(1));
    }

    [Fact]
    public async Task Disposing_the_bar_leaves_and_stops_listening()
    {
        var cut = _ctx.Render<PresenceBar>(p => p.Add(x => x.Resource, Plan));

        await _ctx.DisposeComponentsAsync();

        _presence.Get(Plan).ShouldBeEmpty();
        _bus.TopicCount.ShouldBe(0);
    }

    [Fact]
    public void Changing_the_resource_moves_the_viewer()
    {
        var other = Topics.Huddle(Guid.NewGuid());
        var cut = _ctx.Render<PresenceBar>(p => p.Add(x => x.Resource, Plan));

        cut.Render(p => p.Add(x => x.Resource, other));

        _presence.Get(Plan).ShouldBeEmpty();
        _presence.Get(other).ShouldHaveSingleItem();
    }
}
