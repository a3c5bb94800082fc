namespace CareHub.Web.Features.Census;

/// <summary>What the census feature announces, for other features to follow.</summary>
public static class CensusEvents
{
    /// <summary>On <c>census:{teamId}</c>: one patient's census row changed (ResourceId is the patient's id).</summary>
    public const string CensusChanged = "census.changed";

    /// <summary>On <c>patient:{id}</c>: the patient's stay changed (admitted, moved, discharged...) from the ADT feed.</summary>
    public const string PatientStayChanged = "patient.stay-changed";
}
