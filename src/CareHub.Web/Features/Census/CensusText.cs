using System.Globalization;
using CareHub.Domain.Encounters;
using MudBlazor;

namespace CareHub.Web.Features.Census;

/// <summary>The words (and colours) the census board uses for classes, dispositions, LACE and times.</summary>
public static class CensusText
{
    private static readonly CultureInfo Culture = CultureInfo.InvariantCulture;

    public static string Class(EncounterClass encounterClass) => encounterClass switch
    {
        EncounterClass.Inpatient => "Inpatient",
        EncounterClass.Emergency => "ED",
        EncounterClass.Observation => "Observation",
        EncounterClass.SkilledNursing => "SNF",
        _ => encounterClass.ToString(),
    };

    public static string ClassInFull(EncounterClass encounterClass) => encounterClass switch
    {
        EncounterClass.Emergency => "Emergency department",
        EncounterClass.SkilledNursing => "Skilled nursing facility",
        _ => Class(encounterClass),
    };

    public static Color ClassColor(EncounterClass encounterClass) => encounterClass switch
    {
        EncounterClass.Inpatient => Color.Primary,
        EncounterClass.Emergency => Color.Error,
        EncounterClass.Observation => Color.Warning,
        EncounterClass.SkilledNursing => Color.Info,
        _ => Color.Default,
    };

    public static string Disposition(DischargeDisposition disposition) => disposition switch
    {
        DischargeDisposition.Home => "Home",
        DischargeDisposition.HomeWithHomeHealth => "Home with home health",
        DischargeDisposition.SkilledNursingFacility => "Skilled nursing facility",
        DischargeDisposition.Rehabilitation => "Rehabilitation",
        DischargeDisposition.Hospice => "Hospice",
        DischargeDisposition.LeftAgainstMedicalAdvice => "Left against medical advice",
        DischargeDisposition.Expired => "Expired",
        DischargeDisposition.TransferredToAcuteCare => "Transferred to acute care",
        _ => disposition.ToString(),
    };

    /// <summary>"L 5 + A 3 + C 2 + E 1 = 11".</summary>
    public static string LaceParts(CensusLace lace) =>
        string.Create(Culture, $"L {lace.Length} + A {lace.Acuity} + C {lace.Comorbidity} + E {lace.EmergencyVisits} = {lace.Total}");

    public static string LaceBand(CensusLace lace) => lace.Total switch
    {
        >= 10 => "high",
        >= 5 => "moderate",
        _ => "low",
    };

    public static string Days(int days) => days == 1 ? "1 day" : string.Create(Culture, $"{days} days");

    /// <summary>A local time: "14:05" today, "3 Jun 14:05" on another day.</summary>
    public static string When(DateTimeOffset at, CensusClock clock)
    {
        var local = clock.Local(at);
        return DateOnly.FromDateTime(local.DateTime) == clock.Today
            ? local.ToString("HH:mm", Culture)
            : local.ToString("d MMM HH:mm", Culture);
    }

    /// <summary>A local day: "Today", "Tomorrow", "Yesterday" or "Tue 3 Jun".</summary>
    public static string Day(DateTimeOffset at, CensusClock clock)
    {
        var day = clock.LocalDate(at);
        var today = clock.Today;
        if (day == today)
            return "Today";
        if (day == today.AddDays(1))
            return "Tomorrow";
        if (day == today.AddDays(-1))
            return "Yesterday";
        return day.ToString("ddd d MMM", Culture);
    }
}
