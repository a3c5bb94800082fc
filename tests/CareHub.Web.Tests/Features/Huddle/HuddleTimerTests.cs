using Bunit;
using CareHub.Web.Features.Huddle;
using CareHub.Web.Tests.Infrastructure;
using CareHub.Web.Tests.Realtime;
using Microsoft.Extensions.DependencyInjection;
using static CareHub.Web.Tests.Features.Huddle.HuddleSamples;

namespace CareHub.Web.Tests.Features.Huddle;

public sealed class HuddleTimerTests : CareHubComponentTest
{
    private readonly ManualClock _clock = new(ReadAt);

    public HuddleTimerTests() => Services.AddSingleton<TimeProvider>(_clock);

    [Theory]
    [InlineData(60_000, "1:00")]
    [InlineData(45_500, "0:46")]
    [InlineData(9_000, "0:09")]
    [InlineData(600_000, "10:00")]
    [InlineData(0, "0:00")]
    public void The_remaining_time_is_shown_as_minutes_and_seconds(long remainingMs, string shown)
    {
        var board = Board(Card("A")) with { TimerRemainingMs = remainingMs };

        var cut = Render<HuddleTimer>(p => p.Add(x => x.Board, board));

        cut.Find("[data-testid=huddle-timer]").TextContent.ShouldBe(shown);
    }

    [Fact]
    public void A_running_timer_counts_down_from_when_the_board_was_read()
    {
        var a = Card("Garcia, Ana");
        var board = Board(a) with { TimerRunning = true, TimerRemainingMs = 60_000, CurrentCardId = a.Id };
        _clock.Advance(TimeSpan.FromSeconds(15));

        var cut = Render<HuddleTimer>(p => p.Add(x => x.Board, board));

        cut.Find("[data-testid=huddle-timer]").TextContent.ShouldBe("0:45");
        cut.Find("[data-testid=huddle-timer]").GetAttribute("data-running").ShouldBe("true");
        cut.Find("[data-testid=huddle-timer-card]").TextContent.ShouldBe("Garcia, Ana");
        cut.FindAll("[data-testid=timer-pause]").ShouldHaveSingleItem();
        cut.FindAll("[data-testid=timer-start]").ShouldBeEmpty();

        // The ticker re-renders the timer by itself as the time passes.
        _clock.Advance(TimeSpan.FromSeconds(20));
        cut.WaitForAssertion(() => cut.Find("[data-testid=huddle-timer]").TextContent.ShouldBe("0:25"));
    }

    [Fact]
    public void A_paused_timer_stands_still_and_offers_start()
    {
        var a = Card("A");
        var board = Board(a) with { TimerRunning = false, TimerRemainingMs = 30_000, CurrentCardId = a.Id };

        var cut = Render<HuddleTimer>(p => p.Add(x => x.Board, board));
        _clock.Advance(TimeSpan.FromSeconds(20));
        Thread.Sleep(600);

        cut.Find("[data-testid=huddle-timer]").TextContent.ShouldBe("0:30");
        cut.Find("[data-testid=huddle-timer]").GetAttribute("data-running").ShouldBe("false");
        cut.FindAll("[data-testid=timer-start]").ShouldHaveSingleItem();
        cut.FindAll("[data-testid=timer-pause]").ShouldBeEmpty();
    }

    [Fact]
    public void The_buttons_say_what_was_asked()
    {
        var asked = new List<string>();
        var board = Board(Card("A"));
        var cut = Render<HuddleTimer>(p => p.Add(x => x.Board, board)
            .Add(x => x.OnStart, () => asked.Add("start")).Add(x => x.OnNext, () => asked.Add("next")));

        cut.Find("[data-testid=timer-start]").Click();
        cut.Find("[data-testid=timer-next]").Click();

        asked.ShouldBe(["start", "next"]);
    }

    [Fact]
    public void Without_controls_only_the_time_and_card_are_shown()
    {
        var a = Card("Garcia, Ana", wallTitle: "G.A. · bed 12");
        var board = Board(a) with { CurrentCardId = a.Id };

        var cut = Render<HuddleTimer>(p => p.Add(x => x.Board, board).Add(x => x.ShowControls, false)
            .Add(x => x.UseWallTitles, true).Add(x => x.TimeTestId, "wall-timer"));

        cut.Find("[data-testid=wall-timer]").TextContent.ShouldBe("1:00");
        cut.Find("[data-testid=huddle-timer-card]").TextContent.ShouldBe("G.A. · bed 12");
        cut.FindAll("button").ShouldBeEmpty();
    }
}
