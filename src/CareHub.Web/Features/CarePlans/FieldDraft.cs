namespace CareHub.Web.Features.CarePlans;

/// <summary>What a text field says about its text, from the person's point of view.</summary>
public enum FieldSaveState
{
    /// <summary>Nothing typed since the field was shown.</summary>
    Idle,

    /// <summary>Typed, the save waits for a pause in typing.</summary>
    Editing,

    Saving,
    Saved,

    /// <summary>Saved, merged with someone else's change made at the same time.</summary>
    Merged,

    /// <summary>Refused or failed; the typed text is kept.</summary>
    Failed,

    /// <summary>Someone else changed the same words: the person chooses.</summary>
    Conflict,
}

/// <summary>Both texts of an overlapping edit; resolving saves from <see cref="Version"/> (the item's version now).</summary>
public sealed record FieldConflict(string Mine, string Theirs, string? TheirName, long Version);

/// <summary>A server text the field did not take because the person was typing; applied once the field is clean.</summary>
public sealed record FieldServerText(string Text, long Version, string? ChangedBy);

/// <summary>
/// The text and base the field had before the server replaced them under the person's caret (a remote change to a
/// clean field, or an acknowledgement that merged). The next keystroke may have been typed on this text, not on the new
/// one: <see cref="FieldDraft.Edited"/> tells which and rebases it, so nobody's words are dropped.
/// </summary>
public sealed record FieldReplaced(string Text, long Base, string Synced);

/// <summary>
/// The editing state of one text field of one item, as a value, with pure transitions (no Blazor): what the person
/// typed (<see cref="Text"/>), the item version it started from (<see cref="Base"/>), the server's text at that version
/// (<see cref="Synced"/>), and the save in flight. The rules: a server change is taken only while the field is clean;
/// while the person's text differs it is kept with its base (the next save merges on the server); an acknowledgement
/// of a save during which the person typed on rebases their new typing onto what was saved. What the person typed is
/// never dropped: it is either saved, merged, or shown beside the other text in a conflict.
/// </summary>
public sealed record FieldDraft
{
    private FieldDraft(string text, long @base)
    {
        Text = text;
        Base = @base;
        Synced = text;
    }

    /// <summary>The text as the person has it.</summary>
    public string Text { get; init; }

    /// <summary>The item version <see cref="Text"/> was started from: the base version of the next save.</summary>
    public long Base { get; init; }

    /// <summary>The server's text at <see cref="Base"/> (last saved or received): the field is dirty when Text differs.</summary>
    public string Synced { get; init; }

    /// <summary>The text of the save in flight; null when none.</summary>
    public string? Sending { get; init; }

    public FieldConflict? Conflict { get; init; }

    /// <summary>Why the last save did not happen; cleared by the next save.</summary>
    public string? Error { get; init; }

    /// <summary>How the last save ended (Idle before any).</summary>
    public FieldSaveState LastSave { get; init; }

    /// <summary>Whose change the last save was merged with, when it was and the name is known.</summary>
    public string? MergedWith { get; init; }

    /// <summary>The newest server text seen while the field was dirty.</summary>
    public FieldServerText? Newest { get; init; }

    public FieldReplaced? Replaced { get; init; }

    public bool IsDirty => !string.Equals(Text, Synced, StringComparison.Ordinal);

    public bool IsSaving => Sending is not null;

    /// <summary>There is typed text to save and nothing stands in the way (a save in flight, a conflict to resolve).</summary>
    public bool NeedsSave => IsDirty && !IsSaving && Conflict is null;

    public FieldSaveState State =>
        Conflict is not null ? FieldSaveState.Conflict
        : IsSaving ? FieldSaveState.Saving
        : Error is not null ? FieldSaveState.Failed
        : IsDirty ? FieldSaveState.Editing
        : LastSave;

    /// <summary>A field showing the server's <paramref name="text"/> of item version <paramref name="version"/>.</summary>
    public static FieldDraft Start(string text, long version) => new(text ?? string.Empty, version);

    /// <summary>
    /// The server's text of item version <paramref name="version"/> arrived. Older or same versions are ignored; a clean
    /// field takes it (its text and base); a dirty or saving field keeps the person's text and base and remembers the
    /// newest server text for when it is clean again; during a conflict it becomes the conflict's "theirs".
    /// </summary>
    public static FieldDraft Received(FieldDraft draft, string? text, long version, string? changedBy)
    {
        ArgumentNullException.ThrowIfNull(draft);
        var server = text ?? string.Empty;
        if (draft.Conflict is { } conflict)
        {
            return version > conflict.Version
                ? draft with { Conflict = conflict with { Theirs = server, Version = version, TheirName = changedBy ?? conflict.TheirName } }
                : draft;
        }
        if (version <= draft.Base)
            return draft;
        if (draft.IsDirty || draft.IsSaving)
        {
            return draft.Newest is { } newest && newest.Version >= version
                ? draft
                : draft with { Newest = new FieldServerText(server, version, changedBy) };
        }
        if (string.Equals(server, draft.Text, StringComparison.Ordinal))
            return draft with { Base = version, Synced = server, Newest = null };
        return draft with
        {
            Text = server,
            Synced = server,
            Base = version,
            Newest = null,
            Replaced = new FieldReplaced(draft.Text, draft.Base, draft.Synced),
        };
    }

    /// <summary>
    /// The person changed the text to <paramref name="text"/>. Right after the server replaced the text, the keystroke
    /// may have been made on the text before (the browser had not shown the new one yet): then the typing is merged onto
    /// the new text, or, when the two overlap, kept with the old base so the server merges it or shows the conflict.
    /// </summary>
    public static FieldDraft Edited(FieldDraft draft, string? text)
    {
        ArgumentNullException.ThrowIfNull(draft);
        var typed = text ?? string.Empty;
        var next = draft with { Text = typed, Replaced = null };
        if (draft.Replaced is not { } replaced || !TypedOn(replaced.Text, draft.Text, typed))
            return next;
        var rebased = TextMerge.Merge(replaced.Text, typed, draft.Text);
        if (!rebased.IsClean)
            return next with { Base = replaced.Base, Synced = replaced.Synced };
        // The browser may still show the typed text (more keystrokes in flight): the next one is checked the same way.
        return string.Equals(rebased.Text, typed, StringComparison.Ordinal)
            ? next
            : next with { Text = rebased.Text!, Replaced = replaced with { Text = typed } };
    }

    /// <summary>A save of the current text started (call only when <see cref="NeedsSave"/>).</summary>
    public static FieldDraft Sent(FieldDraft draft)
    {
        ArgumentNullException.ThrowIfNull(draft);
        return draft with { Sending = draft.Text, Error = null };
    }

    /// <summary>
    /// The save was acknowledged: <paramref name="value"/> is the field's text as saved (a merge when
    /// <paramref name="merged"/>) at item version <paramref name="version"/>. Nothing typed since sending: the field is
    /// clean at that version with that text. Typed more meanwhile: the new typing is rebased onto the saved text (still
    /// to save); if it cannot be, the text keeps its old base and the next save merges on the server or conflicts.
    /// </summary>
    public static FieldDraft Saved(FieldDraft draft, string? value, long version, bool merged, string? mergedWith)
    {
        ArgumentNullException.ThrowIfNull(draft);
        var saved = value ?? string.Empty;
        var sent = draft.Sending ?? draft.Text;
        var done = draft with
        {
            Sending = null,
            Error = null,
            LastSave = merged ? FieldSaveState.Merged : FieldSaveState.Saved,
            MergedWith = merged ? mergedWith : null,
        };
        FieldDraft next;
        if (string.Equals(draft.Text, sent, StringComparison.Ordinal))
        {
            next = done with { Text = saved, Synced = saved, Base = version, Replaced = ReplacedBy(draft, saved) };
        }
        else
        {
            // Typed on while saving: the new typing is rebased onto the saved text. When that leaves the text as typed
            // (the usual case: nothing of anyone else's came with the save) it is now based on the saved version. When
            // it would change the text under the caret of someone still typing (the save merged someone else's words),
            // the text keeps its old base instead: the next save, at the next pause, merges on the server, and the
            // merged text shows then, when no keystroke is in flight to be overwritten.
            var rebased = TextMerge.Merge(sent, draft.Text, saved);
            if (!rebased.IsClean || !string.Equals(rebased.Text, draft.Text, StringComparison.Ordinal))
                return done with { Newest = Newer(draft.Newest, new FieldServerText(saved, version, null)) };
            next = done with { Synced = saved, Base = version };
        }
        return next.Newest is { } newest ? Received(next with { Newest = null }, newest.Text, newest.Version, newest.ChangedBy) : next;
    }

    /// <summary>The save overlapped someone else's change: nothing was saved; the person chooses between the two texts.</summary>
    public static FieldDraft Conflicted(FieldDraft draft, string? theirs, string? theirName, long version)
    {
        ArgumentNullException.ThrowIfNull(draft);
        return draft with
        {
            Sending = null,
            Error = null,
            Newest = null,
            Conflict = new FieldConflict(draft.Text, theirs ?? string.Empty, theirName, version),
        };
    }

    /// <summary>
    /// The person resolved the conflict with <paramref name="text"/> (theirs, mine or a combination): it is based on the
    /// version the conflict showed, whose text is theirs; unless it is theirs, it is to be saved.
    /// </summary>
    public static FieldDraft Resolved(FieldDraft draft, string? text)
    {
        ArgumentNullException.ThrowIfNull(draft);
        if (draft.Conflict is not { } conflict)
            return draft;
        return draft with
        {
            Text = text ?? string.Empty,
            Base = conflict.Version,
            Synced = conflict.Theirs,
            Conflict = null,
            Replaced = null,
            Error = null,
        };
    }

    /// <summary>The save failed or was refused: the typed text stays, with its base, and the next save tries again.</summary>
    public static FieldDraft Failed(FieldDraft draft, string message)
    {
        ArgumentNullException.ThrowIfNull(draft);
        return draft with { Sending = null, Error = message };
    }

    /// <summary>
    /// Text kept in the browser from before the page was reloaded comes back: it is the person's text again, based on
    /// the version it was typed on, so saving it merges onto whatever changed since.
    /// </summary>
    public static FieldDraft Restored(FieldDraft draft, string? text, long @base)
    {
        ArgumentNullException.ThrowIfNull(draft);
        var restored = text ?? string.Empty;
        if (string.Equals(restored, draft.Text, StringComparison.Ordinal))
            return draft;
        return draft with
        {
            Text = restored,
            Base = @base is > 0 && @base <= draft.Base ? @base : draft.Base,
            Replaced = null,
            Error = null,
        };
    }

    private static FieldServerText Newer(FieldServerText? known, FieldServerText heard) =>
        known is not null && known.Version >= heard.Version ? known : heard;

    private static FieldReplaced? ReplacedBy(FieldDraft before, string now) =>
        string.Equals(before.Text, now, StringComparison.Ordinal) ? before.Replaced : new FieldReplaced(before.Text, before.Base, before.Synced);

    /// <summary>
    /// Whether <paramref name="typed"/> was typed on <paramref name="old"/> rather than on <paramref name="shown"/>: it
    /// is at least as near to it (characters changed). A tie reads as the old text: at worst the server then shows a
    /// conflict, where the other reading could save over someone else's words.
    /// </summary>
    private static bool TypedOn(string old, string shown, string typed) =>
        !string.Equals(old, shown, StringComparison.Ordinal) && Distance(old, typed) <= Distance(shown, typed);

    private static int Distance(string a, string b) =>
        string.Equals(a, b, StringComparison.Ordinal)
            ? 0
            : TextMerge.Diff(a, b).Where(s => s.Kind != DiffKind.Same).Sum(s => s.Text.Length);
}
