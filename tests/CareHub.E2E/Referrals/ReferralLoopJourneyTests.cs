using System.Diagnostics;
using System.Globalization;
using CareHub.E2E.Infrastructure;
using CareHub.E2E.Pages;

namespace CareHub.E2E.Referrals;

/// <summary>A referral from creation to a closed loop, by two people of one team, each seeing the other's work live.</summary>
[Collection(BrowserCollection.Name)]
public sealed class ReferralLoopJourneyTests(CareHubBrowser browser, ITestOutputHelper output)
{
    [Fact]
    public async Task A_referral_created_by_one_appears_on_a_teammates_worklist_within_a_second_and_its_closed_loop_reaches_the_first()
    {
        var maria = await browser.Data.CoordinatorAsync();
        var devon = await browser.Data.TeammateOfAsync(maria);
        var patient = await browser.Data.PatientOfAsync(maria, skip: 3);
        await using var contexts = new Contexts(browser);
        var mariaList = await ReferralsPage.OpenAsync(await contexts.SignInAsync(maria.Name));
        var devonList = await ReferralsPage.OpenAsync(await contexts.SignInAsync(devon.Name));
        var closureBefore = await mariaList.ClosureRate.InnerTextAsync();

        var referralId = await mariaList.CreateAsync(patient.Mrn, "Riverside Cardiology", "New murmur heard at the transition visit");
        var clock = Stopwatch.StartNew();
        await Expect(devonList.Row(referralId)).ToBeVisibleAsync(new() { Timeout = 1_000 });
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"On Devon's worklist {clock.ElapsedMilliseconds} ms after Maria's screen showed it"));
        Screenshots.PublishToDocs(await Screenshots.SaveAsync(devonList.Page, "referrals-worklist.png"));

        var mariaDetail = new ReferralDetailPage(mariaList.Page);
        await Expect(mariaDetail.Root).ToBeVisibleAsync();
        var devonDetail = await ReferralDetailPage.OpenAsync(devonList.Page, referralId);
        await devonDetail.MoveAsync("accepted", "Accepted");
        await devonDetail.ReachAsync("appointmentscheduled");
        await devonDetail.MoveAsync("inprogress", "In progress");
        await devonDetail.ReachAsync("patientseen");
        await devonDetail.ReachAsync("resultreceived");
        await devonDetail.MoveAsync("completed", "Completed");
        await devonDetail.CloseLoopAsync("Service provided");

        await Expect(mariaDetail.Timeline).ToContainTextAsync("Loop closed");
        await Expect(mariaDetail.Entries).ToHaveCountAsync(await devonDetail.Entries.CountAsync());
        Screenshots.PublishToDocs(await Screenshots.SaveAsync(mariaDetail.Page, "referral-timeline.png"));
        var download = await mariaDetail.Page.RunAndWaitForDownloadAsync(() => mariaDetail.Page.GetByTestId("referral-fhir").ClickAsync());
        var json = await File.ReadAllTextAsync(await download.PathAsync(), TestContext.Current.CancellationToken);
        using (var bundle = System.Text.Json.JsonDocument.Parse(json))
            bundle.RootElement.GetProperty("resourceType").GetString().ShouldBe("Bundle");
        json.ShouldContain(referralId.ToString(), Case.Insensitive);
        var mariaAgain = await ReferralsPage.OpenAsync(mariaList.Page);
        await Expect(mariaAgain.ClosureRate).Not.ToHaveTextAsync(closureBefore);
    }

    private sealed class Contexts(CareHubBrowser browser) : IAsyncDisposable
    {
        private readonly List<IBrowserContext> _open = [];

        public async Task<IPage> SignInAsync(string person)
        {
            var context = await browser.NewContextAsync();
            _open.Add(context);
            var page = await context.NewPageAsync();
            await (await SignInPage.OpenAsync(page)).SignInAsAsync(person);
            return page;
        }

        public async ValueTask DisposeAsync()
        {
            foreach (var context in _open)
                await context.CloseAsync();
        }
    }
}
