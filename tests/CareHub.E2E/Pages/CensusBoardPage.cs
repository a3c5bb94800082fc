namespace CareHub.E2E.Pages;

/// <summary>The live census board: the manager's tiles, the filters and the virtualised grid.</summary>
public sealed class CensusBoardPage(IPage page) : SignedInPage(page)
{
    public ILocator Root => Page.GetByTestId("census-page");

    public ILocator Rows => Page.GetByTestId("census-row");

    public ILocator Search => Page.Locator("[data-testid=census-filter-search] input, input[data-testid=census-filter-search]").First;

    public static async Task<CensusBoardPage> OpenAsync(IPage page)
    {
        await page.GotoAsync("/census");
        var board = new CensusBoardPage(page);
        await board.WaitUntilInteractiveAsync();
        await Expect(board.Root).ToHaveAttributeAsync("data-status", "Loaded");
        return board;
    }

    public ILocator Row(Guid patientId) => Page.Locator($"[data-testid=census-row][data-patient-id=\"{patientId}\"]");

    /// <summary>Narrows the grid to one patient by MRN (the board filters as you type).</summary>
    public async Task SearchAsync(string text)
    {
        await Search.FillAsync(text);
        await Search.PressAsync("Tab");
    }
}
