using System.Globalization;

namespace CareHub.Interop.Hl7;

/// <summary>How much of an HL7 date/time was sent.</summary>
public enum Hl7DateTimePrecision
{
    Year,
    Month,
    Day,
    Hour,
    Minute,
    Second,
    FractionOfSecond,
}

/// <summary>
/// An HL7 TS/DTM value <c>YYYY[MM[DD[HH[MM[SS[.S[S[S[S]]]]]]]]][+/-ZZZZ]</c>: the written local <see cref="DateTime"/>
/// (kind unspecified, missing parts as their minimum) and the <see cref="Offset"/> when the sender gave one.
/// </summary>
public readonly record struct Hl7DateTime(DateTime DateTime, TimeSpan? Offset, Hl7DateTimePrecision Precision)
{
    public DateOnly Date => DateOnly.FromDateTime(DateTime);

    /// <summary>
    /// The instant: with the sender's offset when present, else <see cref="DateTime"/> read as local time in
    /// <paramref name="zone"/>. A local time skipped by a daylight-saving change, or repeated by one, takes the zone's
    /// standard offset (what <see cref="TimeZoneInfo.GetUtcOffset(DateTime)"/> gives), so this never throws. A local
    /// time in year 1 or 9999 whose instant in <paramref name="zone"/> falls outside what <see cref="DateTimeOffset"/>
    /// holds comes back as <see cref="DateTimeOffset.MinValue"/> or <see cref="DateTimeOffset.MaxValue"/>.
    /// </summary>
    public DateTimeOffset Resolve(TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        var offset = Offset ?? zone.GetUtcOffset(DateTime);
        var utcTicks = DateTime.Ticks - offset.Ticks;
        if (utcTicks < DateTimeOffset.MinValue.UtcTicks)
            return DateTimeOffset.MinValue;
        if (utcTicks > DateTimeOffset.MaxValue.UtcTicks)
            return DateTimeOffset.MaxValue;
        return new DateTimeOffset(DateTime, offset);
    }

    public static Hl7DateTime Parse(string text) =>
        TryParse(text, out var value) ? value : throw new FormatException($"'{text}' is not an HL7 date/time (YYYYMMDDHHMMSS[+/-ZZZZ]).");

    /// <summary>False for anything that is not a well-formed, existing date/time (with its offset, an instant that exists).</summary>
    public static bool TryParse(string? text, out Hl7DateTime value)
    {
        value = default;
        if (string.IsNullOrWhiteSpace(text))
            return false;
        var s = text.AsSpan().Trim();
        var digits = 0;
        while (digits < s.Length && char.IsAsciiDigit(s[digits]))
            digits++;
        if (digits is not (4 or 6 or 8 or 10 or 12 or 14))
            return false;

        var year = Number(s, 0, 4);
        var month = digits >= 6 ? Number(s, 4, 2) : 1;
        var day = digits >= 8 ? Number(s, 6, 2) : 1;
        var hour = digits >= 10 ? Number(s, 8, 2) : 0;
        var minute = digits >= 12 ? Number(s, 10, 2) : 0;
        var second = digits >= 14 ? Number(s, 12, 2) : 0;
        var precision = digits switch
        {
            4 => Hl7DateTimePrecision.Year,
            6 => Hl7DateTimePrecision.Month,
            8 => Hl7DateTimePrecision.Day,
            10 => Hl7DateTimePrecision.Hour,
            12 => Hl7DateTimePrecision.Minute,
            _ => Hl7DateTimePrecision.Second,
        };
        if (year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month)
            || hour > 23 || minute > 59 || second > 59)
            return false;

        var i = digits;
        long ticks = 0;
        if (i < s.Length && s[i] == '.')
        {
            if (digits != 14)
                return false;
            i++;
            var start = i;
            while (i < s.Length && char.IsAsciiDigit(s[i]) && i - start < 4)
                i++;
            if (i == start)
                return false;
            var fraction = Number(s, start, i - start);
            for (var scale = i - start; scale < 7; scale++)
                fraction *= 10;
            ticks = fraction;
            precision = Hl7DateTimePrecision.FractionOfSecond;
        }

        TimeSpan? offset = null;
        if (i < s.Length && s[i] is '+' or '-')
        {
            if (s.Length - i != 5 || !IsDigits(s.Slice(i + 1, 4)))
                return false;
            var hours = Number(s, i + 1, 2);
            var minutes = Number(s, i + 3, 2);
            if (hours > 14 || minutes > 59 || (hours == 14 && minutes > 0))
                return false;
            var span = new TimeSpan(hours, minutes, 0);
            offset = s[i] == '-' ? -span : span;
            i += 5;
        }
        if (i != s.Length)
            return false;

        var local = new DateTime(year, month, day, hour, minute, second, DateTimeKind.Unspecified).AddTicks(ticks);
        // With its offset the instant must exist too: 00010101000000+0100 is before the first representable instant.
        if (offset is { } o && (local.Ticks - o.Ticks < DateTime.MinValue.Ticks || local.Ticks - o.Ticks > DateTime.MaxValue.Ticks))
            return false;
        value = new Hl7DateTime(local, offset, precision);
        return true;
    }

    /// <summary>An instant as HL7 writes it to the second with its offset: <c>20260301143000-0500</c>.</summary>
    public static string Format(DateTimeOffset at) =>
        at.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture) + FormatOffset(at.Offset);

    /// <summary>A date as HL7 writes it: <c>19500615</c>.</summary>
    public static string Format(DateOnly date) => date.ToString("yyyyMMdd", CultureInfo.InvariantCulture);

    public override string ToString()
    {
        var format = Precision switch
        {
            Hl7DateTimePrecision.Year => "yyyy",
            Hl7DateTimePrecision.Month => "yyyyMM",
            Hl7DateTimePrecision.Day => "yyyyMMdd",
            Hl7DateTimePrecision.Hour => "yyyyMMddHH",
            Hl7DateTimePrecision.Minute => "yyyyMMddHHmm",
            Hl7DateTimePrecision.Second => "yyyyMMddHHmmss",
            _ => "yyyyMMddHHmmss.ffff",
        };
        var text = DateTime.ToString(format, CultureInfo.InvariantCulture);
        return Offset is { } o ? text + FormatOffset(o) : text;
    }

    private static string FormatOffset(TimeSpan offset) =>
        (offset < TimeSpan.Zero ? "-" : "+") + offset.Duration().ToString("hhmm", CultureInfo.InvariantCulture);

    private static bool IsDigits(ReadOnlySpan<char> s)
    {
        foreach (var c in s)
        {
            if (!char.IsAsciiDigit(c))
                return false;
        }
        return true;
    }

    private static int Number(ReadOnlySpan<char> s, int start, int length)
    {
        var value = 0;
        for (var i = start; i < start + length; i++)
            value = (value * 10) + (s[i] - '0');
        return value;
    }
}
