using System.Globalization;
using CareHub.Domain.Huddles;

namespace CareHub.Web.Features.Huddle;

/// <summary>How the huddle board names its lanes, agenda sections, card reasons and times.</summary>
public static class HuddleText
{
    public static IReadOnlyList<HuddleLane> Lanes { get; } = Enum.GetValues<HuddleLane>();

    public static IReadOnlyList<AgendaSection> Sections { get; } = Enum.GetValues<AgendaSection>();

    public static string Lane(HuddleLane lane) => lane switch
    {
        HuddleLane.ToDiscuss => "To discuss",
        HuddleLane.Barriers => "Barriers and escalations",
        HuddleLane.Actions => "Actions",
        HuddleLane.Done => "Done",
        _ => lane.ToString(),
    };

    public static string Section(AgendaSection section) => section switch
    {
        AgendaSection.SafetyConcerns => "Safety concerns since yesterday",
        AgendaSection.TodaysPatients => "Today's issues and patients",
        AgendaSection.ImprovementItems => "Tracked improvement items",
        AgendaSection.OpenInput => "Open input",
        AgendaSection.Announcements => "Announcements",
        _ => section.ToString(),
    };

    public static string Reason(HuddleCardReason reason) => reason switch
    {
        HuddleCardReason.AdmittedOrEdVisit => "Admitted or ED in 24 h",
        HuddleCardReason.AwaitingTransitionCall => "Transition call due",
        HuddleCardReason.ReferralOverdue => "Referral overdue",
        HuddleCardReason.HighReadmissionRisk => "High readmission risk",
        HuddleCardReason.OpenEscalation => "Escalation",
        _ => "Added",
    };

    /// <summary>Remaining time as m:ss, rounded up: it shows 0:00 only when the time is up.</summary>
    public static string Clock(long remainingMs)
    {
        var seconds = (Math.Max(0, remainingMs) + 999) / 1000;
        return string.Create(CultureInfo.InvariantCulture, $"{seconds / 60}:{seconds % 60:00}");
    }

    public static string Count(int count, string noun) => $"{count} {noun}{(count == 1 ? "" : "s")}";

    public static string Day(DateOnly day) => day.ToString("ddd d MMM yyyy", CultureInfo.InvariantCulture);

    public static string Due(DateOnly due) => due.ToString("MMM d", CultureInfo.InvariantCulture);
}
