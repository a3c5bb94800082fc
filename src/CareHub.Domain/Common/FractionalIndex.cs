namespace CareHub.Domain.Common;

/// <summary>
/// Order keys that always have room between them, so a card can be put between two others by writing one
/// row: <c>Between("a", "b")</c> is a key that sorts (ordinally) after "a" and before "b". Keys are base-62
/// digit strings that never end in the lowest digit. Two people putting cards into the same gap at the same
/// moment may get equal keys; readers order by (key, id), so every screen still shows the same order.
/// </summary>
public static class FractionalIndex
{
    private const string Digits = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    private const int Base = 62;

    /// <summary>A key after <paramref name="lower"/> (null: the start) and before <paramref name="upper"/> (null: the end).</summary>
    public static string Between(string? lower, string? upper)
    {
        lower ??= "";
        Validate(lower, nameof(lower));
        if (upper is not null)
        {
            Validate(upper, nameof(upper));
            if (string.CompareOrdinal(lower, upper) >= 0)
                throw new ArgumentException($"'{lower}' does not sort before '{upper}'.", nameof(upper));
        }
        return Midpoint(lower, upper);
    }

    /// <summary>Keys for <paramref name="count"/> items in order, evenly spread.</summary>
    public static IReadOnlyList<string> Sequence(int count)
    {
        var keys = new List<string>(count);
        string? last = null;
        for (var i = 0; i < count; i++)
            keys.Add(last = Between(last, null));
        return keys;
    }

    public static bool IsValid(string? key) =>
        !string.IsNullOrEmpty(key) && key.Length <= 200 && key[^1] != Digits[0] && key.All(c => Digits.Contains(c, StringComparison.Ordinal));

    private static void Validate(string key, string name)
    {
        if (key.Length > 0 && !IsValid(key))
            throw new ArgumentException($"'{key}' is not an order key.", name);
    }

    private static string Midpoint(string lower, string? upper)
    {
        if (upper is not null)
        {
            // Skip the common prefix (the lower key padded with the lowest digit).
            var n = 0;
            while (n < upper.Length && (n < lower.Length ? lower[n] : Digits[0]) == upper[n])
                n++;
            if (n > 0)
                return string.Concat(upper.AsSpan(0, n), Midpoint(n < lower.Length ? lower[n..] : "", upper[n..]));
        }

        var low = lower.Length > 0 ? Digits.IndexOf(lower[0], StringComparison.Ordinal) : 0;
        var high = upper is not null ? Digits.IndexOf(upper[0], StringComparison.Ordinal) : Base;
        if (high - low > 1)
            return Digits[(low + high) / 2].ToString();
        // Adjacent digits: the upper key's first digit alone fits when the upper key is longer...
        if (upper is { Length: > 1 })
            return upper[..1];
        // ...otherwise keep the lower digit and go one place deeper.
        return Digits[low] + Midpoint(lower.Length > 0 ? lower[1..] : "", null);
    }
}
