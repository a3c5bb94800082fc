using CareHub.E2E.Infrastructure;
using CareHub.E2E.Pages;

namespace CareHub.E2E.Account;

[Collection(BrowserCollection.Name)]
public sealed class SignOutTests(CareHubBrowser browser)
{
    [Fact]
    public async Task Signing_out_from_the_user_menu_returns_to_sign_in_and_the_patient_list_asks_to_sign_in_again()
    {
        var coordinator = await browser.Data.CoordinatorAsync();
        await using var context = await browser.NewContextAsync();
        var page = await context.NewPageAsync();
        var list = await (await SignInPage.OpenAsync(page)).SignInAsAsync(coordinator.Name);

        await list.OpenUserMenuWithMouseAsync(coordinator.Name);
        await Expect(list.UserDetails).ToContainTextAsync(coordinator.Name);
        await Expect(list.UserDetails).ToContainTextAsync(coordinator.TeamName);
        var signIn = await list.SignOutAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("You are signed out.");

        await page.GotoAsync(PatientListPage.Path);
        await signIn.ShouldBeShownAsync();
    }

    [Fact]
    public async Task A_keyboard_user_can_reach_and_open_the_user_menu()
    {
        var coordinator = await browser.Data.CoordinatorAsync();
        await using var context = await browser.NewContextAsync();
        var page = await context.NewPageAsync();
        var list = await (await SignInPage.OpenAsync(page)).SignInAsAsync(coordinator.Name);

        await list.OpenUserMenuWithKeyboardAsync();

        await Expect(page.GetByTestId("sign-out")).ToBeVisibleAsync();
    }
}
