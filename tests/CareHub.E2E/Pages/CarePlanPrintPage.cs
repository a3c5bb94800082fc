namespace CareHub.E2E.Pages;

/// <summary>A patient's care plan as it prints (/patients/{id}/care-plan/print): the document and its print and download buttons.</summary>
public sealed class CarePlanPrintPage(IPage page) : SignedInPage(page)
{
    public ILocator Actions => Page.GetByTestId("print-actions");

    public ILocator NotFoundHeading => Page.GetByRole(AriaRole.Heading, new() { Name = "Not found", Level = 1 });

    /// <summary>Opens the print page and waits until it is live.</summary>
    public static async Task<CarePlanPrintPage> OpenAsync(IPage page, Guid patientId)
    {
        await page.GotoAsync($"/patients/{patientId}/care-plan/print");
        var print = new CarePlanPrintPage(page);
        await print.WaitUntilInteractiveAsync();
        return print;
    }

    public async Task ShouldShowNotFoundAsync()
    {
        await Expect(NotFoundHeading).ToBeVisibleAsync();
        await Expect(MainContent).ToContainTextAsync("does not exist, or it is not one your care teams can see");
    }
}
