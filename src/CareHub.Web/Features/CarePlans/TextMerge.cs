using DiffMatchPatch;

namespace CareHub.Web.Features.CarePlans;

/// <summary>The outcome of a three-way merge: the merged text, or a conflict (then <see cref="Text"/> is null).</summary>
public sealed record MergeResult(string? Text)
{
    public bool IsClean => Text is not null;

    public static MergeResult Conflict { get; } = new((string?)null);
}

/// <summary>A run of text in a difference: kept, removed or added.</summary>
public enum DiffKind
{
    Same,
    Removed,
    Added,
}

public sealed record DiffSegment(DiffKind Kind, string Text);

/// <summary>
/// Three-way text merge on top of diff-match-patch (ADR 0009). Both sides are diffed against the common base; the
/// edits of each side become ranges of the base; edits that touch different ranges of the base are applied together,
/// and only edits that overlap (or insert different text at the same point, where no order is right) are a conflict.
/// It never guesses: a clean result contains every edit of both sides, exactly.
/// </summary>
public static class TextMerge
{
    /// <summary>An edit of the base: replace [Start, End) with <see cref="Insert"/> (Start == End: a pure insertion).</summary>
    private readonly record struct Edit(int Start, int End, string Insert)
    {
        public bool IsInsertion => Start == End;
    }

    public static MergeResult Merge(string @base, string mine, string theirs)
    {
        ArgumentNullException.ThrowIfNull(@base);
        ArgumentNullException.ThrowIfNull(mine);
        ArgumentNullException.ThrowIfNull(theirs);
        if (string.Equals(mine, theirs, StringComparison.Ordinal) || string.Equals(theirs, @base, StringComparison.Ordinal))
            return new MergeResult(mine);
        if (string.Equals(mine, @base, StringComparison.Ordinal))
            return new MergeResult(theirs);

        var ours = EditsOf(@base, mine);
        var others = EditsOf(@base, theirs);
        var shared = ours.Intersect(others).ToList(); // both made the very same edit: kept once
        var mineOnly = ours.Except(shared).ToList();
        var theirsOnly = others.Except(shared).ToList();
        if (theirsOnly.Exists(t => mineOnly.Exists(m => Overlap(m, t))))
            return MergeResult.Conflict;
        var result = Apply(@base, [.. ours, .. theirsOnly]);

        // When text repeats, a diff may place an edit at another, equally good spot of the base ("walk daily" twice),
        // and the other side's edit would then land in the wrong place. A second opinion settles it: each side's own
        // edits as a patch, placed by their context in the other side's text, must give the same result; if not,
        // the person decides (a conflict), never a guess.
        // A patch whose context is gone (the other side edited within four characters of it) is a conflict too:
        // character diffs can align an edit across a neighbour's words, so near edits are the person's to combine.
        return AppliesTo(@base, Apply(@base, mineOnly), theirs, result) && AppliesTo(@base, Apply(@base, theirsOnly), mine, result)
            ? new MergeResult(result)
            : MergeResult.Conflict;
    }

    /// <summary>The base with the edits applied in base order; at one point an insertion goes before the replacement that starts there.</summary>
    private static string Apply(string @base, List<Edit> edits)
    {
        edits.Sort((a, b) => a.Start != b.Start ? a.Start.CompareTo(b.Start) : a.End.CompareTo(b.End));
        var merged = new System.Text.StringBuilder(@base.Length + 64);
        var at = 0;
        foreach (var edit in edits)
        {
            merged.Append(@base, at, edit.Start - at);
            merged.Append(edit.Insert);
            at = edit.End;
        }
        merged.Append(@base, at, @base.Length - at);
        return merged.ToString();
    }

    private static bool AppliesTo(string @base, string changed, string other, string expected)
    {
        var dmp = NewDiffer();
        // Exact context only (one wrong character in a 32-character pattern already scores 0.031), found anywhere in
        // the text: the distance from where it was in the base costs at most 0.004 for a 4,000-character field.
        dmp.Match_Threshold = 0.02f;
        dmp.Match_Distance = 1_000_000;
        if (string.Equals(changed, @base, StringComparison.Ordinal))
            return string.Equals(other, expected, StringComparison.Ordinal);
        var patches = dmp.patch_make(@base, changed);
        var applied = dmp.patch_apply(patches, other);
        return applied[1] is bool[] each && each.All(ok => ok) && string.Equals(applied[0] as string, expected, StringComparison.Ordinal);
    }

    /// <summary>The differences from <paramref name="before"/> to <paramref name="after"/>, cleaned up for people to read.</summary>
    public static IReadOnlyList<DiffSegment> Diff(string? before, string? after)
    {
        var dmp = NewDiffer();
        var diffs = dmp.diff_main(before ?? string.Empty, after ?? string.Empty);
        dmp.diff_cleanupSemantic(diffs);
        return [.. diffs.Select(d => new DiffSegment(d.operation switch
        {
            Operation.DELETE => DiffKind.Removed,
            Operation.INSERT => DiffKind.Added,
            _ => DiffKind.Same,
        }, d.text))];
    }

    private static bool Overlap(Edit a, Edit b)
    {
        if (a.Start < b.End && b.Start < a.End)
            return true;
        // Two insertions at one point: which goes first is anybody's guess.
        return a.IsInsertion && b.IsInsertion && a.Start == b.Start;
    }

    private static List<Edit> EditsOf(string @base, string changed)
    {
        var dmp = NewDiffer();
        var diffs = dmp.diff_main(@base, changed, false);
        // Slide edits to word boundaries without growing them: people's edits merge where people expect.
        dmp.diff_cleanupSemanticLossless(diffs);

        var edits = new List<Edit>();
        var position = 0;
        var start = -1;
        var insert = new System.Text.StringBuilder();
        var end = 0;
        foreach (var diff in diffs)
        {
            switch (diff.operation)
            {
                case Operation.EQUAL:
                    Flush();
                    position += diff.text.Length;
                    break;
                case Operation.DELETE:
                    if (start < 0)
                        start = end = position;
                    position += diff.text.Length;
                    end = position;
                    break;
                case Operation.INSERT:
                    if (start < 0)
                        start = end = position;
                    insert.Append(diff.text);
                    break;
            }
        }
        Flush();
        return edits;

        void Flush()
        {
            if (start < 0)
                return;
            edits.Add(new Edit(start, end, insert.ToString()));
            start = -1;
            insert.Clear();
        }
    }

    // Deterministic: no time limit (a plan field is at most a few thousand characters).
    private static diff_match_patch NewDiffer() => new() { Diff_Timeout = 0 };
}
