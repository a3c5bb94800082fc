using CareHub.Domain.Referrals;
using CareHub.E2E.Infrastructure;
using CareHub.E2E.Pages;
using Microsoft.EntityFrameworkCore;

namespace CareHub.E2E.Referrals;

[Collection(BrowserCollection.Name)]
public sealed class ReferralAccessTests(CareHubBrowser browser)
{
    [Fact]
    public async Task Another_teams_referral_looks_exactly_like_a_referral_that_does_not_exist_and_is_not_on_the_worklist()
    {
        var maria = await browser.Data.CoordinatorAsync();
        Guid theirs;
        string destination;
        await using (var db = browser.Server.SystemDb())
        {
            var referral = await db.Referrals.AsNoTracking()
                .Where(r => !maria.TeamIds.Contains(r.TeamId) && r.LoopClosedAt == null && r.Status != ReferralStatus.EnteredInError)
                .OrderBy(r => r.Id).FirstAsync(TestContext.Current.CancellationToken);
            (theirs, destination) = (referral.Id, referral.Destination);
        }
        var context = await browser.NewContextAsync();
        try
        {
            var page = await context.NewPageAsync();
            await (await SignInPage.OpenAsync(page)).SignInAsAsync(maria.Name);

            var other = await ReferralDetailPage.OpenAsync(page, theirs);
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Not found", Level = 1 })).ToBeVisibleAsync();
            var otherText = await other.MainContent.InnerTextAsync();
            var otherTitle = await page.TitleAsync();
            var nobody = await ReferralDetailPage.OpenAsync(page, Guid.NewGuid());
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Not found", Level = 1 })).ToBeVisibleAsync();

            otherText.ShouldBe(await nobody.MainContent.InnerTextAsync());
            otherTitle.ShouldBe(await page.TitleAsync());
            otherText.ShouldNotContain(destination);
            var list = await ReferralsPage.OpenAsync(page);
            await Expect(list.Rows.First).ToBeVisibleAsync();
            await Expect(list.Row(theirs)).ToHaveCountAsync(0);
        }
        finally
        {
            await context.CloseAsync();
        }
    }
}
