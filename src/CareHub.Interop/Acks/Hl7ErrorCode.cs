namespace CareHub.Interop.Acks;

/// <summary>HL7 table 0357, message error condition codes (ERR-3).</summary>
public enum Hl7ErrorCode
{
    MessageAccepted = 0,
    SegmentSequenceError = 100,
    RequiredFieldMissing = 101,
    DataTypeError = 102,
    TableValueNotFound = 103,
    UnsupportedMessageType = 200,
    UnsupportedEventCode = 201,
    UnsupportedProcessingId = 202,
    UnsupportedVersionId = 203,
    UnknownKeyIdentifier = 204,
    DuplicateKeyIdentifier = 205,
    ApplicationRecordLocked = 206,
    ApplicationInternalError = 207,
}

public static class Hl7ErrorCodes
{
    /// <summary>The table 0357 display text of a code.</summary>
    public static string Display(this Hl7ErrorCode code) => code switch
    {
        Hl7ErrorCode.MessageAccepted => "Message accepted",
        Hl7ErrorCode.SegmentSequenceError => "Segment sequence error",
        Hl7ErrorCode.RequiredFieldMissing => "Required field missing",
        Hl7ErrorCode.DataTypeError => "Data type error",
        Hl7ErrorCode.TableValueNotFound => "Table value not found",
        Hl7ErrorCode.UnsupportedMessageType => "Unsupported message type",
        Hl7ErrorCode.UnsupportedEventCode => "Unsupported event code",
        Hl7ErrorCode.UnsupportedProcessingId => "Unsupported processing id",
        Hl7ErrorCode.UnsupportedVersionId => "Unsupported version id",
        Hl7ErrorCode.UnknownKeyIdentifier => "Unknown key identifier",
        Hl7ErrorCode.DuplicateKeyIdentifier => "Duplicate key identifier",
        Hl7ErrorCode.ApplicationRecordLocked => "Application record locked",
        Hl7ErrorCode.ApplicationInternalError => "Application internal error",
        _ => "Unknown error",
    };
}
