using System.Globalization;
using CareHub.Domain.Huddles;
using CareHub.Flux;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace CareHub.Web.Features.Huddle;

/// <summary>
/// A card's details: notes, owner and due date, and its actions with a form to add one. It shows the card as the
/// store has it now, so a change made elsewhere appears here; what this person typed is kept, and saved against
/// the version they started from.
/// </summary>
public sealed partial class HuddleCardDialog
{
    private const string DateFormat = "yyyy-MM-dd";

    private long _baseVersion = -1;
    private string? _baseNotes;
    private Guid _baseOwner;
    private string? _baseDue;
    private string? _notes;
    private Guid _owner;
    private string? _due;
    private string? _actionTitle;
    private Guid _actionOwner;
    private string? _actionDue;
    private bool _saving;
    private string? _error;

    [CascadingParameter]
    private IMudDialogInstance Dialog { get; set; } = default!;

    [Parameter, EditorRequired]
    public Guid BoardId { get; set; }

    [Parameter, EditorRequired]
    public Guid CardId { get; set; }

    [Inject]
    private IState<HuddleBoardState> State { get; set; } = default!;

    [Inject]
    private IDispatcher Dispatcher { get; set; } = default!;

    [Inject]
    private TimeProvider Clock { get; set; } = default!;

    private HuddleBoardView? Board => State.Value.Board?.BoardId == BoardId ? State.Value.Board : null;

    private HuddleCardView? Card => Board?.Cards.FirstOrDefault(c => c.Id == CardId);

    private bool ReadOnly => Board?.Status != HuddleBoardStatus.Open;

    private IReadOnlyList<HuddleMember> Members => State.Value.Members;

    private bool Edited => _notes != _baseNotes || _owner != _baseOwner || _due != _baseDue;

    private bool CanAddAction => !string.IsNullOrWhiteSpace(_actionTitle) && _actionOwner != Guid.Empty && ParseDate(_actionDue) is not null;

    protected override void OnInitialized()
    {
        _actionDue = Today().AddDays(1).ToString(DateFormat, CultureInfo.InvariantCulture);
        SubscribeToAction<HuddleBoardLoadedAction>(_ => InvokeAsync(() => { Sync(); StateHasChanged(); }));
        SubscribeToAction<HuddleChangeSucceededAction>(a => InvokeAsync(() => OnSaved(a.Change)));
        SubscribeToAction<HuddleChangeFailedAction>(a => InvokeAsync(() => OnFailed(a.Change, a.Message)));
    }

    protected override void OnParametersSet() => Sync();

    private bool Changed(HuddleCardView card) =>
        (_notes ?? "") != card.Notes || _owner != (card.OwnerId ?? Guid.Empty) || _due != Format(card.Due);

    /// <summary>Shows the stored card unless this person typed something; their text is never replaced.</summary>
    private void Sync()
    {
        if (Card is not { } card || card.Version == _baseVersion)
            return;
        if (_baseVersion < 0 || !Edited)
        {
            _notes = card.Notes;
            _owner = card.OwnerId ?? Guid.Empty;
            _due = Format(card.Due);
            _baseVersion = card.Version;
            _baseNotes = _notes;
            _baseOwner = _owner;
            _baseDue = _due;
        }
    }

    private void Save()
    {
        if (Card is not { } card)
            return;
        _saving = true;
        _error = null;
        var owner = _owner == Guid.Empty ? (Guid?)null : _owner;
        Dispatcher.Dispatch(new UpdateHuddleCardAction(BoardId, card.Id, _baseVersion, _notes, owner, ParseDate(_due)));
    }

    private void AddAction()
    {
        if (ParseDate(_actionDue) is not { } due || string.IsNullOrWhiteSpace(_actionTitle))
            return;
        _error = null;
        Dispatcher.Dispatch(new AddHuddleActionItemAction(BoardId, CardId, _actionTitle.Trim(), _actionOwner, due));
    }

    private void OnSaved(object change)
    {
        switch (change)
        {
            case UpdateHuddleCardAction update when update.CardId == CardId:
                _saving = false;
                // What was typed is what is stored now; the reload with the card's new version (maybe already here)
                // becomes the base of the next edit.
                _baseNotes = _notes;
                _baseOwner = _owner;
                _baseDue = _due;
                Sync();
                StateHasChanged();
                break;
            case AddHuddleActionItemAction add when add.CardId == CardId:
                _actionTitle = null;
                StateHasChanged();
                break;
        }
    }

    private void OnFailed(object change, string message)
    {
        if (change is UpdateHuddleCardAction { CardId: var updated } && updated == CardId)
        {
            _saving = false;
            _error = message;
            // The person has seen the refusal; the board shows the stored card behind this dialog. Their typed values
            // now stand against the stored version, so saving again replaces the other change knowingly.
            if (Card is { } card)
                _baseVersion = card.Version;
            StateHasChanged();
        }
        else if (change is AddHuddleActionItemAction { CardId: var added } && added == CardId)
        {
            _error = message;
            StateHasChanged();
        }
    }

    private void Done() => Dialog.Close();

    private DateOnly Today() => DateOnly.FromDateTime(Clock.GetLocalNow().DateTime);

    private static string? Format(DateOnly? date) => date?.ToString(DateFormat, CultureInfo.InvariantCulture);

    private static DateOnly? ParseDate(string? text) =>
        DateOnly.TryParseExact(text, DateFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) ? date : null;

    public static async Task ShowAsync(IDialogService dialogs, Guid boardId, HuddleCardView card)
    {
        var parameters = new DialogParameters<HuddleCardDialog> { { d => d.BoardId, boardId }, { d => d.CardId, card.Id } };
        var options = new DialogOptions { MaxWidth = MaxWidth.Medium, FullWidth = true, CloseButton = true };
        await dialogs.ShowAsync<HuddleCardDialog>(card.Title, parameters, options);
    }
}
