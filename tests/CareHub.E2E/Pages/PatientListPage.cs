using System.Globalization;
using System.Text.RegularExpressions;

namespace CareHub.E2E.Pages;

/// <summary>The team-scoped patient list: search, table, total, pages.</summary>
public sealed partial class PatientListPage(IPage page) : SignedInPage(page)
{
    public const string Path = "/patients";

    public ILocator Total => Page.GetByTestId("patient-total");

    public ILocator Table => Page.GetByTestId("patient-table");

    public ILocator PatientLinks => Page.GetByTestId("patient-link");

    public ILocator Pages => Page.GetByTestId("patient-pages");

    private ILocator SearchBox => Page.Locator("input[data-testid=patient-search], [data-testid=patient-search] input");

    public static async Task<PatientListPage> OpenAsync(IPage page)
    {
        await page.GotoAsync(Path);
        var list = new PatientListPage(page);
        await list.ShouldBeShownAsync();
        return list;
    }

    /// <summary>The list is on screen, live, and its first rows have arrived.</summary>
    public async Task ShouldBeShownAsync()
    {
        await Expect(Page).ToHaveURLAsync(OnPatientList());
        await WaitUntilInteractiveAsync();
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Name = "Patients", Level = 1 })).ToBeVisibleAsync();
        await Expect(PatientLinks.First).ToBeVisibleAsync();
    }

    public async Task ShouldShowTotalAsync(int patients) =>
        await Expect(Total).ToHaveTextAsync(new Regex($@"^\s*{patients.ToString("N0", CultureInfo.InvariantCulture)} patients? on your care teams\s*$"));

    public async Task SearchAsync(string text) => await SearchBox.FillAsync(text);

    /// <summary>Every row shown is a patient whose name contains <paramref name="text"/>, and there is at least one.</summary>
    public async Task ShouldShowOnlyPatientsNamedAsync(string text)
    {
        await Expect(PatientLinks.Filter(new() { HasNotTextRegex = new Regex(Regex.Escape(text), RegexOptions.IgnoreCase) })).ToHaveCountAsync(0);
        await Expect(PatientLinks.First).ToBeVisibleAsync();
    }

    /// <summary>Opens the patient whose listed name ("Family, Given") is <paramref name="name"/>.</summary>
    public async Task<PatientPage> OpenPatientAsync(string name)
    {
        await PatientLinks.GetByText(name, new() { Exact = true }).ClickAsync();
        var patient = new PatientPage(Page);
        await patient.ShouldShowPatientAsync(name);
        return patient;
    }

    [GeneratedRegex(@"/patients/?(\?.*)?$")]
    private static partial Regex OnPatientList();
}
