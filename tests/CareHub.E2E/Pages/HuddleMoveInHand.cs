namespace CareHub.E2E.Pages;

/// <summary>
/// A move made up to its last click: the card's menu is open at the choice. Letting go at an agreed instant lets
/// several screens move cards at the same moment, closer together than one remote change takes to arrive.
/// </summary>
public sealed class HuddleMoveInHand(HuddleBoardPage board, ILocator choice, Func<Task> shouldHaveLanded)
{
    public HuddleBoardPage Board { get; } = board;

    /// <summary>The menu is still open at the choice.</summary>
    public async Task ShouldStillBeInHandAsync() => await Expect(choice).ToBeVisibleAsync(new() { Timeout = 1_000 });

    /// <summary>Clicks the choice now; returns when the screen shows the move saved.</summary>
    public async Task LetGoAsync()
    {
        var version = await Board.VersionAsync();
        await choice.ClickAsync();
        await shouldHaveLanded();
        await Board.ShouldShowSavedAfterAsync(version);
    }

    /// <summary>
    /// Clicks the choice at <paramref name="browserTimeMs"/> of the browser's clock (Date.now(), shared by every page
    /// of one browser); returns when the screen shows the move saved.
    /// </summary>
    public async Task LetGoAtAsync(double browserTimeMs)
    {
        var version = await Board.VersionAsync();
        await choice.EvaluateAsync("(menuItem, at) => new Promise(done => setTimeout(() => { menuItem.click(); done(); }, Math.max(0, at - Date.now())))", browserTimeMs);
        await shouldHaveLanded();
        await Board.ShouldShowSavedAfterAsync(version);
    }
}
