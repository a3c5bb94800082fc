using CareHub.E2E.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace CareHub.E2E.CarePlans;

/// <summary>Two people writing one care plan at the same time: nothing either typed is lost, on either screen.</summary>
[Collection(BrowserCollection.Name)]
public sealed class CarePlanLiveEditingTests(CareHubBrowser browser)
{
    private static readonly string[] People = ["Maria Alvarez", "Devon Okafor"];

    [Fact]
    public async Task Both_type_in_different_goals_at_the_same_time_and_both_edits_are_kept_on_both_screens()
    {
        await using var room = await CarePlanRoom.GatherAsync(browser, People, "Walks 10 minutes a day", "Checks blood sugar every morning");
        var (maria, devon) = (room["Maria Alvarez"], room["Devon Okafor"]);
        var (walking, sugar) = (room.Goals[0], room.Goals[1]);

        await Task.WhenAll(
            maria.TypeAtAsync(walking, "text", -1, " after lunch"),
            devon.TypeAtAsync(sugar, "text", -1, " before breakfast"));

        await maria.ShouldBeSavedAsync(walking, "text");
        await devon.ShouldBeSavedAsync(sugar, "text");
        foreach (var screen in new[] { maria, devon })
        {
            await screen.ShouldShowTextAsync(walking, "text", "Walks 10 minutes a day after lunch");
            await screen.ShouldShowTextAsync(sugar, "text", "Checks blood sugar every morning before breakfast");
        }
        (await room.DatabaseTextAsync(walking)).ShouldBe("Walks 10 minutes a day after lunch");
        (await room.DatabaseTextAsync(sugar)).ShouldBe("Checks blood sugar every morning before breakfast");
    }

    [Fact]
    public async Task Both_type_in_the_same_goal_at_different_positions_and_the_merged_text_has_both_edits()
    {
        await using var room = await CarePlanRoom.GatherAsync(browser, People, "Walks 10 minutes a day");
        var (maria, devon) = (room["Maria Alvarez"], room["Devon Okafor"]);
        var walking = room.Goals[0];

        await Task.WhenAll(
            maria.TypeAtAsync(walking, "text", 0, "Daily: "),
            devon.TypeAtAsync(walking, "text", -1, " with her daughter"));

        const string merged = "Daily: Walks 10 minutes a day with her daughter";
        foreach (var screen in new[] { maria, devon })
        {
            await screen.ShouldShowTextAsync(walking, "text", merged);
            await screen.ShouldBeSavedAsync(walking, "text");
        }
        (await room.DatabaseTextAsync(walking)).ShouldBe(merged);
        await using var db = browser.Server.SystemDb();
        var history = await db.CarePlanChanges.AsNoTracking().Where(c => c.ItemId == walking).OrderBy(c => c.ItemVersion).ToListAsync(TestContext.Current.CancellationToken);
        history.Count.ShouldBe(2);
        history.Count(c => c.Merged).ShouldBe(1, "the second save started from the first version and was merged onto the first");
        history[^1].After.ShouldBe(merged);
    }

    [Fact]
    public async Task Overlapping_edits_show_the_conflict_with_both_texts_and_the_person_chooses()
    {
        await using var room = await CarePlanRoom.GatherAsync(browser, People, "Walks 10 minutes a day");
        var (maria, devon) = (room["Maria Alvarez"], room["Devon Okafor"]);
        var walking = room.Goals[0];

        await Task.WhenAll(
            maria.ReplaceAsync(walking, "text", "10 minutes", "20 minutes"),
            devon.ReplaceAsync(walking, "text", "10 minutes", "15 minutes"));

        var mariaLost = await FirstToShowAsync(maria.Conflict(walking, "text"), devon.Conflict(walking, "text"));
        var (loser, winner, mine, theirs) = mariaLost
            ? (maria, devon, "Walks 20 minutes a day", "Walks 15 minutes a day")
            : (devon, maria, "Walks 15 minutes a day", "Walks 20 minutes a day");
        var conflict = loser.Conflict(walking, "text");
        await Expect(conflict.GetByTestId("conflict-theirs")).ToContainTextAsync(theirs);
        await Expect(conflict.GetByTestId("conflict-mine")).ToContainTextAsync(mine);
        await Expect(winner.Conflict(walking, "text")).ToBeHiddenAsync();
        (await room.DatabaseTextAsync(walking)).ShouldBe(theirs, "a conflicting edit saves nothing until the person chooses");
        Screenshots.PublishToDocs(await Screenshots.SaveAsync(loser.Page, "careplan-conflict.png"));

        await conflict.GetByRole(AriaRole.Button, new() { Name = "Use mine" }).ClickAsync();

        await Expect(conflict).ToBeHiddenAsync();
        foreach (var screen in new[] { maria, devon })
            await screen.ShouldShowTextAsync(walking, "text", mine);
        (await room.DatabaseTextAsync(walking)).ShouldBe(mine);
    }

    /// <summary>Waits until one of two elements (on two people's pages) shows; true when it is the first.</summary>
    private static async Task<bool> FirstToShowAsync(ILocator first, ILocator second)
    {
        for (var waited = 0; waited < 15_000; waited += 100)
        {
            if (await first.IsVisibleAsync())
                return true;
            if (await second.IsVisibleAsync())
                return false;
            await Task.Delay(100);
        }
        throw new TimeoutException("Neither screen showed a conflict within 15 s.");
    }
}
