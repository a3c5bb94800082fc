using CareHub.Domain.Common;
using CareHub.Domain.Encounters;

namespace CareHub.Domain.Transitions;

/// <summary>The three things transitional care management asks for after a discharge.</summary>
public enum TransitionStep
{
    InteractiveContact,
    FaceToFaceVisit,
    MedicationReconciliation,
}

/// <summary>
/// The medical decision making of the transition: moderate (CPT 99495, face-to-face visit within 14 calendar days)
/// or high (CPT 99496, within 7 calendar days).
/// </summary>
public enum TransitionComplexity
{
    Moderate,
    High,
}

/// <summary>One step of a transition, due by <see cref="DueAt"/>, with a title a coordinator can put on a task.</summary>
public sealed record TransitionClock(TransitionStep Step, DateTimeOffset DueAt, string Title);

/// <summary>
/// The clocks of Medicare transitional care management (TCM, CPT 99495 and 99496; CMS MLN booklet "Transitional Care
/// Management Services", MLN908628) after a discharge to a community setting: an interactive contact with the patient
/// or caregiver within 2 business days after the discharge (Monday to Friday except holidays), a face-to-face visit
/// within 7 (99496) or 14 (99495) calendar days of it, and medication reconciliation no later than that visit.
/// Days are local dates in the installation's time zone; each step is due by the end of its day: the last instant
/// before the next local day begins (one tick before it), with the zone's UTC offset at that instant, so a due time
/// in the week clocks change carries the offset of its own day.
/// </summary>
public static class TransitionOfCare
{
    private const int ContactBusinessDays = 2;

    /// <summary>
    /// Whether a discharge starts a transition: TCM covers the return to a community setting (home, with or without
    /// home health, including leaving against medical advice). A patient going to a skilled nursing facility,
    /// rehabilitation or another acute hospital is still in a facility (the transition starts when that stay ends);
    /// hospice care is managed by the hospice, and a patient who died has no transition.
    /// </summary>
    public static bool StartsTransition(DischargeDisposition disposition) => disposition switch
    {
        DischargeDisposition.Home or DischargeDisposition.HomeWithHomeHealth or DischargeDisposition.LeftAgainstMedicalAdvice => true,
        DischargeDisposition.SkilledNursingFacility or DischargeDisposition.Rehabilitation or DischargeDisposition.Hospice
            or DischargeDisposition.Expired or DischargeDisposition.TransferredToAcuteCare => false,
        _ => throw new ArgumentOutOfRangeException(nameof(disposition), disposition, "Not a discharge disposition."),
    };

    /// <summary>A high LACE risk calls for the 7-day visit (99496); any other risk for the 14-day one (99495).</summary>
    public static TransitionComplexity ComplexityFor(LaceIndex lace)
    {
        ArgumentNullException.ThrowIfNull(lace);
        return lace.Risk == LaceRisk.High ? TransitionComplexity.High : TransitionComplexity.Moderate;
    }

    /// <summary>
    /// The clocks of a discharge at <paramref name="dischargedAt"/>, counted from its local date in <paramref name="zone"/>:
    /// the interactive contact by the end of the 2nd business day after that date, the face-to-face visit by the end of
    /// that date plus 7 (high) or 14 (moderate) calendar days, and medication reconciliation with the visit.
    /// </summary>
    public static IReadOnlyList<TransitionClock> Plan(
        DateTimeOffset dischargedAt, TransitionComplexity complexity, BusinessCalendar calendar, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(calendar);
        ArgumentNullException.ThrowIfNull(zone);
        var visitDays = complexity switch
        {
            TransitionComplexity.High => 7,
            TransitionComplexity.Moderate => 14,
            _ => throw new ArgumentOutOfRangeException(nameof(complexity), complexity, "Not a transition complexity."),
        };

        var dischargeDate = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(dischargedAt, zone).DateTime);
        var contactDue = EndOfDay(calendar.AddBusinessDays(dischargeDate, ContactBusinessDays), zone);
        var visitDue = EndOfDay(dischargeDate.AddDays(visitDays), zone);
        return
        [
            new(TransitionStep.InteractiveContact, contactDue,
                $"Transition call: reach the patient within {ContactBusinessDays} business days of discharge"),
            new(TransitionStep.FaceToFaceVisit, visitDue, $"Face-to-face visit within {visitDays} days of discharge"),
            new(TransitionStep.MedicationReconciliation, visitDue, "Medication reconciliation by the face-to-face visit"),
        ];
    }

    // One tick before the next local day begins. That day begins at its local midnight, unless the clocks skip
    // midnight (a zone that springs forward at 00:00: the day begins when they jump, which is midnight on the old
    // offset) or pass it twice (a zone that falls back to 00:00: the day begins at the first one, on the old offset).
    private static DateTimeOffset EndOfDay(DateOnly date, TimeZoneInfo zone)
    {
        var midnight = date.AddDays(1).ToDateTime(TimeOnly.MinValue);
        var offset = zone.IsInvalidTime(midnight) ? zone.GetUtcOffset(midnight.AddDays(-1))
            : zone.IsAmbiguousTime(midnight) ? zone.GetAmbiguousTimeOffsets(midnight).Max()
            : zone.GetUtcOffset(midnight);
        var nextDayBegins = new DateTimeOffset(midnight, offset);
        return TimeZoneInfo.ConvertTime(nextDayBegins.AddTicks(-1), zone);
    }
}
