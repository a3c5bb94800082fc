using CareHub.Domain.CarePlans;
using CareHub.Web.Realtime;
using Microsoft.AspNetCore.Components;

namespace CareHub.Web.Features.CarePlans;

/// <summary>
/// One text field of one item, saved on its own as the person types: about <see cref="DefaultDebounce"/> after the
/// last keystroke and when the field is left. Its editing state is a <see cref="FieldDraft"/> (the rules are there);
/// this component feeds it keystrokes, the item as the store has it, and the answers of <see cref="Save"/>, and shows
/// the outcome: saving, saved, merged, not saved, or the conflict with both texts.
/// </summary>
public sealed partial class CarePlanTextField : ComponentBase, ICarePlanDraftField, IDisposable
{
    public static readonly TimeSpan DefaultDebounce = TimeSpan.FromMilliseconds(600);

    private FieldDraft _draft = FieldDraft.Start(string.Empty, 0);
    private Guid? _itemId;
    private string _id = string.Empty;
    private string? _trackedKey;
    private CarePlanDrafts? _trackedBy;
    private ITimer? _debounce;
    private bool _debouncePending;
    private volatile bool _disposed;

    [Parameter, EditorRequired]
    public CarePlanItemView Item { get; set; } = default!;

    /// <summary><see cref="CarePlanField.Text"/> or <see cref="CarePlanField.Detail"/>.</summary>
    [Parameter]
    public CarePlanField Field { get; set; } = CarePlanField.Text;

    [Parameter, EditorRequired]
    public Guid PlanId { get; set; }

    [Parameter, EditorRequired]
    public string Label { get; set; } = string.Empty;

    [Parameter]
    public bool ReadOnly { get; set; }

    [Parameter]
    public int Rows { get; set; } = 1;

    /// <summary>Saves one edit and answers how it went (the page sends it through the store).</summary>
    [Parameter, EditorRequired]
    public Func<FieldEdit, Task<CarePlanResult>> Save { get; set; } = default!;

    /// <summary>Where this circuit's focus and typing are told to presence; none: not told.</summary>
    [Parameter]
    public CarePlanFieldFocus? Focus { get; set; }

    /// <summary>The other people in this field now.</summary>
    [Parameter]
    public IReadOnlyList<PresenceEntry> Others { get; set; } = [];

    /// <summary>The browser's keeping of typed text; none: not kept.</summary>
    [Parameter]
    public CarePlanDrafts? Drafts { get; set; }

    [Parameter]
    public TimeSpan DebounceDelay { get; set; } = DefaultDebounce;

    [Inject]
    private TimeProvider Clock { get; set; } = default!;

    public string CurrentText => _draft.Text;

    internal FieldDraft Draft => _draft;

    private string FieldName => CarePlanFieldKeys.Name(Field);

    private string PresenceKey => CarePlanFieldKeys.Presence(Item.Id, Field);

    private string DraftKey => CarePlanFieldKeys.Draft(PlanId, Item.Id, Field);

    private string StateId => _id + "-state";

    private bool IsLocked => ReadOnly || _draft.Conflict is not null;

    private string? StateText => _draft.State switch
    {
        FieldSaveState.Editing => "Editing…",
        FieldSaveState.Saving => "Saving…",
        FieldSaveState.Saved => "Saved",
        FieldSaveState.Merged => $"Merged with {(_draft.MergedWith is { } name ? name + "'s" : "someone else's")} change",
        FieldSaveState.Conflict => "Not saved: someone else changed the same words. Choose below.",
        _ => null,
    };

    protected override void OnParametersSet()
    {
        var text = Item.ValueOf(Field) ?? string.Empty;
        if (_itemId != Item.Id)
        {
            _itemId = Item.Id;
            _id = $"careplan-{Item.Id:N}-{FieldName}";
            _draft = FieldDraft.Start(text, Item.Version);
        }
        else
        {
            _draft = FieldDraft.Received(_draft, text, Item.Version, Item.ChangedBy);
        }
        Track();
    }

    private void OnInput(string? text)
    {
        if (IsLocked)
            return;
        _draft = FieldDraft.Edited(_draft, text);
        Focus?.Typed(PresenceKey);
        _debounce ??= Clock.CreateTimer(_ => OnDebounceElapsed(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        _debouncePending = true;
        _debounce.Change(DebounceDelay, Timeout.InfiniteTimeSpan);
    }

    private void OnFocus() => Focus?.Entered(PresenceKey);

    private Task OnBlurAsync()
    {
        Focus?.Left(PresenceKey);
        return SaveNowAsync();
    }

    private Task SaveNowAsync()
    {
        StopDebounce();
        return SaveAsync();
    }

    private void OnDebounceElapsed()
    {
        if (!_disposed)
            _ = RunDebouncedSaveAsync();
    }

    private async Task RunDebouncedSaveAsync()
    {
        try
        {
            await InvokeAsync(() =>
            {
                _debouncePending = false;
                return SaveAsync();
            });
        }
        catch (ObjectDisposedException)
        {
            // The circuit went away; the browser still keeps the text (CarePlanPage.razor.js).
        }
    }

    private async Task SaveAsync()
    {
        if (_disposed || ReadOnly || !_draft.NeedsSave)
            return;
        _draft = FieldDraft.Sent(_draft);
        var edit = new FieldEdit(Item.Id, Field, _draft.Base, _draft.Sending);
        StateHasChanged();
        CarePlanResult result;
        try
        {
            result = await Save(edit);
        }
        catch (Exception)
        {
            result = new CarePlanResult.Invalid(CarePlanMessages.CouldNotSave);
        }
        if (_disposed)
            return;
        _draft = Apply(_draft, result);
        StateHasChanged();
        if (result is not CarePlanResult.Saved)
            return;
        if (Drafts is { } drafts)
            await drafts.ClearAsync(DraftKey, edit.Value ?? string.Empty);
        // Typed on while saving: that typing is saved next, unless the person is still at it (the pause saves it).
        if (_draft.NeedsSave && !_debouncePending)
            await SaveAsync();
    }

    /// <summary>The field's state after <paramref name="result"/> answered the save in flight.</summary>
    internal static FieldDraft Apply(FieldDraft draft, CarePlanResult result) => result switch
    {
        CarePlanResult.Saved saved => FieldDraft.Saved(draft, saved.Value, saved.Item?.Version ?? draft.Base, saved.Merged, saved.MergedWith),
        CarePlanResult.Conflict conflict => FieldDraft.Conflicted(draft, conflict.Theirs, conflict.TheirName, conflict.Item.Version),
        _ => FieldDraft.Failed(draft, CarePlanMessages.Of(result)),
    };

    private async Task KeepTheirsAsync()
    {
        if (_draft.Conflict is not { } conflict)
            return;
        _draft = FieldDraft.Resolved(_draft, conflict.Theirs);
        if (Drafts is { } drafts)
            await drafts.ClearAsync(DraftKey, conflict.Mine);
        await SaveAsync();
    }

    private Task UseMineAsync() => _draft.Conflict is { } conflict ? ResolveAsync(conflict.Mine) : Task.CompletedTask;

    private Task SaveCombinedAsync(string combined) => ResolveAsync(combined);

    private Task ResolveAsync(string text)
    {
        _draft = FieldDraft.Resolved(_draft, text);
        return SaveAsync();
    }

    public Task RestoreAsync(string text, long @base) => InvokeAsync(() =>
    {
        if (ReadOnly)
            return Task.CompletedTask;
        StopDebounce();
        _draft = FieldDraft.Restored(_draft, text, @base);
        StateHasChanged();
        return SaveAsync();
    });

    private void StopDebounce()
    {
        _debouncePending = false;
        _debounce?.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    private void Track()
    {
        if (ReferenceEquals(_trackedBy, Drafts) && _trackedKey == DraftKey)
            return;
        Untrack();
        if (Drafts is not { } drafts)
            return;
        _trackedBy = drafts;
        _trackedKey = DraftKey;
        drafts.Track(_trackedKey, this);
    }

    private void Untrack()
    {
        if (_trackedBy is { } drafts && _trackedKey is { } key)
            drafts.Untrack(key, this);
        _trackedBy = null;
        _trackedKey = null;
    }

    public void Dispose()
    {
        _disposed = true;
        // A pending save is not forced here: the browser keeps the text and offers it back (a reload disposes too).
        _debounce?.Dispose();
        Untrack();
        if (_itemId is not null)
            Focus?.Left(PresenceKey);
    }
}
