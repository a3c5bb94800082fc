namespace CareHub.E2E.Pages;

/// <summary>The referral worklist with its metrics, and the new-referral dialog.</summary>
public sealed class ReferralsPage(IPage page) : SignedInPage(page)
{
    public ILocator Root => Page.GetByTestId("referrals-page");

    public ILocator Rows => Page.GetByTestId("referral-row");

    public ILocator ClosureRate => Page.GetByTestId("metric-closure-rate");

    public static async Task<ReferralsPage> OpenAsync(IPage page)
    {
        await page.GotoAsync("/referrals");
        var list = new ReferralsPage(page);
        await list.WaitUntilInteractiveAsync();
        await Expect(list.Root).ToBeVisibleAsync();
        await Expect(list.ClosureRate).ToBeVisibleAsync();
        return list;
    }

    public ILocator Row(Guid referralId) => Page.Locator($"[data-testid=referral-row][data-referral-id=\"{referralId}\"]");

    /// <summary>Creates a referral through the dialog for the patient with this MRN; returns its id (from the detail page it opens).</summary>
    public async Task<Guid> CreateAsync(string mrn, string destination, string reason)
    {
        await Page.GetByTestId("new-referral").ClickAsync();
        var dialog = Page.GetByTestId("new-referral-dialog");
        await Expect(dialog).ToBeVisibleAsync();
        var patient = Page.Locator("[data-testid=referral-patient] input, input[data-testid=referral-patient]").First;
        var match = Page.Locator(".mud-popover-open .mud-list-item").Filter(new() { HasText = mrn }).First;
        // Typed into a dialog whose first render is still on its way, the text can be overwritten by that render (Blazor
        // Server) and no search runs: a person types again, and so does this, once.
        for (var attempt = 1; ; attempt++)
        {
            await patient.ClickAsync();
            await patient.FillAsync(mrn);
            try
            {
                await Expect(match).ToBeVisibleAsync(new() { Timeout = attempt == 1 ? 5_000 : 15_000 });
                break;
            }
            catch (PlaywrightException) when (attempt == 1)
            {
            }
        }
        await match.ClickAsync();
        await Expect(patient).ToHaveValueAsync(new System.Text.RegularExpressions.Regex(System.Text.RegularExpressions.Regex.Escape(mrn)));
        // The destination offers the directory as you type: pick the organisation from the list, as a coordinator does
        // (leaving the field while the directory search is still on its way raced with the list opening afterwards).
        var place = Page.Locator("[data-testid=referral-destination] input, input[data-testid=referral-destination]").First;
        await place.FillAsync(destination);
        var option = Page.Locator(".mud-popover-open [data-testid=referral-resource-option]").Filter(new() { HasText = destination }).First;
        var chosen = (await option.Locator(".mud-typography-body1").First.InnerTextAsync()).Trim();
        await option.ClickAsync();
        await Expect(place).ToHaveValueAsync(chosen);
        await Expect(Page.Locator(".mud-popover-open [data-testid=referral-resource-option]")).ToHaveCountAsync(0);
        var why = Page.Locator("[data-testid=referral-reason] textarea, textarea[data-testid=referral-reason]").First;
        await why.FillAsync(reason);
        await Expect(why).ToHaveValueAsync(reason);
        var create = Page.GetByTestId("referral-create");
        await Expect(create).ToBeEnabledAsync();
        await create.ClickAsync();
        await Expect(Page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/referrals/[0-9a-f-]{36}$"));
        return Guid.Parse(Page.Url[^36..]);
    }
}

/// <summary>One referral: status, clocks, actions and the timeline.</summary>
public sealed class ReferralDetailPage(IPage page) : SignedInPage(page)
{
    public ILocator Root => Page.GetByTestId("referral-detail");

    public ILocator Status => Page.GetByTestId("referral-status");

    public ILocator Timeline => Page.GetByTestId("referral-timeline");

    public ILocator Entries => Page.GetByTestId("timeline-entry");

    public static async Task<ReferralDetailPage> OpenAsync(IPage page, Guid referralId)
    {
        await page.GotoAsync($"/referrals/{referralId}");
        var detail = new ReferralDetailPage(page);
        await detail.WaitUntilInteractiveAsync();
        return detail;
    }

    /// <summary>Moves the referral to a status with its button, and waits until the page shows it.</summary>
    public async Task MoveAsync(string status, string shownAs)
    {
        await Page.GetByTestId($"move-{status}").ClickAsync();
        await Expect(Status).ToContainTextAsync(shownAs);
    }

    /// <summary>Records a milestone with its button, and waits until the timeline has one more entry.</summary>
    public async Task ReachAsync(string milestone)
    {
        var before = await Entries.CountAsync();
        await Page.GetByTestId($"reach-{milestone}").ClickAsync();
        await Expect(Entries).ToHaveCountAsync(before + 1);
    }

    public async Task CloseLoopAsync(string outcome)
    {
        await Page.GetByTestId("loop-outcome").ClickAsync();
        await Page.Locator(".mud-popover-open .mud-list-item").Filter(new() { HasText = outcome }).First.ClickAsync();
        await ReachAsync("loopclosed");
    }
}
