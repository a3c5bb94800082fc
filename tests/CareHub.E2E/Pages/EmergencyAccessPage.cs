namespace CareHub.E2E.Pages;

/// <summary>Break-the-glass: find a patient outside one's teams by exact MRN and date of birth, and say why.</summary>
public sealed class EmergencyAccessPage(IPage page) : SignedInPage(page)
{
    public ILocator Heading => Page.GetByRole(AriaRole.Heading, new() { Name = "Emergency access", Level = 1 });

    public ILocator Problem => Page.GetByTestId("ea-problem");

    private ILocator Mrn => Page.Locator("input[data-testid=ea-mrn], [data-testid=ea-mrn] input");

    private ILocator BirthDate => Page.Locator("input[data-testid=ea-birth-date], [data-testid=ea-birth-date] input");

    private ILocator Explanation => Page.Locator("textarea[data-testid=ea-explanation], [data-testid=ea-explanation] textarea");

    /// <summary>Opens it from the navigation, as a clinician does.</summary>
    public static async Task<EmergencyAccessPage> OpenFromNavigationAsync(IPage page)
    {
        await page.GetByRole(AriaRole.Navigation, new() { Name = "Main navigation" })
            .GetByRole(AriaRole.Link, new() { Name = "Emergency access", Exact = true }).ClickAsync();
        var form = new EmergencyAccessPage(page);
        await Expect(form.Heading).ToBeVisibleAsync();
        await Expect(page.GetByTestId("emergency-access-form")).ToBeVisibleAsync();
        return form;
    }

    /// <summary>Fills the form for the patient with <paramref name="mrn"/> born on <paramref name="birthDate"/> and opens the record.</summary>
    public async Task<PatientPage> BreakTheGlassAsync(string mrn, DateOnly birthDate, string reason, string explanation)
    {
        await Mrn.FillAsync(mrn);
        await BirthDate.FillAsync(birthDate.ToString("MM/dd/yyyy", System.Globalization.CultureInfo.InvariantCulture));
        await Page.GetByText(reason, new() { Exact = true }).ClickAsync();
        await Explanation.FillAsync(explanation);
        await Page.GetByTestId("ea-submit").ClickAsync();
        return new PatientPage(Page);
    }
}
