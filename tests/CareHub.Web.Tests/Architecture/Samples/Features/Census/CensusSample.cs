using CareHub.Web.Tests.Architecture.Samples.Features.Patients;

namespace CareHub.Web.Tests.Architecture.Samples.Features.Census;

/// <summary>Keeps the rule: only the Patients feature's door.</summary>
public sealed class CensusBoard
{
    public string Title { get; } = PatientsFeature.Name;
}
