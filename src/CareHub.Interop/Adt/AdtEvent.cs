namespace CareHub.Interop.Adt;

/// <summary>The ADT trigger events CareHub reads (MSH-9.2, or EVN-1 when MSH-9.2 is empty).</summary>
public enum AdtEvent
{
    /// <summary>Admit/visit notification.</summary>
    A01,

    /// <summary>Transfer a patient.</summary>
    A02,

    /// <summary>Discharge/end visit.</summary>
    A03,

    /// <summary>Register a patient (ED and outpatient visits, observation).</summary>
    A04,

    /// <summary>Pre-admit a patient.</summary>
    A05,

    /// <summary>Change an outpatient to an inpatient.</summary>
    A06,

    /// <summary>Change an inpatient to an outpatient.</summary>
    A07,

    /// <summary>Update patient information.</summary>
    A08,

    /// <summary>Cancel admit/visit notification.</summary>
    A11,

    /// <summary>Cancel transfer.</summary>
    A12,

    /// <summary>Cancel discharge/end visit.</summary>
    A13,

    /// <summary>Merge patient, patient identifier list.</summary>
    A40,
}
