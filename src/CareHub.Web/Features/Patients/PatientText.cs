using CareHub.Domain.Encounters;
using CareHub.Domain.Patients;

namespace CareHub.Web.Features.Patients;

/// <summary>How patient facts read on screen.</summary>
public static class PatientText
{
    public static string Payer(PayerType payer) => payer switch
    {
        PayerType.MedicareAdvantage => "Medicare Advantage",
        _ => payer.ToString(),
    };

    public static string Class(EncounterClass encounterClass) => encounterClass switch
    {
        EncounterClass.Emergency => "In the ED",
        EncounterClass.Inpatient => "Inpatient",
        EncounterClass.Observation => "Observation",
        EncounterClass.SkilledNursing => "In a SNF",
        _ => encounterClass.ToString(),
    };

    public static string Sex(AdministrativeSex sex) => sex.ToString();

    public static string Disposition(DischargeDisposition? disposition) => disposition switch
    {
        null => "",
        DischargeDisposition.HomeWithHomeHealth => "home with home health",
        DischargeDisposition.SkilledNursingFacility => "to a SNF",
        DischargeDisposition.LeftAgainstMedicalAdvice => "left against medical advice",
        DischargeDisposition.TransferredToAcuteCare => "transferred to acute care",
        _ => disposition.Value.ToString().ToLowerInvariant(),
    };
}
