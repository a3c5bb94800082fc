using System.Globalization;
using CareHub.Domain.CarePlans;
using CareHub.Web.Realtime;
using Microsoft.AspNetCore.Components;

namespace CareHub.Web.Features.CarePlans;

/// <summary>
/// The choice fields of one item (category, status, assignee, date, goal lifecycle and achievement, where a medication
/// was seen and whether it is reconciled). A change saves at once from the item's version; the value chosen shows
/// until the answer, and a choice that met someone else's says so and lets the person keep theirs or use their own.
/// </summary>
public sealed partial class CarePlanItemChoices
{
    private const string None = "-";
    private const string DateFormat = "yyyy-MM-dd";

    private static readonly CarePlanField[] Selects =
        [CarePlanField.Category, CarePlanField.Status, CarePlanField.Assignee, CarePlanField.Lifecycle, CarePlanField.Achievement];

    private static readonly MedicationSources[] Sources =
        [MedicationSources.PreAdmission, MedicationSources.Discharge, MedicationSources.PharmacyFill, MedicationSources.PatientReported];

    private readonly Dictionary<CarePlanField, string?> _pending = [];
    private readonly Dictionary<CarePlanField, CarePlanResult.Conflict> _conflicts = [];
    private readonly Dictionary<CarePlanField, string> _errors = [];

    [Parameter, EditorRequired]
    public CarePlanItemView Item { get; set; } = default!;

    [Parameter]
    public bool ReadOnly { get; set; }

    [Parameter, EditorRequired]
    public Func<FieldEdit, Task<CarePlanResult>> Save { get; set; } = default!;

    [Parameter]
    public CarePlanFieldFocus? Focus { get; set; }

    [Parameter]
    public CarePlanFieldPresence Presence { get; set; } = CarePlanFieldPresence.Nobody;

    [Parameter]
    public IReadOnlyList<CarePlanAssignee> Assignees { get; set; } = [];

    private IEnumerable<CarePlanField> SelectFields => Selects.Where(f => CarePlanItem.Applies(Item.Kind, f));

    private DateTime? DueDate =>
        DateOnly.TryParseExact(ValueOf(CarePlanField.Due), DateFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out var due)
            ? due.ToDateTime(TimeOnly.MinValue)
            : null;

    private IReadOnlyList<PresenceEntry> OthersAt(CarePlanField field) => Presence.At(CarePlanFieldKeys.Presence(Item.Id, field));

    private string? ValueOf(CarePlanField field) => _pending.TryGetValue(field, out var chosen) ? chosen : Item.ValueOf(field);

    private string NameOf(CarePlanField field) => CarePlanText.FieldName(Item.Kind, field);

    private Dictionary<Guid, string> Names()
    {
        var names = Assignees.ToDictionary(a => a.StaffId, a => a.Name);
        if (Item is { AssigneeId: { } id, AssigneeName: { } name })
            names.TryAdd(id, name);
        return names;
    }

    private string TextOf(CarePlanField field, string? value) => value is null or None
        ? field switch
        {
            CarePlanField.Assignee => CarePlanValueText.Unassigned,
            CarePlanField.Achievement => "Not set",
            _ => CarePlanValueText.Empty,
        }
        : CarePlanValueText.Of(Item.Kind, field, value, Names());

    private IReadOnlyList<ChoiceOption> OptionsOf(CarePlanField field)
    {
        List<ChoiceOption> options = field switch
        {
            CarePlanField.Category => [.. CarePlanCategories.For(Item.Kind).Select(c => new ChoiceOption(c, c))],
            CarePlanField.Status => [.. Enum.GetValues<CarePlanItemStatus>().Select(s => new ChoiceOption(s.ToString(), CarePlanText.Status(s), !CanBecome(s)))],
            CarePlanField.Assignee =>
            [
                new ChoiceOption(None, CarePlanValueText.Unassigned),
                .. Assignees.Select(a => new ChoiceOption(a.StaffId.ToString("D"), a.Name)),
            ],
            CarePlanField.Lifecycle => [.. Enum.GetValues<GoalLifecycle>().Select(l => new ChoiceOption(l.ToString(), CarePlanText.Lifecycle(l)))],
            CarePlanField.Achievement =>
            [
                new ChoiceOption(None, "Not set"),
                .. Enum.GetValues<GoalAchievement>().Select(a => new ChoiceOption(a.ToString(), CarePlanText.Achievement(a))),
            ],
            _ => [],
        };
        // A value no longer on the list (an assignee who left the team, an older category) still shows as it is.
        if (ValueOf(field) is { } current && options.All(o => o.Value != current))
            options.Add(new ChoiceOption(current, TextOf(field, current), Disabled: true));
        return options;
    }

    // A completed or cancelled item is not reopened (the domain refuses it): add a new one instead.
    private bool CanBecome(CarePlanItemStatus status) =>
        Item.IsOpen || status is CarePlanItemStatus.Completed or CarePlanItemStatus.Cancelled;

    private bool Has(MedicationSources source) => SourcesOf(ValueOf(CarePlanField.Sources)).HasFlag(source);

    private static MedicationSources SourcesOf(string? value) =>
        value is not null && Enum.TryParse<MedicationSources>(value, ignoreCase: false, out var sources) ? sources : MedicationSources.None;

    private Task ToggleSourceAsync(MedicationSources source, bool on)
    {
        var current = SourcesOf(ValueOf(CarePlanField.Sources));
        var next = on ? current | source : current & ~source;
        return ChooseAsync(CarePlanField.Sources, next == MedicationSources.None ? null : next.ToString());
    }

    private Task ChooseDueAsync(DateTime? date) =>
        ChooseAsync(CarePlanField.Due, date is { } day ? DateOnly.FromDateTime(day).ToString(DateFormat, CultureInfo.InvariantCulture) : null);

    private async Task ChooseAsync(CarePlanField field, string? value, long? fromVersion = null)
    {
        if (ReadOnly || (fromVersion is null && string.Equals(value, ValueOf(field), StringComparison.Ordinal)))
            return;
        _pending[field] = value;
        _conflicts.Remove(field);
        _errors.Remove(field);
        CarePlanResult result;
        try
        {
            result = await Save(new FieldEdit(Item.Id, field, fromVersion ?? Item.Version, value));
        }
        catch (Exception)
        {
            result = new CarePlanResult.Invalid(CarePlanMessages.CouldNotSave);
        }
        _pending.Remove(field);
        switch (result)
        {
            case CarePlanResult.Saved:
                break;
            case CarePlanResult.Conflict conflict:
                _conflicts[field] = conflict;
                break;
            default:
                _errors[field] = CarePlanMessages.Of(result);
                break;
        }
    }

    private string? ConflictText(CarePlanField field) => _conflicts.TryGetValue(field, out var conflict)
        ? $"{conflict.TheirName ?? "Someone else"} changed this to {TextOf(field, conflict.Theirs)} while you chose {TextOf(field, conflict.Mine)}."
        : null;

    private string? ErrorOf(CarePlanField field) => _errors.GetValueOrDefault(field);

    // Theirs is what the item shows already (the conflict brought the item as it is now).
    private void KeepTheirs(CarePlanField field) => _conflicts.Remove(field);

    private Task UseMineAsync(CarePlanField field) =>
        _conflicts.Remove(field, out var conflict) ? ChooseAsync(field, conflict.Mine, conflict.Item.Version) : Task.CompletedTask;

    private sealed record ChoiceOption(string Value, string Text, bool Disabled = false);
}
