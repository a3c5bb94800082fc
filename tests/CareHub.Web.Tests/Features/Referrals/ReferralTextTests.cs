using CareHub.Domain.Referrals;
using CareHub.Web.Features.Referrals;
using MudBlazor;

namespace CareHub.Web.Tests.Features.Referrals;

public sealed class ReferralTextTests
{
    [Theory]
    [InlineData(ReferralType.BehavioralHealth, "Behavioral health")]
    [InlineData(ReferralType.SubstanceUseTreatment, "Substance use treatment")]
    [InlineData(ReferralType.DurableMedicalEquipment, "Durable medical equipment")]
    [InlineData(ReferralType.CommunityOrganization, "Community organisation")]
    [InlineData(ReferralType.HomeHealth, "Home health")]
    [InlineData(ReferralType.Specialty, "Specialty")]
    public void Types_read_as_words(ReferralType type, string words) => ReferralText.Type(type).ShouldBe(words);

    [Theory]
    [InlineData(ReferralStatus.InProgress, "In progress")]
    [InlineData(ReferralStatus.OnHold, "On hold")]
    [InlineData(ReferralStatus.EnteredInError, "Entered in error")]
    [InlineData(ReferralStatus.Accepted, "Accepted")]
    public void Statuses_are_the_domains_words_capitalised(ReferralStatus status, string words) => ReferralText.Status(status).ShouldBe(words);

    [Fact]
    public void Every_value_has_words_of_its_own()
    {
        Enum.GetValues<ReferralType>().Select(ReferralText.Type).ShouldBeUnique();
        Enum.GetValues<ReferralUrgency>().Select(ReferralText.Urgency).ShouldBeUnique();
        Enum.GetValues<ReferralStatus>().Select(ReferralText.Status).ShouldBeUnique();
        Enum.GetValues<ReferralMilestone>().Select(ReferralText.Milestone).ShouldBe(["Appointment scheduled", "Patient seen", "Result received", "Loop closed"]);
        Enum.GetValues<ReferralOutcome>().Select(ReferralText.Outcome).ShouldBeUnique();
        ReferralText.Outcome(ReferralOutcome.UnableToContact).ShouldBe("Unable to contact");
    }

    [Theory]
    [InlineData(ReferralClockState.Overdue, null, 2, "Overdue 2 days")]
    [InlineData(ReferralClockState.Overdue, null, 1, "Overdue 1 day")]
    [InlineData(ReferralClockState.DueSoon, 0, null, "Due today")]
    [InlineData(ReferralClockState.DueSoon, 1, null, "Due in 1 day")]
    [InlineData(ReferralClockState.Due, 3, null, "Due in 3 days")]
    [InlineData(ReferralClockState.Paused, 4, null, "Paused")]
    [InlineData(ReferralClockState.Met, null, null, "Met")]
    [InlineData(ReferralClockState.MetLate, null, 2, "Met 2 days late")]
    [InlineData(ReferralClockState.Stopped, null, null, "Stopped")]
    [InlineData(ReferralClockState.NotStarted, null, null, "Not sent")]
    public void Clock_chips_say_the_state_in_words(ReferralClockState state, int? daysLeft, int? daysOverdue, string words) =>
        ReferralText.Clock(ReferralSamples.Clock(state, daysLeft, daysOverdue)).ShouldBe(words);

    [Fact]
    public void Every_clock_state_has_its_own_icon_and_overdue_is_the_error_colour()
    {
        Enum.GetValues<ReferralClockState>().Select(ReferralText.ClockIcon).ShouldBeUnique();
        ReferralText.ClockColor(ReferralClockState.Overdue).ShouldBe(Color.Error);
        ReferralText.ClockColor(ReferralClockState.Met).ShouldBe(Color.Success);
    }

    [Fact]
    public void The_full_clock_names_its_stage_and_due_day() =>
        ReferralText.ClockInFull(ReferralSamples.Clock(ReferralClockState.Overdue, daysOverdue: 2)).ShouldBe("Acceptance: overdue 2 days (due Wed 4 Mar)");

    [Fact]
    public void A_row_shows_its_most_pressing_clock_or_else_its_last_met_one()
    {
        var overdue = ReferralSamples.Clock(ReferralClockState.Overdue, daysOverdue: 1, stage: ReferralClockStage.Appointment);
        var met = ReferralSamples.Clock(ReferralClockState.Met);
        ReferralText.ShownClock(new ReferralClockSet(met, overdue, ReferralSamples.Clock(ReferralClockState.Due, 9, stage: ReferralClockStage.Result)))
            .ShouldBeSameAs(overdue);

        var resultMet = ReferralSamples.Clock(ReferralClockState.MetLate, daysOverdue: 1, stage: ReferralClockStage.Result);
        ReferralText.ShownClock(new ReferralClockSet(met, ReferralSamples.Clock(ReferralClockState.Met, stage: ReferralClockStage.Appointment), resultMet))
            .ShouldBeSameAs(resultMet);
    }

    [Fact]
    public void Rates_and_medians_read_as_numbers_or_a_dash()
    {
        ReferralText.Percent(0.805).ShouldBe("81%");
        ReferralText.Percent(null).ShouldBe("–");
        ReferralText.MedianDays(6.25).ShouldBe("6.3");
        ReferralText.MedianDays(null).ShouldBe("–");
    }
}
