using System.Globalization;
using CareHub.Domain.Huddles;
using CareHub.E2E.Infrastructure;
using CareHub.E2E.Pages;

namespace CareHub.E2E.Huddle;

/// <summary>
/// On Downtown Complex Care's board, three members like North Clinic's Maria, Devon and Hannah: when the moves
/// hang the board (see the failure message), the other journeys on North Clinic's board are not hung with it.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class HuddleConcurrentMovesTests(CareHubBrowser browser)
{
    private const int Rounds = 4;
    private const int CardsEach = 3;

    private static readonly string[] People = ["Olivia Bennett", "Marcus Reid", "Grace Nakamura"];

    private static readonly Dictionary<string, string[]> Topics = new()
    {
        [People[0]] = ["Care plan reviews due this week", "Pharmacy delivery gaps", "Flu clinic staffing on Saturday"],
        [People[1]] = ["Transport to dialysis appointments", "Food bank referrals", "Home health agency capacity"],
        [People[2]] = ["Wound care supplies at home", "Medication reconciliation after discharge", "Fall risk screening backlog"],
    };

    [Fact]
    public async Task Three_teammates_moving_cards_at_the_same_time_end_with_the_same_board_as_the_database()
    {
        await using var room = await HuddleRoom.GatherAsync(browser, People);
        var first = room[People[0]];
        var boardId = await first.BoardIdAsync();
        // Each person moves their own cards (so each card's moves come in a known order); the moves still land in
        // the same lanes, next to the same cards, at the same moment.
        var mine = new Dictionary<string, List<Guid>>();
        foreach (var person in People)
        {
            mine[person] = [];
            foreach (var topic in Topics[person])
                mine[person].Add(await first.AddTopicAsync(topic));
        }
        var before = (await first.BoardOrderAsync()).Values.SelectMany(ids => ids).ToList();
        var lastLane = new Dictionary<Guid, HuddleLane>();

        for (var round = 0; round < Rounds; round++)
        {
            // Everyone opens their card's menu on a calm board, then all click at the same instant of the browser's
            // clock: closer together than a change takes to reach another screen.
            await SettledVersionAsync(room, boardId);
            var moving = People.Select(person => mine[person][round % CardsEach]).ToHashSet();
            var inHand = new List<HuddleMoveInHand>();
            for (var who = 0; who < People.Length; who++)
                inHand.Add(await GetReadyAsync(room[People[who]], mine[People[who]][round % CardsEach], round + who, moving, lastLane));
            // The menus must still be open when the instant comes (see HuddleCardMenuTests: a re-render closes them).
            foreach (var move in inHand)
                await move.ShouldStillBeInHandAsync();
            var instant = await first.Page.EvaluateAsync<double>("() => Date.now() + 250");
            try
            {
                await Task.WhenAll(inHand.Select(move => move.LetGoAtAsync(instant)));
            }
            catch (PlaywrightException e)
            {
                throw await WhyAMoveDidNotLandAsync(room, boardId, round, e);
            }
        }

        var settled = (await SettledVersionAsync(room, boardId)).ToString(CultureInfo.InvariantCulture);
        var saved = await room.DatabaseOrderAsync(boardId);
        foreach (var board in room.Boards)
        {
            await Expect(board.Board).ToHaveAttributeAsync("data-version", settled);
            await Expect(board.Error).ToBeHiddenAsync();
            foreach (var lane in HuddleBoardPage.Lanes)
                (await board.CardOrderAsync(lane)).ShouldBe(saved[lane], $"{lane} on {board.Page.Url}");
        }
        var after = saved.Values.SelectMany(ids => ids).ToList();
        after.Count.ShouldBe(after.Distinct().Count(), "a card is on the board twice");
        after.Order().ShouldBe(before.Order(), "the set of cards changed");
        foreach (var (card, lane) in lastLane)
            saved[lane].ShouldContain(card, $"a card last moved to {lane} is not there");
    }

    /// <summary>
    /// One person's move: to another lane every other time, otherwise up or down past a neighbour that is not moving
    /// this round (to another lane when both neighbours are). Opens the menu now; returns the move in hand.
    /// </summary>
    private static async Task<HuddleMoveInHand> GetReadyAsync(HuddleBoardPage board, Guid card, int turn, HashSet<Guid> moving,
        Dictionary<Guid, HuddleLane> lastLane)
    {
        // A board re-rendered by a late answer closes an open card menu (HuddleCardMenuTests pins that bug down):
        // like a person, open it again. The moves themselves still happen at one instant.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await GetReadyOnceAsync(board, card, turn, moving, lastLane);
            }
            catch (PlaywrightException) when (attempt < 3)
            {
                await board.Page.Keyboard.PressAsync("Escape");
            }
        }
    }

    private static async Task<HuddleMoveInHand> GetReadyOnceAsync(HuddleBoardPage board, Guid card, int turn, HashSet<Guid> moving,
        Dictionary<Guid, HuddleLane> lastLane)
    {
        var lane = await board.LaneOfAsync(card);
        var order = (await board.CardOrderAsync(lane)).ToList();
        var index = order.IndexOf(card);
        bool? up = index > 0 && !moving.Contains(order[index - 1]) ? true
            : index < order.Count - 1 && !moving.Contains(order[index + 1]) ? false
            : null;
        if (turn % 2 == 1 && up is { } direction)
        {
            lastLane[card] = lane;
            return await board.ReadyToMoveCardWithinLaneAsync(card, direction);
        }
        var to = HuddleBoardPage.Lanes[((int)lane + 1 + (turn % 3)) % HuddleBoardPage.Lanes.Count];
        lastLane[card] = to;
        return await board.ReadyToMoveCardToLaneAsync(card, to);
    }

    /// <summary>Says whether the screens still follow the board and whether its bus topic still answers.</summary>
    private static async Task<Exception> WhyAMoveDidNotLandAsync(HuddleRoom room, Guid boardId, int round, PlaywrightException failure)
    {
        var version = await room.DatabaseVersionAsync(boardId);
        var shown = await Task.WhenAll(room.Boards.Select(b => b.VersionAsync()));
        var answers = await room.BoardTopicAnswersAsync(boardId, TimeSpan.FromSeconds(5));
        return new InvalidOperationException(
            $"In round {round + 1} a move made at the same instant as two others never showed on its own screen. The screens show " +
            $"board versions {string.Join(", ", shown)}; the database has {version}. " +
            (answers
                ? "The board's bus topic still answers."
                : "A publication on the board's bus topic has not returned after 5 s: a subscriber (a screen's circuit) is blocked, " +
                  "so every screen that publishes a change of this board hangs with it."),
            failure);
    }

    /// <summary>Waits until the database's version of the board stops moving and every screen shows it.</summary>
    private static async Task<long> SettledVersionAsync(HuddleRoom room, Guid boardId)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            var version = await room.DatabaseVersionAsync(boardId);
            var shown = await Task.WhenAll(room.Boards.Select(b => b.VersionAsync()));
            if (shown.All(v => v == version))
            {
                // Answers to the last changes may still be on their way (same version, new render): let them land.
                await Task.Delay(300, TestContext.Current.CancellationToken);
                if (await room.DatabaseVersionAsync(boardId) == version)
                    return version;
            }
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"The screens show board versions {string.Join(", ", shown)}; the database has {version}.");
            await Task.Delay(100, TestContext.Current.CancellationToken);
        }
    }
}
