using System.Globalization;
using CareHub.Interop.Hl7;

namespace CareHub.Interop.Acks;

/// <summary>
/// Builds original-mode ACKs: MSH (sender and receiver swapped from the original, MSH-9 <c>ACK^{trigger}^ACK</c>, the
/// original's version or 2.5.1), MSA (code, original control id, text) and, for AE/AR, one ERR per error (ERR-2
/// location <c>PID^1^3</c>, ERR-3 table 0357 code, ERR-4 severity E, ERR-8 user message; for v2.3/2.4 receivers the
/// same is also put in ERR-1, the field those versions read).
/// </summary>
public static class Hl7Ack
{
    public const string DefaultVersion = "2.5.1";

    public static string Build(Hl7Message? original, AckCode code, string? text, Hl7Error? error, string controlId, DateTimeOffset now) =>
        Build(original, code, text, error is null ? [] : [error], controlId, now);

    public static string Build(Hl7Message? original, AckCode code, string? text, IReadOnlyList<Hl7Error> errors, string controlId, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(errors);
        var encoding = original?.Encoding ?? Hl7Encoding.Default;
        var version = original?.Version is { Length: > 0 } v ? v : DefaultVersion;
        var header = original?.Header;
        var builder = new Hl7MessageBuilder(encoding).Segment("MSH", s =>
        {
            if (header is not null)
            {
                s.Raw(3, header.Field(5).Raw).Raw(4, header.Field(6).Raw).Raw(5, header.Field(3).Raw).Raw(6, header.Field(4).Raw);
            }
            s.Set(7, Hl7DateTime.Format(now))
                .Set(9, 1, "ACK")
                .Set(9, 2, original?.TriggerEvent)
                .Set(9, 3, "ACK")
                .Set(10, controlId)
                .Set(11, original?.ProcessingId ?? "P")
                .Set(12, version);
        });
        builder.Segment("MSA", s => s.Set(1, code.ToString()).Set(2, original?.ControlId).Set(3, text));
        if (code != AckCode.AA)
        {
            var legacy = version.StartsWith("2.3", StringComparison.Ordinal) || version.StartsWith("2.4", StringComparison.Ordinal);
            foreach (var error in errors)
                builder.Segment("ERR", s => WriteErr(s, error, legacy));
        }
        return builder.Build();
    }

    /// <summary>
    /// An AR for text that could not be parsed at all: control id from a best-effort scan of MSH-10, default
    /// delimiters, version 2.5.1, and an ERR carrying <paramref name="reason"/>.
    /// </summary>
    public static string RejectUnreadable(string? rawText, string reason, string controlId, DateTimeOffset now)
    {
        var original = ScanControlId(rawText);
        var error = new Hl7Error(null, null, Hl7ErrorCode.ApplicationInternalError, reason);
        return new Hl7MessageBuilder()
            .Segment("MSH", s => s.Set(7, Hl7DateTime.Format(now)).Set(9, 1, "ACK").Set(10, controlId).Set(11, "P").Set(12, DefaultVersion))
            .Segment("MSA", s => s.Set(1, nameof(AckCode.AR)).Set(2, original).Set(3, reason))
            .Segment("ERR", s => WriteErr(s, error, legacy: false))
            .Build();
    }

    /// <summary>
    /// MSH-10 of text that may not parse: the tenth field after the first "MSH" that is followed by a character on the
    /// same line, using that character as the separator; null when there is no such field.
    /// </summary>
    public static string? ScanControlId(string? rawText)
    {
        if (string.IsNullOrEmpty(rawText))
            return null;
        var start = rawText.IndexOf("MSH", StringComparison.Ordinal);
        // "MSH" at the end of the text or of a line has no separator to scan with: look for the next one.
        while (start >= 0 && (start + 3 >= rawText.Length || rawText[start + 3] is '\r' or '\n'))
            start = rawText.IndexOf("MSH", start + 3, StringComparison.Ordinal);
        if (start < 0)
            return null;
        var line = rawText.AsSpan(start);
        var end = line.IndexOfAny('\r', '\n');
        if (end >= 0)
            line = line[..end];
        var separator = line[3];
        var field = 1;
        for (var i = 3; i < line.Length; i++)
        {
            if (line[i] != separator)
                continue;
            field++;
            if (field != 10)
                continue;
            var rest = line[(i + 1)..];
            var stop = rest.IndexOf(separator);
            var value = (stop < 0 ? rest : rest[..stop]).Trim();
            // The component separator is normally MSH-2's first character; cut there when the id is composite.
            if (line.Length > 4 && value.IndexOf(line[4]) is var c and >= 0)
                value = value[..c];
            return value.IsEmpty ? null : value.ToString();
        }
        return null;
    }

    private static void WriteErr(Hl7SegmentBuilder s, Hl7Error error, bool legacy)
    {
        var code = ((int)error.Code).ToString(CultureInfo.InvariantCulture);
        if (legacy)
        {
            s.Set(1, 1, error.Segment).Set(1, 2, error.Segment is null ? null : "1").Set(1, 3, error.Field?.ToString(CultureInfo.InvariantCulture))
                .Set(1, 4, 1, code).Set(1, 4, 2, error.Code.Display()).Set(1, 4, 3, "HL70357");
        }
        s.Set(2, 1, error.Segment)
            .Set(2, 2, error.Segment is null ? null : "1")
            .Set(2, 3, error.Field?.ToString(CultureInfo.InvariantCulture))
            .Set(3, 1, code)
            .Set(3, 2, error.Code.Display())
            .Set(3, 3, "HL70357")
            .Set(4, "E")
            .Set(8, error.Message);
    }
}
