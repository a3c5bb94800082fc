using CareHub.Domain.Audit;
using CareHub.Domain.Huddles;
using CareHub.Domain.Tasks;
using CareHub.Web.Features.Huddle;
using CareHub.Web.Features.Tasks;
using CareHub.Web.Realtime;
using CareHub.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace CareHub.Web.Tests.Features.Huddle;

/// <summary>Running the huddle: the shared timer, cards, notes, owners and actions, closing it and its history.</summary>
public sealed class HuddleServiceHuddleModeTests(PatientsDatabase database) : IClassFixture<PatientsDatabase>
{
    private readonly HuddleTestBed _bed = new(database);

    private static CancellationToken Ct => Xunit.TestContext.Current.CancellationToken;

    private static DateOnly Today => DateOnly.FromDateTime(FixedClock.Default.UtcDateTime);

    [Fact]
    public async Task A_timer_started_on_one_screen_shows_the_same_remaining_time_on_another()
    {
        var (alice, board, cards, team) = await BoardAsync("A", "B");
        var bob = _bed.ServiceFor(await _bed.AddMemberAsync(team, "Bob", "Other"));

        (await alice.StartTimerAsync(board, Ct)).ShouldBeOfType<HuddleResult.Saved>();
        _bed.Clock.Advance(TimeSpan.FromSeconds(12));
        var seenByBob = (await bob.GetBoardAsync(board, Ct)).ShouldNotBeNull();
        _bed.Clock.Advance(TimeSpan.FromSeconds(3));
        var seenByAlice = (await alice.GetBoardAsync(board, Ct)).ShouldNotBeNull();

        (seenByBob.TimerRunning, seenByBob.CurrentCardId).ShouldBe((true, (Guid?)cards["A"]));
        (seenByAlice.TimerRunning, seenByAlice.CurrentCardId).ShouldBe((true, (Guid?)cards["A"]));
        seenByBob.RemainingMsAt(seenByAlice.ReadAt).ShouldBe(seenByAlice.RemainingMsAt(seenByAlice.ReadAt));
        seenByAlice.RemainingMsAt(seenByAlice.ReadAt).ShouldBe(45_000);

        (await bob.PauseTimerAsync(board, Ct)).ShouldBeOfType<HuddleResult.Saved>();
        _bed.Clock.Advance(TimeSpan.FromSeconds(30));
        var pausedForAlice = (await alice.GetBoardAsync(board, Ct)).ShouldNotBeNull();
        (pausedForAlice.TimerRunning, pausedForAlice.RemainingMsAt(pausedForAlice.ReadAt.AddMinutes(1))).ShouldBe((false, 45_000L));

        (await alice.StartTimerAsync(board, Ct)).ShouldBeOfType<HuddleResult.Saved>();
        _bed.Clock.Advance(TimeSpan.FromSeconds(5));
        (await bob.NextCardAsync(board, Ct)).ShouldBeOfType<HuddleResult.Saved>();
        _bed.Clock.Advance(TimeSpan.FromSeconds(10));
        var afterNextForAlice = (await alice.GetBoardAsync(board, Ct)).ShouldNotBeNull();
        var afterNextForBob = (await bob.GetBoardAsync(board, Ct)).ShouldNotBeNull();

        afterNextForAlice.CurrentCardId.ShouldBe(cards["B"]);
        afterNextForAlice.Cards.Single(c => c.Id == cards["A"]).Discussed.ShouldBeTrue();
        afterNextForAlice.RemainingMsAt(afterNextForAlice.ReadAt).ShouldBe(50_000);
        afterNextForBob.RemainingMsAt(afterNextForAlice.ReadAt).ShouldBe(afterNextForAlice.RemainingMsAt(afterNextForAlice.ReadAt));
    }

    [Fact]
    public async Task Next_goes_through_the_lanes_in_board_order_skipping_discussed_cards_until_the_last()
    {
        var (service, board, cards, _) = await BoardAsync("A", "B", "C", "D", "E");
        await service.MoveCardAsync(board, new CardMove(cards["C"], HuddleLane.Barriers, null, null), Ct);
        await service.MoveCardAsync(board, new CardMove(cards["D"], HuddleLane.Actions, null, null), Ct);
        await service.MoveCardAsync(board, new CardMove(cards["E"], HuddleLane.Done, null, null), Ct);

        (await service.StartTimerAsync(board, Ct)).ShouldBeOfType<HuddleResult.Saved>();
        var focusedAtStart = await CurrentAsync(service, board);
        (await service.FocusCardAsync(board, cards["C"], Ct)).ShouldBeOfType<HuddleResult.Saved>();
        var path = new List<string>();
        HuddleResult result;
        while ((result = await service.NextCardAsync(board, Ct)) is HuddleResult.Saved)
            path.Add(await CurrentAsync(service, board));

        focusedAtStart.ShouldBe("A");
        // From C: D after it, then back to the top for the cards jumped over; E is done and never comes up.
        path.ShouldBe(["D", "A", "B"]);
        result.ShouldBe(new HuddleResult.Invalid(HuddleService.LastCardMessage));
        var view = (await service.GetBoardAsync(board, Ct)).ShouldNotBeNull();
        view.Cards.Where(c => c.Discussed).Select(c => c.Title).ShouldBe(["A", "C", "D"], ignoreOrder: true);
        view.CurrentCardId.ShouldBe(cards["B"]);
    }

    [Fact]
    public async Task Starting_a_huddle_with_no_cards_says_what_to_do()
    {
        var (service, board, _, _) = await BoardAsync();

        var result = await service.StartTimerAsync(board, Ct);

        result.ShouldBe(new HuddleResult.Invalid("Add a card to the board before starting the huddle."));
    }

    [Fact]
    public async Task Closing_records_attendees_from_presence_and_the_summary_and_later_changes_are_refused()
    {
        var (alice, board, cards, team) = await BoardAsync("A", "B", "C");
        var bob = await _bed.AddMemberAsync(team, "Bob", "Viewer");
        using var bobViewing = _bed.Presence.Join(Topics.Huddle(board), PresenceEntry.For("circuit:bob", bob.Id, bob.DisplayName));
        using var bobSecondTab = _bed.Presence.Join(Topics.Huddle(board), PresenceEntry.For("circuit:bob-2", bob.Id, bob.DisplayName));
        await alice.StartTimerAsync(board, Ct);
        await alice.NextCardAsync(board, Ct);
        await alice.AddActionAsync(board, cards["A"], "Book the interpreter", team.Member.Id, Today.AddDays(1), Ct);

        var closed = await alice.CloseAsync(board, "  Ask pharmacy about the warfarin dose  ", Ct);

        closed.ShouldBeOfType<HuddleResult.Saved>();
        var view = (await alice.GetBoardAsync(board, Ct)).ShouldNotBeNull();
        view.Status.ShouldBe(HuddleBoardStatus.Closed);
        view.TimerRunning.ShouldBeFalse();
        var summary = view.Summary.ShouldNotBeNull();
        summary.Attendees.ShouldBe(string.Join(", ", new[] { bob.DisplayName, team.Member.DisplayName }.Order(StringComparer.Ordinal)));
        (summary.Decisions, summary.CardsDiscussed, summary.ActionsCreated).ShouldBe(("Ask pharmacy about the warfarin dose", 2, 1));
        summary.ClosedAt.ShouldBe(_bed.Clock.GetUtcNow());

        var refusals = new[]
        {
            await alice.MoveCardAsync(board, new CardMove(cards["C"], HuddleLane.Done, null, null), Ct),
            await alice.AddTopicAsync(board, "Late topic", AgendaSection.OpenInput, Ct),
            await alice.UpdateCardAsync(board, cards["C"], view.Cards.Single(c => c.Id == cards["C"]).Version, "late", null, null, Ct),
            await alice.StartTimerAsync(board, Ct),
            await alice.NextCardAsync(board, Ct),
            await alice.CloseAsync(board, null, Ct),
        };
        refusals.ShouldAllBe(r => r == new HuddleResult.Invalid(HuddleService.ClosedMessage));
        (await alice.GetBoardAsync(board, Ct)).ShouldNotBeNull().Version.ShouldBe(view.Version);
    }

    [Fact]
    public async Task The_history_lists_the_teams_closed_huddles_newest_first()
    {
        var team = await database.TeamAsync();
        var service = _bed.ServiceFor(team.Member);
        var older = new HuddleBoard(team.Team.Id, Today.AddDays(-2));
        older.Close(FixedClock.Default.AddDays(-2), ["Someone Earlier"], "Earlier decisions", 3, 1);
        var stillOpen = new HuddleBoard(team.Team.Id, Today.AddDays(-1));
        await using (var db = database.SystemDb())
        {
            db.HuddleBoards.AddRange(older, stillOpen);
            await db.SaveChangesAsync(Ct);
        }
        var today = (await service.OpenTodayAsync(team.Team.Id, Ct)).ShouldNotBeNull();
        await service.AddTopicAsync(today.BoardId, "Staffing", AgendaSection.OpenInput, Ct);
        (await service.CloseAsync(today.BoardId, "Today's decisions", Ct)).ShouldBeOfType<HuddleResult.Saved>();

        var history = await service.HistoryAsync(team.Team.Id, Ct);

        history.Select(h => (h.BoardId, h.Day)).ShouldBe([(today.BoardId, Today), (older.Id, Today.AddDays(-2))]);
        history[0].Summary.Decisions.ShouldBe("Today's decisions");
        history[0].Summary.Attendees.ShouldBe(team.Member.DisplayName);
        history[1].Summary.ShouldBe(new HuddleSummaryView(FixedClock.Default.AddDays(-2), "Someone Earlier", "Earlier decisions", 3, 1));
    }

    [Fact]
    public async Task An_action_on_a_patient_card_becomes_a_task_on_that_patient()
    {
        var team = await database.TeamAsync(new PatientSeed("Tasked", "Ada"));
        await _bed.AdmitAsync(team[0], await _bed.FacilityAsync(), FixedClock.Default.AddHours(-2));
        var nurse = await _bed.AddMemberAsync(team, "Nia", "Nurse");
        var source = $"circuit:{Guid.NewGuid():N}";
        var service = _bed.ServiceFor(team.Member, source);
        var board = (await service.OpenTodayAsync(team.Team.Id, Ct)).ShouldNotBeNull();
        var card = board.Cards.ShouldHaveSingleItem();
        await service.AddTopicAsync(board.BoardId, "Staffing", AgendaSection.OpenInput, Ct);
        var topic = (await service.GetBoardAsync(board.BoardId, Ct)).ShouldNotBeNull().Cards.Single(c => c.Kind == HuddleCardKind.Topic);
        using var taskLists = new EventRecorder(database.Bus, Topics.Tasks(team.Team.Id));

        var onPatient = await service.AddActionAsync(board.BoardId, card.Id, "  Arrange home oxygen  ", nurse.Id, Today.AddDays(2), Ct);
        var onTopic = await service.AddActionAsync(board.BoardId, topic.Id, "Ask for a float nurse", nurse.Id, Today, Ct);

        onPatient.ShouldBeOfType<HuddleResult.Saved>();
        onTopic.ShouldBeOfType<HuddleResult.Saved>();
        var view = (await service.GetBoardAsync(board.BoardId, Ct)).ShouldNotBeNull();
        var action = view.Cards.Single(c => c.Id == card.Id).Actions.ShouldHaveSingleItem();
        (action.Title, action.OwnerName, action.Due).ShouldBe(("Arrange home oxygen", "Nia Nurse", Today.AddDays(2)));
        var topicAction = view.Cards.Single(c => c.Id == topic.Id).Actions.ShouldHaveSingleItem();
        topicAction.TaskId.ShouldBeNull();
        await using var db = database.SystemDb();
        var task = await db.Tasks.AsNoTracking().SingleAsync(t => t.Id == action.TaskId, Ct);
        (task.PatientId, task.TeamId, task.AssigneeId, task.Title, task.Priority, task.Status, task.Kind).ShouldBe(
            (team[0].Id, team.Team.Id, nurse.Id, "Arrange home oxygen", CareTaskPriority.Routine, CareTaskStatus.Open, CareTaskKind.HuddleAction));
        task.DueAt.ShouldBe(new DateTimeOffset(Today.AddDays(2).ToDateTime(new TimeOnly(17, 0)), TimeSpan.Zero));
        (await db.Tasks.CountAsync(t => t.Title == "Ask for a float nurse", Ct)).ShouldBe(0);
        var announced = taskLists.Events.ShouldHaveSingleItem("the team's task lists hear of the patient card's task, and of nothing for the topic");
        (announced.Kind, announced.ResourceId).ShouldBe((TasksEvents.Changed, task.Id));
        (await _bed.AuditOfAsync(source)).ShouldContain(a => a.Action == AuditAction.Create && a.EntityType == "CareTask" && a.PatientId == team[0].Id);
    }

    [Fact]
    public async Task An_owner_from_another_team_is_refused_for_a_card_and_for_an_action()
    {
        var (service, board, cards, _) = await BoardAsync("A");
        var other = await database.TeamAsync();
        var version = (await service.GetBoardAsync(board, Ct)).ShouldNotBeNull().Cards.Single().Version;

        var card = await service.UpdateCardAsync(board, cards["A"], version, "notes", other.Member.Id, Today, Ct);
        var action = await service.AddActionAsync(board, cards["A"], "Call", other.Member.Id, Today, Ct);
        var nobody = await service.AddActionAsync(board, cards["A"], "Call", Guid.NewGuid(), Today, Ct);

        card.ShouldBe(new HuddleResult.Invalid($"{other.Member.DisplayName} is not on this team."));
        action.ShouldBe(new HuddleResult.Invalid($"{other.Member.DisplayName} is not on this team."));
        nobody.ShouldBe(new HuddleResult.Invalid("That person is not on this team."));
        var unchanged = (await service.GetBoardAsync(board, Ct)).ShouldNotBeNull().Cards.Single();
        (unchanged.Notes, unchanged.OwnerId, unchanged.Actions.Count).ShouldBe(("", (Guid?)null, 0));
    }

    [Fact]
    public async Task Updating_a_card_saves_notes_owner_and_due_date_and_a_stale_version_is_refused()
    {
        var (alice, board, cards, team) = await BoardAsync("A");
        var bob = _bed.ServiceFor(await _bed.AddMemberAsync(team, "Bob", "Editor"));
        var shown = (await alice.GetBoardAsync(board, Ct)).ShouldNotBeNull().Cards.Single();

        var saved = await alice.UpdateCardAsync(board, cards["A"], shown.Version, "  Needs a ride to dialysis ", team.Member.Id, Today.AddDays(1), Ct);
        var stale = await bob.UpdateCardAsync(board, cards["A"], shown.Version, "Bob's notes", null, null, Ct);

        saved.ShouldBeOfType<HuddleResult.Saved>();
        stale.ShouldBe(new HuddleResult.Invalid(HuddleService.StaleCardMessage));
        HuddleService.StaleCardMessage.ShouldContain("Someone else changed");
        var card = (await bob.GetBoardAsync(board, Ct)).ShouldNotBeNull().Cards.Single();
        (card.Notes, card.OwnerId, card.OwnerName, card.Due).ShouldBe(("Needs a ride to dialysis", (Guid?)team.Member.Id, team.Member.DisplayName, (DateOnly?)Today.AddDays(1)));
        card.Version.ShouldBe(shown.Version + 1);
    }

    [Fact]
    public async Task Notes_that_are_too_long_are_refused_with_the_rule()
    {
        var (service, board, cards, _) = await BoardAsync("A");
        var version = (await service.GetBoardAsync(board, Ct)).ShouldNotBeNull().Cards.Single().Version;

        var result = await service.UpdateCardAsync(board, cards["A"], version, new string('x', 4001), null, null, Ct);

        result.ShouldBe(new HuddleResult.Invalid("Discussion notes can be at most 4000 characters (they have 4001)."));
    }

    [Fact]
    public async Task A_topic_is_added_at_the_end_of_to_discuss_and_needs_a_title()
    {
        var (service, board, _, _) = await BoardAsync("A", "B");

        var added = await service.AddTopicAsync(board, "  New fax number  ", AgendaSection.Announcements, Ct);
        var untitled = await service.AddTopicAsync(board, "   ", AgendaSection.Announcements, Ct);
        var nowhere = await service.AddTopicAsync(board, "Somewhere", (AgendaSection)77, Ct);

        added.ShouldBeOfType<HuddleResult.Saved>();
        untitled.ShouldBe(new HuddleResult.Invalid("Card title is required."));
        nowhere.ShouldBe(new HuddleResult.Invalid(HuddleService.NoSuchSectionMessage));
        var view = (await service.GetBoardAsync(board, Ct)).ShouldNotBeNull();
        view.Lane(HuddleLane.ToDiscuss).Select(c => c.Title).ShouldBe(["A", "B", "New fax number"]);
        var topic = view.Cards.Single(c => c.Title == "New fax number");
        (topic.Kind, topic.Section, topic.Reason, topic.WallTitle).ShouldBe((HuddleCardKind.Topic, AgendaSection.Announcements, HuddleCardReason.AddedByHand, "New fax number"));
    }

    [Fact]
    public async Task Every_change_bumps_the_board_version_even_within_one_clock_tick()
    {
        var (service, board, cards, _) = await BoardAsync("A", "B");
        var start = (await service.GetBoardAsync(board, Ct)).ShouldNotBeNull().Version;

        var versions = new List<long>();
        foreach (var change in new Func<Task<HuddleResult>>[]
        {
            () => service.StartTimerAsync(board, Ct),
            () => service.PauseTimerAsync(board, Ct),
            () => service.FocusCardAsync(board, cards["B"], Ct),
            () => service.MoveCardAsync(board, new CardMove(cards["A"], HuddleLane.Barriers, null, null), Ct),
        })
            versions.Add((await change()).ShouldBeOfType<HuddleResult.Saved>().BoardVersion);

        versions.ShouldBe([start + 1, start + 2, start + 3, start + 4]);
    }

    private async Task<string> CurrentAsync(HuddleService service, Guid board)
    {
        var view = (await service.GetBoardAsync(board, Ct)).ShouldNotBeNull();
        return view.Cards.Single(c => c.Id == view.CurrentCardId).Title;
    }

    /// <summary>Today's board of a new team, with topic cards of those titles in "To discuss", in that order.</summary>
    private async Task<(HuddleService Service, Guid Board, Dictionary<string, Guid> Cards, TestTeam Team)> BoardAsync(params string[] titles)
    {
        var team = await database.TeamAsync();
        var service = _bed.ServiceFor(team.Member);
        var board = (await service.OpenTodayAsync(team.Team.Id, Ct)).ShouldNotBeNull().BoardId;
        foreach (var title in titles)
            (await service.AddTopicAsync(board, title, AgendaSection.OpenInput, Ct)).ShouldBeOfType<HuddleResult.Saved>();
        var view = (await service.GetBoardAsync(board, Ct)).ShouldNotBeNull();
        return (service, board, view.Cards.ToDictionary(c => c.Title, c => c.Id), team);
    }
}
