namespace CareHub.Web.Features.Patients;

/// <summary>The events the Patients feature publishes on the realtime bus (ids and versions only).</summary>
public static class PatientsEvents
{
    public const string PatientChanged = "patient.changed";
}
