namespace CareHub.Domain.Common;

/// <summary>
/// Order keys that always have room between them, so a card can be put between two others by writing one
/// row: <c>Between("a", "b")</c> is a key that sorts (ordinally) after "a" and before "b". Keys are base-62
/// digit strings that never end in the lowest digit. Two people putting cards into the same gap at the same
/// moment may get equal keys; readers order by (key, id), so every screen still shows the same order.
/// A key at either end steps one digit past its neighbour instead of halving the open-ended gap, so a lane
/// that only ever grows at the bottom (or the top) gains one character per sixty-one cards, not per six.
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
        if (upper is null)
            return lower.Length == 0 ? Midpoint("", null) : After(lower);
        return lower.Length == 0 ? Before(upper) : Midpoint(lower, upper);
    }

    /// <summary>Keys for <paramref name="count"/> items in order, evenly spread (short: about log62 of the count).</summary>
    public static IReadOnlyList<string> Sequence(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var keys = new List<string>(count);
        Spread("", null, count, keys);
        return keys;
    }

    // Bisects the gap: the middle item takes the midpoint, each half fills its side.
    private static void Spread(string lower, string? upper, int count, List<string> keys)
    {
        if (count == 0)
            return;
        var middle = Midpoint(lower, upper);
        Spread(lower, middle, count / 2, keys);
        keys.Add(middle);
        Spread(middle, upper, count - count / 2 - 1, keys);
    }

    // The next key up: the first digit that is not the highest, plus one (all highest digits: one place deeper).
    private static string After(string lower)
    {
        for (var i = 0; i < lower.Length; i++)
        {
            var digit = Digits.IndexOf(lower[i], StringComparison.Ordinal);
            if (digit < Base - 1)
                return string.Concat(lower.AsSpan(0, i), Digits[digit + 1].ToString());
        }
        return lower + Digits[1];
    }

    // The next key down, never empty and never ending in the lowest digit.
    private static string Before(string upper)
    {
        var i = 0;
        while (upper[i] == Digits[0])
            i++;
        var digit = Digits.IndexOf(upper[i], StringComparison.Ordinal);
        if (digit > 1)
            return string.Concat(upper.AsSpan(0, i), Digits[digit - 1].ToString());
        // The digit is the second lowest: a shorter prefix of the key is below it, or go one place deeper.
        return i < upper.Length - 1
            ? upper[..(i + 1)]
            : string.Concat(upper.AsSpan(0, i), Digits[0].ToString(), Digits[^1].ToString());
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
