namespace CareHub.E2E.Pages;

/// <summary>The managers' list of emergency access to their teams' patients, with "Reviewed".</summary>
public sealed class EmergencyAccessReviewsPage(IPage page) : SignedInPage(page)
{
    public ILocator Heading => Page.GetByRole(AriaRole.Heading, new() { Name = "Emergency access reviews", Level = 1 });

    public ILocator Rows => Page.GetByTestId("ea-review");

    public ILocator RowFor(string staffName, string patientName) =>
        Rows.Filter(new() { HasText = staffName }).Filter(new() { HasText = patientName });

    public async Task ShouldBeShownAsync()
    {
        await WaitUntilInteractiveAsync();
        await Expect(Heading).ToBeVisibleAsync();
    }

    public async Task MarkReviewedAsync(ILocator row) => await row.GetByTestId("ea-mark-reviewed").ClickAsync();
}
