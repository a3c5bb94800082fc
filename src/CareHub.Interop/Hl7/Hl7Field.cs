namespace CareHub.Interop.Hl7;

/// <summary>
/// One field of a segment as written, split on demand into repetitions, components and subcomponents. Values read
/// through <see cref="Value"/>, <see cref="Hl7Component.Value"/> and <see cref="Hl7Component.Subcomponent"/> are
/// unescaped; <see cref="Raw"/> is the text as it stands in the message.
/// </summary>
public sealed class Hl7Field
{
    private readonly bool literal;
    private IReadOnlyList<Hl7Repetition>? repetitions;

    internal Hl7Field(string raw, Hl7Encoding encoding, bool literal = false)
    {
        Raw = raw;
        Encoding = encoding;
        this.literal = literal;
    }

    public string Raw { get; }

    public Hl7Encoding Encoding { get; }

    public bool IsEmpty => Raw.Length == 0;

    /// <summary>The repetitions (at least one, possibly empty).</summary>
    public IReadOnlyList<Hl7Repetition> Repetitions => repetitions ??= Split();

    /// <summary>The first primitive value (repetition 1, component 1, subcomponent 1), unescaped; null when empty.</summary>
    public string? Value => Repetition(1).Component(1).Subcomponent(1);

    /// <summary>Repetition <paramref name="n"/> (1-based); an empty one when absent.</summary>
    public Hl7Repetition Repetition(int n)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(n, 1);
        return n <= Repetitions.Count ? Repetitions[n - 1] : Hl7Repetition.Empty(Encoding);
    }

    /// <summary>Component <paramref name="n"/> (1-based) of the first repetition.</summary>
    public Hl7Component Component(int n) => Repetition(1).Component(n);

    public override string ToString() => Raw;

    private Hl7Repetition[] Split()
    {
        if (literal)
            return [new Hl7Repetition(Raw, Encoding, literal: true)];
        var parts = Raw.Split(Encoding.Repetition);
        var result = new Hl7Repetition[parts.Length];
        for (var i = 0; i < parts.Length; i++)
            result[i] = new Hl7Repetition(parts[i], Encoding);
        return result;
    }
}

/// <summary>One repetition of a field: its components.</summary>
public sealed class Hl7Repetition
{
    private readonly bool literal;
    private IReadOnlyList<Hl7Component>? components;

    internal Hl7Repetition(string raw, Hl7Encoding encoding, bool literal = false)
    {
        Raw = raw;
        Encoding = encoding;
        this.literal = literal;
    }

    internal static Hl7Repetition Empty(Hl7Encoding encoding) => new(string.Empty, encoding);

    public string Raw { get; }

    public Hl7Encoding Encoding { get; }

    public IReadOnlyList<Hl7Component> Components => components ??= Split();

    /// <summary>The first subcomponent of the first component, unescaped; null when empty.</summary>
    public string? Value => Component(1).Subcomponent(1);

    /// <summary>Component <paramref name="n"/> (1-based); an empty one when absent.</summary>
    public Hl7Component Component(int n)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(n, 1);
        return n <= Components.Count ? Components[n - 1] : new Hl7Component(string.Empty, Encoding);
    }

    public override string ToString() => Raw;

    private Hl7Component[] Split()
    {
        if (literal)
            return [new Hl7Component(Raw, Encoding, literal: true)];
        var parts = Raw.Split(Encoding.Component);
        var result = new Hl7Component[parts.Length];
        for (var i = 0; i < parts.Length; i++)
            result[i] = new Hl7Component(parts[i], Encoding);
        return result;
    }
}

/// <summary>One component: its subcomponents.</summary>
public sealed class Hl7Component
{
    private readonly bool literal;
    private string[]? subcomponents;

    internal Hl7Component(string raw, Hl7Encoding encoding, bool literal = false)
    {
        Raw = raw;
        Encoding = encoding;
        this.literal = literal;
    }

    public string Raw { get; }

    public Hl7Encoding Encoding { get; }

    /// <summary>How many subcomponents are written (at least one).</summary>
    public int SubcomponentCount => Parts.Length;

    /// <summary>The first subcomponent, unescaped; null when empty.</summary>
    public string? Value => Subcomponent(1);

    /// <summary>Subcomponent <paramref name="n"/> (1-based), unescaped; null when absent or empty.</summary>
    public string? Subcomponent(int n)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(n, 1);
        var parts = Parts;
        if (n > parts.Length || parts[n - 1].Length == 0)
            return null;
        return literal ? parts[n - 1] : Hl7Escaping.Unescape(parts[n - 1], Encoding);
    }

    public override string ToString() => Raw;

    private string[] Parts => subcomponents ??= literal ? [Raw] : Raw.Split(Encoding.Subcomponent);
}
