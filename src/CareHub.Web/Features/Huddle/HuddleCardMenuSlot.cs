namespace CareHub.Web.Features.Huddle;

/// <summary>
/// The board's one live card menu. Each card shows a plain menu button; the card whose button was used renders the
/// real menu (MudMenu, with its keyboard handling and popover) until another card's button is used. A board of dozens
/// of cards on every screen of a huddle so keeps one menu component per screen instead of one per card.
/// Used on the circuit's renderer only (card events and renders), so it needs no lock.
/// </summary>
public sealed class HuddleCardMenuSlot
{
    private HuddleBoardCard? _holder;

    internal void Take(HuddleBoardCard card)
    {
        var previous = _holder;
        _holder = card;
        if (previous is not null && !ReferenceEquals(previous, card))
            previous.ReleaseMenu();
    }

    internal void Leave(HuddleBoardCard card)
    {
        if (ReferenceEquals(_holder, card))
            _holder = null;
    }
}
