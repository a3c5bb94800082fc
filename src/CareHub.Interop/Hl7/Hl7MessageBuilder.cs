using System.Text;

namespace CareHub.Interop.Hl7;

/// <summary>
/// Builds a message fluently: <c>new Hl7MessageBuilder().Msh(...).Segment("PID", s =&gt; s.Set(3, "4000001").Set(3, 4, "CHS"))</c>.
/// Values are plain text and are escaped on output; segments end with CR. Trailing empty fields, components and
/// subcomponents are left out.
/// </summary>
public sealed class Hl7MessageBuilder
{
    private readonly List<Hl7SegmentBuilder> segments = [];

    public Hl7MessageBuilder(Hl7Encoding? encoding = null)
    {
        Encoding = encoding ?? Hl7Encoding.Default;
    }

    public Hl7Encoding Encoding { get; }

    /// <summary>
    /// Adds the MSH segment: MSH-3..6 applications and facilities, MSH-7 time, MSH-9 type^trigger^structure, MSH-10
    /// control id, MSH-11 processing id, MSH-12 version.
    /// </summary>
    public Hl7MessageBuilder Msh(
        string sendingApplication,
        string sendingFacility,
        string receivingApplication,
        string receivingFacility,
        DateTimeOffset at,
        string messageType,
        string triggerEvent,
        string controlId,
        string processingId = "P",
        string version = "2.5.1",
        string? messageStructure = null) =>
        Segment("MSH", s => s
            .Set(3, sendingApplication)
            .Set(4, sendingFacility)
            .Set(5, receivingApplication)
            .Set(6, receivingFacility)
            .Set(7, Hl7DateTime.Format(at))
            .Set(9, 1, messageType)
            .Set(9, 2, triggerEvent)
            .Set(9, 3, messageStructure)
            .Set(10, controlId)
            .Set(11, processingId)
            .Set(12, version));

    /// <summary>Adds a segment (use "MSH" with fields from 3 for a custom header).</summary>
    public Hl7MessageBuilder Segment(string id, Action<Hl7SegmentBuilder>? fields = null)
    {
        ArgumentNullException.ThrowIfNull(id);
        if (id.Length != 3)
            throw new ArgumentException("A segment id has three characters.", nameof(id));
        var segment = new Hl7SegmentBuilder(id);
        fields?.Invoke(segment);
        segments.Add(segment);
        return this;
    }

    /// <summary>The message text, each segment ended by CR.</summary>
    public string Build()
    {
        var sb = new StringBuilder();
        foreach (var segment in segments)
        {
            segment.WriteTo(sb, Encoding);
            sb.Append('\r');
        }
        return sb.ToString();
    }

    public override string ToString() => Build();
}

/// <summary>The fields of one segment being built; positions are 1-based as in the standard.</summary>
public sealed class Hl7SegmentBuilder
{
    // field -> repetition -> component -> subcomponent values (unescaped); raw fields are kept as written.
    private readonly SortedDictionary<int, List<List<List<string?>>>> fields = [];
    private readonly Dictionary<int, string> rawFields = [];

    internal Hl7SegmentBuilder(string id)
    {
        Id = id;
    }

    public string Id { get; }

    /// <summary>Sets field <paramref name="field"/> (component 1).</summary>
    public Hl7SegmentBuilder Set(int field, string? value) => Set(field, 1, 1, 1, value);

    public Hl7SegmentBuilder Set(int field, int component, string? value) => Set(field, 1, component, 1, value);

    public Hl7SegmentBuilder Set(int field, int component, int subcomponent, string? value) => Set(field, 1, component, subcomponent, value);

    /// <summary>Sets one subcomponent of one repetition (all 1-based).</summary>
    public Hl7SegmentBuilder Set(int field, int repetition, int component, int subcomponent, string? value)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(field, Id == "MSH" ? 3 : 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(repetition, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(component, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(subcomponent, 1);
        if (string.IsNullOrEmpty(value))
            return this;
        rawFields.Remove(field);
        if (!fields.TryGetValue(field, out var repetitions))
            fields[field] = repetitions = [];
        var components = At(repetitions, repetition, () => []);
        var subcomponents = At(components, component, () => []);
        while (subcomponents.Count < subcomponent)
            subcomponents.Add(null);
        subcomponents[subcomponent - 1] = value;
        return this;
    }

    /// <summary>Sets the components of field <paramref name="field"/> in order.</summary>
    public Hl7SegmentBuilder Components(int field, params string?[] components)
    {
        for (var i = 0; i < components.Length; i++)
            Set(field, i + 1, components[i]);
        return this;
    }

    /// <summary>Sets a field to text that is already encoded (not escaped on output).</summary>
    public Hl7SegmentBuilder Raw(int field, string encoded)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(field, Id == "MSH" ? 3 : 1);
        fields.Remove(field);
        rawFields[field] = encoded;
        return this;
    }

    internal void WriteTo(StringBuilder sb, Hl7Encoding encoding)
    {
        sb.Append(Id);
        var first = Id == "MSH" ? 3 : 1;
        if (Id == "MSH")
            sb.Append(encoding.Field).Append(encoding.EncodingCharacters);
        var last = Math.Max(fields.Count == 0 ? 0 : fields.Keys.Max(), rawFields.Count == 0 ? 0 : rawFields.Keys.Max());
        for (var n = first; n <= last; n++)
        {
            sb.Append(encoding.Field);
            if (rawFields.TryGetValue(n, out var raw))
                sb.Append(raw);
            else if (fields.TryGetValue(n, out var repetitions))
                WriteField(sb, encoding, repetitions);
        }
    }

    private static void WriteField(StringBuilder sb, Hl7Encoding encoding, List<List<List<string?>>> repetitions)
    {
        for (var r = 0; r < repetitions.Count; r++)
        {
            if (r > 0)
                sb.Append(encoding.Repetition);
            var components = repetitions[r];
            for (var c = 0; c < components.Count; c++)
            {
                if (c > 0)
                    sb.Append(encoding.Component);
                var subcomponents = components[c];
                for (var s = 0; s < subcomponents.Count; s++)
                {
                    if (s > 0)
                        sb.Append(encoding.Subcomponent);
                    if (subcomponents[s] is { } value)
                        sb.Append(Hl7Escaping.Escape(value, encoding));
                }
            }
        }
    }

    private static T At<T>(List<T> list, int position, Func<T> create)
    {
        while (list.Count < position)
            list.Add(create());
        return list[position - 1];
    }
}
