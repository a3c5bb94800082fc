namespace CareHub.E2E.Pages;

/// <summary>One patient: header, who else is looking, and the language and interpreter editor.</summary>
public sealed class PatientPage(IPage page) : SignedInPage(page)
{
    public ILocator Header => Page.GetByTestId("patient-header");

    public ILocator Name => Page.GetByTestId("patient-name");

    public ILocator Language => Page.GetByTestId("patient-language");

    public ILocator Viewers => Page.GetByTestId("presence-bar").GetByTestId("presence-avatar");

    public ILocator ChangedElsewhere => Page.GetByTestId("changed-elsewhere");

    public ILocator Saved => Page.Locator(".mud-snackbar").GetByText("Saved", new() { Exact = true });

    public ILocator NotFoundHeading => Page.GetByRole(AriaRole.Heading, new() { Name = "Not found", Level = 1 });

    private ILocator LanguageInput => Page.Locator("input[data-testid=language-input], [data-testid=language-input] input");

    private ILocator SaveButton => Page.GetByTestId("language-save");

    /// <summary>Opens /patients/{id} and waits until the page is live (it then shows the patient or "Not found").</summary>
    public static async Task<PatientPage> OpenAsync(IPage page, Guid patientId)
    {
        await page.GotoAsync($"/patients/{patientId}");
        var patient = new PatientPage(page);
        await patient.WaitUntilInteractiveAsync();
        return patient;
    }

    public async Task ShouldShowPatientAsync(string name)
    {
        await WaitUntilInteractiveAsync();
        await Expect(Header).ToBeVisibleAsync();
        await Expect(Name).ToHaveTextAsync(name);
    }

    public async Task ShouldShowNotFoundAsync()
    {
        await Expect(NotFoundHeading).ToBeVisibleAsync();
        await Expect(MainContent).ToContainTextAsync("does not exist, or it is not one your care teams can see");
    }

    /// <summary>The presence bar shows exactly these people (each avatar is titled with the person's name).</summary>
    public async Task ShouldShowViewersAsync(IReadOnlyCollection<string> names, float? timeoutMs = null)
    {
        await Expect(Viewers).ToHaveCountAsync(names.Count, new() { Timeout = timeoutMs });
        foreach (var name in names)
            await Expect(Viewers.And(Page.Locator($"[title=\"{name}\"]"))).ToHaveCountAsync(1);
    }

    /// <summary>Types a new preferred language and saves it.</summary>
    public async Task ChangePreferredLanguageAsync(string language)
    {
        await LanguageInput.FillAsync(language);
        await Expect(SaveButton).ToBeEnabledAsync();
        await SaveButton.ClickAsync();
    }
}
