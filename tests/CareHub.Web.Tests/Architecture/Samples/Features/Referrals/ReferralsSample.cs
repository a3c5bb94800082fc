using CareHub.Web.Tests.Architecture.Samples.Features.Patients;

namespace CareHub.Web.Tests.Architecture.Samples.Features.Referrals;

/// <summary>Breaks the rule: reaches into the Patients feature's service.</summary>
public sealed class ReferralsService(PatientsService patients)
{
    public string Describe() => patients.Find();
}

/// <summary>Keeps the rule: the Feature class and an Events record are the doors.</summary>
public sealed class ReferralsEffects
{
    public string Handle(PatientMergedEvents merged) => $"{PatientsFeature.Name} {merged.PatientId}";
}
