using System.Globalization;
using CareHub.Domain.Referrals;
using MudBlazor;

namespace CareHub.Web.Features.Referrals;

/// <summary>The words (and colours and icons) the referral screens use for types, urgencies, statuses, milestones, outcomes and clocks.</summary>
public static class ReferralText
{
    public static string Type(ReferralType type) => type switch
    {
        ReferralType.Specialty => "Specialty",
        ReferralType.BehavioralHealth => "Behavioral health",
        ReferralType.SubstanceUseTreatment => "Substance use treatment",
        ReferralType.HomeHealth => "Home health",
        ReferralType.DurableMedicalEquipment => "Durable medical equipment",
        ReferralType.CommunityOrganization => "Community organisation",
        _ => type.ToString(),
    };

    public static string Urgency(ReferralUrgency urgency) => urgency switch
    {
        ReferralUrgency.Routine => "Routine",
        ReferralUrgency.Urgent => "Urgent",
        ReferralUrgency.Stat => "Stat",
        _ => urgency.ToString(),
    };

    /// <summary>"In progress", "Entered in error": the domain's words, capitalised.</summary>
    public static string Status(ReferralStatus status) => Capitalise(Referral.Describe(status));

    public static string Milestone(ReferralMilestone milestone) => milestone switch
    {
        ReferralMilestone.AppointmentScheduled => "Appointment scheduled",
        ReferralMilestone.PatientSeen => "Patient seen",
        ReferralMilestone.ResultReceived => "Result received",
        ReferralMilestone.LoopClosed => "Loop closed",
        _ => milestone.ToString(),
    };

    public static string Outcome(ReferralOutcome outcome) => outcome switch
    {
        ReferralOutcome.ServiceProvided => "Service provided",
        ReferralOutcome.PatientDeclined => "Patient declined",
        ReferralOutcome.UnableToContact => "Unable to contact",
        ReferralOutcome.NotEligible => "Not eligible",
        ReferralOutcome.NoCapacity => "No capacity",
        ReferralOutcome.PatientMovedOrTransferred => "Patient moved or transferred",
        ReferralOutcome.Other => "Other",
        _ => outcome.ToString(),
    };

    public static string Stage(ReferralClockStage stage) => stage switch
    {
        ReferralClockStage.Acceptance => "Acceptance",
        ReferralClockStage.Appointment => "Appointment",
        ReferralClockStage.Result => "Result",
        _ => stage.ToString(),
    };

    /// <summary>What a clock chip says: "Overdue 2 days", "Due today", "Due in 3 days", "Paused", "Met".</summary>
    public static string Clock(ReferralClock clock) => clock.State switch
    {
        ReferralClockState.Overdue => $"Overdue {Days(clock.DaysOverdue ?? 1)}",
        ReferralClockState.DueSoon or ReferralClockState.Due => clock.DaysLeft is null or 0 ? "Due today" : $"Due in {Days(clock.DaysLeft.Value)}",
        ReferralClockState.Paused => "Paused",
        ReferralClockState.Met => "Met",
        ReferralClockState.MetLate => $"Met {Days(clock.DaysOverdue ?? 1)} late",
        ReferralClockState.Stopped => "Stopped",
        ReferralClockState.NotStarted => "Not sent",
        _ => clock.State.ToString(),
    };

    /// <summary>The clock with its stage and due day, for a tooltip or a screen reader: "Acceptance: overdue 2 days (due Mon 2 Mar)".</summary>
    public static string ClockInFull(ReferralClock clock)
    {
        var text = $"{Stage(clock.Stage)}: {Lower(Clock(clock))}";
        return clock.DueOn is { } due ? $"{text} (due {Day(due)})" : text;
    }

    /// <summary>Colour of a clock chip; never alone: the chip carries its words and <see cref="ClockIcon"/>.</summary>
    public static Color ClockColor(ReferralClockState state) => state switch
    {
        ReferralClockState.Overdue => Color.Error,
        ReferralClockState.DueSoon => Color.Warning,
        ReferralClockState.Due => Color.Info,
        ReferralClockState.Met => Color.Success,
        ReferralClockState.MetLate => Color.Warning,
        _ => Color.Default,
    };

    public static string ClockIcon(ReferralClockState state) => state switch
    {
        ReferralClockState.Overdue => Icons.Material.Filled.ErrorOutline,
        ReferralClockState.DueSoon => Icons.Material.Filled.Schedule,
        ReferralClockState.Due => Icons.Material.Filled.Event,
        ReferralClockState.Paused => Icons.Material.Filled.PauseCircleOutline,
        ReferralClockState.Met => Icons.Material.Filled.CheckCircle,
        ReferralClockState.MetLate => Icons.Material.Filled.Check,
        ReferralClockState.Stopped => Icons.Material.Filled.Block,
        _ => Icons.Material.Filled.HourglassEmpty,
    };

    /// <summary>
    /// The clock a worklist row shows: the most pressing open one; when none runs, the last one that was met (the
    /// loop's latest success), else the acceptance clock (not sent yet, or stopped).
    /// </summary>
    public static ReferralClock ShownClock(ReferralClockSet clocks) =>
        clocks.Worst
        ?? clocks.All.LastOrDefault(c => c.State is ReferralClockState.Met or ReferralClockState.MetLate)
        ?? clocks.Acceptance;

    public static Color StatusColor(ReferralStatus status) => status switch
    {
        ReferralStatus.Draft => Color.Default,
        ReferralStatus.Requested or ReferralStatus.Received => Color.Info,
        ReferralStatus.Accepted or ReferralStatus.InProgress => Color.Primary,
        ReferralStatus.OnHold => Color.Warning,
        ReferralStatus.Completed => Color.Success,
        ReferralStatus.Rejected or ReferralStatus.Failed => Color.Error,
        _ => Color.Default,
    };

    /// <summary>Moves that undo work or end the referral: asked to confirm.</summary>
    public static bool NeedsConfirmation(ReferralStatus to) =>
        to is ReferralStatus.Cancelled or ReferralStatus.Failed or ReferralStatus.EnteredInError;

    public static string Days(int days) => days == 1 ? "1 day" : $"{days.ToString(CultureInfo.InvariantCulture)} days";

    /// <summary>"Mon 2 Mar".</summary>
    public static string Day(DateOnly day) => day.ToString("ddd d MMM", CultureInfo.InvariantCulture);

    /// <summary>"Mon 2 Mar 2026, 09:30", in the offset the time carries.</summary>
    public static string When(DateTimeOffset at) => at.ToString("ddd d MMM yyyy, HH:mm", CultureInfo.InvariantCulture);

    /// <summary>A rate (0 to 1) as a whole percentage: 0.8 -> "80%"; none -> "–".</summary>
    public static string Percent(double? rate) =>
        rate is { } r ? $"{Math.Round(r * 100, MidpointRounding.AwayFromZero).ToString(CultureInfo.InvariantCulture)}%" : "–";

    public static string MedianDays(double? days) =>
        days is { } d ? d.ToString("0.#", CultureInfo.InvariantCulture) : "–";

    private static string Capitalise(string text) =>
        text.Length == 0 ? text : string.Concat(text[..1].ToUpperInvariant(), text.AsSpan(1));

    private static string Lower(string text) =>
        text.Length == 0 ? text : string.Concat(text[..1].ToLowerInvariant(), text.AsSpan(1));
}
