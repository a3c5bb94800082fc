using System.Globalization;
using CareHub.Domain.Tasks;
using MudBlazor;

namespace CareHub.Web.Features.Tasks;

/// <summary>How a task's due time stands now: the chip's colour is a third cue beside its words and icon.</summary>
public enum TaskDueState
{
    Later,
    DueToday,
    Overdue,
}

/// <summary>The words and colours of the task list.</summary>
public static class TaskText
{
    public static string Kind(CareTaskKind kind) => kind switch
    {
        CareTaskKind.TransitionContact => "Transition contact",
        CareTaskKind.TransitionVisit => "Face-to-face visit",
        CareTaskKind.TransitionMedication => "Medication reconciliation",
        CareTaskKind.ReferralEscalation => "Referral escalation",
        CareTaskKind.HuddleAction => "Huddle action",
        _ => "General",
    };

    public static string Priority(CareTaskPriority priority) => priority switch
    {
        CareTaskPriority.Urgent => "Urgent",
        CareTaskPriority.High => "High",
        _ => "Routine",
    };

    public static string Scope(TaskScope scope) => scope == TaskScope.MyTeams ? "My teams" : "Assigned to me";

    /// <summary>Overdue once the due time has passed; due today when it falls on today's local date; later otherwise.</summary>
    public static TaskDueState DueState(DateTimeOffset dueAt, DateTimeOffset now, TimeZoneInfo zone)
    {
        if (dueAt < now)
            return TaskDueState.Overdue;
        return LocalDate(dueAt, zone) == LocalDate(now, zone) ? TaskDueState.DueToday : TaskDueState.Later;
    }

    /// <summary>"Overdue since Mon 2 Mar 17:00", "Due today 17:00", "Due Wed 4 Mar 17:00", in the app's time zone.</summary>
    public static string Due(DateTimeOffset dueAt, DateTimeOffset now, TimeZoneInfo zone)
    {
        var local = TimeZoneInfo.ConvertTime(dueAt, zone);
        return DueState(dueAt, now, zone) switch
        {
            TaskDueState.Overdue => $"Overdue since {local.ToString("ddd d MMM HH:mm", CultureInfo.InvariantCulture)}",
            TaskDueState.DueToday => $"Due today {local.ToString("HH:mm", CultureInfo.InvariantCulture)}",
            _ => $"Due {local.ToString("ddd d MMM HH:mm", CultureInfo.InvariantCulture)}",
        };
    }

    public static Color DueColor(TaskDueState state) => state switch
    {
        TaskDueState.Overdue => Color.Error,
        TaskDueState.DueToday => Color.Warning,
        _ => Color.Default,
    };

    public static string DueIcon(TaskDueState state) => state switch
    {
        TaskDueState.Overdue => Icons.Material.Filled.Alarm,
        TaskDueState.DueToday => Icons.Material.Filled.Today,
        _ => Icons.Material.Filled.Schedule,
    };

    private static DateOnly LocalDate(DateTimeOffset at, TimeZoneInfo zone) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(at, zone).DateTime);
}
