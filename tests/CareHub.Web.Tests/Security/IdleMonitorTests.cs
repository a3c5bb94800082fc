using System.Security.Claims;
using CareHub.Data;
using CareHub.Web.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace CareHub.Web.Tests.Security;

/// <summary>The automatic logoff, decided on the server on the app's clock (a fake one here: no waiting, no timing asserts).</summary>
public sealed class IdleMonitorTests
{
    private static readonly SecurityOptions Options = new() { IdleTimeout = TimeSpan.FromMinutes(15) };

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 24, 8, 0, 0, TimeSpan.Zero));
    private readonly SignInSessions _sessions;

    public IdleMonitorTests() => _sessions = new SignInSessions(_time);

    [Fact]
    public void A_screen_nobody_touches_is_warned_a_minute_before_then_signed_out_and_sees_nobodys_patients()
    {
        var (monitor, user, sessionId) = Open("s1");
        var states = new List<IdleState>();
        monitor.Changed += states.Add;

        _time.Advance(TimeSpan.FromMinutes(13) + TimeSpan.FromSeconds(59));
        monitor.State.ShouldBe(IdleState.Active);

        _time.Advance(TimeSpan.FromSeconds(1));
        monitor.State.ShouldBe(IdleState.Warning);
        user.StaffId.ShouldNotBeNull();

        _time.Advance(TimeSpan.FromSeconds(59));
        monitor.State.ShouldBe(IdleState.Warning);

        _time.Advance(TimeSpan.FromSeconds(1));
        monitor.State.ShouldBe(IdleState.SignedOut);
        states.ShouldBe([IdleState.Warning, IdleState.SignedOut]);
        user.StaffId.ShouldBeNull();
        user.Current.UserId.ShouldBe("anonymous");
        user.Current.TeamIds.ShouldBeEmpty();
        _sessions.IsEnded(sessionId).ShouldBeTrue("the cookie of the session must be refused from now on");
    }

    [Fact]
    public void Activity_moves_the_deadline_and_the_session_ends_fifteen_minutes_after_the_last_one()
    {
        var (monitor, _, _) = Open("s2");

        _time.Advance(TimeSpan.FromMinutes(10));
        monitor.ReportActivity();
        _time.Advance(TimeSpan.FromMinutes(14) - TimeSpan.FromSeconds(1));
        monitor.State.ShouldBe(IdleState.Active);

        _time.Advance(TimeSpan.FromSeconds(1));
        monitor.State.ShouldBe(IdleState.Warning);
        _time.Advance(TimeSpan.FromMinutes(1));
        monitor.State.ShouldBe(IdleState.SignedOut);
    }

    [Fact]
    public void Stay_signed_in_during_the_warning_puts_the_screen_back_to_work()
    {
        var (monitor, user, _) = Open("s3");
        _time.Advance(TimeSpan.FromMinutes(14) + TimeSpan.FromSeconds(30));
        monitor.State.ShouldBe(IdleState.Warning);

        monitor.ReportActivity();

        monitor.State.ShouldBe(IdleState.Active);
        _time.Advance(TimeSpan.FromMinutes(10));
        monitor.State.ShouldBe(IdleState.Active);
        user.StaffId.ShouldNotBeNull();
    }

    [Fact]
    public void Work_in_another_tab_of_the_same_sign_in_keeps_this_tab_but_work_in_another_sign_in_does_not()
    {
        var (idleTab, _, _) = Open("shared");
        var (busyTab, _, _) = Open("shared");
        var (otherPerson, _, _) = Open("other");

        for (var minute = 0; minute < 40; minute++)
        {
            _time.Advance(TimeSpan.FromMinutes(1));
            busyTab.ReportActivity();
            otherPerson.ReportActivity();
        }

        idleTab.State.ShouldBe(IdleState.Active);
        var (lonelyTab, _, _) = Open("lonely");
        for (var minute = 0; minute < 16; minute++)
        {
            _time.Advance(TimeSpan.FromMinutes(1));
            otherPerson.ReportActivity();
        }
        lonelyTab.State.ShouldBe(IdleState.SignedOut);
    }

    [Fact]
    public void Once_signed_out_activity_and_a_new_principal_bring_nothing_back()
    {
        var (monitor, user, _) = Open("s4");
        _time.Advance(TimeSpan.FromMinutes(15));
        monitor.State.ShouldBe(IdleState.SignedOut);

        monitor.ReportActivity();
        user.Set(Principal("s4"), "circuit:reconnected");

        monitor.State.ShouldBe(IdleState.SignedOut);
        user.StaffId.ShouldBeNull();
        user.Current.TeamIds.ShouldBeEmpty();
    }

    [Fact]
    public void A_new_screen_of_an_ended_session_starts_signed_out_and_its_other_screens_follow()
    {
        var (first, _, _) = Open("s5");
        var (second, _, _) = Open("s5");
        _time.Advance(TimeSpan.FromMinutes(15));
        first.State.ShouldBe(IdleState.SignedOut);
        second.State.ShouldBe(IdleState.SignedOut);

        var (late, lateUser, _) = Open("s5");

        late.State.ShouldBe(IdleState.SignedOut);
        lateUser.StaffId.ShouldBeNull();
    }

    [Fact]
    public void Nobody_signed_in_has_nothing_to_watch()
    {
        var user = NewUser();
        using var monitor = new IdleMonitor(_time, Options, _sessions, user);

        monitor.Start();
        _time.Advance(TimeSpan.FromHours(1));

        monitor.State.ShouldBe(IdleState.Active);
    }

    private (IdleMonitor Monitor, CurrentUser User, string SessionId) Open(string sessionId)
    {
        var user = NewUser();
        user.Set(Principal(sessionId), $"circuit:{Guid.NewGuid():N}");
        var monitor = new IdleMonitor(_time, Options, _sessions, user);
        monitor.Start();
        return (monitor, user, sessionId);
    }

    private CurrentUser NewUser()
    {
        var services = new ServiceCollection().AddSingleton<TimeProvider>(_time).AddSingleton(Options).BuildServiceProvider();
        return new CurrentUser(new DbContextOptionsBuilder<CareHubDbContext>().Options, services);
    }

    private static ClaimsPrincipal Principal(string sessionId) => new(new ClaimsIdentity(
        [
            new Claim(CareHubClaims.StaffId, "8f4b2d0e-5c1a-4e7b-9a3d-2b6c1e0f7a11"),
            new Claim(ClaimTypes.Name, "Dana Idle"),
            new Claim(CareHubClaims.SessionId, sessionId),
        ], "test"));
}
