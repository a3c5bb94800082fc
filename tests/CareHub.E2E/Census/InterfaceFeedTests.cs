using CareHub.E2E.Infrastructure;
using CareHub.E2E.Pages;

namespace CareHub.E2E.Census;

/// <summary>The interface analyst's feed page: for the Admin role only.</summary>
[Collection(BrowserCollection.Name)]
public sealed class InterfaceFeedTests(CareHubBrowser browser)
{
    [Fact]
    public async Task The_analyst_sees_the_feed_and_a_coordinator_neither_the_entry_nor_the_page()
    {
        var context = await browser.NewContextAsync();
        try
        {
            var nina = await context.NewPageAsync();
            await (await SignInPage.OpenAsync(nina)).SignInWithoutPatientsAsync("Nina Kowalski");
            await nina.GetByRole(AriaRole.Link, new() { Name = "Interface feed" }).ClickAsync();
            await Expect(nina.GetByTestId("feed-counts")).ToBeVisibleAsync();
            await Expect(nina.GetByTestId("feed-count-applied")).ToBeVisibleAsync();
            await Screenshots.SaveAsync(nina, "interface-feed.png");

            var other = await browser.NewContextAsync();
            try
            {
                var maria = await other.NewPageAsync();
                await (await SignInPage.OpenAsync(maria)).SignInAsAsync("Maria Alvarez");
                await Expect(maria.GetByRole(AriaRole.Link, new() { Name = "Census" })).ToBeVisibleAsync();
                await Expect(maria.GetByRole(AriaRole.Link, new() { Name = "Interface feed" })).ToHaveCountAsync(0);
                await maria.GotoAsync("/interface-feed");
                await Expect(maria.GetByTestId("feed-page")).ToHaveCountAsync(0);
            }
            finally
            {
                await other.CloseAsync();
            }
        }
        finally
        {
            await context.CloseAsync();
        }
    }
}
