namespace CareHub.Interop.Hl7;

/// <summary>
/// One segment: its three-character <see cref="Id"/> and its fields. Fields are numbered as in the standard: for
/// MSH, field 1 is the field separator itself and field 2 the encoding characters, so MSH-3 is the first field after
/// the separator; for every other segment field 1 is the first after the id.
/// </summary>
public sealed class Hl7Segment
{
    private readonly string[] parts;

    internal Hl7Segment(string raw, Hl7Encoding encoding)
    {
        Raw = raw;
        Encoding = encoding;
        Id = raw[..3];
        parts = raw.Split(encoding.Field);
    }

    public string Id { get; }

    /// <summary>The segment's text as written, without its line ending.</summary>
    public string Raw { get; }

    public Hl7Encoding Encoding { get; }

    private bool IsHeader => Id == "MSH";

    /// <summary>The number of the last field written (trailing empty fields included).</summary>
    public int FieldCount => IsHeader ? parts.Length : parts.Length - 1;

    /// <summary>Field <paramref name="n"/> (1-based); an empty field when absent.</summary>
    public Hl7Field Field(int n)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(n, 1);
        if (IsHeader)
        {
            return n switch
            {
                1 => new Hl7Field(Encoding.Field.ToString(), Encoding, literal: true),
                2 => new Hl7Field(parts.Length > 1 ? parts[1] : string.Empty, Encoding, literal: true),
                _ => new Hl7Field(n - 1 < parts.Length ? parts[n - 1] : string.Empty, Encoding),
            };
        }
        return new Hl7Field(n < parts.Length ? parts[n] : string.Empty, Encoding);
    }

    public override string ToString() => Raw;
}
