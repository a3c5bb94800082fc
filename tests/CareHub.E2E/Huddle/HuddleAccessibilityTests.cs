using CareHub.Domain.Huddles;
using CareHub.E2E.Infrastructure;
using CareHub.E2E.Pages;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;

namespace CareHub.E2E.Huddle;

/// <summary>axe-core finds nothing serious or critical on the huddle board and its wall display.</summary>
[Collection(BrowserCollection.Name)]
public sealed class HuddleAccessibilityTests(CareHubBrowser browser)
{
    private static readonly string[] Blocking = ["serious", "critical"];

    [Fact]
    public async Task The_huddle_board_has_no_serious_or_critical_accessibility_violations()
    {
        await using var room = await HuddleRoom.GatherAsync(browser, "Maria Alvarez");
        var maria = room["Maria Alvarez"];
        await Expect(maria.Cards.First).ToBeVisibleAsync();
        // A patient card in Done too: done cards are drawn differently, and their reason chips must stay readable.
        var patientCards = maria.Cards.Filter(new() { Has = maria.Page.GetByTestId("huddle-card-patient-link") });
        if (await maria.CardsIn(HuddleLane.Done).Filter(new() { Has = maria.Page.GetByTestId("huddle-card-patient-link") }).CountAsync() == 0)
            await maria.MoveCardToLaneAsync(Guid.Parse(await patientCards.First.GetAttributeAsync("data-card-id") ?? ""), HuddleLane.Done);
        await maria.ShouldShowAttendeesAsync(["Maria Alvarez"]);

        await ShouldHaveNoBlockingViolationsAsync(maria.Page);
    }

    [Fact]
    public async Task The_wall_display_has_no_serious_or_critical_accessibility_violations()
    {
        var coordinator = await browser.Data.CoordinatorAsync();
        await using var room = new HuddleRoom(browser);
        var tv = await room.SignInAsync(coordinator.Name);
        await tv.SetViewportSizeAsync(1920, 1080);
        var wall = await HuddleWallDisplayPage.OpenAsync(tv, coordinator.TeamIds.Single());
        await wall.ShouldShowBoardAsync();

        await ShouldHaveNoBlockingViolationsAsync(tv);
    }

    private static async Task ShouldHaveNoBlockingViolationsAsync(IPage page)
    {
        var result = await page.RunAxe();
        var seriousOrCritical = result.Violations.Where(v => Blocking.Contains(v.Impact)).Select(Describe).ToList();
        seriousOrCritical.ShouldBeEmpty($"axe-core found serious or critical violations on {page.Url}");
    }

    private static string Describe(AxeResultItem violation) =>
        $"{violation.Id} ({violation.Impact}): {violation.Help} {violation.HelpUrl}" + string.Concat(violation.Nodes.Select(node =>
            $"{Environment.NewLine}  at {node.Target}: {node.Html}{Environment.NewLine}    " +
            string.Join(" ", node.Any.Concat(node.All).Concat(node.None).Select(check => check.Message.ReplaceLineEndings(" ")))));
}
