namespace CareHub.Web.Features.Patients;

public sealed record LoadPatientsAction(PatientQuery Query);

public sealed record LoadPatientsSucceededAction(long RequestId, PatientPage Page);

public sealed record LoadPatientsFailedAction(long RequestId, string Message);
