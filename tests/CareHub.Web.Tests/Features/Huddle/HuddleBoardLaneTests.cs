using Bunit;
using CareHub.Domain.Huddles;
using CareHub.Web.Features.Huddle;
using CareHub.Web.Tests.Infrastructure;
using static CareHub.Web.Tests.Features.Huddle.HuddleSamples;

namespace CareHub.Web.Tests.Features.Huddle;

public sealed class HuddleBoardLaneTests : CareHubComponentTest
{
    public HuddleBoardLaneTests() => RenderPopoverProvider();

    private static IReadOnlyList<string> CardTitles(IRenderedComponent<HuddleBoardLanes> cut, HuddleLane lane) =>
        cut.FindAll($"[data-testid=huddle-lane][data-lane={lane}] [data-testid=huddle-card-title]").Select(t => t.TextContent.Trim()).ToList();

    [Fact]
    public void Each_lane_shows_its_cards_in_board_order()
    {
        // Given out of order: the lane sorts by order key, then id.
        var board = Board(Card("A"), Card("B"), Card("C"), Card("X", HuddleLane.Barriers), Card("Y", HuddleLane.Done));
        board = board with { Cards = board.Cards.Reverse().ToArray() };

        var cut = Render<HuddleBoardLanes>(p => p.Add(x => x.Board, board));

        cut.FindAll("[data-testid=huddle-lane]").Select(l => l.GetAttribute("data-lane")).ShouldBe(["ToDiscuss", "Barriers", "Actions", "Done"]);
        cut.FindAll("[data-testid=huddle-lane] h2").Select(h => h.TextContent).ShouldBe(["To discuss", "Barriers and escalations", "Actions", "Done"]);
        CardTitles(cut, HuddleLane.ToDiscuss).ShouldBe(["A", "B", "C"]);
        CardTitles(cut, HuddleLane.Barriers).ShouldBe(["X"]);
        CardTitles(cut, HuddleLane.Actions).ShouldBeEmpty();
        CardTitles(cut, HuddleLane.Done).ShouldBe(["Y"]);
        cut.Find("[data-testid=huddle-lane][data-lane=ToDiscuss] [data-testid=huddle-lane-count]").TextContent.Trim().ShouldBe("3");
    }

    [Fact]
    public void A_new_order_from_the_server_is_shown_even_for_cards_the_lane_has_seen()
    {
        var a = Card("A");
        var b = Card("B");
        var c = Card("C");
        var cut = Render<HuddleBoardLanes>(p => p.Add(x => x.Board, Board(1, a, b, c)));

        // The same card records, reordered by new keys (a move made on another screen).
        cut.Render(p => p.Add(x => x.Board, Board(2, c, a, b)));

        cut.WaitForAssertion(() => CardTitles(cut, HuddleLane.ToDiscuss).ShouldBe(["C", "A", "B"]));
    }

    [Fact]
    public void Ties_in_order_keys_are_broken_by_id_the_same_on_every_screen()
    {
        var first = Card("Second by title", id: Guid.Parse("00000000-0000-4000-8000-000000000001"), key: "V");
        var second = Card("First by title", id: Guid.Parse("00000000-0000-4000-8000-000000000002"), key: "V");
        var board = Board(first) with { Cards = [second, first] };

        var cut = Render<HuddleBoardLanes>(p => p.Add(x => x.Board, board));

        CardTitles(cut, HuddleLane.ToDiscuss).ShouldBe(["Second by title", "First by title"]);
    }

    [Fact]
    public void The_current_card_is_highlighted_in_its_lane()
    {
        var a = Card("A");
        var b = Card("B");
        var board = Board(a, b) with { CurrentCardId = b.Id };

        var cut = Render<HuddleBoardLanes>(p => p.Add(x => x.Board, board));

        cut.FindAll("[data-testid=huddle-card][data-current=true]").ShouldHaveSingleItem().GetAttribute("data-card-id").ShouldBe(b.Id.ToString());
    }

    [Fact]
    public void Moving_up_and_down_is_offered_only_where_there_is_room()
    {
        var board = Board(Card("A"), Card("B"));
        var cut = Render<HuddleBoardLanes>(p => p.Add(x => x.Board, board));

        var cards = cut.FindComponents<HuddleBoardCard>();

        cards.Select(c => (c.Instance.Card.Title, c.Instance.CanMoveUp, c.Instance.CanMoveDown)).ShouldBe([("A", false, true), ("B", true, false)]);
    }

    [Fact]
    public void A_closed_board_cannot_be_dragged_or_changed()
    {
        var board = Board(Card("A"));

        var cut = Render<HuddleBoardLanes>(p => p.Add(x => x.Board, board).Add(x => x.ReadOnly, true));

        cut.Find(".mud-drop-item[draggable]").GetAttribute("draggable").ShouldBe("false");
        cut.FindAll("[data-testid=huddle-card-menu]").ShouldBeEmpty();
    }
}
