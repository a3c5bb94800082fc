using CareHub.Domain.Huddles;
using Microsoft.AspNetCore.Components;

namespace CareHub.Web.Features.Huddle;

public sealed partial class HuddleBoardLane
{
    private static readonly IReadOnlyDictionary<Guid, string> NoMovers = new Dictionary<Guid, string>();

    // Made once: a new delegate per render would be one more allocation per lane and edit, on every screen.
    private readonly Func<HuddleCardView, bool> _inLane;
    private readonly Action _laneDragEnter;
    private string _identifier = "";
    private Shown? _shown;

    public HuddleBoardLane()
    {
        _inLane = card => card.Lane == Lane;
        _laneDragEnter = () => OnLaneDragEnter?.Invoke();
    }

    [Parameter, EditorRequired]
    public HuddleLane Lane { get; set; }

    /// <summary>The lane's cards in board order (the drop zone shows the container's items; this is for counting and neighbours).</summary>
    [Parameter, EditorRequired]
    public IReadOnlyList<HuddleCardView> Cards { get; set; } = [];

    [Parameter]
    public Guid? CurrentCardId { get; set; }

    [Parameter]
    public bool ReadOnly { get; set; }

    /// <summary>Who (else) is dragging which card now, from presence; a new dictionary whenever that changes.</summary>
    [Parameter]
    public IReadOnlyDictionary<Guid, string>? Movers { get; set; }

    [Parameter]
    public EventCallback<HuddleCardCommand> OnCommand { get; set; }

    [Parameter]
    public Action<Guid>? OnDraggedOver { get; set; }

    /// <summary>A drag entered something in this lane (after a card's own notice, when it was a card).</summary>
    [Parameter]
    public Action? OnLaneDragEnter { get; set; }

    private string HeadingId => $"huddle-lane-{Lane}";

    protected override void OnParametersSet()
    {
        _identifier = Lane.ToString();
        _shown ??= Now();
    }

    /// <summary>
    /// A lane whose cards (the same list, or one equal card by card), current card, mode and movers did not change is
    /// not rendered again; its drop zone still re-renders when the board's container refreshes, and each card decides
    /// for itself.
    /// </summary>
    protected override bool ShouldRender()
    {
        var now = Now();
        if (_shown is { } shown && shown.Lane == now.Lane && shown.CurrentCardId == now.CurrentCardId && shown.ReadOnly == now.ReadOnly
            && ReferenceEquals(shown.Movers, now.Movers) && HuddleCardView.SameCards(shown.Cards, now.Cards))
            return false;
        _shown = now;
        return true;
    }

    private Shown Now() => new(Lane, Cards, CurrentCardId, ReadOnly, Movers ?? NoMovers);

    private int IndexOf(Guid cardId)
    {
        for (var i = 0; i < Cards.Count; i++)
        {
            if (Cards[i].Id == cardId)
                return i;
        }
        return -1;
    }

    // Its own events (drag-enter, fired many times in a drag; menu clicks) change nothing it shows: no re-render.
    Task IHandleEvent.HandleEventAsync(EventCallbackWorkItem callback, object? arg) => callback.InvokeAsync(arg);

    private sealed record Shown(HuddleLane Lane, IReadOnlyList<HuddleCardView> Cards, Guid? CurrentCardId, bool ReadOnly, IReadOnlyDictionary<Guid, string> Movers);
}
