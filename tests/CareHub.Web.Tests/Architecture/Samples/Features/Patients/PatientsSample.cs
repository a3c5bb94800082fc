// A small sample feature for FeatureBoundaryTests, which proves the feature-boundary rule can fail.
namespace CareHub.Web.Tests.Architecture.Samples.Features.Patients;

public sealed class PatientsService
{
    public string Find() => "a patient";
}

public static class PatientsFeature
{
    public static string Name => "Patients";
}

public sealed record PatientMergedEvents(Guid PatientId);
