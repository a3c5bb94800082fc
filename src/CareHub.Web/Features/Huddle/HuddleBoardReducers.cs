using CareHub.Domain.Common;
using CareHub.Domain.Huddles;
using CareHub.Flux;

namespace CareHub.Web.Features.Huddle;

public static class HuddleBoardReducers
{
    [ReducerMethod]
    public static HuddleBoardState OnLoadTeams(HuddleBoardState state, LoadHuddleTeamsAction action) =>
        // Membership may have changed since the last answer: wait for the new one.
        state with { Teams = null, Error = null };

    [ReducerMethod]
    public static HuddleBoardState OnTeamsLoaded(HuddleBoardState state, HuddleTeamsLoadedAction action) =>
        state with { Teams = action.Teams };

    [ReducerMethod]
    public static HuddleBoardState OnTeamsFailed(HuddleBoardState state, LoadHuddleTeamsFailedAction action) =>
        state with { Teams = [], Error = action.Message };

    [ReducerMethod]
    public static HuddleBoardState OnOpen(HuddleBoardState state, OpenHuddleBoardAction action) =>
        // Reopening the shown team's board (the day changed, the page came back) keeps it on screen meanwhile.
        action.TeamId == state.TeamId && state.Board is not null
            ? state with { Error = null }
            : new HuddleBoardState { TeamId = action.TeamId, Status = HuddleBoardLoadStatus.Loading, Teams = state.Teams };

    [ReducerMethod]
    public static HuddleBoardState OnLoaded(HuddleBoardState state, HuddleBoardLoadedAction action)
    {
        if (action.TeamId != state.TeamId)
            return state;
        if (action.Board is null)
            return state with { Board = null, Status = HuddleBoardLoadStatus.NotFound, PendingMoves = 0 };
        // Loads run concurrently (one per remote change, one after each own change): an older answer arriving after
        // a newer one must not put the old board back, and while a move of this screen is unanswered a board of the
        // same version was read before it and would undo it.
        if (state.Board is { } shown && shown.BoardId == action.Board.BoardId
            && (action.Board.Version < Math.Max(shown.Version, state.SavedVersion)
                || (action.Board.Version == shown.Version && state.PendingMoves > 0)))
            return state;
        return state with { Board = action.Board, Status = HuddleBoardLoadStatus.Loaded };
    }

    [ReducerMethod]
    public static HuddleBoardState OnLoadFailed(HuddleBoardState state, HuddleBoardLoadFailedAction action) =>
        action.TeamId != state.TeamId
            ? state
            // A board already on screen stays there; the message says it may be out of date.
            : state with { Status = state.Board is null ? HuddleBoardLoadStatus.Failed : state.Status, Error = action.Message };

    [ReducerMethod(typeof(DismissHuddleErrorAction))]
    public static HuddleBoardState OnDismissError(HuddleBoardState state) => state with { Error = null };

    [ReducerMethod]
    public static HuddleBoardState OnMembersLoaded(HuddleBoardState state, HuddleMembersLoadedAction action) =>
        action.TeamId != state.TeamId ? state : state with { Members = action.Members };

    [ReducerMethod]
    public static HuddleBoardState OnHistoryLoaded(HuddleBoardState state, HuddleHistoryLoadedAction action) =>
        action.TeamId != state.TeamId ? state : state with { History = action.History };

    /// <summary>Shows the move at once: the card goes between its new neighbours with a temporary order key.</summary>
    [ReducerMethod]
    public static HuddleBoardState OnMove(HuddleBoardState state, MoveHuddleCardAction action)
    {
        if (state.Board is not { } board || board.BoardId != action.BoardId)
            return state;
        var move = action.Move;
        var card = board.Cards.FirstOrDefault(c => c.Id == move.CardId);
        if (card is null)
            return state;
        var key = OrderKeyFor(board, move);
        var moved = card with { Lane = move.Lane, SortKey = key };
        var cards = board.Cards.Select(c => c.Id == moved.Id ? moved : c).ToArray();
        return state with { Board = board with { Cards = cards }, PendingMoves = state.PendingMoves + 1, Error = null };
    }

    [ReducerMethod]
    public static HuddleBoardState OnChangeSucceeded(HuddleBoardState state, HuddleChangeSucceededAction action) =>
        action.BoardId != state.BoardId
            ? state
            : state with
            {
                PendingMoves = Settled(state, action.Change),
                SavedVersion = Math.Max(state.SavedVersion, action.BoardVersion),
                Error = null,
            };

    [ReducerMethod]
    public static HuddleBoardState OnChangeFailed(HuddleBoardState state, HuddleChangeFailedAction action) =>
        action.BoardId != state.BoardId
            ? state
            : state with { PendingMoves = Settled(state, action.Change), Error = action.Message };

    /// <summary>
    /// The key a moved card gets on this screen until the server answers: between the keys of the cards it lands
    /// between, as this screen sees them. The card's neighbours are looked up in the target lane without the card.
    /// </summary>
    public static string OrderKeyFor(HuddleBoardView board, CardMove move)
    {
        var lane = board.Lane(move.Lane).Where(c => c.Id != move.CardId).ToList();
        var index = lane.FindIndex(c => c.Id == move.AfterCardId) is var after and >= 0
            ? after + 1
            : lane.FindIndex(c => c.Id == move.BeforeCardId) is var before and >= 0 ? before : lane.Count;
        var lower = index > 0 ? lane[index - 1].SortKey : null;
        var upper = index < lane.Count ? lane[index].SortKey : null;
        if (lower is not null && upper is not null && string.CompareOrdinal(lower, upper) >= 0)
            // Two cards with one key (concurrent moves into one gap): there is no key between them. Sharing the lower
            // one is near enough for the moment the server takes to answer with the real key.
            return lower;
        return FractionalIndex.Between(lower, upper);
    }

    /// <summary>Where a card dropped at <paramref name="index"/> of <paramref name="lane"/> lands: the cards before and after it.</summary>
    public static CardMove MoveTo(HuddleBoardView board, Guid cardId, HuddleLane lane, int index)
    {
        var others = board.Lane(lane).Where(c => c.Id != cardId).ToList();
        index = Math.Clamp(index < 0 ? others.Count : index, 0, others.Count);
        return new CardMove(cardId, lane, index > 0 ? others[index - 1].Id : null, index < others.Count ? others[index].Id : null);
    }

    private static int Settled(HuddleBoardState state, object change) =>
        change is MoveHuddleCardAction ? Math.Max(0, state.PendingMoves - 1) : state.PendingMoves;
}
