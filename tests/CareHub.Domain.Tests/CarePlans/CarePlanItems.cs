using CareHub.Domain.CarePlans;

namespace CareHub.Domain.Tests.CarePlans;

/// <summary>Plans and items for the care-plan tests, and the table of which fields each kind of item has.</summary>
internal static class CarePlanItems
{
    public static readonly Guid PatientId = Guid.NewGuid();

    /// <summary>The fields each kind of item has, written out (not read from <see cref="CarePlanItem.Applies"/>).</summary>
    public static readonly IReadOnlyDictionary<CarePlanItemKind, CarePlanField[]> FieldsOf = new Dictionary<CarePlanItemKind, CarePlanField[]>
    {
        [CarePlanItemKind.Problem] = [CarePlanField.Text, CarePlanField.Detail, CarePlanField.Category, CarePlanField.Status, CarePlanField.Due],
        [CarePlanItemKind.Goal] =
        [
            CarePlanField.Text, CarePlanField.Detail, CarePlanField.Category, CarePlanField.Status, CarePlanField.Assignee, CarePlanField.Due,
            CarePlanField.Lifecycle, CarePlanField.Achievement,
        ],
        [CarePlanItemKind.Intervention] = [CarePlanField.Text, CarePlanField.Detail, CarePlanField.Status, CarePlanField.Assignee, CarePlanField.Due],
        [CarePlanItemKind.Medication] =
        [
            CarePlanField.Text, CarePlanField.Detail, CarePlanField.Status, CarePlanField.Due, CarePlanField.Sources, CarePlanField.Reconciled,
        ],
        [CarePlanItemKind.Service] =
        [
            CarePlanField.Text, CarePlanField.Detail, CarePlanField.Category, CarePlanField.Status, CarePlanField.Assignee, CarePlanField.Due,
        ],
        [CarePlanItemKind.Appointment] = [CarePlanField.Text, CarePlanField.Detail, CarePlanField.Status, CarePlanField.Due],
        [CarePlanItemKind.Barrier] =
        [
            CarePlanField.Text, CarePlanField.Detail, CarePlanField.Category, CarePlanField.Status, CarePlanField.Assignee, CarePlanField.Due,
        ],
        [CarePlanItemKind.AdvanceCarePlanning] = [CarePlanField.Text, CarePlanField.Detail, CarePlanField.Category, CarePlanField.Status, CarePlanField.Due],
    };

    public static bool Has(CarePlanItemKind kind, CarePlanField field) => FieldsOf[kind].Contains(field);

    public static CarePlan NewPlan() => new(PatientId, "Care plan", TestTime.Monday);

    public static CarePlan ActivePlan()
    {
        var plan = NewPlan();
        plan.Activate();
        return plan;
    }

    public static string TextFor(CarePlanItemKind kind) => kind switch
    {
        CarePlanItemKind.Problem => "Heart failure with recent hospital stay",
        CarePlanItemKind.Goal => "Weighs every morning and knows when to call",
        CarePlanItemKind.Intervention => "Teach-back on low-salt diet",
        CarePlanItemKind.Medication => "Furosemide 40 mg",
        CarePlanItemKind.Service => "Home health nursing visits",
        CarePlanItemKind.Appointment => "Cardiology follow-up",
        CarePlanItemKind.Barrier => "No ride to appointments",
        CarePlanItemKind.AdvanceCarePlanning => "Health care proxy named",
        _ => "Item",
    };

    public static CarePlanItem NewItem(CarePlanItemKind kind) => ActivePlan().AddItem(kind, TextFor(kind), null, null);

    public static CarePlanItem NewItem(CarePlanItemSpec spec) => ActivePlan().AddItem(spec, 0);

    public static CarePlanItem NewMedication(MedicationSources sources) =>
        NewItem(new CarePlanItemSpec(CarePlanItemKind.Medication, TextFor(CarePlanItemKind.Medication)) { Sources = sources });

    /// <summary>Every field of the item in its text form, to show a refused change left the item as it was.</summary>
    public static string?[] Snapshot(CarePlanItem item) => [.. Enum.GetValues<CarePlanField>().Select(item.ValueOf)];
}
