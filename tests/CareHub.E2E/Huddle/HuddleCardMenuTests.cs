using CareHub.Domain.Huddles;
using CareHub.E2E.Infrastructure;

namespace CareHub.E2E.Huddle;

[Collection(BrowserCollection.Name)]
public sealed class HuddleCardMenuTests(CareHubBrowser browser)
{
    [Fact]
    public async Task An_open_card_menu_stays_open_when_a_teammate_moves_another_card()
    {
        await using var room = await HuddleRoom.GatherAsync(browser, "Maria Alvarez", "Devon Okafor");
        var (maria, devon) = (room["Maria Alvarez"], room["Devon Okafor"]);
        var mine = await maria.AddTopicAsync("Flu vaccine clinic staffing on Friday");
        var theirs = await maria.AddTopicAsync("Home oxygen supplier changes");
        await Expect(devon.Card(theirs)).ToBeVisibleAsync();

        var move = await maria.ReadyToMoveCardToLaneAsync(mine, HuddleLane.Actions);
        await devon.MoveCardToLaneAsync(theirs, HuddleLane.Barriers);
        await Expect(maria.Lane(HuddleLane.Barriers).Locator($"[data-card-id=\"{theirs}\"]")).ToHaveCountAsync(1);

        // Maria's menu is where she left it, and still moves her card.
        await move.ShouldStillBeInHandAsync();
        await move.LetGoAsync();
    }
}
