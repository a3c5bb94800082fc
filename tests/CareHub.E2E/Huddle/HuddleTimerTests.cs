using System.Globalization;
using CareHub.E2E.Infrastructure;

namespace CareHub.E2E.Huddle;

[Collection(BrowserCollection.Name)]
public sealed class HuddleTimerTests(CareHubBrowser browser, ITestOutputHelper output)
{
    private const float WithinOneSecond = 1_000;

    [Fact]
    public async Task A_timer_started_on_one_screen_runs_on_a_teammates_screen_and_next_card_and_pause_reach_it_too()
    {
        await using var room = await HuddleRoom.GatherAsync(browser, "Maria Alvarez", "Devon Okafor");
        var (maria, devon) = (room["Maria Alvarez"], room["Devon Okafor"]);
        await maria.AddTopicAsync("Discharge follow-up calls backlog");
        await maria.AddTopicAsync("Interpreter availability next week");
        await HuddleRoom.SpreadPatientCardsAsync(maria);
        if (await maria.Timer.GetAttributeAsync("data-running") == "true")
            await maria.PauseTimerAsync();

        await maria.StartTimerAsync();
        await Expect(devon.Timer).ToHaveAttributeAsync("data-running", "true", new() { Timeout = WithinOneSecond });
        var both = await Task.WhenAll(maria.RemainingSecondsAsync(), devon.RemainingSecondsAsync());
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Running: Maria's screen {both[0]} s left, Devon's {both[1]} s"));
        both[0].ShouldBeGreaterThan(0);
        Math.Abs(both[0] - both[1]).ShouldBeLessThanOrEqualTo(1);
        // It counts down on Devon's screen by itself.
        var shown = await devon.Timer.InnerTextAsync();
        await Expect(devon.Timer).Not.ToHaveTextAsync(shown, new() { Timeout = 2_500 });

        var current = await maria.CurrentCardIdAsync();
        var next = await maria.NextCardAsync();
        next.ShouldNotBe(current ?? Guid.Empty);
        await Expect(devon.Card(next)).ToHaveAttributeAsync("data-current", "true", new() { Timeout = WithinOneSecond });
        await Expect(devon.CurrentCard).ToHaveCountAsync(1);
        both = await Task.WhenAll(maria.RemainingSecondsAsync(), devon.RemainingSecondsAsync());
        Math.Abs(both[0] - both[1]).ShouldBeLessThanOrEqualTo(1);
        Screenshots.PublishToDocs(await Screenshots.SaveAsync(maria.Page, "huddle-board.png"));

        await maria.PauseTimerAsync();
        await Expect(devon.Timer).ToHaveAttributeAsync("data-running", "false", new() { Timeout = WithinOneSecond });
        // Paused at the server's number: the same on both screens, and it stays.
        await Expect(devon.Timer).ToHaveTextAsync(await maria.Timer.InnerTextAsync());
        var paused = await devon.Timer.InnerTextAsync();
        await Task.Delay(1_500, TestContext.Current.CancellationToken);
        await Expect(devon.Timer).ToHaveTextAsync(paused);
        await Expect(maria.Timer).ToHaveTextAsync(paused);
    }
}
