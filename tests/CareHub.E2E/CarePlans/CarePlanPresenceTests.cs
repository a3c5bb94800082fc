using System.Diagnostics;
using System.Globalization;
using CareHub.E2E.Infrastructure;

namespace CareHub.E2E.CarePlans;

/// <summary>Who is in the plan and in which field: shown within a second, gone within ten once they leave.</summary>
[Collection(BrowserCollection.Name)]
public sealed class CarePlanPresenceTests(CareHubBrowser browser, ITestOutputHelper output)
{
    [Fact]
    public async Task The_other_persons_field_shows_within_a_second_and_clears_within_ten_seconds_after_their_browser_closes()
    {
        await using var room = await CarePlanRoom.GatherAsync(browser, ["Maria Alvarez", "Devon Okafor"],
            "Walks 10 minutes a day", "Checks blood sugar every morning");
        var (maria, devon) = (room["Maria Alvarez"], room["Devon Okafor"]);
        var (walking, sugar) = (room.Goals[0], room.Goals[1]);
        await devon.ShouldShowViewersAsync(["Devon Okafor", "Maria Alvarez"]);

        var clock = Stopwatch.StartNew();
        await maria.TextArea(walking, "detail").ClickAsync();
        await Expect(devon.PresenceTag(walking, "detail")).ToContainTextAsync("Maria Alvarez", new() { Timeout = 1_000 });
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Maria's field shown on Devon's screen after {clock.ElapsedMilliseconds} ms"));
        await Expect(devon.PresenceTag(sugar, "text")).ToHaveCountAsync(0);
        await Expect(maria.PresenceTag(walking, "detail")).ToHaveCountAsync(0, new() { Timeout = 1_000 });

        await maria.TextArea(walking, "detail").PressSequentiallyAsync("Measured with a step counter", new() { Delay = 40 });
        await Expect(devon.PresenceTag(walking, "detail")).ToContainTextAsync("typing");
        await devon.TextArea(sugar, "text").ClickAsync();
        await Expect(maria.PresenceTag(sugar, "text")).ToContainTextAsync("Devon Okafor");
        Screenshots.PublishToDocs(await Screenshots.SaveAsync(devon.Page, "careplan-presence-devon.png"));
        Screenshots.PublishToDocs(await Screenshots.SaveAsync(maria.Page, "careplan-presence-maria.png"));

        clock.Restart();
        await room.CloseBrowserOfAsync("Maria Alvarez");
        await Expect(devon.PresenceTag(walking, "detail")).ToHaveCountAsync(0, new() { Timeout = 10_000 });
        await devon.ShouldShowViewersAsync(["Devon Okafor"], 10_000);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Maria's presence cleared {clock.ElapsedMilliseconds} ms after her browser closed"));
    }
}
