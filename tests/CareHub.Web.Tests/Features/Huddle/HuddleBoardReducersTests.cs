using CareHub.Domain.Huddles;
using CareHub.Web.Features.Huddle;
using static CareHub.Web.Tests.Features.Huddle.HuddleSamples;

namespace CareHub.Web.Tests.Features.Huddle;

/// <summary>The huddle board's reducers as plain functions.</summary>
public sealed class HuddleBoardReducersTests
{
    private static readonly HuddleCardView A = Card("A");
    private static readonly HuddleCardView B = Card("B");
    private static readonly HuddleCardView C = Card("C");
    private static readonly HuddleCardView X = Card("X", HuddleLane.Barriers);

    private static HuddleBoardState Shown(HuddleBoardView board) =>
        new() { TeamId = TeamId, Board = board, Status = HuddleBoardLoadStatus.Loaded };

    [Fact]
    public void Opening_another_team_starts_from_a_clean_loading_state_and_keeps_the_teams()
    {
        var teams = new[] { new HuddleTeam(TeamId, "North") };
        var other = Guid.NewGuid();

        var state = HuddleBoardReducers.OnOpen(Shown(Board(A)) with { Teams = teams, Error = "x" }, new OpenHuddleBoardAction(other));

        state.ShouldBe(new HuddleBoardState { TeamId = other, Status = HuddleBoardLoadStatus.Loading, Teams = teams });
    }

    [Fact]
    public void Opening_the_shown_team_again_keeps_its_board_on_screen()
    {
        var shown = Shown(Board(A)) with { Error = "x" };

        var state = HuddleBoardReducers.OnOpen(shown, new OpenHuddleBoardAction(TeamId));

        state.Board.ShouldBeSameAs(shown.Board);
        state.Error.ShouldBeNull();
    }

    [Fact]
    public void A_loaded_board_is_shown_and_a_missing_one_is_not_found()
    {
        var loading = HuddleBoardReducers.OnOpen(new HuddleBoardState(), new OpenHuddleBoardAction(TeamId));
        var board = Board(A, B);

        var loaded = HuddleBoardReducers.OnLoaded(loading, new HuddleBoardLoadedAction(TeamId, board));
        var missing = HuddleBoardReducers.OnLoaded(loading, new HuddleBoardLoadedAction(TeamId, null));

        loaded.Board.ShouldBeSameAs(board);
        loaded.Status.ShouldBe(HuddleBoardLoadStatus.Loaded);
        missing.Status.ShouldBe(HuddleBoardLoadStatus.NotFound);
        missing.Board.ShouldBeNull();
    }

    [Fact]
    public void A_board_of_a_team_no_longer_shown_is_ignored()
    {
        var shown = Shown(Board(A));

        var state = HuddleBoardReducers.OnLoaded(shown, new HuddleBoardLoadedAction(Guid.NewGuid(), Board(9, B)));

        state.ShouldBeSameAs(shown);
    }

    [Fact]
    public void An_older_board_arriving_after_a_newer_one_does_not_replace_it()
    {
        var newer = Shown(Board(5, A, B));

        var state = HuddleBoardReducers.OnLoaded(newer, new HuddleBoardLoadedAction(TeamId, Board(4, B, A)));

        state.Board.ShouldBeSameAs(newer.Board);
    }

    [Fact]
    public void A_newer_board_replaces_the_shown_one()
    {
        var shown = Shown(Board(4, A, B));
        var newer = Board(5, B, A);

        var state = HuddleBoardReducers.OnLoaded(shown, new HuddleBoardLoadedAction(TeamId, newer));

        state.Board.ShouldBeSameAs(newer);
    }

    [Fact]
    public void Moving_a_card_down_puts_it_between_its_new_neighbours_at_once()
    {
        var board = Board(A, B, C);

        var state = HuddleBoardReducers.OnMove(Shown(board), new MoveHuddleCardAction(BoardId, new CardMove(A.Id, HuddleLane.ToDiscuss, B.Id, C.Id)));

        Titles(state.Board!, HuddleLane.ToDiscuss).ShouldBe(["B", "A", "C"]);
        state.PendingMoves.ShouldBe(1);
        state.Board!.Version.ShouldBe(board.Version);
    }

    [Fact]
    public void Moving_a_card_to_the_top_of_another_lane_puts_it_first_there()
    {
        var board = Board(A, B, X);

        var state = HuddleBoardReducers.OnMove(Shown(board), new MoveHuddleCardAction(BoardId, new CardMove(B.Id, HuddleLane.Barriers, null, X.Id)));

        Titles(state.Board!, HuddleLane.ToDiscuss).ShouldBe(["A"]);
        Titles(state.Board!, HuddleLane.Barriers).ShouldBe(["B", "X"]);
    }

    [Fact]
    public void Moving_a_card_to_the_end_of_a_lane_puts_it_last()
    {
        var board = Board(A, B, X);

        var state = HuddleBoardReducers.OnMove(Shown(board), new MoveHuddleCardAction(BoardId, new CardMove(A.Id, HuddleLane.Barriers, X.Id, null)));

        Titles(state.Board!, HuddleLane.Barriers).ShouldBe(["X", "A"]);
    }

    [Fact]
    public void Moving_a_card_into_an_empty_lane_works()
    {
        var board = Board(A, B);

        var state = HuddleBoardReducers.OnMove(Shown(board), new MoveHuddleCardAction(BoardId, new CardMove(A.Id, HuddleLane.Done, null, null)));

        Titles(state.Board!, HuddleLane.Done).ShouldBe(["A"]);
        Titles(state.Board!, HuddleLane.ToDiscuss).ShouldBe(["B"]);
    }

    [Fact]
    public void Moving_between_two_cards_that_share_a_key_does_not_fail()
    {
        // Two concurrent moves into one gap can leave equal keys; there is no key between them.
        var first = Card("P", key: "V", id: Guid.Parse("00000000-0000-4000-8000-000000000001"));
        var second = Card("Q", key: "V", id: Guid.Parse("00000000-0000-4000-8000-000000000002"));
        var board = Board(A) with { Cards = [first, second, A with { SortKey = "k" }] };

        var state = HuddleBoardReducers.OnMove(Shown(board), new MoveHuddleCardAction(BoardId, new CardMove(A.Id, HuddleLane.ToDiscuss, first.Id, second.Id)));

        state.Board!.Cards.Select(c => c.Id).ShouldBe(board.Cards.Select(c => c.Id), ignoreOrder: true);
        state.Board.Lane(HuddleLane.ToDiscuss).Count().ShouldBe(3);
    }

    [Fact]
    public void While_a_move_is_unanswered_a_board_of_the_same_version_does_not_undo_it()
    {
        var board = Board(3, A, B, C);
        var moved = HuddleBoardReducers.OnMove(Shown(board), new MoveHuddleCardAction(BoardId, new CardMove(C.Id, HuddleLane.ToDiscuss, null, A.Id)));

        var state = HuddleBoardReducers.OnLoaded(moved, new HuddleBoardLoadedAction(TeamId, board));

        Titles(state.Board!, HuddleLane.ToDiscuss).ShouldBe(["C", "A", "B"]);
    }

    [Fact]
    public void The_servers_answer_replaces_the_optimistic_move()
    {
        var board = Board(3, A, B, C);
        var moved = HuddleBoardReducers.OnMove(Shown(board), new MoveHuddleCardAction(BoardId, new CardMove(C.Id, HuddleLane.ToDiscuss, null, A.Id)));
        var move = new MoveHuddleCardAction(BoardId, new CardMove(C.Id, HuddleLane.ToDiscuss, null, A.Id));

        var saved = HuddleBoardReducers.OnChangeSucceeded(moved, new HuddleChangeSucceededAction(BoardId, move, 4));
        // Someone else's move landed first on the server: the server's order wins.
        var server = Board(4, A, C, B);
        var state = HuddleBoardReducers.OnLoaded(saved, new HuddleBoardLoadedAction(TeamId, server));

        saved.PendingMoves.ShouldBe(0);
        state.Board.ShouldBeSameAs(server);
    }

    [Fact]
    public void After_a_save_a_board_read_before_it_is_not_shown()
    {
        var shown = Shown(Board(3, A, B));
        var saved = HuddleBoardReducers.OnChangeSucceeded(shown, new HuddleChangeSucceededAction(BoardId, new StartHuddleTimerAction(BoardId), 5));

        var stale = HuddleBoardReducers.OnLoaded(saved, new HuddleBoardLoadedAction(TeamId, Board(4, B, A)));
        var fresh = HuddleBoardReducers.OnLoaded(saved, new HuddleBoardLoadedAction(TeamId, Board(5, B, A)));

        stale.Board.ShouldBeSameAs(shown.Board);
        Titles(fresh.Board!, HuddleLane.ToDiscuss).ShouldBe(["B", "A"]);
    }

    [Fact]
    public void A_refused_move_shows_the_message_and_the_next_load_puts_the_card_back()
    {
        var board = Board(3, A, B);
        var move = new MoveHuddleCardAction(BoardId, new CardMove(B.Id, HuddleLane.ToDiscuss, null, A.Id));
        var moved = HuddleBoardReducers.OnMove(Shown(board), move);

        var failed = HuddleBoardReducers.OnChangeFailed(moved, new HuddleChangeFailedAction(BoardId, move, "This huddle is closed."));
        var reloaded = HuddleBoardReducers.OnLoaded(failed, new HuddleBoardLoadedAction(TeamId, board));

        failed.Error.ShouldBe("This huddle is closed.");
        failed.PendingMoves.ShouldBe(0);
        Titles(reloaded.Board!, HuddleLane.ToDiscuss).ShouldBe(["A", "B"]);
    }

    [Fact]
    public void A_failed_load_keeps_a_shown_board_and_says_so()
    {
        var shown = Shown(Board(A));

        var state = HuddleBoardReducers.OnLoadFailed(shown, new HuddleBoardLoadFailedAction(TeamId, "Could not refresh."));
        var first = HuddleBoardReducers.OnLoadFailed(new HuddleBoardState { TeamId = TeamId, Status = HuddleBoardLoadStatus.Loading },
            new HuddleBoardLoadFailedAction(TeamId, "Could not open."));

        state.Board.ShouldBeSameAs(shown.Board);
        state.Status.ShouldBe(HuddleBoardLoadStatus.Loaded);
        state.Error.ShouldBe("Could not refresh.");
        first.Status.ShouldBe(HuddleBoardLoadStatus.Failed);
    }

    [Fact]
    public void A_change_to_another_board_leaves_the_state_alone()
    {
        var shown = Shown(Board(A, B));

        HuddleBoardReducers.OnMove(shown, new MoveHuddleCardAction(Guid.NewGuid(), new CardMove(A.Id, HuddleLane.Done, null, null))).ShouldBeSameAs(shown);
        HuddleBoardReducers.OnChangeFailed(shown, new HuddleChangeFailedAction(Guid.NewGuid(), new StartHuddleTimerAction(BoardId), "x")).ShouldBeSameAs(shown);
    }

    [Fact]
    public void A_drop_index_becomes_the_cards_it_lands_between()
    {
        var board = Board(A, B, C, X);

        HuddleBoardReducers.MoveTo(board, A.Id, HuddleLane.ToDiscuss, 2).ShouldBe(new CardMove(A.Id, HuddleLane.ToDiscuss, C.Id, null));
        HuddleBoardReducers.MoveTo(board, C.Id, HuddleLane.ToDiscuss, 0).ShouldBe(new CardMove(C.Id, HuddleLane.ToDiscuss, null, A.Id));
        HuddleBoardReducers.MoveTo(board, A.Id, HuddleLane.Barriers, 0).ShouldBe(new CardMove(A.Id, HuddleLane.Barriers, null, X.Id));
        HuddleBoardReducers.MoveTo(board, A.Id, HuddleLane.Barriers, -1).ShouldBe(new CardMove(A.Id, HuddleLane.Barriers, X.Id, null));
        HuddleBoardReducers.MoveTo(board, A.Id, HuddleLane.Done, 7).ShouldBe(new CardMove(A.Id, HuddleLane.Done, null, null));
    }

    [Fact]
    public void Teams_are_asked_for_afresh_and_a_failure_leaves_none()
    {
        var state = new HuddleBoardState { Teams = [new HuddleTeam(TeamId, "North")] };

        var asking = HuddleBoardReducers.OnLoadTeams(state, new LoadHuddleTeamsAction());
        var failed = HuddleBoardReducers.OnTeamsFailed(asking, new LoadHuddleTeamsFailedAction("Could not load."));

        asking.Teams.ShouldBeNull();
        failed.Teams.ShouldNotBeNull().ShouldBeEmpty();
        failed.Error.ShouldBe("Could not load.");
    }
}
