using CareHub.Flux;

namespace CareHub.Web.Features.Patients;

public enum PatientDetailStatus
{
    Idle,
    Loading,
    Loaded,
    NotFound,
    Failed,
}

[FeatureState(Name = "PatientDetail")]
public sealed record PatientDetailState
{
    public Guid? PatientId { get; init; }
    public PatientDetail? Patient { get; init; }
    public PatientDetailStatus Status { get; init; }
    public string? Error { get; init; }
    public bool IsSaving { get; init; }

    /// <summary>Set when another screen changed the patient: the header was reloaded with their change.</summary>
    public bool ChangedElsewhere { get; init; }
}
