using CareHub.Domain.Huddles;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace CareHub.Web.Features.Huddle;

public sealed partial class HuddleBoardCard
{
    private static readonly MarkupString MoreVert = new(Icons.Material.Filled.MoreVert);

    private Shown? _shown;
    private bool _menuLive;
    private bool _menuOpen;
    private bool _focusMenu;
    private ElementReference _menuArea;

    [Parameter, EditorRequired]
    public HuddleCardView Card { get; set; } = default!;

    /// <summary>The card the huddle is discussing now: highlighted on every screen.</summary>
    [Parameter]
    public bool IsCurrent { get; set; }

    [Parameter]
    public bool ReadOnly { get; set; }

    [Parameter]
    public bool CanMoveUp { get; set; }

    [Parameter]
    public bool CanMoveDown { get; set; }

    /// <summary>Who (else) is dragging this card now, from presence.</summary>
    [Parameter]
    public string? MovingBy { get; set; }

    [Parameter]
    public EventCallback<HuddleCardCommand> OnCommand { get; set; }

    /// <summary>
    /// A drag entered this card (dropped here, it lands right after it). A plain delegate, not an EventCallback: a
    /// drag fires this many times, and the board need not re-render for it.
    /// </summary>
    [Parameter]
    public Action<Guid>? OnDraggedOver { get; set; }

    /// <summary>The board's one live menu (none: this card keeps its own once used).</summary>
    [CascadingParameter]
    public HuddleCardMenuSlot? MenuSlot { get; set; }

    private string Classes => "huddle-card" + (IsCurrent ? " huddle-card-current" : "") + (Card.Lane == HuddleLane.Done ? " huddle-card-done" : "");

    private string AriaLabel => $"{Card.Title}, {HuddleText.Reason(Card.Reason)}{(IsCurrent ? ", being discussed now" : "")}";

    private string MenuLabel => $"Card actions: {Card.Title}";

    // MudChip's classes for a small chip (outlined, in the colour of the reason): the same look without a component.
    private string ReasonChipClasses => Card.Reason switch
    {
        HuddleCardReason.AdmittedOrEdVisit or HuddleCardReason.OpenEscalation => "mud-chip mud-chip-outlined mud-chip-size-small mud-chip-color-error",
        HuddleCardReason.AwaitingTransitionCall or HuddleCardReason.ReferralOverdue => "mud-chip mud-chip-outlined mud-chip-size-small mud-chip-color-warning",
        HuddleCardReason.HighReadmissionRisk => "mud-chip mud-chip-outlined mud-chip-size-small mud-chip-color-info",
        _ => "mud-chip mud-chip-outlined mud-chip-size-small mud-chip-color-default",
    };

    /// <summary>
    /// Every reload of the board hands each card a new record: a card whose data and place are what it shows already is
    /// not rendered again, so a change to one card renders that card only, on every screen.
    /// </summary>
    protected override bool ShouldRender()
    {
        var now = Now();
        if (_shown is { } shown && shown.Card.SameAs(now.Card) && shown with { Card = now.Card } == now)
            return false;
        _shown = now;
        return true;
    }

    // The first render does not ask ShouldRender: it shows the first parameters.
    protected override void OnParametersSet() => _shown ??= Now();

    private Shown Now() => new(Card, IsCurrent, ReadOnly, CanMoveUp, CanMoveDown, MovingBy, _menuLive);

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (!_focusMenu)
            return;
        _focusMenu = false;
        // The button used was replaced by the live menu's own: keyboard focus goes on to it, so arrows and Escape work.
        await _menuArea.MudFocusFirstAsync();
    }

    /// <summary>The board's live menu moved to another card: this one shows its plain button again.</summary>
    internal void ReleaseMenu()
    {
        if (!_menuLive)
            return;
        _menuLive = false;
        _menuOpen = false;
        StateHasChanged();
    }

    private void OpenMenu()
    {
        MenuSlot?.Take(this);
        _menuLive = true;
        _menuOpen = true;
        _focusMenu = true;
        StateHasChanged();
    }

    private Task Raise(HuddleCardCommandKind kind, HuddleLane? lane = null) => OnCommand.InvokeAsync(new HuddleCardCommand(Card.Id, kind, lane));

    private void OnDragEnter() => OnDraggedOver?.Invoke(Card.Id);

    // Its own events (drag-enter, fired many times in a drag; menu clicks) change nothing it shows: no re-render.
    Task IHandleEvent.HandleEventAsync(EventCallbackWorkItem callback, object? arg) => callback.InvokeAsync(arg);

    public void Dispose() => MenuSlot?.Leave(this);

    // What a render showed; a reloaded but unchanged card shows the same (HuddleCardView.SameAs).
    private sealed record Shown(HuddleCardView Card, bool IsCurrent, bool ReadOnly, bool CanMoveUp, bool CanMoveDown, string? MovingBy, bool MenuLive);
}
