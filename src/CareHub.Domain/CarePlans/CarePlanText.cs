namespace CareHub.Domain.CarePlans;

/// <summary>How care-plan terms read to a care team (section names, field names, status words).</summary>
public static class CarePlanText
{
    public static string KindName(CarePlanItemKind kind) => kind switch
    {
        CarePlanItemKind.Problem => "Problem",
        CarePlanItemKind.Goal => "Goal",
        CarePlanItemKind.Intervention => "Intervention",
        CarePlanItemKind.Medication => "Medication",
        CarePlanItemKind.Service => "Service",
        CarePlanItemKind.Appointment => "Follow-up appointment",
        CarePlanItemKind.Barrier => "Barrier",
        CarePlanItemKind.AdvanceCarePlanning => "Advance care planning",
        _ => kind.ToString(),
    };

    public static string SectionName(CarePlanItemKind kind) => kind switch
    {
        CarePlanItemKind.Problem => "Problems and health concerns",
        CarePlanItemKind.Goal => "Goals",
        CarePlanItemKind.Intervention => "Interventions and activities",
        CarePlanItemKind.Medication => "Medications",
        CarePlanItemKind.Service => "Services",
        CarePlanItemKind.Appointment => "Follow-up appointments",
        CarePlanItemKind.Barrier => "Barriers",
        CarePlanItemKind.AdvanceCarePlanning => "Advance care planning",
        _ => kind.ToString(),
    };

    /// <summary>What the main text of an item of the kind is called on screen.</summary>
    public static string TextLabel(CarePlanItemKind kind) => kind switch
    {
        CarePlanItemKind.Problem => "Problem or concern",
        CarePlanItemKind.Goal => "Goal",
        CarePlanItemKind.Intervention => "Activity",
        CarePlanItemKind.Medication => "Medication",
        CarePlanItemKind.Service => "Service",
        CarePlanItemKind.Appointment => "Appointment",
        CarePlanItemKind.Barrier => "Barrier",
        CarePlanItemKind.AdvanceCarePlanning => "Entry",
        _ => "Text",
    };

    /// <summary>What the second text of an item of the kind is called on screen.</summary>
    public static string DetailLabel(CarePlanItemKind kind) => kind switch
    {
        CarePlanItemKind.Goal => "Measurable target",
        CarePlanItemKind.Medication => "Dose and how taken",
        CarePlanItemKind.Service => "Provider and frequency",
        CarePlanItemKind.Appointment => "Where and when",
        CarePlanItemKind.Barrier => "Plan to address it",
        CarePlanItemKind.AdvanceCarePlanning => "Details (where the document is, proxy's contact)",
        _ => "Notes",
    };

    public static string FieldName(CarePlanItemKind kind, CarePlanField field) => field switch
    {
        CarePlanField.Text => TextLabel(kind),
        CarePlanField.Detail => DetailLabel(kind),
        CarePlanField.Category => kind switch
        {
            CarePlanItemKind.Goal => "Term",
            CarePlanItemKind.Barrier => "Domain",
            CarePlanItemKind.Service => "Type",
            _ => "Category",
        },
        CarePlanField.Status => "Status",
        CarePlanField.Assignee => "Assignee",
        CarePlanField.Due => kind == CarePlanItemKind.Goal ? "Target date" : kind == CarePlanItemKind.Appointment ? "Date" : "Due",
        CarePlanField.Lifecycle => "Lifecycle",
        CarePlanField.Achievement => "Achievement",
        CarePlanField.Sources => "Seen on",
        CarePlanField.Reconciled => "Reconciled",
        _ => field.ToString(),
    };

    public static string Status(CarePlanItemStatus status) => status switch
    {
        CarePlanItemStatus.Proposed => "Proposed",
        CarePlanItemStatus.Active => "Active",
        CarePlanItemStatus.OnHold => "On hold",
        CarePlanItemStatus.Completed => "Completed",
        CarePlanItemStatus.Cancelled => "Cancelled",
        _ => status.ToString(),
    };

    public static string Lifecycle(GoalLifecycle value) => value switch
    {
        GoalLifecycle.OnHold => "On hold",
        GoalLifecycle.EnteredInError => "Entered in error",
        _ => value.ToString(),
    };

    public static string Achievement(GoalAchievement value) => value switch
    {
        GoalAchievement.InProgress => "In progress",
        GoalAchievement.NoChange => "No change",
        GoalAchievement.NotAchieved => "Not achieved",
        GoalAchievement.NoProgress => "No progress",
        GoalAchievement.NotAttainable => "Not attainable",
        _ => value.ToString(),
    };

    public static string Source(MedicationSources source) => source switch
    {
        MedicationSources.PreAdmission => "Pre-admission list",
        MedicationSources.Discharge => "Discharge list",
        MedicationSources.PharmacyFill => "Pharmacy fill",
        MedicationSources.PatientReported => "Patient reported",
        _ => source.ToString(),
    };

    /// <summary>"Pre-admission list, Pharmacy fill" (or "No source yet").</summary>
    public static string Sources(MedicationSources sources)
    {
        var names = Enum.GetValues<MedicationSources>().Where(s => s != MedicationSources.None && sources.HasFlag(s)).Select(Source).ToList();
        return names.Count == 0 ? "No source yet" : string.Join(", ", names);
    }
}
