namespace CareHub.Domain.CarePlans;

/// <summary>A starting point for a plan: the usual problems, goals, activities and services of a condition.</summary>
public sealed record CarePlanTemplate(string Key, string Name, IReadOnlyList<CarePlanTemplateItem> Items);

/// <summary>One item of a template; <see cref="DueInDays"/> counts from the day the template is applied.</summary>
public sealed record CarePlanTemplateItem(CarePlanItemKind Kind, string Text, string? Detail = null, string? Category = null, int? DueInDays = null)
{
    public CarePlanItemSpec ToSpec(DateOnly today) => new(Kind, Text)
    {
        Detail = Detail,
        Category = Category,
        Due = DueInDays is { } days ? today.AddDays(days) : null,
    };
}

/// <summary>The starting templates: diabetes, heart failure, COPD and depression (content is generic, not clinical advice).</summary>
public static class CarePlanTemplates
{
    public static CarePlanTemplate Diabetes { get; } = new("diabetes", "Diabetes",
    [
        new(CarePlanItemKind.Problem, "Type 2 diabetes mellitus, not at goal", Category: CarePlanCategories.Problem),
        new(CarePlanItemKind.Goal, "Bring blood sugar under control", "HbA1c below 8% at the next lab check", CarePlanCategories.LongTerm, 180),
        new(CarePlanItemKind.Goal, "Checks blood sugar at home every morning", "Glucose log brought to each visit", CarePlanCategories.ShortTerm, 30),
        new(CarePlanItemKind.Intervention, "Diabetes self-management education referral", DueInDays: 14),
        new(CarePlanItemKind.Intervention, "Review glucose log with the patient by phone every two weeks", DueInDays: 14),
        new(CarePlanItemKind.Appointment, "Annual diabetic eye exam", DueInDays: 90),
        new(CarePlanItemKind.Appointment, "Foot exam with primary care", DueInDays: 60),
    ]);

    public static CarePlanTemplate HeartFailure { get; } = new("heart-failure", "Heart failure",
    [
        new(CarePlanItemKind.Problem, "Heart failure with recent hospital stay", Category: CarePlanCategories.Problem),
        new(CarePlanItemKind.Goal, "Stays out of hospital", "No heart failure admission in the next 90 days", CarePlanCategories.LongTerm, 90),
        new(CarePlanItemKind.Goal, "Weighs every morning and knows when to call", "Calls the clinic on a gain over 2 lb in a day or 5 lb in a week", CarePlanCategories.ShortTerm, 14),
        new(CarePlanItemKind.Intervention, "Teach-back on low-salt diet and fluid limits", DueInDays: 7),
        new(CarePlanItemKind.Service, "Home health nursing visits after discharge", "Twice a week for 4 weeks", CarePlanCategories.HomeHealth),
        new(CarePlanItemKind.Service, "Bathroom scale for daily weights", Category: CarePlanCategories.MedicalEquipment),
        new(CarePlanItemKind.Appointment, "Cardiology follow-up", DueInDays: 14),
    ]);

    public static CarePlanTemplate Copd { get; } = new("copd", "COPD",
    [
        new(CarePlanItemKind.Problem, "Chronic obstructive pulmonary disease with exacerbations", Category: CarePlanCategories.Problem),
        new(CarePlanItemKind.Goal, "Fewer flare-ups", "No more than one exacerbation needing steroids in 6 months", CarePlanCategories.LongTerm, 180),
        new(CarePlanItemKind.Goal, "Uses inhalers correctly", "Demonstrates inhaler technique at the next visit", CarePlanCategories.ShortTerm, 30),
        new(CarePlanItemKind.Intervention, "Written COPD action plan reviewed with the patient", DueInDays: 7),
        new(CarePlanItemKind.Intervention, "Pulmonary rehabilitation referral", DueInDays: 30),
        new(CarePlanItemKind.Service, "Home oxygen assessment", Category: CarePlanCategories.MedicalEquipment),
        new(CarePlanItemKind.Appointment, "Pulmonology follow-up", DueInDays: 30),
    ]);

    public static CarePlanTemplate Depression { get; } = new("depression", "Depression",
    [
        new(CarePlanItemKind.Problem, "Major depressive disorder", Category: CarePlanCategories.Problem),
        new(CarePlanItemKind.Goal, "Mood improves", "PHQ-9 below 10 within 12 weeks", CarePlanCategories.LongTerm, 84),
        new(CarePlanItemKind.Goal, "Keeps weekly contact with the care manager", "Four of four weekly calls completed this month", CarePlanCategories.ShortTerm, 28),
        new(CarePlanItemKind.Intervention, "Repeat PHQ-9 every four weeks", DueInDays: 28),
        new(CarePlanItemKind.Intervention, "Behavioral health referral for therapy", DueInDays: 14),
        new(CarePlanItemKind.Intervention, "Safety plan reviewed; crisis line number given", DueInDays: 3),
        new(CarePlanItemKind.Appointment, "Psychiatry medication review", DueInDays: 30),
    ]);

    public static IReadOnlyList<CarePlanTemplate> All { get; } = [Diabetes, HeartFailure, Copd, Depression];

    public static CarePlanTemplate? Find(string? key) =>
        All.FirstOrDefault(t => string.Equals(t.Key, key, StringComparison.Ordinal));
}
