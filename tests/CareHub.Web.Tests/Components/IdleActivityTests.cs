using System.Security.Claims;
using Bunit;
using CareHub.Data;
using CareHub.Web.Components.Layout;
using CareHub.Web.Security;
using CareHub.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace CareHub.Web.Tests.Components;

/// <summary>The warning before the automatic logoff, on a fake clock: shown a minute before, gone after "Stay signed in".</summary>
public sealed class IdleActivityTests : CareHubComponentTest
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 24, 9, 0, 0, TimeSpan.Zero));
    private readonly IdleMonitor _monitor;

    public IdleActivityTests()
    {
        var options = new SecurityOptions();
        var userServices = new ServiceCollection().AddSingleton<TimeProvider>(_time).AddSingleton(options).BuildServiceProvider();
        var user = new CurrentUser(new DbContextOptionsBuilder<CareHubDbContext>().Options, userServices);
        user.Set(new ClaimsPrincipal(new ClaimsIdentity(
            [
                new Claim(CareHubClaims.StaffId, Guid.NewGuid().ToString()),
                new Claim(CareHubClaims.SessionId, "tab-session"),
            ], "test")), "circuit:idle-test");
        _monitor = new IdleMonitor(_time, options, new SignInSessions(_time), user);
        Services.AddSingleton(_monitor);
        // As in a circuit: the component starts the page's activity module once it is interactive.
        Renderer.SetRendererInfo(new Microsoft.AspNetCore.Components.RendererInfo("Server", isInteractive: true));
        _monitor.Start();
    }

    [Fact]
    public void The_warning_shows_a_minute_before_and_stay_signed_in_puts_it_away()
    {
        var cut = Render<IdleActivity>();
        cut.FindAll("[data-testid=idle-warning]").ShouldBeEmpty();

        _time.Advance(TimeSpan.FromMinutes(14));

        cut.WaitForAssertion(() => cut.Find("[data-testid=idle-warning]").TextContent.ShouldContain("You will be signed out in 60 s"));
        cut.Find("[data-testid=stay-signed-in]").Click();
        cut.WaitForAssertion(() => cut.FindAll("[data-testid=idle-warning]").ShouldBeEmpty());
        _monitor.State.ShouldBe(IdleState.Active);
        _time.Advance(TimeSpan.FromMinutes(13));
        _monitor.State.ShouldBe(IdleState.Active);
    }

    [Fact]
    public void The_page_activity_module_is_loaded_once_the_page_is_interactive()
    {
        Render<IdleActivity>();

        var import = JSInterop.Invocations["import"].ShouldHaveSingleItem();
        import.Arguments.ShouldBe(["./Components/Layout/IdleActivity.razor.js"]);
    }

    [Fact]
    public void A_render_pushed_by_the_server_is_not_activity()
    {
        var cut = Render<IdleActivity>();

        _time.Advance(TimeSpan.FromMinutes(10));
        cut.Render();
        _time.Advance(TimeSpan.FromMinutes(5));

        _monitor.State.ShouldBe(IdleState.SignedOut);
    }
}
