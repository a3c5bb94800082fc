using CareHub.Domain.Huddles;

namespace CareHub.Web.Features.Huddle;

/// <summary>A team the user may open a huddle board for.</summary>
public sealed record HuddleTeam(Guid TeamId, string Name);

/// <summary>Someone who can own a card or an action.</summary>
public sealed record HuddleMember(Guid StaffId, string Name);

/// <summary>
/// One board as a screen shows it. The timer is sent as "remaining at <see cref="ReadAt"/>" plus whether it
/// runs, so every screen counts down to the same number from the server's clock.
/// </summary>
public sealed record HuddleBoardView(
    Guid BoardId, long Version, Guid TeamId, string TeamName, DateOnly Day, HuddleBoardStatus Status,
    int TimeBoxSeconds, Guid? CurrentCardId, bool TimerRunning, long TimerRemainingMs, DateTimeOffset ReadAt,
    bool WallShowsInitialsOnly, IReadOnlyList<HuddleCardView> Cards, HuddleSummaryView? Summary)
{
    /// <summary>The cards of a lane, in board order (order key, then id: the same on every screen).</summary>
    public IEnumerable<HuddleCardView> Lane(HuddleLane lane) =>
        Cards.Where(c => c.Lane == lane).OrderBy(c => c.SortKey, StringComparer.Ordinal).ThenBy(c => c.Id);

    public long RemainingMsAt(DateTimeOffset now) =>
        TimerRunning ? Math.Max(0, TimerRemainingMs - (long)(now - ReadAt).TotalMilliseconds) : TimerRemainingMs;
}

/// <summary>
/// A card. <see cref="WallTitle"/> is what the wall display shows: the patient's initials and bed when the
/// team keeps the wall private, otherwise the title.
/// </summary>
public sealed record HuddleCardView(
    Guid Id, long Version, HuddleCardKind Kind, Guid? PatientId, string Title, string WallTitle, string? Location,
    HuddleCardReason Reason, AgendaSection Section, HuddleLane Lane, string SortKey, Guid? OwnerId, string? OwnerName,
    DateOnly? Due, string Notes, bool CarriedOver, bool Discussed, IReadOnlyList<HuddleActionView> Actions)
{
    // MudBlazor's drop zones key items by hash: keep a card's identity across reloads (its Actions list is
    // new each time), so an open menu, focus or a drag survives a teammate's change.
    public override int GetHashCode() => Id.GetHashCode();

    /// <summary>
    /// Shows the same as <paramref name="other"/>: every field equal, the action items compared by content. Every reload
    /// reads new card records, and a card that shows the same as the one on screen need not be rendered again (see
    /// HuddleBoardCard.ShouldRender). Not Equals: MudBlazor's drop zones remember each item's place by equality, and
    /// must see a reloaded card as new to take the board's order from the container.
    /// </summary>
    public bool SameAs(HuddleCardView? other) =>
        ReferenceEquals(this, other)
        || (other is not null && Id == other.Id && Version == other.Version && Kind == other.Kind && PatientId == other.PatientId
            && Title == other.Title && WallTitle == other.WallTitle && Location == other.Location && Reason == other.Reason
            && Section == other.Section && Lane == other.Lane && SortKey == other.SortKey && OwnerId == other.OwnerId
            && OwnerName == other.OwnerName && Due == other.Due && Notes == other.Notes && CarriedOver == other.CarriedOver
            && Discussed == other.Discussed && Actions.SequenceEqual(other.Actions));

    /// <summary>Each card shows the same as the card at its place in <paramref name="other"/> (see <see cref="SameAs"/>).</summary>
    public static bool SameCards(IReadOnlyList<HuddleCardView> cards, IReadOnlyList<HuddleCardView>? other)
    {
        if (ReferenceEquals(cards, other))
            return true;
        if (other is null || cards.Count != other.Count)
            return false;
        for (var i = 0; i < cards.Count; i++)
        {
            if (!cards[i].SameAs(other[i]))
                return false;
        }
        return true;
    }
}

public sealed record HuddleActionView(Guid Id, string Title, string OwnerName, DateOnly Due, Guid? TaskId);

public sealed record HuddleSummaryView(DateTimeOffset ClosedAt, string Attendees, string Decisions, int CardsDiscussed, int ActionsCreated);

/// <summary>A past huddle of the team, for the board's history.</summary>
public sealed record HuddleHistoryEntry(Guid BoardId, DateOnly Day, HuddleSummaryView Summary);

/// <summary>Where a card goes: a lane, and the cards it lands between as the mover saw them (either may be null).</summary>
public sealed record CardMove(Guid CardId, HuddleLane Lane, Guid? AfterCardId, Guid? BeforeCardId);

/// <summary>The outcome of a change to a board.</summary>
public abstract record HuddleResult
{
    public sealed record Saved(long BoardVersion) : HuddleResult;

    public sealed record Invalid(string Message) : HuddleResult;

    /// <summary>The board, card or team does not exist or is not one of the user's teams (answered alike).</summary>
    public sealed record NotFound : HuddleResult;
}
