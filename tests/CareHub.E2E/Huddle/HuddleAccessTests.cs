using CareHub.E2E.Infrastructure;
using CareHub.E2E.Pages;

namespace CareHub.E2E.Huddle;

[Collection(BrowserCollection.Name)]
public sealed class HuddleAccessTests(CareHubBrowser browser)
{
    [Fact]
    public async Task Another_teams_board_and_wall_look_exactly_like_a_board_that_does_not_exist()
    {
        var maria = await browser.Data.CoordinatorAsync();
        var northTeam = maria.TeamIds.Single();
        await using var room = new HuddleRoom(browser);
        var james = await room.SignInAsync("James Whitfield");

        var theirs = await HuddleBoardPage.OpenAsync(james, northTeam);
        await theirs.ShouldShowNotFoundAsync();
        var theirsText = await theirs.MainContent.InnerTextAsync();
        var theirsTitle = await james.TitleAsync();
        var nobody = await HuddleBoardPage.OpenAsync(james, Guid.NewGuid());
        await nobody.ShouldShowNotFoundAsync();
        theirsText.ShouldBe(await nobody.MainContent.InnerTextAsync());
        theirsTitle.ShouldBe(await james.TitleAsync());
        theirsText.ShouldNotContain(maria.TeamName);

        var theirWall = await HuddleWallDisplayPage.OpenAsync(james, northTeam);
        await theirWall.ShouldShowNotFoundAsync();
        var theirWallText = await theirWall.Display.InnerTextAsync();
        var nobodysWall = await HuddleWallDisplayPage.OpenAsync(james, Guid.NewGuid());
        await nobodysWall.ShouldShowNotFoundAsync();
        theirWallText.ShouldBe(await nobodysWall.Display.InnerTextAsync());
        theirWallText.ShouldNotContain(maria.TeamName);
    }
}
