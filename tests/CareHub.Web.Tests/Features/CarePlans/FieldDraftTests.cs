using CareHub.Web.Features.CarePlans;

namespace CareHub.Web.Tests.Features.CarePlans;

/// <summary>The editing state of one text field as plain transitions: nothing the person typed is ever dropped.</summary>
public sealed class FieldDraftTests
{
    private const string Original = "Walks 10 minutes a day";

    private static FieldDraft Shown(string text = Original, long version = 3) => FieldDraft.Start(text, version);

    [Fact]
    public void A_new_field_is_clean_at_the_items_version_with_nothing_to_save()
    {
        var draft = Shown();

        draft.Text.ShouldBe(Original);
        draft.Base.ShouldBe(3);
        draft.IsDirty.ShouldBeFalse();
        draft.NeedsSave.ShouldBeFalse();
        draft.State.ShouldBe(FieldSaveState.Idle);
    }

    [Fact]
    public void A_server_change_to_a_clean_field_takes_the_servers_text_and_version()
    {
        var draft = FieldDraft.Received(Shown(), "Walks 20 minutes a day", 4, "Devon Okafor");

        draft.Text.ShouldBe("Walks 20 minutes a day");
        draft.Synced.ShouldBe("Walks 20 minutes a day");
        draft.Base.ShouldBe(4);
        draft.IsDirty.ShouldBeFalse();
    }

    [Fact]
    public void A_server_change_of_another_field_moves_the_base_and_keeps_the_text()
    {
        var draft = FieldDraft.Received(Shown(), Original, 5, "Devon Okafor");

        draft.Text.ShouldBe(Original);
        draft.Base.ShouldBe(5);
        draft.Replaced.ShouldBeNull("the text did not change under the caret");
    }

    [Fact]
    public void An_older_or_same_version_from_the_server_is_ignored()
    {
        var shown = Shown(version: 4);

        FieldDraft.Received(shown, "Something older", 4, null).ShouldBe(shown);
        FieldDraft.Received(shown, "Something older", 2, null).ShouldBe(shown);
    }

    [Fact]
    public void A_server_change_while_the_person_has_typed_keeps_their_text_and_its_base()
    {
        var typing = FieldDraft.Edited(Shown(), "Walks 10 minutes a day after lunch");

        var draft = FieldDraft.Received(typing, "Daily: Walks 10 minutes a day", 4, "Devon Okafor");

        draft.Text.ShouldBe("Walks 10 minutes a day after lunch");
        draft.Base.ShouldBe(3, "the next save merges on the server from the version the typing started from");
        draft.NeedsSave.ShouldBeTrue();
        draft.Newest.ShouldBe(new FieldServerText("Daily: Walks 10 minutes a day", 4, "Devon Okafor"));
    }

    [Fact]
    public void A_server_change_while_saving_keeps_the_text_being_saved()
    {
        var saving = FieldDraft.Sent(FieldDraft.Edited(Shown(), "Walks 15 minutes a day"));

        var draft = FieldDraft.Received(saving, "Walks 10 minutes daily", 4, "Devon Okafor");

        draft.Text.ShouldBe("Walks 15 minutes a day");
        draft.IsSaving.ShouldBeTrue();
        draft.Base.ShouldBe(3);
    }

    [Fact]
    public void Sending_remembers_the_text_sent_and_nothing_more_is_sent_until_the_answer()
    {
        var draft = FieldDraft.Sent(FieldDraft.Edited(Shown(), "Walks 15 minutes a day"));

        draft.Sending.ShouldBe("Walks 15 minutes a day");
        draft.State.ShouldBe(FieldSaveState.Saving);
        draft.NeedsSave.ShouldBeFalse();
        FieldDraft.Edited(draft, "Walks 15 minutes a day!").NeedsSave.ShouldBeFalse("one save at a time");
    }

    [Fact]
    public void An_answer_to_a_save_with_nothing_typed_since_makes_the_field_clean_at_the_saved_version()
    {
        var saving = FieldDraft.Sent(FieldDraft.Edited(Shown(), "Walks 15 minutes a day"));

        var draft = FieldDraft.Saved(saving, "Walks 15 minutes a day", 4, merged: false, mergedWith: null);

        draft.Text.ShouldBe("Walks 15 minutes a day");
        draft.Base.ShouldBe(4);
        draft.IsDirty.ShouldBeFalse();
        draft.IsSaving.ShouldBeFalse();
        draft.State.ShouldBe(FieldSaveState.Saved);
    }

    [Fact]
    public void A_merged_answer_shows_the_merged_text_and_who_it_was_merged_with()
    {
        var saving = FieldDraft.Sent(FieldDraft.Edited(Shown(), "Walks 10 minutes a day after lunch"));

        var draft = FieldDraft.Saved(saving, "Daily: Walks 10 minutes a day after lunch", 5, merged: true, mergedWith: "Devon Okafor");

        draft.Text.ShouldBe("Daily: Walks 10 minutes a day after lunch");
        draft.Base.ShouldBe(5);
        draft.IsDirty.ShouldBeFalse();
        draft.State.ShouldBe(FieldSaveState.Merged);
        draft.MergedWith.ShouldBe("Devon Okafor");
        draft.Replaced.ShouldBe(new FieldReplaced("Walks 10 minutes a day after lunch", 3, Original));
    }

    [Fact]
    public void Typing_on_while_a_save_merged_someone_elses_words_is_left_for_the_server_to_merge_at_the_next_save()
    {
        var saving = FieldDraft.Sent(FieldDraft.Edited(Shown(), "Walks 10 minutes a day after lunch"));
        var typedMore = FieldDraft.Edited(saving, "Walks 10 minutes a day after lunch with her daughter");

        // The server merged someone else's "Daily: " into the save while the person kept typing.
        var draft = FieldDraft.Saved(typedMore, "Daily: Walks 10 minutes a day after lunch", 5, merged: true, mergedWith: "Devon Okafor");

        draft.Text.ShouldBe("Walks 10 minutes a day after lunch with her daughter", "the text under the caret does not change while typing");
        draft.Base.ShouldBe(3, "saved from its old base, the next save merges both the saved words and the other person's");
        draft.NeedsSave.ShouldBeTrue();
        draft.State.ShouldBe(FieldSaveState.Editing);
        draft.Newest.ShouldBe(new FieldServerText("Daily: Walks 10 minutes a day after lunch", 5, null));
    }

    [Fact]
    public void The_next_answer_after_typing_on_shows_the_merged_text()
    {
        var saving = FieldDraft.Sent(FieldDraft.Edited(Shown(), "Walks 10 minutes a day after lunch"));
        var typedMore = FieldDraft.Edited(saving, "Walks 10 minutes a day after lunch with her daughter");
        var deferred = FieldDraft.Saved(typedMore, "Daily: Walks 10 minutes a day after lunch", 5, merged: true, mergedWith: "Devon Okafor");

        var draft = FieldDraft.Saved(FieldDraft.Sent(deferred), "Daily: Walks 10 minutes a day after lunch with her daughter", 6, merged: true, "Devon Okafor");

        draft.Text.ShouldBe("Daily: Walks 10 minutes a day after lunch with her daughter");
        draft.Base.ShouldBe(6);
        draft.IsDirty.ShouldBeFalse();
        draft.State.ShouldBe(FieldSaveState.Merged);
    }

    [Fact]
    public void Typing_on_while_saving_a_plain_save_keeps_the_new_typing_at_the_saved_version()
    {
        var saving = FieldDraft.Sent(FieldDraft.Edited(Shown(), "Walks 10 minutes a day after"));
        var typedMore = FieldDraft.Edited(saving, "Walks 10 minutes a day after lunch");

        var draft = FieldDraft.Saved(typedMore, "Walks 10 minutes a day after", 4, merged: false, mergedWith: null);

        draft.Text.ShouldBe("Walks 10 minutes a day after lunch");
        draft.Base.ShouldBe(4);
        draft.NeedsSave.ShouldBeTrue();
        draft.Replaced.ShouldBeNull("the text on screen did not change");
    }

    [Fact]
    public void Typing_on_that_overlaps_the_merged_change_keeps_the_text_with_its_old_base()
    {
        var saving = FieldDraft.Sent(FieldDraft.Edited(Shown(), "Walks 10 minutes a day after lunch"));
        var typedMore = FieldDraft.Edited(saving, "Walks 12 minutes a day after lunch");

        // Someone else changed "10" too, and the server merged it into the save.
        var draft = FieldDraft.Saved(typedMore, "Walks 15 minutes a day after lunch", 5, merged: true, mergedWith: "Devon Okafor");

        draft.Text.ShouldBe("Walks 12 minutes a day after lunch");
        draft.Base.ShouldBe(3, "the next save merges on the server, or shows the conflict");
        draft.NeedsSave.ShouldBeTrue();
    }

    [Fact]
    public void A_server_change_that_came_while_saving_is_shown_once_the_field_is_clean()
    {
        var saving = FieldDraft.Sent(FieldDraft.Edited(Shown(), "Walks 15 minutes a day"));
        var heard = FieldDraft.Received(saving, "Walks 15 minutes a day, with a cane", 5, "Devon Okafor");

        var draft = FieldDraft.Saved(heard, "Walks 15 minutes a day", 4, merged: false, mergedWith: null);

        draft.Text.ShouldBe("Walks 15 minutes a day, with a cane");
        draft.Base.ShouldBe(5);
        draft.IsDirty.ShouldBeFalse();
    }

    [Fact]
    public void A_conflict_keeps_both_texts_and_saves_nothing_until_the_person_chooses()
    {
        var saving = FieldDraft.Sent(FieldDraft.Edited(Shown(), "Walks 20 minutes a day"));

        var draft = FieldDraft.Conflicted(saving, "Walks 15 minutes a day", "Devon Okafor", 4);

        draft.Conflict.ShouldBe(new FieldConflict("Walks 20 minutes a day", "Walks 15 minutes a day", "Devon Okafor", 4));
        draft.Text.ShouldBe("Walks 20 minutes a day", "what the person typed stays on screen");
        draft.State.ShouldBe(FieldSaveState.Conflict);
        draft.NeedsSave.ShouldBeFalse();
    }

    [Fact]
    public void Resolving_a_conflict_with_mine_saves_it_from_the_conflicts_version()
    {
        var conflicted = FieldDraft.Conflicted(FieldDraft.Sent(FieldDraft.Edited(Shown(), "Walks 20 minutes a day")), "Walks 15 minutes a day", "Devon Okafor", 4);

        var draft = FieldDraft.Resolved(conflicted, "Walks 20 minutes a day");

        draft.Conflict.ShouldBeNull();
        draft.Base.ShouldBe(4);
        draft.Synced.ShouldBe("Walks 15 minutes a day");
        draft.NeedsSave.ShouldBeTrue();
    }

    [Fact]
    public void Keeping_theirs_leaves_a_clean_field_with_nothing_to_save()
    {
        var conflicted = FieldDraft.Conflicted(FieldDraft.Sent(FieldDraft.Edited(Shown(), "Walks 20 minutes a day")), "Walks 15 minutes a day", "Devon Okafor", 4);

        var draft = FieldDraft.Resolved(conflicted, "Walks 15 minutes a day");

        draft.Text.ShouldBe("Walks 15 minutes a day");
        draft.Base.ShouldBe(4);
        draft.NeedsSave.ShouldBeFalse();
    }

    [Fact]
    public void A_newer_server_text_during_a_conflict_becomes_theirs()
    {
        var conflicted = FieldDraft.Conflicted(FieldDraft.Sent(FieldDraft.Edited(Shown(), "Walks 20 minutes a day")), "Walks 15 minutes a day", "Devon Okafor", 4);

        var draft = FieldDraft.Received(conflicted, "Walks 15 minutes a day, slowly", 6, "Ana Ruiz");

        draft.Conflict.ShouldBe(new FieldConflict("Walks 20 minutes a day", "Walks 15 minutes a day, slowly", "Ana Ruiz", 6));
        draft.Text.ShouldBe("Walks 20 minutes a day");
    }

    [Fact]
    public void A_failed_save_keeps_the_typed_text_and_its_base_and_tries_again_later()
    {
        var saving = FieldDraft.Sent(FieldDraft.Edited(Shown(), "Walks 20 minutes a day"));

        var draft = FieldDraft.Failed(saving, "The change could not be saved just now.");

        draft.Text.ShouldBe("Walks 20 minutes a day");
        draft.Base.ShouldBe(3);
        draft.State.ShouldBe(FieldSaveState.Failed);
        draft.Error.ShouldBe("The change could not be saved just now.");
        draft.NeedsSave.ShouldBeTrue();
        FieldDraft.Sent(draft).Error.ShouldBeNull();
    }

    [Fact]
    public void A_keystroke_made_on_the_text_before_a_server_change_is_merged_onto_the_new_text()
    {
        // The server replaced the text; the browser had not shown it yet when the person typed "!" at the end.
        var replaced = FieldDraft.Received(Shown(), "Daily: Walks 10 minutes a day", 4, "Devon Okafor");

        var draft = FieldDraft.Edited(replaced, "Walks 10 minutes a day!");

        draft.Text.ShouldBe("Daily: Walks 10 minutes a day!");
        draft.Base.ShouldBe(4);
        draft.NeedsSave.ShouldBeTrue();
        draft.Replaced.ShouldBe(new FieldReplaced("Walks 10 minutes a day!", 3, Original), "the browser may still show the typed text");
    }

    [Fact]
    public void Several_keystrokes_in_flight_on_the_text_before_a_server_change_are_all_merged_onto_it()
    {
        var replaced = FieldDraft.Received(Shown(), "Daily: Walks 10 minutes a day", 4, "Devon Okafor");

        var draft = FieldDraft.Edited(FieldDraft.Edited(replaced, "Walks 10 minutes a day!"), "Walks 10 minutes a day!!");

        draft.Text.ShouldBe("Daily: Walks 10 minutes a day!!");
        draft.Base.ShouldBe(4);
    }

    [Fact]
    public void A_keystroke_made_on_the_new_text_is_kept_as_typed()
    {
        var replaced = FieldDraft.Received(Shown(), "Daily: Walks 10 minutes a day", 4, "Devon Okafor");

        var draft = FieldDraft.Edited(replaced, "Daily: Walks 10 minutes a day!");

        draft.Text.ShouldBe("Daily: Walks 10 minutes a day!");
        draft.Base.ShouldBe(4);
    }

    [Fact]
    public void A_keystroke_on_the_old_text_that_overlaps_the_server_change_goes_back_to_the_old_base()
    {
        var replaced = FieldDraft.Received(Shown(), "Walks 15 minutes a day", 4, "Devon Okafor");

        var draft = FieldDraft.Edited(replaced, "Walks 12 minutes a day");

        draft.Text.ShouldBe("Walks 12 minutes a day");
        draft.Base.ShouldBe(3, "saved from the version it was typed on, the server shows the conflict rather than dropping a change");
        draft.Synced.ShouldBe(Original);
    }

    [Fact]
    public void Kept_text_restored_after_a_reload_is_saved_from_the_version_it_was_typed_on()
    {
        var draft = FieldDraft.Restored(Shown(version: 5), "Walks 10 minutes a day and stretches", 3);

        draft.Text.ShouldBe("Walks 10 minutes a day and stretches");
        draft.Base.ShouldBe(3);
        draft.NeedsSave.ShouldBeTrue();
    }

    [Fact]
    public void Restoring_the_text_the_field_has_changes_nothing()
    {
        var shown = Shown();

        FieldDraft.Restored(shown, Original, 1).ShouldBe(shown);
    }
}
