using CareHub.Web.Features.CarePlans;
using CsCheck;

namespace CareHub.Web.Tests.Features.CarePlans;

/// <summary>Laws of the three-way merge, checked on generated texts and edits.</summary>
public sealed class TextMergePropertyTests
{
    private const long Iterations = 2_000;
    private const string Separator = " | ";
    private const char MineMarker = '§';
    private const char TheirsMarker = '¤';

    private static readonly Gen<string> Text = TextOf("ab c", 0, 16);

    private static readonly Gen<Typing[]> Typings = TypingsOf(TextOf("ab c", 0, 3), 0);

    private static readonly Gen<(string Base, string Edited)> OneSide =
        Gen.Select(Text, Typings, (b, typings) => (b, Typing.ApplyAll(b, typings)));

    private static readonly Gen<(string Base, string Mine, string Theirs)> TwoSides =
        Gen.Select(Text, Typings, Typings, Typings, (b, shared, mine, theirs) =>
        {
            var common = Typing.ApplyAll(b, shared);
            return (b, Typing.ApplyAll(common, mine), Typing.ApplyAll(common, theirs));
        });

    private static readonly Gen<(string Base, string Mine, string Theirs)> MarkedSides =
        Gen.Select(Text, TypingsOf(Marked(MineMarker), 1), TypingsOf(Marked(TheirsMarker), 1), (b, mine, theirs) =>
            (b, Typing.ApplyAll(b, mine), Typing.ApplyAll(b, theirs)));

    // Items of two symbols repeat each other so often that a diff moving a separator is as short as the real edits
    // (a known defect, see the skipped example in TextMergeTests); four symbols keep this property about the merge itself.
    private static readonly Gen<string> Segment = TextOf("ab12", 1, 6);

    private static readonly Gen<Rewrite> Rewrites =
        Gen.Select(Gen.Enum<RewriteKind>(), Gen.Int[0, 100], Gen.Int[0, 100], TextOf("ab12", 1, 3),
            (kind, at, length, text) => new Rewrite(kind, at, length, text));

    private static readonly Gen<(string[] Segments, Rewrite[] Mine, Rewrite[] Theirs)> Segmented =
        Gen.Int[2, 6].SelectMany(n => Gen.Select(Segment.Array[n], Rewrites.Array[n], Rewrites.Array[n],
            (segments, mine, theirs) => (segments, mine, theirs)));

    [Fact]
    public void Merging_with_theirs_unchanged_gives_mine()
    {
        OneSide.Sample((b, mine) => TextMerge.Merge(b, mine, b).Text.ShouldBe(mine), iter: Iterations);
    }

    [Fact]
    public void Merging_with_mine_unchanged_gives_theirs()
    {
        OneSide.Sample((b, theirs) => TextMerge.Merge(b, b, theirs).Text.ShouldBe(theirs), iter: Iterations);
    }

    [Fact]
    public void Merging_two_equal_texts_gives_that_text()
    {
        OneSide.Sample((b, both) => TextMerge.Merge(b, both, both).Text.ShouldBe(both), iter: Iterations);
    }

    [Fact]
    public void Swapping_mine_and_theirs_gives_the_same_outcome()
    {
        TwoSides.Sample((b, mine, theirs) =>
        {
            var merged = TextMerge.Merge(b, mine, theirs);

            var swapped = TextMerge.Merge(b, theirs, mine);

            swapped.IsClean.ShouldBe(merged.IsClean);
            swapped.Text.ShouldBe(merged.Text);
        }, iter: Iterations);
    }

    [Fact]
    public void Rewrites_of_different_segments_merge_into_both_rewrites_or_ask_but_never_misplace_one()
    {
        var clean = 0;

        Segmented.Sample((segments, mine, theirs) =>
        {
            var b = Join(segments);
            var m = Join(segments.Select((s, i) => i % 2 == 0 ? mine[i].Apply(s) : s));
            var t = Join(segments.Select((s, i) => i % 2 == 1 ? theirs[i].Apply(s) : s));
            var expected = Join(segments.Select((s, i) => (i % 2 == 0 ? mine[i] : theirs[i]).Apply(s)));

            var result = TextMerge.Merge(b, m, t);

            if (result.IsClean)
            {
                Interlocked.Increment(ref clean);
                result.Text.ShouldBe(expected);
            }
        }, iter: Iterations);

        // Edits a few words apart merge; only when a diff could place an edit in two spots does the person decide.
        clean.ShouldBeGreaterThan((int)(Iterations * 0.8));
    }

    /// <summary>Segments with unchanged text between them, as sentences of a goal have.</summary>
    private static string Join(IEnumerable<string> segments) =>
        string.Concat(segments.Select((s, i) => i == 0 ? s : $"{Separator}section {i}{Separator}{s}"));

    [Fact]
    public void A_clean_merge_keeps_every_insertion_of_both_sides()
    {
        var clean = 0;

        MarkedSides.Sample((b, mine, theirs) =>
        {
            var result = TextMerge.Merge(b, mine, theirs);

            if (result.Text is { } merged)
            {
                Interlocked.Increment(ref clean);
                foreach (var marker in (char[])[MineMarker, TheirsMarker])
                    Count(merged, marker).ShouldBe(Count(mine, marker) + Count(theirs, marker) - Count(b, marker));
            }
        }, iter: Iterations);

        // Random nearby edits mostly conflict (within four characters); enough merge to make the law bite.
        clean.ShouldBeGreaterThan(20);
    }

    private static Gen<string> TextOf(string alphabet, int min, int max) =>
        Gen.Char[alphabet].Array[min, max].Select(chars => new string(chars));

    private static Gen<string> Marked(char marker) =>
        Gen.Select(TextOf("ab ", 0, 2), TextOf("ab ", 0, 2), (before, after) => before + marker + after);

    private static Gen<Typing[]> TypingsOf(Gen<string> inserted, int least) =>
        Gen.Select(Gen.Int[0, 1000], Gen.Int[0, 3], inserted, (at, remove, insert) => new Typing(at, remove, insert))
            .Array[least, 3];

    private static int Count(string text, char c) => text.Count(x => x == c);

    /// <summary>One keystroke run: at a position (taken modulo the text), remove up to some characters and type others.</summary>
    private sealed record Typing(int At, int Remove, string Insert)
    {
        public static string ApplyAll(string text, IEnumerable<Typing> typings) =>
            typings.Aggregate(text, (current, typing) => typing.Apply(current));

        private string Apply(string text)
        {
            var at = At % (text.Length + 1);
            var remove = Math.Min(Remove, text.Length - at);
            return string.Concat(text.AsSpan(0, at), Insert, text.AsSpan(at + remove));
        }
    }

    private enum RewriteKind
    {
        Keep,
        InsertInto,
        DeletePart,
        ReplacePart,
    }

    /// <summary>A rewrite of one segment that leaves it non-empty; positions are taken modulo the segment.</summary>
    private sealed record Rewrite(RewriteKind Kind, int At, int Length, string Text)
    {
        public string Apply(string segment)
        {
            switch (Kind)
            {
                case RewriteKind.InsertInto:
                    return segment.Insert(At % (segment.Length + 1), Text);
                case RewriteKind.DeletePart when segment.Length > 1:
                    var start = At % segment.Length;
                    var most = start == 0 ? segment.Length - 1 : segment.Length - start;
                    return segment.Remove(start, 1 + (Length % most));
                case RewriteKind.ReplacePart:
                    var from = At % segment.Length;
                    return string.Concat(segment.AsSpan(0, from), Text, segment.AsSpan(from + 1 + (Length % (segment.Length - from))));
                default:
                    return segment;
            }
        }
    }
}
