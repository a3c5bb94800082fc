namespace CareHub.Domain.CarePlans;

/// <summary>
/// The discrepancies a nurse looks for when reconciling medications across the lists they came from: a medicine
/// stopped or started at discharge without a word, a discharge medicine never filled, a medicine the patient takes
/// that no list knows of.
/// </summary>
public static class MedicationReconciliation
{
    public static string? DiscrepancyOf(MedicationSources sources)
    {
        var before = sources.HasFlag(MedicationSources.PreAdmission);
        var discharge = sources.HasFlag(MedicationSources.Discharge);
        var filled = sources.HasFlag(MedicationSources.PharmacyFill);
        var reported = sources.HasFlag(MedicationSources.PatientReported);
        if (sources == MedicationSources.None)
            return "Not on any list yet: record where it was seen.";
        if (before && !discharge)
            return "On the pre-admission list but not on the discharge list: stopped on purpose?";
        if (discharge && !before && !filled)
            return "New at discharge and no pharmacy fill seen yet.";
        if (discharge && !filled && !reported)
            return "On the discharge list but no pharmacy fill and the patient has not confirmed taking it.";
        if (filled && !before && !discharge && !reported)
            return "Filled at a pharmacy but on no clinical list and not confirmed by the patient.";
        if (reported && !before && !discharge)
            return "The patient reports taking it but it is on no clinical list.";
        return null;
    }
}
