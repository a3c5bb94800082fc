using CareHub.Domain.Common;

namespace CareHub.Domain.Interop;

/// <summary>What became of an inbound message.</summary>
public enum InboundMessageStatus
{
    /// <summary>Stored, not yet applied (a crash here leaves it to be replayed).</summary>
    Received,

    /// <summary>Applied: the census and the patient's record reflect it (AA).</summary>
    Applied,

    /// <summary>Understood and acknowledged, but nothing to do: a repeat of an applied control id, or older than what is known.</summary>
    Skipped,

    /// <summary>Understood but wrong (AE): nothing changed; it can be replayed after a fix.</summary>
    Failed,

    /// <summary>Could not be processed at all (AR): nothing changed.</summary>
    Rejected,
}

/// <summary>
/// An HL7 v2 message as it arrived, stored before it is applied, with its result. The raw text is protected health
/// information: it is never logged, and only the feed and its replay read it.
/// </summary>
public sealed class InboundMessage : Entity
{
    public const int MaxRawLength = 1_048_576;

    private InboundMessage() { Raw = Source = Channel = string.Empty; }

    public InboundMessage(string raw, string channel, string source, DateTimeOffset receivedAt)
    {
        ArgumentNullException.ThrowIfNull(raw);
        if (raw.Length > MaxRawLength)
            throw new DomainRuleException("The message is larger than 1 MB.");
        Raw = raw;
        Channel = Guard.Text(channel, "Channel", 20);
        Source = Guard.Text(source, "Source", 100);
        ReceivedAt = receivedAt;
        Status = InboundMessageStatus.Received;
    }

    public string Raw { get; private set; }

    /// <summary>"mllp" or "http".</summary>
    public string Channel { get; private set; }

    /// <summary>The remote end (address and port, or the HTTP client), for tracing a feed; never patient data.</summary>
    public string Source { get; private set; }

    public DateTimeOffset ReceivedAt { get; private set; }
    public string? ControlId { get; private set; }
    public string? SendingApplication { get; private set; }
    public string? SendingFacility { get; private set; }

    /// <summary>"ADT^A01" and the like.</summary>
    public string? MessageType { get; private set; }

    public DateTimeOffset? EventAt { get; private set; }
    public InboundMessageStatus Status { get; private set; }

    /// <summary>AA, AE or AR: what the sender was told.</summary>
    public string? AckCode { get; private set; }

    /// <summary>What happened, in words (no patient data): "Admitted to RGH 4W", "Duplicate of an applied message".</summary>
    public string? Result { get; private set; }

    public DateTimeOffset? ProcessedAt { get; private set; }
    public int Attempts { get; private set; }
    public Guid? PatientId { get; private set; }

    public void Identify(string? controlId, string? sendingApplication, string? sendingFacility, string? messageType, DateTimeOffset? eventAt)
    {
        ControlId = Clip(controlId, 199);
        SendingApplication = Clip(sendingApplication, 180);
        SendingFacility = Clip(sendingFacility, 180);
        MessageType = Clip(messageType, 20);
        EventAt = eventAt;
    }

    public void Finish(InboundMessageStatus status, string ackCode, string result, Guid? patientId, DateTimeOffset at)
    {
        if (status == InboundMessageStatus.Received)
            throw new DomainRuleException("A processed message has a final status.");
        Status = status;
        AckCode = Guard.Text(ackCode, "Acknowledgement code", 2);
        Result = Clip(result, 500);
        PatientId = patientId;
        ProcessedAt = at;
        Attempts++;
    }

    /// <summary>Only a message that failed or was never finished can be applied again.</summary>
    public bool CanReplay => Status is InboundMessageStatus.Failed or InboundMessageStatus.Received;

    private static string? Clip(string? value, int length) =>
        string.IsNullOrWhiteSpace(value) ? null : value.Length <= length ? value : value[..length];
}
