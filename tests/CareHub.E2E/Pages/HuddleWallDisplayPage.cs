namespace CareHub.E2E.Pages;

/// <summary>
/// The huddle board on a TV: read-only, large, no navigation (it has no app shell), following the card being
/// discussed; patients shown as initials and bed unless the team chose otherwise.
/// </summary>
public sealed class HuddleWallDisplayPage(IPage page)
{
    public IPage Page { get; } = page;

    public ILocator Display => Page.GetByTestId("wall-display");

    public ILocator CurrentCard => Page.GetByTestId("wall-current-card");

    public ILocator Timer => Page.GetByTestId("wall-timer");

    public ILocator Cards => Page.GetByTestId("wall-card");

    public ILocator Card(Guid cardId) => Page.Locator($"[data-testid=wall-card][data-card-id=\"{cardId}\"]");

    public ILocator CardTitle(Guid cardId) => Card(cardId).GetByTestId("wall-card-title");

    /// <summary>Opens /huddle/{teamId}/wall and waits until it is live (it then shows the board or a "does not exist" line).</summary>
    public static async Task<HuddleWallDisplayPage> OpenAsync(IPage page, Guid teamId)
    {
        await page.GotoAsync($"/huddle/{teamId}/wall");
        var wall = new HuddleWallDisplayPage(page);
        await Expect(page.GetByTestId("interactive")).ToBeAttachedAsync();
        await Expect(wall.Display).ToBeVisibleAsync();
        return wall;
    }

    /// <summary>The wall shows the board (not a loading or "does not exist" line).</summary>
    public async Task ShouldShowBoardAsync()
    {
        await Expect(CurrentCard).ToBeVisibleAsync();
        await Expect(Page.GetByTestId("wall-lane")).ToHaveCountAsync(4);
    }

    public async Task ShouldShowNotFoundAsync()
    {
        await Expect(Display).ToContainTextAsync("This board does not exist, or it is not one of your care teams' boards.");
        await Expect(CurrentCard).ToHaveCountAsync(0);
        await Expect(Cards).ToHaveCountAsync(0);
    }

    /// <summary>The wall highlights this card as the one being discussed.</summary>
    public async Task ShouldFollowCardAsync(Guid cardId, float? timeoutMs = null)
    {
        await Expect(CurrentCard).ToHaveAttributeAsync("data-card-id", cardId.ToString(), new() { Timeout = timeoutMs });
        await Expect(Card(cardId)).ToHaveAttributeAsync("data-current", "true", new() { Timeout = timeoutMs });
    }

    public async Task<string> CurrentTitleAsync() => (await CurrentCard.Locator(".huddle-wall-current-title").InnerTextAsync()).Trim();

    public async Task<int> RemainingSecondsAsync() => HuddleBoardPage.ParseClock(await Timer.InnerTextAsync());
}
