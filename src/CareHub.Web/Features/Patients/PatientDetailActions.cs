namespace CareHub.Web.Features.Patients;

public sealed record LoadPatientAction(Guid PatientId);

public sealed record LoadPatientSucceededAction(Guid PatientId, PatientDetail? Patient);

public sealed record LoadPatientFailedAction(Guid PatientId, string Message);

/// <summary>The bus said the patient changed (version <paramref name="Version"/>) on some screen.</summary>
public sealed record PatientChangedRemotelyAction(Guid PatientId, long Version);

public sealed record UpdatePatientLanguageAction(Guid PatientId, long ExpectedVersion, string Language, bool InterpreterNeeded);

public sealed record UpdatePatientLanguageSucceededAction(Guid PatientId, long Version);

public sealed record UpdatePatientLanguageFailedAction(Guid PatientId, string Message);
