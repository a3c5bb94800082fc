using CareHub.Flux;

namespace CareHub.Web.Features.CarePlans;

public enum CarePlanLoadStatus
{
    Idle,
    Loading,

    /// <summary>The patient is visible and has no open plan: the page offers to start one.</summary>
    NoPlan,

    Loaded,
    NotFound,
    Failed,
}

/// <summary>
/// The care plan this circuit shows (one patient's), the people its items can be assigned to, and what the last change
/// event asked for. <see cref="CarePlanView.Version"/> of <see cref="Plan"/> is the newest plan version this screen
/// has taken in (or is fetching): an event for the next version is fetched item by item, any gap reloads the plan.
/// </summary>
[FeatureState(Name = "CarePlan")]
public sealed record CarePlanState
{
    public Guid? PatientId { get; init; }
    public CarePlanLoadStatus Status { get; init; }

    /// <summary>The patient's name while there is no plan yet (the plan carries it otherwise).</summary>
    public string? PatientName { get; init; }

    public CarePlanView? Plan { get; init; }

    public IReadOnlyList<CarePlanAssignee> Assignees { get; init; } = [];

    /// <summary>A plan is being started (the start buttons wait).</summary>
    public bool IsStarting { get; init; }

    /// <summary>The last failure of a page-wide action (start, template, status, reload), until dismissed.</summary>
    public string? Error { get; init; }

    /// <summary>What the last change event asked for; the effect fetches exactly that.</summary>
    public CarePlanSyncStep? LastSync { get; init; }

    public Guid? PlanId => Plan?.PlanId;
}
