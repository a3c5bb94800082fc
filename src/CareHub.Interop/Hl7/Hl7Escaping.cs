using System.Buffers;
using System.Text;
using System.Text.Unicode;

namespace CareHub.Interop.Hl7;

/// <summary>
/// HL7 v2 escape sequences: <c>\F\ \S\ \T\ \R\ \E\</c> for the delimiters, <c>\P\</c> for the v2.7 truncation
/// character, <c>\Xhh..\</c> for bytes (UTF-8 when they form valid UTF-8, else Latin-1) and <c>\.br\</c> for a line
/// break. Any other sequence (highlighting, character-set switches) is kept literally, escape characters included.
/// </summary>
public static class Hl7Escaping
{
    private static readonly SearchValues<char> NeedsEscapeDefault = SearchValues.Create("|^~\\&\r\n");

    /// <summary>Escapes a value for the default encoding characters.</summary>
    public static string Escape(string value) => Escape(value, Hl7Encoding.Default);

    /// <summary>Escapes the delimiters, CR and LF (as <c>\X0D\</c> and <c>\X0A\</c>) so the value survives a message.</summary>
    public static string Escape(string value, Hl7Encoding encoding)
    {
        ArgumentNullException.ThrowIfNull(value);
        ArgumentNullException.ThrowIfNull(encoding);
        if (ReferenceEquals(encoding, Hl7Encoding.Default) || encoding == Hl7Encoding.Default)
        {
            if (value.AsSpan().IndexOfAny(NeedsEscapeDefault) < 0)
                return value;
        }
        else if (!NeedsEscape(value, encoding))
        {
            return value;
        }

        var sb = new StringBuilder(value.Length + 8);
        var e = encoding.Escape;
        foreach (var c in value)
        {
            if (c == encoding.Field) sb.Append(e).Append('F').Append(e);
            else if (c == encoding.Component) sb.Append(e).Append('S').Append(e);
            else if (c == encoding.Subcomponent) sb.Append(e).Append('T').Append(e);
            else if (c == encoding.Repetition) sb.Append(e).Append('R').Append(e);
            else if (c == e) sb.Append(e).Append('E').Append(e);
            else if (c == encoding.Truncation) sb.Append(e).Append('P').Append(e);
            else if (c == '\r') sb.Append(e).Append("X0D").Append(e);
            else if (c == '\n') sb.Append(e).Append("X0A").Append(e);
            else sb.Append(c);
        }
        return sb.ToString();
    }

    /// <summary>Replaces escape sequences by what they stand for; unknown or unterminated sequences stay as written.</summary>
    public static string Unescape(string value, Hl7Encoding encoding)
    {
        ArgumentNullException.ThrowIfNull(value);
        ArgumentNullException.ThrowIfNull(encoding);
        var e = encoding.Escape;
        var i = value.IndexOf(e, StringComparison.Ordinal);
        if (i < 0)
            return value;

        var sb = new StringBuilder(value.Length);
        sb.Append(value, 0, i);
        while (i < value.Length)
        {
            // i is at an escape character.
            var end = value.IndexOf(e, i + 1);
            if (end < 0)
            {
                sb.Append(value, i, value.Length - i);
                break;
            }
            if (!TryDecode(value.AsSpan(i + 1, end - i - 1), encoding, sb))
                sb.Append(value, i, end - i + 1);
            i = end + 1;
            var next = value.IndexOf(e, i);
            var stop = next < 0 ? value.Length : next;
            sb.Append(value, i, stop - i);
            i = stop;
        }
        return sb.ToString();
    }

    private static bool NeedsEscape(string value, Hl7Encoding encoding)
    {
        foreach (var c in value)
        {
            if (encoding.IsDelimiter(c) || c == encoding.Truncation || c is '\r' or '\n')
                return true;
        }
        return false;
    }

    private static bool TryDecode(ReadOnlySpan<char> code, Hl7Encoding encoding, StringBuilder sb)
    {
        switch (code)
        {
            case "F": sb.Append(encoding.Field); return true;
            case "S": sb.Append(encoding.Component); return true;
            case "T": sb.Append(encoding.Subcomponent); return true;
            case "R": sb.Append(encoding.Repetition); return true;
            case "E": sb.Append(encoding.Escape); return true;
            case ".br": sb.Append('\n'); return true;
            case "P" when encoding.Truncation is { } t: sb.Append(t); return true;
        }
        if (code.Length < 3 || code[0] != 'X' || (code.Length - 1) % 2 != 0)
            return false;
        var hex = code[1..];
        var bytes = new byte[hex.Length / 2];
        for (var b = 0; b < bytes.Length; b++)
        {
            var hi = HexValue(hex[2 * b]);
            var lo = HexValue(hex[(2 * b) + 1]);
            if (hi < 0 || lo < 0)
                return false;
            bytes[b] = (byte)((hi << 4) | lo);
        }
        sb.Append(Utf8.IsValid(bytes) ? Encoding.UTF8.GetString(bytes) : Encoding.Latin1.GetString(bytes));
        return true;
    }

    private static int HexValue(char c) => c switch
    {
        >= '0' and <= '9' => c - '0',
        >= 'A' and <= 'F' => c - 'A' + 10,
        >= 'a' and <= 'f' => c - 'a' + 10,
        _ => -1,
    };
}
