namespace CareHub.Interop.Hl7;

/// <summary>
/// A location in a message: <c>PID-3</c>, <c>PID-5.2</c>, <c>PID-3[2].4</c> (repetition 2, 1-based),
/// <c>PV1-3.4.1</c> (subcomponent), and <c>OBX[2]-5</c> for the second OBX segment.
/// </summary>
public readonly record struct Hl7Path(string SegmentId, int SegmentOccurrence, int Field, int Repetition, int Component, int Subcomponent)
{
    public static Hl7Path Parse(string path) =>
        TryParse(path, out var parsed) ? parsed : throw new FormatException($"'{path}' is not an HL7 path like PID-3, PID-5.2, PID-3[2].4 or PV1-3.4.1.");

    public static bool TryParse(string? path, out Hl7Path parsed)
    {
        parsed = default;
        if (string.IsNullOrEmpty(path) || path.Length < 5)
            return false;
        var s = path.AsSpan();
        var id = s[..3];
        foreach (var c in id)
        {
            if (!char.IsAsciiLetterUpper(c) && !char.IsAsciiDigit(c))
                return false;
        }
        var i = 3;
        var occurrence = 1;
        if (s[i] == '[' && !TryBracket(s, ref i, out occurrence))
            return false;
        if (i >= s.Length || s[i] != '-')
            return false;
        i++;
        if (!TryNumber(s, ref i, out var field))
            return false;
        var repetition = 1;
        if (i < s.Length && s[i] == '[' && !TryBracket(s, ref i, out repetition))
            return false;
        var component = 1;
        var subcomponent = 1;
        if (i < s.Length && s[i] == '.')
        {
            i++;
            if (!TryNumber(s, ref i, out component))
                return false;
            if (i < s.Length && s[i] == '.')
            {
                i++;
                if (!TryNumber(s, ref i, out subcomponent))
                    return false;
            }
        }
        if (i != s.Length)
            return false;
        parsed = new Hl7Path(id.ToString(), occurrence, field, repetition, component, subcomponent);
        return true;
    }

    private static bool TryBracket(ReadOnlySpan<char> s, ref int i, out int value)
    {
        value = 0;
        i++;
        if (!TryNumber(s, ref i, out value) || i >= s.Length || s[i] != ']')
            return false;
        i++;
        return true;
    }

    private static bool TryNumber(ReadOnlySpan<char> s, ref int i, out int value)
    {
        value = 0;
        var start = i;
        while (i < s.Length && char.IsAsciiDigit(s[i]) && i - start < 6)
        {
            value = (value * 10) + (s[i] - '0');
            i++;
        }
        return i > start && value > 0;
    }
}
