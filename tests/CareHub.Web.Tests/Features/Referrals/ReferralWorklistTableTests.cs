using Bunit;
using CareHub.Domain.Referrals;
using CareHub.Web.Features.Referrals;
using CareHub.Web.Tests.Infrastructure;

namespace CareHub.Web.Tests.Features.Referrals;

/// <summary>The clock chip and the worklist table, from given rows.</summary>
public sealed class ReferralWorklistTableTests : CareHubComponentTest
{
    [Theory]
    [InlineData(ReferralClockState.Overdue, null, 2, "Overdue 2 days", "mud-chip-color-error")]
    [InlineData(ReferralClockState.DueSoon, 0, null, "Due today", "mud-chip-color-warning")]
    [InlineData(ReferralClockState.Due, 3, null, "Due in 3 days", "mud-chip-color-info")]
    [InlineData(ReferralClockState.Paused, 3, null, "Paused", "mud-chip-color-default")]
    [InlineData(ReferralClockState.Met, null, null, "Met", "mud-chip-color-success")]
    public void The_clock_chip_says_its_state_in_words_with_an_icon_not_by_colour_alone(
        ReferralClockState state, int? daysLeft, int? daysOverdue, string words, string colour)
    {
        var cut = Render<ReferralClockChip>(p => p.Add(x => x.Clock, ReferralSamples.Clock(state, daysLeft, daysOverdue)));

        var chip = cut.Find("[data-testid=referral-clock]");
        chip.TextContent.Trim().ShouldBe(words);
        chip.QuerySelector("svg").ShouldNotBeNull();
        chip.ClassList.ShouldContain(colour);
        chip.GetAttribute("data-state").ShouldBe(state.ToString());
        chip.GetAttribute("title")!.ShouldStartWith("Acceptance: ");
    }

    [Fact]
    public void The_table_shows_one_row_per_referral_in_the_given_order_with_links()
    {
        var first = ReferralSamples.Row("Abara, Ify", ReferralSamples.Clocks(ReferralSamples.Clock(ReferralClockState.Overdue, daysOverdue: 2)));
        var second = ReferralSamples.Row("Bello, Ada");

        var cut = Render<ReferralWorklistTable>(p => p.Add(x => x.Rows, [first, second]));

        var rows = cut.FindAll("[data-testid=referral-row]");
        rows.Select(r => r.GetAttribute("data-referral-id")).ShouldBe([first.Id.ToString(), second.Id.ToString()]);
        rows[0].QuerySelector("[data-testid=referral-patient-link]")!.GetAttribute("href").ShouldBe($"/patients/{first.PatientId}");
        rows[0].QuerySelector("[data-testid=referral-link]")!.GetAttribute("href").ShouldBe($"/referrals/{first.Id}");
        rows[0].TextContent.ShouldContain("Behavioral health");
        rows[0].TextContent.ShouldContain("Urgent");
        rows[0].TextContent.ShouldContain("Lakeside Counselling");
        rows[0].QuerySelector("[data-testid=referral-status]")!.TextContent.Trim().ShouldBe("Requested");
        rows[0].QuerySelector("[data-testid=referral-clock]")!.TextContent.Trim().ShouldBe("Overdue 2 days");
        rows[1].QuerySelector("[data-testid=referral-clock]")!.TextContent.Trim().ShouldBe("Due in 3 days");
        rows[0].TextContent.ShouldContain("Casey Member");
    }

    [Fact]
    public void A_hidden_sensitive_referral_reads_restricted_with_a_lock()
    {
        var cut = Render<ReferralWorklistTable>(p => p.Add(x => x.Rows, [ReferralSamples.Row(hidden: true)]));

        var restricted = cut.Find("[data-testid=referral-restricted]");
        restricted.TextContent.Trim().ShouldBe("Restricted");
        restricted.QuerySelector("svg").ShouldNotBeNull();
    }
}
