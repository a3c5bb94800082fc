using System.Collections.Concurrent;
using CareHub.Domain.Huddles;
using CareHub.Web.Features.Huddle;
using CareHub.Web.Realtime;
using CareHub.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace CareHub.Web.Tests.Features.Huddle;

/// <summary>Moving cards: the order the server computes, concurrent movers, and the event after the commit.</summary>
public sealed class HuddleServiceMoveTests(PatientsDatabase database) : IClassFixture<PatientsDatabase>
{
    private readonly HuddleTestBed _bed = new(database);

    private static CancellationToken Ct => Xunit.TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_card_moved_within_a_lane_lands_between_its_new_neighbours()
    {
        var (service, board, cards) = await BoardWithTopicsAsync("A", "B", "C", "D");

        var result = await service.MoveCardAsync(board, new CardMove(cards["D"], HuddleLane.ToDiscuss, cards["A"], cards["B"]), Ct);

        result.ShouldBeOfType<HuddleResult.Saved>();
        (await LaneAsync(service, board, HuddleLane.ToDiscuss)).ShouldBe(["A", "D", "B", "C"]);
    }

    [Fact]
    public async Task Cards_moved_between_lanes_land_at_the_top_between_two_cards_or_at_the_end()
    {
        var (service, board, cards) = await BoardWithTopicsAsync("A", "B", "C", "D");

        await service.MoveCardAsync(board, new CardMove(cards["B"], HuddleLane.Barriers, null, null), Ct);
        await service.MoveCardAsync(board, new CardMove(cards["C"], HuddleLane.Barriers, null, cards["B"]), Ct);
        await service.MoveCardAsync(board, new CardMove(cards["A"], HuddleLane.Barriers, cards["B"], null), Ct);
        await service.MoveCardAsync(board, new CardMove(cards["D"], HuddleLane.Barriers, cards["C"], cards["B"]), Ct);

        (await LaneAsync(service, board, HuddleLane.ToDiscuss)).ShouldBeEmpty();
        (await LaneAsync(service, board, HuddleLane.Barriers)).ShouldBe(["C", "D", "B", "A"]);
    }

    [Fact]
    public async Task A_drop_next_to_a_card_that_has_since_left_the_lane_lands_next_to_the_neighbour_still_there()
    {
        var (service, board, cards) = await BoardWithTopicsAsync("A", "B", "C", "D");
        // The mover saw "between A and B"; meanwhile B went to Barriers.
        await service.MoveCardAsync(board, new CardMove(cards["B"], HuddleLane.Barriers, null, null), Ct);

        await service.MoveCardAsync(board, new CardMove(cards["D"], HuddleLane.ToDiscuss, cards["A"], cards["B"]), Ct);
        // The mover saw "between C and A", but A is now above C: the card goes right after C.
        await service.MoveCardAsync(board, new CardMove(cards["B"], HuddleLane.ToDiscuss, cards["C"], cards["A"]), Ct);
        // Only the card below is known (the one above is not on this board): right before it.
        await service.MoveCardAsync(board, new CardMove(cards["C"], HuddleLane.Actions, null, null), Ct);
        await service.MoveCardAsync(board, new CardMove(cards["A"], HuddleLane.Actions, Guid.NewGuid(), cards["C"]), Ct);

        (await LaneAsync(service, board, HuddleLane.ToDiscuss)).ShouldBe(["D", "B"]);
        (await LaneAsync(service, board, HuddleLane.Actions)).ShouldBe(["A", "C"]);
    }

    [Fact]
    public async Task Dropping_cards_again_and_again_into_one_gap_keeps_the_order_and_short_keys()
    {
        var (service, board, cards) = await BoardWithTopicsAsync("A", "B", "C", "Z");
        var expected = new List<string> { "A", "B", "C", "Z" };

        for (var i = 0; i < 400; i++)
        {
            // Always right after A, in front of whatever was dropped there last.
            var moving = expected[^2];
            var below = expected[1];
            (await service.MoveCardAsync(board, new CardMove(cards[moving], HuddleLane.ToDiscuss, cards["A"], cards[below]), Ct))
                .ShouldBeOfType<HuddleResult.Saved>();
            expected.Remove(moving);
            expected.Insert(1, moving);
        }

        var view = (await service.GetBoardAsync(board, Ct)).ShouldNotBeNull();
        view.Lane(HuddleLane.ToDiscuss).Select(c => c.Title).ShouldBe(expected);
        view.Cards.ShouldAllBe(c => c.SortKey.Length <= 48);
    }

    [Fact]
    public async Task Two_people_moving_one_card_at_the_same_moment_leave_it_once_in_one_of_the_two_places()
    {
        for (var round = 0; round < 5; round++)
        {
            var (first, board, cards) = await BoardWithTopicsAsync("A", "B", "C", "D");
            await first.MoveCardAsync(board, new CardMove(cards["D"], HuddleLane.Barriers, null, null), Ct);
            var second = _bed.ServiceFor(await BoardMemberAsync(board));
            var before = (await first.GetBoardAsync(board, Ct)).ShouldNotBeNull();

            var results = await HuddleTestBed.AtOnce(
                () => first.MoveCardAsync(board, new CardMove(cards["B"], HuddleLane.Barriers, cards["D"], null), Ct),
                () => second.MoveCardAsync(board, new CardMove(cards["B"], HuddleLane.Actions, null, null), Ct));

            results.ShouldAllBe(r => r is HuddleResult.Saved);
            var after = (await second.GetBoardAsync(board, Ct)).ShouldNotBeNull();
            after.Cards.Count(c => c.Id == cards["B"]).ShouldBe(1);
            after.Cards.Count.ShouldBe(before.Cards.Count);
            var lanes = $"{string.Join(",", await LaneAsync(second, board, HuddleLane.Barriers))} | {string.Join(",", await LaneAsync(second, board, HuddleLane.Actions))}";
            lanes.ShouldBeOneOf("D,B | ", "D | B");
            after.Version.ShouldBe(before.Version + 2);
            results.Cast<HuddleResult.Saved>().Select(r => r.BoardVersion).ShouldBe([before.Version + 1, before.Version + 2], ignoreOrder: true);
        }
    }

    [Fact]
    public async Task Three_people_moving_cards_at_once_lose_none_duplicate_none_and_everyone_reads_the_same_order()
    {
        var (first, board, cards) = await BoardWithTopicsAsync("A", "B", "C", "D", "E", "F");
        var members = new[] { first, _bed.ServiceFor(await BoardMemberAsync(board)), _bed.ServiceFor(await BoardMemberAsync(board)) };
        var start = (await first.GetBoardAsync(board, Ct)).ShouldNotBeNull();

        for (var round = 0; round < 3; round++)
        {
            var results = await HuddleTestBed.AtOnce(
                () => members[0].MoveCardAsync(board, new CardMove(cards["A"], HuddleLane.Barriers, null, null), Ct),
                () => members[1].MoveCardAsync(board, new CardMove(cards["F"], HuddleLane.ToDiscuss, null, cards["B"]), Ct),
                () => members[2].MoveCardAsync(board, new CardMove(cards["C"], HuddleLane.Barriers, cards["A"], null), Ct));
            results.ShouldAllBe(r => r is HuddleResult.Saved);
            results = await HuddleTestBed.AtOnce(
                () => members[0].MoveCardAsync(board, new CardMove(cards["A"], HuddleLane.ToDiscuss, cards["E"], null), Ct),
                () => members[1].MoveCardAsync(board, new CardMove(cards["F"], HuddleLane.Actions, null, null), Ct),
                () => members[2].MoveCardAsync(board, new CardMove(cards["C"], HuddleLane.ToDiscuss, null, cards["B"]), Ct));
            results.ShouldAllBe(r => r is HuddleResult.Saved);
        }

        var views = await HuddleTestBed.AtOnce([.. members.Select(m => (Func<Task<HuddleBoardView?>>)(() => m.GetBoardAsync(board, Ct)))]);
        views.ShouldAllBe(v => v != null);
        var orders = views.Select(v => string.Join(" ", v!.Cards.Select(c => $"{c.Lane}:{c.Title}"))).ToList();
        orders.Distinct().ShouldHaveSingleItem();
        views[0]!.Cards.Select(c => c.Title).ShouldBe(["A", "B", "C", "D", "E", "F"], ignoreOrder: true);
        views[0]!.Version.ShouldBe(start.Version + 18);
    }

    [Fact]
    public async Task A_move_is_published_after_its_commit_with_the_boards_new_version()
    {
        var (service, board, cards) = await BoardWithTopicsAsync("A", "B");
        var seen = new ConcurrentQueue<(RealtimeEvent Event, long VersionInDatabase, HuddleLane LaneInDatabase)>();
        using var subscription = database.Bus.Subscribe(Topics.Huddle(board), async e =>
        {
            // What another circuit reads the moment it hears of the change.
            await using var db = database.SystemDb();
            var version = await db.HuddleBoards.Where(b => b.Id == board).Select(b => b.Version).SingleAsync();
            var lane = await db.HuddleCards.Where(c => c.Id == cards["B"]).Select(c => c.Lane).SingleAsync();
            seen.Enqueue((e, version, lane));
        });

        var saved = (await service.MoveCardAsync(board, new CardMove(cards["B"], HuddleLane.Done, null, null), Ct)).ShouldBeOfType<HuddleResult.Saved>();

        var (e, version, lane) = seen.ShouldHaveSingleItem();
        (e.Topic, e.Kind, e.ResourceId, e.ItemId).ShouldBe((Topics.Huddle(board), HuddleEvents.BoardChanged, board, (Guid?)cards["B"]));
        e.Version.ShouldBe(saved.BoardVersion);
        version.ShouldBe(saved.BoardVersion);
        lane.ShouldBe(HuddleLane.Done);
    }

    [Fact]
    public async Task A_card_of_another_board_or_another_teams_board_is_not_found_and_nothing_changes()
    {
        var (mine, board, cards) = await BoardWithTopicsAsync("A", "B");
        var (theirs, theirBoard, theirCards) = await BoardWithTopicsAsync("X");
        var events = new ConcurrentQueue<RealtimeEvent>();
        using var subscription = database.Bus.Subscribe(Topics.Huddle(theirBoard), e =>
        {
            events.Enqueue(e);
            return Task.CompletedTask;
        });
        var theirsBefore = (await theirs.GetBoardAsync(theirBoard, Ct)).ShouldNotBeNull();

        var foreignCard = await mine.MoveCardAsync(board, new CardMove(theirCards["X"], HuddleLane.Done, null, null), Ct);
        var foreignBoard = await mine.MoveCardAsync(theirBoard, new CardMove(theirCards["X"], HuddleLane.Done, null, null), Ct);
        var foreignFocus = await mine.FocusCardAsync(board, theirCards["X"], Ct);
        var foreignTopic = await mine.AddTopicAsync(theirBoard, "Sneaky", AgendaSection.OpenInput, Ct);

        new HuddleResult[] { foreignCard, foreignBoard, foreignFocus, foreignTopic }.ShouldAllBe(r => r is HuddleResult.NotFound);
        var theirsAfter = (await theirs.GetBoardAsync(theirBoard, Ct)).ShouldNotBeNull();
        theirsAfter.Version.ShouldBe(theirsBefore.Version);
        theirsAfter.Cards.Select(c => (c.Title, c.Lane)).ShouldBe([("X", HuddleLane.ToDiscuss)]);
        events.ShouldBeEmpty();
        (await mine.GetBoardAsync(board, Ct)).ShouldNotBeNull().Cards.Count.ShouldBe(cards.Count);
    }

    [Fact]
    public async Task A_lane_that_does_not_exist_is_refused()
    {
        var (service, board, cards) = await BoardWithTopicsAsync("A");

        var result = await service.MoveCardAsync(board, new CardMove(cards["A"], (HuddleLane)9, null, null), Ct);

        result.ShouldBe(new HuddleResult.Invalid(HuddleService.NoSuchLaneMessage));
    }

    /// <summary>Today's board of a new team, with topic cards of those titles in "To discuss", in that order.</summary>
    private async Task<(HuddleService Service, Guid Board, Dictionary<string, Guid> Cards)> BoardWithTopicsAsync(params string[] titles)
    {
        var team = await database.TeamAsync();
        var service = _bed.ServiceFor(team.Member);
        var board = (await service.OpenTodayAsync(team.Team.Id, Ct)).ShouldNotBeNull().BoardId;
        foreach (var title in titles)
            (await service.AddTopicAsync(board, title, AgendaSection.OpenInput, Ct)).ShouldBeOfType<HuddleResult.Saved>();
        var view = (await service.GetBoardAsync(board, Ct)).ShouldNotBeNull();
        view.Lane(HuddleLane.ToDiscuss).Select(c => c.Title).ShouldBe(titles);
        return (service, board, view.Cards.ToDictionary(c => c.Title, c => c.Id));
    }

    /// <summary>A new member of the board's team: another person, in another circuit.</summary>
    private async Task<Domain.Organization.Staff> BoardMemberAsync(Guid boardId)
    {
        await using var db = database.SystemDb();
        var teamId = await db.HuddleBoards.Where(b => b.Id == boardId).Select(b => b.TeamId).SingleAsync(Ct);
        var team = await db.CareTeams.AsNoTracking().SingleAsync(t => t.Id == teamId, Ct);
        return await _bed.AddMemberAsync(new TestTeam(team, null!, []), "Other", $"Mover{Guid.NewGuid():N}"[..16]);
    }

    private static async Task<string[]> LaneAsync(HuddleService service, Guid board, HuddleLane lane) =>
        [.. (await service.GetBoardAsync(board, Ct)).ShouldNotBeNull().Lane(lane).Select(c => c.Title)];
}
