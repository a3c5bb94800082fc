using CareHub.E2E.Infrastructure;
using CareHub.E2E.Pages;
using CareHub.Tests.Infrastructure;

namespace CareHub.E2E.Security;

/// <summary>
/// Many circuits from one person, in a real browser (issue 9): with <c>Security:MaxCircuitsPerUser</c> at 2, a person's
/// third tab shows why it was refused and nothing else, while their first two and another person keep working. A server
/// and a Chromium of its own: the limit is a setting of the server.
/// </summary>
public sealed class CircuitLimitTests : IAsyncLifetime
{
    private readonly CareHubServer _server = new(patients: 20, settings: new Dictionary<string, string?> { ["Security:MaxCircuitsPerUser"] = "2" });
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public async ValueTask InitializeAsync()
    {
        SetDefaultExpectTimeout(15_000);
        _server.Start();
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(CareHubBrowser.LaunchOptions());
    }

    public async ValueTask DisposeAsync()
    {
        if (_browser is not null)
            await _browser.DisposeAsync();
        _playwright?.Dispose();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task A_persons_third_tab_is_refused_with_a_message_while_their_others_and_another_person_keep_working()
    {
        var data = new DemoData(_server);
        var maria = await data.CoordinatorAsync();
        var teammate = await data.TeammateOfAsync(maria);
        await using var mariasBrowser = await NewContextAsync();

        // Tab 1: the sign-in, then the patient list (one circuit); tab 2: the patient list again (the second).
        var first = await mariasBrowser.NewPageAsync();
        await (await SignInPage.OpenAsync(first)).SignInAsAsync(maria.Name);
        var second = await mariasBrowser.NewPageAsync();
        await second.GotoAsync(PatientListPage.Path);
        await new PatientListPage(second).ShouldBeShownAsync();

        var third = await mariasBrowser.NewPageAsync();
        await third.GotoAsync(PatientListPage.Path);
        var refused = third.GetByTestId("circuit-refused");
        await Expect(refused).ToBeVisibleAsync();
        await Expect(refused).ToContainTextAsync("too many CareHub tabs or windows open at once (2 is the most)");
        await Expect(third.GetByTestId("patient-table")).ToHaveCountAsync(0);
        await Expect(third.GetByTestId("interactive")).ToHaveCountAsync(0);

        // Her first two tabs are still live: a search in the second still answers.
        var list = new PatientListPage(second);
        await list.WaitUntilInteractiveAsync();
        await Expect(list.PatientLinks.First).ToBeVisibleAsync();

        // Another person has their own allowance.
        await using var teammatesBrowser = await NewContextAsync();
        var theirs = await teammatesBrowser.NewPageAsync();
        await (await SignInPage.OpenAsync(theirs)).SignInAsAsync(teammate.Name);
        Xunit.TestContext.Current.TestOutputHelper?.WriteLine("limit 2: two tabs live, the third refused with its message, another person signed in and working");
    }

    private async Task<IBrowserContext> NewContextAsync()
    {
        var context = await _browser!.NewContextAsync(new()
        {
            BaseURL = _server.BaseAddress.ToString(),
            ViewportSize = new() { Width = 1366, Height = 900 },
            Locale = "en-US",
        });
        context.SetDefaultTimeout(15_000);
        return context;
    }
}
