namespace CareHub.Interop.Hl7;

/// <summary>
/// The delimiters of one message, read from MSH-1 (field separator) and MSH-2 (component, repetition, escape,
/// subcomponent and, from v2.7, truncation characters).
/// </summary>
public sealed record Hl7Encoding(char Field, char Component, char Repetition, char Escape, char Subcomponent, char? Truncation = null)
{
    /// <summary>The usual <c>|^~\&amp;</c>.</summary>
    public static Hl7Encoding Default { get; } = new('|', '^', '~', '\\', '&');

    /// <summary>MSH-2 as written: component, repetition, escape, subcomponent (and truncation when present).</summary>
    public string EncodingCharacters =>
        Truncation is { } t ? $"{Component}{Repetition}{Escape}{Subcomponent}{t}" : $"{Component}{Repetition}{Escape}{Subcomponent}";

    /// <summary>True when <paramref name="c"/> is one of this message's delimiters (not the truncation character).</summary>
    public bool IsDelimiter(char c) => c == Field || c == Component || c == Repetition || c == Escape || c == Subcomponent;

    /// <summary>
    /// Reads the delimiters from the start of an MSH segment (<c>MSH|^~\&amp;|...</c>); false with a plain-English reason
    /// when they are missing, repeated or not punctuation.
    /// </summary>
    public static bool TryRead(ReadOnlySpan<char> msh, out Hl7Encoding encoding, out string? error)
    {
        encoding = Default;
        error = null;
        if (msh.Length < 4 || !msh.StartsWith("MSH", StringComparison.Ordinal))
        {
            error = "The message does not start with an MSH segment.";
            return false;
        }
        var field = msh[3];
        if (!IsUsableDelimiter(field))
        {
            error = "MSH-1, the field separator, must be a punctuation character (normally '|').";
            return false;
        }
        var rest = msh[4..];
        var end = rest.IndexOfAny(field, '\r', '\n');
        var chars = end < 0 ? rest : rest[..end];
        if (chars.Length is < 4 or > 5)
        {
            error = "MSH-2 must hold four or five encoding characters (normally ^~\\&).";
            return false;
        }
        Span<char> seen = stackalloc char[6];
        seen[0] = field;
        for (var i = 0; i < chars.Length; i++)
        {
            if (!IsUsableDelimiter(chars[i]) || seen[..(i + 1)].Contains(chars[i]))
            {
                error = "MSH-2 must hold distinct punctuation characters that differ from the field separator (normally ^~\\&).";
                return false;
            }
            seen[i + 1] = chars[i];
        }
        encoding = new Hl7Encoding(field, chars[0], chars[1], chars[2], chars[3], chars.Length == 5 ? chars[4] : null);
        return true;
    }

    private static bool IsUsableDelimiter(char c) =>
        c < 128 && !char.IsLetterOrDigit(c) && !char.IsWhiteSpace(c) && !char.IsControl(c);
}
