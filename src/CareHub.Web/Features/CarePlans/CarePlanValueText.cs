using System.Globalization;
using CareHub.Domain.CarePlans;

namespace CareHub.Web.Features.CarePlans;

/// <summary>
/// How a field value reads to people: the text form history keeps and edits carry ("OnHold", "2026-03-12", a staff
/// id, "true") turned into the words of the plan ("On hold", "12 Mar 2026", a name, "Yes"). A value that is not what
/// its field expects (history written by an older version) is shown as it is rather than hidden.
/// </summary>
public static class CarePlanValueText
{
    public const string Empty = "(empty)";
    public const string Unassigned = "Unassigned";

    /// <summary>An assignee whose name the reader's teams do not show (someone who left the team).</summary>
    public const string Someone = "Someone";

    private const string DateFormat = "d MMM yyyy";
    private const string TimeFormat = "d MMM yyyy HH:mm";

    /// <summary>
    /// The value of <paramref name="field"/> in words. A null field is the item's creation (the value is its text) when
    /// <paramref name="kind"/> is given, and a status of the plan itself when it is not.
    /// </summary>
    public static string Of(CarePlanItemKind? kind, CarePlanField? field, string? value, IReadOnlyDictionary<Guid, string>? names = null)
    {
        if (field == CarePlanField.Assignee)
            return Assignee(value, names);
        if (string.IsNullOrWhiteSpace(value))
            return Empty;
        return field switch
        {
            null when kind is null => Parse<CarePlanStatus>(value) is { } plan ? PlanStatus(plan) : value,
            CarePlanField.Status => Parse<CarePlanItemStatus>(value) is { } status ? CarePlanText.Status(status) : value,
            CarePlanField.Due => DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var due)
                ? Date(due)
                : value,
            CarePlanField.Lifecycle => Parse<GoalLifecycle>(value) is { } lifecycle ? CarePlanText.Lifecycle(lifecycle) : value,
            CarePlanField.Achievement => Parse<GoalAchievement>(value) is { } achievement ? CarePlanText.Achievement(achievement) : value,
            CarePlanField.Sources => Enum.TryParse<MedicationSources>(value, ignoreCase: false, out var sources) && !value.Any(char.IsDigit)
                ? CarePlanText.Sources(sources)
                : value,
            CarePlanField.Reconciled => value switch
            {
                "true" => "Yes",
                "false" => "No",
                _ => value,
            },
            _ => value,
        };
    }

    /// <summary>The value before or after a history entry, in words.</summary>
    public static string OfEntry(CarePlanChangeView entry, string? value, IReadOnlyDictionary<Guid, string>? names = null)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return Of(entry.ItemId is null ? null : entry.Kind, entry.Field, value, names);
    }

    /// <summary>What the field of a history entry is called for its kind of item (null for a creation or the plan).</summary>
    public static string? FieldName(CarePlanChangeView entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return entry is { Field: { } field, Kind: { } kind } ? CarePlanText.FieldName(kind, field) : null;
    }

    /// <summary>"Active", "Completed"... (the plan's statuses read as their names).</summary>
    public static string PlanStatus(CarePlanStatus status) => status.ToString();

    /// <summary>"12 Mar 2026".</summary>
    public static string Date(DateOnly date) => date.ToString(DateFormat, CultureInfo.InvariantCulture);

    /// <summary>"24 Nov 2026 14:05", in the server's local time like the rest of the app's times.</summary>
    public static string When(DateTimeOffset at) => at.ToLocalTime().ToString(TimeFormat, CultureInfo.InvariantCulture);

    private static string Assignee(string? value, IReadOnlyDictionary<Guid, string>? names)
    {
        if (string.IsNullOrWhiteSpace(value))
            return Unassigned;
        if (!Guid.TryParse(value, out var id))
            return value;
        return names is not null && names.TryGetValue(id, out var name) && !string.IsNullOrWhiteSpace(name) ? name : Someone;
    }

    private static T? Parse<T>(string value) where T : struct, Enum =>
        !value.Any(char.IsDigit) && Enum.TryParse<T>(value, ignoreCase: false, out var parsed) && Enum.IsDefined(parsed) ? parsed : null;
}
