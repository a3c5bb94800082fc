using CareHub.Web.Features.CarePlans;

namespace CareHub.Web.Tests.Features.CarePlans;

/// <summary>The three-way merge of a care plan text edited by two people at once, and the difference shown to them.</summary>
public sealed class TextMergeTests
{
    private const string Goal = "Reduce HbA1c below 8% by March";

    [Fact]
    public void Two_people_typing_at_different_places_of_a_goal_get_both_edits()
    {
        var mine = "Reduce HbA1c below 8% by June";
        var theirs = "Reduce fasting HbA1c below 8% by March";

        var result = TextMerge.Merge(Goal, mine, theirs);

        result.IsClean.ShouldBeTrue();
        result.Text.ShouldBe("Reduce fasting HbA1c below 8% by June");
    }

    [Fact]
    public void Edits_at_the_start_and_the_end_of_a_goal_merge_whichever_side_made_them()
    {
        var mine = "Gradually reduce HbA1c below 8% by March";
        var theirs = "Reduce HbA1c below 8% by March, checked monthly";

        var merged = TextMerge.Merge(Goal, mine, theirs);
        var swapped = TextMerge.Merge(Goal, theirs, mine);

        merged.Text.ShouldBe("Gradually reduce HbA1c below 8% by March, checked monthly");
        swapped.Text.ShouldBe(merged.Text);
    }

    [Fact]
    public void The_same_edit_made_on_both_sides_is_kept_once()
    {
        var mine = "Reduce HbA1c below 7% by June";
        var theirs = "Reduce fasting HbA1c below 7% by March";

        var result = TextMerge.Merge(Goal, mine, theirs);

        result.Text.ShouldBe("Reduce fasting HbA1c below 7% by June");
    }

    [Fact]
    public void Both_sides_making_the_very_same_change_give_that_change()
    {
        var edited = "Reduce HbA1c below 7% by March";

        var result = TextMerge.Merge(Goal, edited, edited);

        result.Text.ShouldBe(edited);
    }

    [Fact]
    public void When_one_side_left_the_text_unchanged_the_other_side_is_the_result()
    {
        var edited = "Reduce HbA1c below 7.5% by April";

        var theirsOnly = TextMerge.Merge(Goal, Goal, edited);
        var mineOnly = TextMerge.Merge(Goal, edited, Goal);

        theirsOnly.Text.ShouldBe(edited);
        mineOnly.Text.ShouldBe(edited);
    }

    [Fact]
    public void Overlapping_replacements_are_a_conflict()
    {
        var mine = "Reduce HbA1c below 7% by March";
        var theirs = "Reduce HbA1c below 6.5% by March";

        var result = TextMerge.Merge(Goal, mine, theirs);

        result.IsClean.ShouldBeFalse();
        result.Text.ShouldBeNull();
        result.ShouldBe(MergeResult.Conflict);
    }

    [Fact]
    public void Replacing_a_word_that_the_other_side_deleted_is_a_conflict()
    {
        var mine = "Reduce HbA1c below 8% by April";
        var theirs = "Reduce HbA1c below 8%";

        var result = TextMerge.Merge(Goal, mine, theirs);

        result.IsClean.ShouldBeFalse();
    }

    [Fact]
    public void Two_different_insertions_at_the_same_place_are_a_conflict()
    {
        var @base = "Walk daily";

        var result = TextMerge.Merge(@base, "Walk 30 min daily", "Walk briskly daily");

        result.IsClean.ShouldBeFalse();
    }

    [Fact]
    public void Two_identical_insertions_at_the_same_place_are_kept_once()
    {
        var @base = "Walk daily after lunch, then rest for twenty minutes";
        var mine = "Walk briskly daily after lunch, then rest for thirty minutes";
        var theirs = "Walk briskly daily after lunch, then rest for twenty minutes with feet up";

        var result = TextMerge.Merge(@base, mine, theirs);

        result.IsClean.ShouldBeTrue();
        result.Text.ShouldBe("Walk briskly daily after lunch, then rest for thirty minutes with feet up");
    }

    [Fact]
    public void Edits_a_few_words_apart_merge()
    {
        var @base = "Walk 20 min daily, then stretch";
        var mine = "Walk 30 min daily, then stretch";
        var theirs = "Walk 20 min daily, then stretch both legs";

        var result = TextMerge.Merge(@base, mine, theirs);

        result.Text.ShouldBe("Walk 30 min daily, then stretch both legs");
    }

    [Theory]
    [InlineData("Walk 20 min daily", "Walk 20 min", "Walk 20 min daily after lunch")]
    [InlineData("Check feet daily", "Check both feet daily", "Check hands daily")]
    public void Edits_touching_each_other_are_the_persons_to_combine_in_either_order(string @base, string mine, string theirs)
    {
        var merged = TextMerge.Merge(@base, mine, theirs);
        var swapped = TextMerge.Merge(@base, theirs, mine);

        // Within four characters a character diff may align one edit across the other; the person sees both texts.
        merged.ShouldBe(MergeResult.Conflict);
        swapped.ShouldBe(MergeResult.Conflict);
    }

    [Fact]
    public void When_items_repeat_each_other_an_edit_never_lands_in_the_wrong_item()
    {
        var @base = "Diet | walk daily | walk daily 20 min";
        var mine = "Diet walk daily | walk daily | 20 min";
        var theirs = "Diet | walk | walk daily 20 min";

        var result = TextMerge.Merge(@base, mine, theirs);

        // Either the edits land where they were made, or the person is asked: never an edit in the wrong item.
        if (result.IsClean)
            result.Text.ShouldBe("Diet walk daily | walk | 20 min");
        else
            result.ShouldBe(MergeResult.Conflict);
    }

    [Fact]
    public void From_an_empty_base_one_new_text_is_kept_and_two_different_ones_conflict()
    {
        var text = "Reduce HbA1c below 8%";

        var mineOnly = TextMerge.Merge(string.Empty, text, string.Empty);
        var theirsOnly = TextMerge.Merge(string.Empty, string.Empty, text);
        var same = TextMerge.Merge(string.Empty, text, text);
        var different = TextMerge.Merge(string.Empty, text, "Stop smoking");

        mineOnly.Text.ShouldBe(text);
        theirsOnly.Text.ShouldBe(text);
        same.Text.ShouldBe(text);
        different.IsClean.ShouldBeFalse();
    }

    [Fact]
    public void A_missing_text_is_refused()
    {
        Should.Throw<ArgumentNullException>(() => TextMerge.Merge(null!, Goal, Goal));
        Should.Throw<ArgumentNullException>(() => TextMerge.Merge(Goal, null!, Goal));
        Should.Throw<ArgumentNullException>(() => TextMerge.Merge(Goal, Goal, null!));
    }

    [Fact]
    public void The_difference_of_a_changed_target_shows_what_was_removed_and_added()
    {
        var after = "Reduce HbA1c below 7% by June";

        var diff = TextMerge.Diff(Goal, after);

        diff.ShouldBe(
        [
            new DiffSegment(DiffKind.Same, "Reduce HbA1c below "),
            new DiffSegment(DiffKind.Removed, "8"),
            new DiffSegment(DiffKind.Added, "7"),
            new DiffSegment(DiffKind.Same, "% by "),
            new DiffSegment(DiffKind.Removed, "March"),
            new DiffSegment(DiffKind.Added, "June"),
        ]);
    }

    [Theory]
    [InlineData("Reduce HbA1c below 8% by March", "Reduce fasting HbA1c below 7.5% by June")]
    [InlineData("Walk daily", "Swim twice a week")]
    [InlineData("", "Stop smoking")]
    [InlineData("Stop smoking", "")]
    [InlineData("Check feet daily", "Check feet daily")]
    public void The_kept_and_removed_parts_spell_the_old_text_and_the_kept_and_added_parts_the_new(string before, string after)
    {
        var diff = TextMerge.Diff(before, after);

        string.Concat(diff.Where(s => s.Kind != DiffKind.Added).Select(s => s.Text)).ShouldBe(before);
        string.Concat(diff.Where(s => s.Kind != DiffKind.Removed).Select(s => s.Text)).ShouldBe(after);
    }

    [Fact]
    public void A_missing_text_in_a_difference_counts_as_empty()
    {
        var added = TextMerge.Diff(null, "Stop smoking");
        var removed = TextMerge.Diff("Stop smoking", null);
        var nothing = TextMerge.Diff(null, null);

        added.ShouldBe([new DiffSegment(DiffKind.Added, "Stop smoking")]);
        removed.ShouldBe([new DiffSegment(DiffKind.Removed, "Stop smoking")]);
        nothing.ShouldBeEmpty();
    }
}
