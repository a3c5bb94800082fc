using CareHub.Domain.CarePlans;
using CareHub.Web.Features.CarePlans;

namespace CareHub.Web.Tests.Features.CarePlans;

/// <summary>Care-plan views to feed reducers and components, without a database.</summary>
internal static class CarePlanSamples
{
    public static readonly Guid PatientId = Guid.NewGuid();
    public static readonly Guid PlanId = Guid.NewGuid();
    public static readonly DateTimeOffset At = new(2026, 11, 24, 9, 0, 0, TimeSpan.Zero);

    public static CarePlanItemView Item(string text, CarePlanItemKind kind = CarePlanItemKind.Goal, long version = 1, Guid? id = null,
        int position = 0, string detail = "", CarePlanItemStatus status = CarePlanItemStatus.Active) =>
        new(id ?? Guid.NewGuid(), version, kind, position, text, detail, CarePlanCategories.DefaultFor(kind), status, null, null, null,
            kind == CarePlanItemKind.Goal ? GoalLifecycle.Active : null, kind == CarePlanItemKind.Goal ? GoalAchievement.InProgress : null,
            MedicationSources.None, false, null, At, "Casey Member");

    public static CarePlanView Plan(long version, params CarePlanItemView[] items) =>
        new(PlanId, version, PatientId, "Abara, Ify", "Care plan", CarePlanStatus.Active, At, items,
            [new CareTeamMemberView(Guid.NewGuid(), "Casey Member", "Care coordinator", "North", true)]);

    public static CarePlanState Shown(CarePlanView plan) =>
        new() { PatientId = PatientId, Status = CarePlanLoadStatus.Loaded, Plan = plan, PatientName = plan.PatientName };
}
