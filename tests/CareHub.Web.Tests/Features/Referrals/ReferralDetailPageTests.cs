using Bunit;
using CareHub.Domain.Referrals;
using CareHub.Web.Features.Referrals;
using CareHub.Web.Tests.Infrastructure;

namespace CareHub.Web.Tests.Features.Referrals;

public sealed class ReferralDetailPageTests(PatientsDatabase database) : ReferralPageTest(database)
{
    private IRenderedComponent<ReferralDetailPage> RenderPage(Guid id)
    {
        var cut = Render<ReferralDetailPage>(p => p.Add(x => x.ReferralId, id));
        cut.WaitForAssertion(() => cut.Find("[data-testid=referral-detail]"), Patience);
        return cut;
    }

    private static AngleSharp.Dom.IElement Button(IRenderedComponent<ReferralDetailPage> cut, string testId) =>
        cut.Find($"[data-testid={testId}]");

    [Fact]
    public async Task A_referral_shows_its_status_clocks_actions_and_timeline()
    {
        var team = await SignedInTeamAsync();
        var id = await Bed.CreateAsync(team, ReferralTestBed.Specialty(team));

        var cut = RenderPage(id);

        cut.Find("[data-testid=referral-status]").TextContent.Trim().ShouldBe("Requested");
        cut.FindAll("[data-testid=referral-clocks] [data-testid=referral-clock]").Count.ShouldBe(3);
        cut.Find("[data-testid=referral-destination-text]").TextContent.Trim().ShouldBe("Riverside Cardiology");
        Button(cut, "move-accepted").TextContent.Trim().ShouldBe("Accepted");
        cut.FindAll("[data-testid=timeline-entry]").Count.ShouldBeGreaterThanOrEqualTo(1);
    }

    [Fact]
    public async Task Accepting_moves_the_referral_and_adds_to_the_timeline()
    {
        var team = await SignedInTeamAsync();
        var id = await Bed.CreateAsync(team, ReferralTestBed.Specialty(team));
        var cut = RenderPage(id);
        var entries = cut.FindAll("[data-testid=timeline-entry]").Count;

        Button(cut, "move-accepted").Click();

        cut.WaitForAssertion(() => cut.Find("[data-testid=referral-status]").TextContent.Trim().ShouldBe("Accepted"), Patience);
        cut.FindAll("[data-testid=timeline-entry]").Count.ShouldBe(entries + 1);
        (await Bed.ReferralAsync(id)).Status.ShouldBe(ReferralStatus.Accepted);
        cut.Find("[data-testid=reach-appointmentscheduled]");
    }

    [Fact]
    public async Task Cancelling_asks_to_confirm_first()
    {
        var team = await SignedInTeamAsync();
        var id = await Bed.CreateAsync(team, ReferralTestBed.Specialty(team));
        var cut = RenderPage(id);

        Button(cut, "move-cancelled").Click();
        Dialogs.WaitForAssertion(() => Dialogs.FindAll("button").Any(b => b.TextContent.Trim() == "Confirm").ShouldBeTrue(), Patience);
        (await Bed.ReferralAsync(id)).Status.ShouldBe(ReferralStatus.Requested);

        Dialogs.FindAll("button").Single(b => b.TextContent.Trim() == "Confirm").Click();

        cut.WaitForAssertion(() => cut.Find("[data-testid=referral-status]").TextContent.Trim().ShouldBe("Cancelled"), Patience);
    }

    [Fact]
    public async Task A_change_made_elsewhere_shows_without_reloading()
    {
        var team = await SignedInTeamAsync();
        var id = await Bed.CreateAsync(team, ReferralTestBed.Specialty(team));
        var cut = RenderPage(id);
        var shown = await Bed.VersionAsync(id);

        // A colleague accepts it: the page follows.
        (await Bed.ServiceFor(team.Member).MoveAsync(id, shown, ReferralStatus.Accepted, null, Ct)).ShouldBeOfType<ReferralResult.Saved>();
        cut.WaitForAssertion(() => cut.Find("[data-testid=referral-status]").TextContent.Trim().ShouldBe("Accepted"), Patience);
    }

    [Fact]
    public async Task Another_teams_referral_and_a_missing_one_read_alike_as_not_found()
    {
        await SignedInTeamAsync();
        var other = await Bed.Database.TeamAsync(new PatientSeed("Other", "Team"));
        var theirs = await Bed.CreateAsync(other, ReferralTestBed.Specialty(other));

        var foreign = Render<ReferralDetailPage>(p => p.Add(x => x.ReferralId, theirs));
        foreign.WaitForAssertion(() => foreign.Markup.ShouldContain("does not exist, or it is not one your care teams can see"), Patience);
        var missing = Render<ReferralDetailPage>(p => p.Add(x => x.ReferralId, Guid.NewGuid()));
        missing.WaitForAssertion(() => missing.Markup.ShouldContain("does not exist, or it is not one your care teams can see"), Patience);

        foreign.FindAll("[data-testid=referral-detail]").ShouldBeEmpty();
        foreign.Markup.ShouldNotContain("Riverside");
    }
}
