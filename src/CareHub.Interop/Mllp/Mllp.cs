using System.Text;

namespace CareHub.Interop.Mllp;

/// <summary>Minimal Lower Layer Protocol framing: <c>0x0B message 0x1C 0x0D</c>, message text in UTF-8.</summary>
public static class Mllp
{
    public const byte StartBlock = 0x0B;
    public const byte EndBlock = 0x1C;
    public const byte CarriageReturn = 0x0D;

    public static byte[] Frame(string message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var length = Encoding.UTF8.GetByteCount(message);
        var frame = new byte[length + 3];
        frame[0] = StartBlock;
        Encoding.UTF8.GetBytes(message, frame.AsSpan(1));
        frame[^2] = EndBlock;
        frame[^1] = CarriageReturn;
        return frame;
    }
}

/// <summary>One frame read by <see cref="MllpReader"/>: its <see cref="Message"/> or why there is none.</summary>
public sealed record MllpFrame(string? Message, string? Error)
{
    public bool IsError => Error is not null;
}
