using System.Globalization;
using CareHub.Domain.Common;

namespace CareHub.Domain.CarePlans;

/// <summary>
/// One item of a plan (a problem, goal, activity, medication...). Each field is edited on its own through
/// <see cref="Set"/>, which takes the field's value in its text form (<see cref="ValueOf"/>), so that every change,
/// whatever its field, is one history entry with a before and an after.
/// </summary>
public sealed class CarePlanItem : VersionedEntity, IPatientOwned
{
    public const int MaxTextLength = 4000;

    private CarePlanItem() { Text = string.Empty; Detail = string.Empty; }

    internal CarePlanItem(Guid carePlanId, Guid patientId, CarePlanItemSpec spec, int position)
    {
        if (!Enum.IsDefined(spec.Kind))
            throw new DomainRuleException("That kind of item does not exist.");
        CarePlanId = carePlanId;
        PatientId = patientId;
        Kind = spec.Kind;
        Text = Guard.Text(spec.Text, "Item text", MaxTextLength);
        Detail = Guard.OptionalText(spec.Detail, CarePlanText.DetailLabel(spec.Kind), MaxTextLength) ?? string.Empty;
        Category = CarePlanCategories.Check(spec.Kind, spec.Category ?? CarePlanCategories.DefaultFor(spec.Kind));
        AssigneeId = CheckAssignee(spec.AssigneeId);
        Due = CheckDue(spec.Due, CarePlanText.FieldName(spec.Kind, CarePlanField.Due));
        Position = position;
        Status = CarePlanItemStatus.Active;
        if (spec.Kind == CarePlanItemKind.Goal)
        {
            Lifecycle = GoalLifecycle.Active;
            Achievement = GoalAchievement.InProgress;
        }
        if (spec.Kind == CarePlanItemKind.Medication)
            Sources = CheckSources(spec.Sources);
    }

    public Guid CarePlanId { get; private set; }
    public Guid PatientId { get; private set; }
    public CarePlanItemKind Kind { get; private set; }
    public string Text { get; private set; }
    public string Detail { get; private set; }
    public string? Category { get; private set; }
    public CarePlanItemStatus Status { get; private set; }
    public Guid? AssigneeId { get; private set; }
    public DateOnly? Due { get; private set; }
    public int Position { get; private set; }
    public GoalLifecycle? Lifecycle { get; private set; }
    public GoalAchievement? Achievement { get; private set; }
    public MedicationSources Sources { get; private set; }
    public bool Reconciled { get; private set; }

    /// <summary>A discrepancy on the reconciliation list that nobody has reconciled yet (null when none).</summary>
    public string? Discrepancy => Kind == CarePlanItemKind.Medication && !Reconciled ? MedicationReconciliation.DiscrepancyOf(Sources) : null;

    public void Edit(string text) => Text = Guard.Text(text, "Item text", MaxTextLength);

    public void Assign(Guid? assigneeId, DateOnly? due)
    {
        var checkedDue = CheckDue(due, CarePlanText.FieldName(Kind, CarePlanField.Due));
        AssigneeId = CheckAssignee(assigneeId);
        Due = checkedDue;
    }

    public void ChangeStatus(CarePlanItemStatus status)
    {
        if (!Enum.IsDefined(status))
            throw new DomainRuleException("That status does not exist.");
        if (Status is CarePlanItemStatus.Completed or CarePlanItemStatus.Cancelled && status is CarePlanItemStatus.Active or CarePlanItemStatus.Proposed or CarePlanItemStatus.OnHold)
            throw new DomainRuleException($"A {Status.ToString().ToLowerInvariant()} item cannot be reopened; add a new one.");
        Status = status;
    }

    /// <summary>Whether the field means something for this kind of item (a medication has no lifecycle).</summary>
    public static bool Applies(CarePlanItemKind kind, CarePlanField field) => field switch
    {
        CarePlanField.Text or CarePlanField.Detail or CarePlanField.Status or CarePlanField.Due => true,
        CarePlanField.Category => CarePlanCategories.For(kind).Count > 0,
        CarePlanField.Assignee => kind is CarePlanItemKind.Intervention or CarePlanItemKind.Goal or CarePlanItemKind.Barrier or CarePlanItemKind.Service,
        CarePlanField.Lifecycle or CarePlanField.Achievement => kind == CarePlanItemKind.Goal,
        CarePlanField.Sources or CarePlanField.Reconciled => kind == CarePlanItemKind.Medication,
        _ => false,
    };

    /// <summary>"Goal items have no “Seen on” field.": the refusal of a field the kind does not have.</summary>
    public static string NotApplicableMessage(CarePlanItemKind kind, CarePlanField field) =>
        $"{CarePlanText.KindName(kind)} items have no “{CarePlanText.FieldName(kind, field)}” field.";

    /// <summary>Whether concurrent edits of the field are merged as text (the others are choices: last one wins or conflicts).</summary>
    public static bool IsText(CarePlanField field) => field is CarePlanField.Text or CarePlanField.Detail;

    /// <summary>The field's value in its text form: the form history keeps and edits carry.</summary>
    public string? ValueOf(CarePlanField field) => field switch
    {
        CarePlanField.Text => Text,
        CarePlanField.Detail => Detail,
        CarePlanField.Category => Category,
        CarePlanField.Status => Status.ToString(),
        CarePlanField.Assignee => AssigneeId?.ToString("D"),
        CarePlanField.Due => Due?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        CarePlanField.Lifecycle => Lifecycle?.ToString(),
        CarePlanField.Achievement => Achievement?.ToString(),
        CarePlanField.Sources => Sources == MedicationSources.None ? null : Sources.ToString(),
        CarePlanField.Reconciled => Reconciled ? "true" : "false",
        _ => throw new DomainRuleException("That field does not exist."),
    };

    /// <summary>
    /// Sets one field from its text form. A value that is not valid for the field is refused with a message a
    /// coordinator understands, and nothing changes. Whether the assignee is on the patient's team is the caller's check.
    /// </summary>
    public void Set(CarePlanField field, string? value)
    {
        if (!Enum.IsDefined(field))
            throw new DomainRuleException("That field does not exist.");
        if (!Applies(Kind, field))
            throw new DomainRuleException(NotApplicableMessage(Kind, field));
        var name = CarePlanText.FieldName(Kind, field);
        switch (field)
        {
            case CarePlanField.Text:
                Text = Guard.Text(value, name, MaxTextLength);
                break;
            case CarePlanField.Detail:
                Detail = Guard.OptionalText(value, name, MaxTextLength) ?? string.Empty;
                break;
            case CarePlanField.Category:
                Category = CarePlanCategories.Check(Kind, value);
                break;
            case CarePlanField.Status:
                ChangeStatus(ParseEnum<CarePlanItemStatus>(value, name));
                break;
            case CarePlanField.Assignee:
                AssigneeId = string.IsNullOrWhiteSpace(value) ? null
                    : Guid.TryParseExact(value.Trim(), "D", out var id) && id != Guid.Empty ? id
                    : throw new DomainRuleException("Choose the assignee from the list.");
                break;
            case CarePlanField.Due:
                Due = string.IsNullOrWhiteSpace(value) ? null
                    : DateOnly.TryParseExact(value.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var due) && due.Year is >= 2000 and <= 2100 ? due
                    : throw new DomainRuleException($"{name} must be a date between 2000 and 2100.");
                break;
            case CarePlanField.Lifecycle:
                Lifecycle = ParseEnum<GoalLifecycle>(value, name);
                break;
            case CarePlanField.Achievement:
                Achievement = string.IsNullOrWhiteSpace(value) ? null : ParseEnum<GoalAchievement>(value, name);
                break;
            case CarePlanField.Sources:
                Sources = string.IsNullOrWhiteSpace(value) ? MedicationSources.None
                    : Enum.TryParse<MedicationSources>(value, ignoreCase: false, out var sources) && !value.Any(char.IsDigit) ? CheckSources(sources)
                    : throw new DomainRuleException("Choose where the medication was seen from the list.");
                break;
            case CarePlanField.Reconciled:
                Reconciled = value switch
                {
                    "true" => true,
                    "false" => false,
                    _ => throw new DomainRuleException("Reconciled is yes or no."),
                };
                break;
        }
    }

    private static MedicationSources CheckSources(MedicationSources sources)
    {
        const MedicationSources all = MedicationSources.PreAdmission | MedicationSources.Discharge | MedicationSources.PharmacyFill | MedicationSources.PatientReported;
        if ((sources & ~all) != 0)
            throw new DomainRuleException("Choose where the medication was seen from the list.");
        return sources;
    }

    // Exactly one listed name: Enum.TryParse alone would also take "3" or "Active, OnHold" (OR-ed into another value).
    private static T ParseEnum<T>(string? value, string name) where T : struct, Enum =>
        value is not null && Enum.GetNames<T>().Contains(value, StringComparer.Ordinal)
            ? Enum.Parse<T>(value)
            : throw new DomainRuleException($"Choose the {name.ToLowerInvariant()} from the list.");

    private static DateOnly? CheckDue(DateOnly? due, string name) =>
        due is { Year: < 2000 or > 2100 } ? throw new DomainRuleException($"{name} must be a date between 2000 and 2100.") : due;

    private static Guid? CheckAssignee(Guid? assigneeId) =>
        assigneeId == Guid.Empty ? throw new DomainRuleException("Choose the assignee from the list.") : assigneeId;
}
