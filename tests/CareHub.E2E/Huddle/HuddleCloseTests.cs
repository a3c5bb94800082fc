using System.Globalization;
using CareHub.E2E.Infrastructure;

namespace CareHub.E2E.Huddle;

/// <summary>Closing happens on East Valley's board: the other huddle journeys keep North Clinic's board open.</summary>
[Collection(BrowserCollection.Name)]
public sealed class HuddleCloseTests(CareHubBrowser browser)
{
    private const string Decisions = "Aisha calls the dialysis centre about transport today.\nJames escalates the overdue cardiology referral.";

    [Fact]
    public async Task Closing_the_huddle_writes_a_summary_of_who_attended_makes_the_board_read_only_and_lists_it_in_the_history()
    {
        await using var room = await HuddleRoom.GatherAsync(browser, "James Whitfield", "Aisha Mensah");
        var (james, aisha) = (room["James Whitfield"], room["Aisha Mensah"]);
        await james.ShouldShowAttendeesAsync(["James Whitfield", "Aisha Mensah"]);
        await james.AddTopicAsync("Transport vouchers for dialysis patients");
        await james.AddTopicAsync("Cardiology referral backlog");
        await james.StartTimerAsync();
        await james.NextCardAsync();
        await james.PauseTimerAsync();

        await james.CloseAsync(Decisions);

        await Expect(james.Summary.GetByTestId("summary-attendees")).ToContainTextAsync("James Whitfield");
        await Expect(james.Summary.GetByTestId("summary-attendees")).ToContainTextAsync("Aisha Mensah");
        await Expect(james.Summary.GetByTestId("summary-decisions")).ToContainTextAsync("Aisha calls the dialysis centre about transport today.");
        await Expect(james.Summary.GetByTestId("summary-discussed")).Not.ToHaveTextAsync("0");
        foreach (var board in room.Boards)
        {
            // Read-only on every screen: no card menus, no topics, no timer, no second closing.
            await Expect(board.Summary).ToBeVisibleAsync();
            await Expect(board.CardMenus).ToHaveCountAsync(0);
            await Expect(board.AddTopicButton).ToHaveCountAsync(0);
            await Expect(board.CloseHuddleButton).ToHaveCountAsync(0);
            await Expect(board.Page.GetByTestId("timer-start").Or(board.Page.GetByTestId("timer-pause"))).ToHaveCountAsync(0);
        }
        Screenshots.PublishToDocs(await Screenshots.SaveAsync(james.Page, "huddle-summary.png"));

        // A drag on the closed board changes nothing, on the screen or in the database.
        var boardId = await aisha.BoardIdAsync();
        var version = await room.DatabaseVersionAsync(boardId);
        var order = await room.DatabaseOrderAsync(boardId);
        var toDiscuss = order[CareHub.Domain.Huddles.HuddleLane.ToDiscuss];
        toDiscuss.Count.ShouldBeGreaterThan(1);
        await aisha.DragCardOntoAsync(toDiscuss[0], toDiscuss[^1]);
        await Task.Delay(1_000, TestContext.Current.CancellationToken);
        (await aisha.CardOrderAsync(CareHub.Domain.Huddles.HuddleLane.ToDiscuss)).ShouldBe(toDiscuss);
        (await room.DatabaseVersionAsync(boardId)).ShouldBe(version);

        // The history lists it, also after opening the board again.
        await james.Page.ReloadAsync();
        await james.ShouldBeShownAsync();
        await Expect(james.Summary).ToBeVisibleAsync();
        await james.OpenHistoryAsync();
        var today = james.HistoryEntries.And(james.Page.Locator(
            $"[data-day=\"{DateTime.UtcNow.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}\"]"));
        await Expect(today).ToContainTextAsync("James Whitfield");
        await Expect(today).ToContainTextAsync("Aisha Mensah");
        await Expect(today).ToContainTextAsync("Aisha calls the dialysis centre");
    }
}
