namespace CareHub.Interop.Acks;

/// <summary>
/// One problem with a message: where (segment id and field number, when known), the table 0357 code and a message a
/// person at the sending site can act on.
/// </summary>
public sealed record Hl7Error(string? Segment, int? Field, Hl7ErrorCode Code, string Message)
{
    /// <summary>"PID-3" style, or the segment alone, or null.</summary>
    public string? Location => Segment is null ? null : Field is { } f ? $"{Segment}-{f}" : Segment;

    public override string ToString() => Location is { } l ? $"{l}: {Message}" : Message;
}
