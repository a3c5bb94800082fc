namespace CareHub.Interop.Hl7;

/// <summary>
/// A parsed HL7 v2 message. <see cref="Parse"/> never throws and runs in time linear in the text: segments end with
/// CR, LF or CRLF, blank lines are ignored, unknown and Z segments are kept in order. Batches (FHS/BHS) and a second
/// MSH are not accepted.
/// </summary>
public sealed class Hl7Message
{
    /// <summary>Reasons <see cref="Parse"/> gives when the text is not a message.</summary>
    public static class Errors
    {
        public const string Empty = "The message is empty.";
        public const string NoMsh = "The message does not start with an MSH segment.";
        public const string SecondMsh = "The text holds more than one message (a second MSH segment); batches are not supported.";
        public const string Internal = "The message could not be read because of an internal error in the parser.";
    }

    private readonly Hl7Segment[] segments;

    private Hl7Message(string text, Hl7Encoding encoding, Hl7Segment[] segments)
    {
        Text = text;
        Encoding = encoding;
        this.segments = segments;
    }

    /// <summary>The original text, unchanged.</summary>
    public string Text { get; }

    public Hl7Encoding Encoding { get; }

    public IReadOnlyList<Hl7Segment> Segments => segments;

    public Hl7Segment Header => segments[0];

    public string? MessageType => Get("MSH-9.1");

    public string? TriggerEvent => Get("MSH-9.2");

    public string? MessageStructure => Get("MSH-9.3");

    public string? ControlId => Get("MSH-10");

    public string? ProcessingId => Get("MSH-11");

    public string? Version => Get("MSH-12.1");

    public string? SendingApplication => Get("MSH-3.1");

    public string? SendingFacility => Get("MSH-4.1");

    public string? ReceivingApplication => Get("MSH-5.1");

    public string? ReceivingFacility => Get("MSH-6.1");

    /// <summary>The first segment named <paramref name="id"/>, or null.</summary>
    public Hl7Segment? Segment(string id) => Array.Find(segments, s => s.Id == id);

    public IEnumerable<Hl7Segment> SegmentsNamed(string id) => segments.Where(s => s.Id == id);

    /// <summary>
    /// The unescaped value at <paramref name="path"/> (see <see cref="Hl7Path"/>), or null when absent or empty. A
    /// path without a component gives the first primitive (component 1, subcomponent 1), like HAPI's Terser. The HL7
    /// null <c>""</c> comes back as the two quote characters, since it means "delete" rather than "unknown".
    /// </summary>
    /// <exception cref="FormatException">The path is not well formed (a programming error).</exception>
    public string? Get(string path)
    {
        var p = Hl7Path.Parse(path);
        var segment = SegmentsNamed(p.SegmentId).Skip(p.SegmentOccurrence - 1).FirstOrDefault();
        return segment?.Field(p.Field).Repetition(p.Repetition).Component(p.Component).Subcomponent(p.Subcomponent);
    }

    /// <summary>Reads a message; never throws (on any input an error result with a reason is returned).</summary>
    public static Hl7ParseResult Parse(string? text)
    {
        try
        {
            return ParseCore(text);
        }
        catch (Exception)
        {
            // Parse must never throw; tests assert this reason never appears.
            return Hl7ParseResult.Failure(Errors.Internal);
        }
    }

    private static Hl7ParseResult ParseCore(string? text)
    {
        if (string.IsNullOrEmpty(text))
            return Hl7ParseResult.Failure(Errors.Empty);
        var start = 0;
        while (start < text.Length && text[start] is '\r' or '\n' or '\uFEFF' or ' ' or '\t')
            start++;
        if (start == text.Length)
            return Hl7ParseResult.Failure(Errors.Empty);
        if (!Hl7Encoding.TryRead(text.AsSpan(start), out var encoding, out var encodingError))
            return Hl7ParseResult.Failure(encodingError!);

        var segments = new List<Hl7Segment>();
        var position = start;
        var number = 0;
        while (position < text.Length)
        {
            var end = text.AsSpan(position).IndexOfAny('\r', '\n');
            var length = end < 0 ? text.Length - position : end;
            if (length > 0)
            {
                var line = text.Substring(position, length);
                number++;
                if (!HasSegmentId(line, encoding.Field))
                    return Hl7ParseResult.Failure(
                        $"Segment {number} does not start with a three-character segment name followed by '{encoding.Field}': \"{Preview(line)}\".");
                if (number > 1 && line.StartsWith("MSH", StringComparison.Ordinal))
                    return Hl7ParseResult.Failure(Errors.SecondMsh);
                segments.Add(new Hl7Segment(line, encoding));
            }
            position += length + 1;
        }
        return Hl7ParseResult.Success(new Hl7Message(text, encoding, [.. segments]));
    }

    private static bool HasSegmentId(string line, char fieldSeparator)
    {
        if (line.Length < 3 || (line.Length > 3 && line[3] != fieldSeparator))
            return false;
        for (var i = 0; i < 3; i++)
        {
            if (!char.IsAsciiLetterUpper(line[i]) && !char.IsAsciiDigit(line[i]))
                return false;
        }
        return char.IsAsciiLetterUpper(line[0]);
    }

    private static string Preview(string line) => line.Length <= 20 ? line : string.Concat(line.AsSpan(0, 20), "...");

    public override string ToString() => Text;
}
