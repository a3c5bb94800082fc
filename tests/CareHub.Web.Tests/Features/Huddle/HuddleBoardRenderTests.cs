using Bunit;
using CareHub.Domain.Huddles;
using CareHub.Web.Features.Huddle;
using CareHub.Web.Tests.Infrastructure;
using MudBlazor;
using static CareHub.Web.Tests.Features.Huddle.HuddleSamples;

namespace CareHub.Web.Tests.Features.Huddle;

/// <summary>
/// Every screen of a huddle reloads the board on every change: only what changed is rendered again, and the board
/// keeps one live card menu, not one per card.
/// </summary>
public sealed class HuddleBoardRenderTests : CareHubComponentTest
{
    private readonly IRenderedComponent<MudPopoverProvider> _popovers;

    public HuddleBoardRenderTests() => _popovers = RenderPopoverProvider();

    // The board as the next reload reads it: every card a new record (and a new action list), equal in value.
    private static HuddleBoardView Reloaded(HuddleBoardView board, long version, Func<HuddleCardView, HuddleCardView>? change = null) =>
        board with
        {
            Version = version,
            Cards = [.. board.Cards.Select(c => (change ?? (x => x))(c with { Actions = [.. c.Actions.Select(a => a with { })] }))],
        };

    private static Dictionary<Guid, int> RenderCounts(IRenderedComponent<HuddleBoardLanes> cut) =>
        cut.FindComponents<HuddleBoardCard>().ToDictionary(c => c.Instance.Card.Id, c => c.RenderCount);

    [Fact]
    public void An_edit_to_one_card_renders_that_card_only()
    {
        var board = Board(Card("A", actions: 1), Card("B"), Card("C"), Card("X", HuddleLane.Barriers), Card("Y", HuddleLane.Done, actions: 2));
        var edited = board.Cards[1].Id;
        var cut = Render<HuddleBoardLanes>(p => p.Add(x => x.Board, board));
        var before = RenderCounts(cut);

        cut.Render(p => p.Add(x => x.Board, Reloaded(board, 2, c => c.Id == edited ? c with { Version = 2, Notes = "Called the daughter" } : c)));

        var after = RenderCounts(cut);
        after.Keys.ShouldBe(before.Keys, ignoreOrder: true);
        after.Where(c => c.Value != before[c.Key]).Select(c => c.Key).ShouldBe([edited]);
        // The edited card keeps its place: the drop zone does not take it for a new card to put last.
        cut.FindAll("[data-testid=huddle-lane][data-lane=ToDiscuss] [data-testid=huddle-card]").Select(c => c.GetAttribute("data-card-id"))
            .ShouldBe(board.Lane(HuddleLane.ToDiscuss).Select(c => c.Id.ToString()));
    }

    [Fact]
    public void A_reload_with_nothing_changed_on_the_cards_renders_no_card()
    {
        var board = Board(Card("A", owner: "Dana Nurse", actions: 1), Card("B"), Card("X", HuddleLane.Barriers));
        var cut = Render<HuddleBoardLanes>(p => p.Add(x => x.Board, board));
        var before = RenderCounts(cut);

        // The timer started: a new board version, the same cards read again.
        cut.Render(p => p.Add(x => x.Board, Reloaded(board, 2) with { TimerRunning = true }));

        RenderCounts(cut).ShouldBe(before);
    }

    [Fact]
    public void A_card_moved_to_another_lane_is_shown_there_and_its_old_neighbours_learn_where_they_can_move()
    {
        var board = Board(Card("A"), Card("B"), Card("C"), Card("X", HuddleLane.Barriers));
        var c = board.Cards[2];
        var cut = Render<HuddleBoardLanes>(p => p.Add(x => x.Board, board));

        cut.Render(p => p.Add(x => x.Board, Reloaded(board, 2, x => x.Id == c.Id ? x with { Lane = HuddleLane.Barriers, SortKey = "z" } : x)));

        cut.WaitForAssertion(() =>
        {
            cut.FindAll("[data-testid=huddle-lane][data-lane=Barriers] [data-testid=huddle-card-title]").Select(t => t.TextContent.Trim()).ShouldBe(["X", "C"]);
            var b = cut.FindComponents<HuddleBoardCard>().Single(x => x.Instance.Card.Title == "B");
            b.Instance.CanMoveDown.ShouldBeFalse();
            b.Find("[data-testid=huddle-card]").ShouldNotBeNull();
        });
        cut.Find("[data-testid=huddle-lane][data-lane=ToDiscuss] [data-testid=huddle-lane-count]").TextContent.Trim().ShouldBe("2");
    }

    [Fact]
    public void The_current_card_and_the_one_before_it_are_the_only_cards_rendered_when_the_huddle_moves_on()
    {
        var board = Board(Card("A"), Card("B"), Card("C"));
        board = board with { CurrentCardId = board.Cards[0].Id };
        var cut = Render<HuddleBoardLanes>(p => p.Add(x => x.Board, board));
        var before = RenderCounts(cut);

        cut.Render(p => p.Add(x => x.Board, Reloaded(board, 2) with { CurrentCardId = board.Cards[1].Id }));

        var after = RenderCounts(cut);
        after.Where(c => c.Value != before[c.Key]).Select(c => c.Key).ShouldBe([board.Cards[0].Id, board.Cards[1].Id], ignoreOrder: true);
        cut.FindAll("[data-testid=huddle-card][data-current=true]").ShouldHaveSingleItem().GetAttribute("data-card-id").ShouldBe(board.Cards[1].Id.ToString());
    }

    [Fact]
    public void Someone_starting_to_drag_a_card_renders_that_card_only()
    {
        var board = Board(Card("A"), Card("B"), Card("X", HuddleLane.Barriers));
        var cut = Render<HuddleBoardLanes>(p => p.Add(x => x.Board, board).Add(x => x.Movers, new Dictionary<Guid, string>()));
        var before = RenderCounts(cut);

        cut.Render(p => p.Add(x => x.Board, board).Add(x => x.Movers, new Dictionary<Guid, string> { [board.Cards[1].Id] = "Maria Alvarez" }));

        var after = RenderCounts(cut);
        after.Where(c => c.Value != before[c.Key]).Select(c => c.Key).ShouldBe([board.Cards[1].Id]);
        cut.Find("[data-testid=huddle-card-moving]").TextContent.ShouldBe("Maria Alvarez is moving this card");
    }

    [Fact]
    public void The_board_has_one_live_menu_for_the_card_whose_button_was_used_last()
    {
        var board = Board(Card("A"), Card("B"), Card("C"));
        var cut = Render<HuddleBoardLanes>(p => p.Add(x => x.Board, board));
        cut.FindComponents<MudMenu>().ShouldBeEmpty();
        var buttons = cut.FindAll("[data-testid=huddle-card-menu] button");
        buttons.Select(b => b.GetAttribute("aria-label")).ShouldBe(["Card actions: A", "Card actions: B", "Card actions: C"]);

        Menu(cut, board.Cards[0].Id).Click();
        _popovers.WaitForElement("[data-testid=card-move-down]");
        Menu(cut, board.Cards[2].Id).Click();
        _popovers.WaitForElement("[data-testid=card-move-up]");

        cut.WaitForAssertion(() => cut.FindComponents<MudMenu>().ShouldHaveSingleItem());
        cut.FindAll("[data-testid=huddle-card-menu] button").Count.ShouldBe(3);
        Menu(cut, board.Cards[0].Id).GetAttribute("aria-label").ShouldBe("Card actions: A");
    }

    [Fact]
    public void An_open_card_menu_stays_open_when_the_board_is_reloaded_with_another_card_changed()
    {
        var board = Board(Card("A"), Card("B"));
        var commands = new List<HuddleCardCommand>();
        var cut = Render<HuddleBoardLanes>(p => p.Add(x => x.Board, board).Add(x => x.OnCommand, (HuddleCardCommand c) => commands.Add(c)));
        Menu(cut, board.Cards[0].Id).Click();
        _popovers.WaitForElement("[data-testid=card-move-to-Done]");

        cut.Render(p => p.Add(x => x.Board, Reloaded(board, 2, c => c.Id == board.Cards[1].Id ? c with { Version = 2, Lane = HuddleLane.Barriers } : c))
            .Add(x => x.OnCommand, (HuddleCardCommand c) => commands.Add(c)));

        _popovers.Find("[data-testid=card-move-to-Done]").Click();
        commands.ShouldBe([new HuddleCardCommand(board.Cards[0].Id, HuddleCardCommandKind.MoveToLane, HuddleLane.Done)]);
    }

    [Fact]
    public void The_history_renders_again_only_when_it_was_loaded_again()
    {
        IReadOnlyList<HuddleHistoryEntry> history = [new(Guid.NewGuid(), new DateOnly(2026, 11, 23), new HuddleSummaryView(ReadAt, "Dana Nurse", "", 3, 1))];
        var cut = Render<HuddleHistory>(p => p.Add(x => x.Entries, history).Add(x => x.Class, "mt-4"));
        // bUnit counts the renders of the whole subtree: the expansion panels render more than once as they start.
        var panels = cut.FindComponent<MudExpansionPanels>();
        var first = panels.RenderCount;

        cut.Render(p => p.Add(x => x.Entries, history).Add(x => x.Class, "mt-4"));
        cut.Render(p => p.Add(x => x.Entries, history).Add(x => x.Class, "mt-4"));
        panels.RenderCount.ShouldBe(first);

        cut.Render(p => p.Add(x => x.Entries, [.. history, new(Guid.NewGuid(), new DateOnly(2026, 11, 24), new HuddleSummaryView(ReadAt, "", "", 0, 0))])
            .Add(x => x.Class, "mt-4"));
        panels.RenderCount.ShouldBeGreaterThan(first);
        cut.Find("[data-testid=huddle-history] .mud-expand-panel-text").TextContent.ShouldBe("Past huddles (2)");
    }

    private static AngleSharp.Dom.IElement Menu(IRenderedComponent<HuddleBoardLanes> cut, Guid cardId) =>
        cut.Find($"[data-testid=huddle-card][data-card-id=\"{cardId}\"] [data-testid=huddle-card-menu] button");
}
