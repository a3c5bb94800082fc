using CareHub.Domain.Huddles;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace CareHub.Web.Features.Huddle;

public sealed partial class HuddleBoardLanes : IDisposable
{
    private readonly HuddleCardMenuSlot _menuSlot = new();

    // Made once: new delegates per render would be allocations per edit on every screen, for nothing.
    private readonly Func<HuddleCardView, string, bool> _inLane = InLane;
    private readonly Func<HuddleCardView, string, bool> _canDrop;
    private readonly Func<HuddleCardView, bool> _itemDisabled;
    private readonly Action<Guid> _onDraggedOver;
    private readonly Action _onLaneEntered;

    private MudDropContainer<HuddleCardView>? _container;
    private HuddleBoardView? _shown;
    private HuddleCardView[] _items = [];
    private IReadOnlyList<HuddleCardView>[] _lanes = HuddleText.Lanes.Select(_ => (IReadOnlyList<HuddleCardView>)[]).ToArray();
    private bool _endedSubscribed;

    // The card a drag last entered, and in which lane: a drop in that lane lands right after it. MudBlazor's own index
    // points at the top of a lane until a second drag event inside it; this follows the card under the pointer.
    private Guid? _draggedOver;
    private bool _cardEntered;

    public HuddleBoardLanes()
    {
        _canDrop = (_, _) => !ReadOnly;
        _itemDisabled = _ => ReadOnly;
        _onDraggedOver = DraggedOver;
        _onLaneEntered = LaneEntered;
    }

    [Parameter, EditorRequired]
    public HuddleBoardView Board { get; set; } = default!;

    [Parameter]
    public bool ReadOnly { get; set; }

    /// <summary>Who (else) is dragging which card now, from presence; a new dictionary whenever that changes.</summary>
    [Parameter]
    public IReadOnlyDictionary<Guid, string>? Movers { get; set; }

    [Parameter]
    public EventCallback<CardMove> OnMove { get; set; }

    [Parameter]
    public EventCallback<HuddleCardCommand> OnCommand { get; set; }

    /// <summary>A drag started (the card) or ended (null): for presence, "who is moving which card".</summary>
    [Parameter]
    public EventCallback<Guid?> OnDragging { get; set; }

    protected override void OnParametersSet()
    {
        if (ReferenceEquals(Board, _shown))
            return;
        _shown = Board;
        var items = HuddleText.Lanes.SelectMany(Board.Lane).ToArray();
        if (HuddleCardView.SameCards(items, _items))
            // No card changed (the timer, the current card or the version did): the lanes and their zones stay as they are.
            return;
        _items = items;
        // A lane equal card by card keeps its list, so it is not rendered again.
        _lanes = HuddleText.Lanes.Select(l =>
        {
            var cards = Board.Lane(l).ToArray();
            return HuddleCardView.SameCards(cards, _lanes[(int)l]) ? _lanes[(int)l] : cards;
        }).ToArray();
        // Drop zones remember the order in which they first saw each item: forget it, so they show the board's order
        // (and do not keep every card version they ever saw).
        _container?.Refresh();
    }

    protected override void OnAfterRender(bool firstRender)
    {
        if (_container is not null && !_endedSubscribed)
        {
            _endedSubscribed = true;
            _container.TransactionEnded += OnTransactionEnded;
        }
    }

    private static bool InLane(HuddleCardView card, string zone) => card.Lane.ToString() == zone;

    private void DraggedOver(Guid cardId)
    {
        _draggedOver = cardId;
        _cardEntered = true;
    }

    // Every drag-enter in a lane bubbles here after the card's own (Blazor dispatches to ancestors in order): one with
    // no card before it entered the lane's top or its empty space, where MudBlazor's index is right.
    private void LaneEntered()
    {
        if (_cardEntered)
            _cardEntered = false;
        else
            _draggedOver = null;
    }

    private Task OnPicked(MudDragAndDropItemTransaction<HuddleCardView> transaction)
    {
        _draggedOver = null;
        return OnDragging.InvokeAsync(transaction.Item?.Id);
    }

    private void OnTransactionEnded(object? sender, MudDragAndDropTransactionFinishedEventArgs<HuddleCardView> e)
    {
        _draggedOver = null;
        _ = InvokeAsync(() => OnDragging.InvokeAsync(null));
    }

    private Task OnDropped(MudItemDropInfo<HuddleCardView> drop)
    {
        if (drop.Item is not { } card || !Enum.TryParse<HuddleLane>(drop.DropzoneIdentifier, out var lane))
            return Task.CompletedTask;
        var move = _draggedOver is { } over && over != card.Id && Board.Cards.Any(c => c.Id == over && c.Lane == lane)
            ? new CardMove(card.Id, lane, over, NextAfter(lane, over, card.Id))
            : HuddleBoardReducers.MoveTo(Board, card.Id, lane, drop.IndexInZone);
        _draggedOver = null;
        // Dropped where it was: nothing to save.
        var now = Board.Cards.FirstOrDefault(c => c.Id == card.Id);
        if (now is not null && now.Lane == lane && HuddleBoardReducers.MoveTo(Board, card.Id, lane, IndexIn(lane, card.Id)) == move)
            return Task.CompletedTask;
        return OnMove.InvokeAsync(move);
    }

    private Guid? NextAfter(HuddleLane lane, Guid after, Guid moving)
    {
        var others = Board.Lane(lane).Where(c => c.Id != moving).ToList();
        var index = others.FindIndex(c => c.Id == after);
        return index >= 0 && index + 1 < others.Count ? others[index + 1].Id : null;
    }

    private int IndexIn(HuddleLane lane, Guid cardId) => Board.Lane(lane).TakeWhile(c => c.Id != cardId).Count();

    public void Dispose()
    {
        if (_container is not null && _endedSubscribed)
            _container.TransactionEnded -= OnTransactionEnded;
    }
}
