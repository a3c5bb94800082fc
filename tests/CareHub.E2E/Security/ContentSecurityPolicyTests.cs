using CareHub.E2E.Infrastructure;
using CareHub.E2E.Pages;

namespace CareHub.E2E.Security;

/// <summary>The Content-Security-Policy holds on every screen: nothing the app needs is refused by it.</summary>
[Collection(BrowserCollection.Name)]
public sealed class ContentSecurityPolicyTests(CareHubBrowser browser)
{
    [Fact]
    public async Task Every_screen_works_under_the_policy_and_the_browser_refuses_nothing()
    {
        var maria = await browser.Data.CoordinatorAsync();
        var patient = await browser.Data.PatientOfAsync(maria);
        var context = await browser.NewContextAsync();
        try
        {
            var page = await context.NewPageAsync();
            var refused = new List<string>();
            page.Console += (_, message) =>
            {
                if (message.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase))
                    lock (refused)
                        refused.Add(message.Text);
            };
            var response = await page.GotoAsync("/account/signin");
            (await response!.HeaderValueAsync("content-security-policy")).ShouldNotBeNull().ShouldContain("script-src 'self' 'nonce-");
            (await response.HeaderValueAsync("cache-control")).ShouldNotBeNull().ShouldContain("no-store");
            await (await SignInPage.OpenAsync(page)).SignInAsAsync(maria.Name);

            foreach (var path in new[] { $"/patients/{patient.Id}", "/huddle", "/referrals", "/tasks", "/census", $"/patients/{patient.Id}/care-plan" })
            {
                await page.GotoAsync(path);
                await new PatientListPage(page).WaitUntilInteractiveAsync();
                await Expect(page.Locator(".mud-main-content h1").First).ToBeVisibleAsync();
            }

            lock (refused)
                refused.ShouldBeEmpty();
        }
        finally
        {
            await context.CloseAsync();
        }
    }
}
