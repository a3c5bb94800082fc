using CareHub.E2E.Infrastructure;
using CareHub.E2E.Pages;

namespace CareHub.E2E.CarePlans;

/// <summary>Text typed and not yet saved when the page goes away is kept and offered back.</summary>
[Collection(BrowserCollection.Name)]
public sealed class CarePlanDraftTests(CareHubBrowser browser)
{
    [Fact]
    public async Task Text_typed_just_before_the_page_reloads_is_offered_back_and_saved_when_restored()
    {
        await using var room = await CarePlanRoom.GatherAsync(browser, ["Maria Alvarez"], "Walks 10 minutes a day");
        var maria = room["Maria Alvarez"];
        var walking = room.Goals[0];

        // Typed, and the page reloads before the save runs (the debounce has not fired).
        var area = maria.TextArea(walking, "text");
        await area.ClickAsync();
        await area.PressAsync("End");
        await area.PressSequentiallyAsync(" and stretches");
        await maria.Page.ReloadAsync();
        var again = new CarePlanPage(maria.Page);
        await again.WaitUntilInteractiveAsync();

        await Expect(again.DraftOffer).ToBeVisibleAsync();
        await Expect(again.DraftOffer).ToContainTextAsync("and stretches");
        await again.DraftOffer.GetByRole(AriaRole.Button, new() { Name = "Restore" }).ClickAsync();

        await again.ShouldShowTextAsync(walking, "text", "Walks 10 minutes a day and stretches");
        await again.ShouldBeSavedAsync(walking, "text");
        await Expect(again.DraftOffer).ToBeHiddenAsync();
        (await room.DatabaseTextAsync(walking)).ShouldBe("Walks 10 minutes a day and stretches");
    }
}
