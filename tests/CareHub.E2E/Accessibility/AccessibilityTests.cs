using CareHub.E2E.Infrastructure;
using CareHub.E2E.Pages;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;

namespace CareHub.E2E.Accessibility;

/// <summary>axe-core finds nothing serious or critical on the pages of the first journey.</summary>
[Collection(BrowserCollection.Name)]
public sealed class AccessibilityTests(CareHubBrowser browser)
{
    private static readonly string[] Blocking = ["serious", "critical"];

    [Fact]
    public async Task The_sign_in_page_has_no_serious_or_critical_accessibility_violations()
    {
        await using var context = await browser.NewContextAsync();
        var page = await context.NewPageAsync();
        await SignInPage.OpenAsync(page);

        await ShouldHaveNoBlockingViolationsAsync(page);
    }

    [Fact]
    public async Task The_patient_list_has_no_serious_or_critical_accessibility_violations()
    {
        var coordinator = await browser.Data.CoordinatorAsync();
        await using var context = await browser.NewContextAsync();
        var page = await context.NewPageAsync();
        await (await SignInPage.OpenAsync(page)).SignInAsAsync(coordinator.Name);

        await ShouldHaveNoBlockingViolationsAsync(page);
    }

    [Fact]
    public async Task A_patient_page_has_no_serious_or_critical_accessibility_violations()
    {
        var coordinator = await browser.Data.CoordinatorAsync();
        var patient = await browser.Data.PatientOfAsync(coordinator);
        await using var context = await browser.NewContextAsync();
        var page = await context.NewPageAsync();
        await (await SignInPage.OpenAsync(page)).SignInAsAsync(coordinator.Name);
        var opened = await PatientPage.OpenAsync(page, patient.Id);
        await opened.ShouldShowPatientAsync(patient.DisplayName);
        await opened.ShouldShowViewersAsync([coordinator.Name]);

        await ShouldHaveNoBlockingViolationsAsync(page);
    }

    [Fact]
    public async Task The_task_list_has_no_serious_or_critical_accessibility_violations()
    {
        var coordinator = await browser.Data.CoordinatorAsync();
        await using var context = await browser.NewContextAsync();
        var page = await context.NewPageAsync();
        await (await SignInPage.OpenAsync(page)).SignInAsAsync(coordinator.Name);
        var tasks = await TasksPage.OpenAsync(page);
        await tasks.ShowMyTeamsAsync();
        await Expect(tasks.Rows.First).ToBeVisibleAsync();

        await ShouldHaveNoBlockingViolationsAsync(page);
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
