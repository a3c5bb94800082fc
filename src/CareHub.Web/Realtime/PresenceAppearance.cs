namespace CareHub.Web.Realtime;

/// <summary>How a person looks in presence: initials and a colour that stays the same for them on every screen.</summary>
public static class PresenceAppearance
{
    /// <summary>Material 800-900 shades: each has at least 4.5:1 contrast with white initials (WCAG AA).</summary>
    public static IReadOnlyList<string> Palette { get; } =
    [
        "#1565C0", // blue
        "#2E7D32", // green
        "#6A1B9A", // purple
        "#AD1457", // pink
        "#00695C", // teal
        "#C62828", // red
        "#283593", // indigo
        "#4E342E", // brown
        "#37474F", // blue grey
        "#BF360C", // deep orange
    ];

    /// <summary>A colour from the palette chosen by the staff id alone, so it is stable across circuits, instances and restarts.</summary>
    public static string ColourOf(Guid staffId)
    {
        Span<byte> bytes = stackalloc byte[16];
        staffId.TryWriteBytes(bytes);
        var sum = 0;
        foreach (var b in bytes)
            sum = (sum * 31 + b) % 1_000_003;
        return Palette[sum % Palette.Count];
    }

    /// <summary>"Maria Alvarez" gives "MA", "Cher" gives "C"; letters only, upper case.</summary>
    public static string InitialsOf(string displayName)
    {
        var words = (displayName ?? string.Empty)
            .Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(w => char.IsLetter(w[0]))
            .ToArray();
        return words.Length switch
        {
            0 => "?",
            1 => char.ToUpperInvariant(words[0][0]).ToString(),
            _ => string.Concat(char.ToUpperInvariant(words[0][0]), char.ToUpperInvariant(words[^1][0])),
        };
    }
}
