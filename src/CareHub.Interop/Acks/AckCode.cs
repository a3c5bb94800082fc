namespace CareHub.Interop.Acks;

/// <summary>MSA-1 acknowledgment codes (original mode).</summary>
public enum AckCode
{
    /// <summary>Application accept: the message was processed.</summary>
    AA,

    /// <summary>Application error: understood, but its content is wrong (missing MRN, bad date...); resending it unchanged will fail again.</summary>
    AE,

    /// <summary>Application reject: not a message this receiver takes (type, event, version) or not readable at all.</summary>
    AR,
}
