using CareHub.Domain.Common;
using CareHub.Domain.Huddles;

namespace CareHub.Domain.Tests.Huddles;

public class HuddleBoardTests
{
    [Fact]
    public void Closing_a_huddle_records_when()
    {
        var board = new HuddleBoard(Guid.NewGuid(), new DateOnly(2026, 3, 2));

        board.Close(TestTime.Monday.AddMinutes(10), ["Maria Alvarez"], null, 3, 1);

        board.Status.ShouldBe(HuddleBoardStatus.Closed);
        board.ClosedAt.ShouldBe(TestTime.Monday.AddMinutes(10));
    }

    [Fact]
    public void Closing_a_closed_huddle_is_refused()
    {
        var board = new HuddleBoard(Guid.NewGuid(), new DateOnly(2026, 3, 2));
        board.Close(TestTime.Monday.AddMinutes(10), ["Maria Alvarez"], null, 3, 1);

        var refusal = Should.Throw<DomainRuleException>(() => board.Close(TestTime.Monday.AddMinutes(20), [], null, 0, 0));

        refusal.Message.ShouldBe("This huddle is already closed.");
        board.ClosedAt.ShouldBe(TestTime.Monday.AddMinutes(10));
    }

    [Fact]
    public void A_board_without_a_team_is_refused()
    {
        Should.Throw<DomainRuleException>(() => new HuddleBoard(Guid.Empty, new DateOnly(2026, 3, 2))).Message.ShouldBe("Care team is required.");
    }

    private static readonly DateTimeOffset Nine = TestTime.Monday.AddHours(1);

    private static HuddleBoard Board() => new(Guid.NewGuid(), new DateOnly(2026, 3, 2));

    [Fact]
    public void A_new_board_is_open_with_a_full_time_box_and_no_current_card()
    {
        var board = Board();

        board.Status.ShouldBe(HuddleBoardStatus.Open);
        board.IsTimerRunning.ShouldBeFalse();
        board.CurrentCardId.ShouldBeNull();
        board.RemainingAt(Nine).ShouldBe(TimeSpan.FromSeconds(HuddleBoard.DefaultTimeBoxSeconds));
    }

    [Fact]
    public void Starting_the_timer_focuses_the_first_card_and_counts_down()
    {
        var board = Board();
        var first = Guid.NewGuid();

        board.StartTimer(first, Nine);

        board.IsTimerRunning.ShouldBeTrue();
        board.CurrentCardId.ShouldBe(first);
        board.RemainingAt(Nine.AddSeconds(20)).ShouldBe(TimeSpan.FromSeconds(40));
        board.RemainingAt(Nine.AddSeconds(90)).ShouldBe(TimeSpan.Zero);
    }

    [Fact]
    public void Starting_without_any_card_is_refused()
    {
        var board = Board();

        Should.Throw<DomainRuleException>(() => board.StartTimer(null, Nine)).Message.ShouldBe("Add a card to the board before starting the huddle.");
        board.IsTimerRunning.ShouldBeFalse();
    }

    [Fact]
    public void Pausing_keeps_the_remaining_time_and_resuming_counts_down_from_it()
    {
        var board = Board();
        var card = Guid.NewGuid();
        board.StartTimer(card, Nine);

        board.PauseTimer(Nine.AddSeconds(25));
        var whilePaused = board.RemainingAt(Nine.AddMinutes(5));
        board.StartTimer(Guid.NewGuid(), Nine.AddMinutes(5));

        whilePaused.ShouldBe(TimeSpan.FromSeconds(35));
        board.IsTimerRunning.ShouldBeTrue();
        board.CurrentCardId.ShouldBe(card);
        board.RemainingAt(Nine.AddMinutes(5).AddSeconds(10)).ShouldBe(TimeSpan.FromSeconds(25));
    }

    [Fact]
    public void Starting_a_running_timer_again_changes_nothing()
    {
        var board = Board();
        board.StartTimer(Guid.NewGuid(), Nine);

        board.StartTimer(Guid.NewGuid(), Nine.AddSeconds(30));

        board.RemainingAt(Nine.AddSeconds(30)).ShouldBe(TimeSpan.FromSeconds(30));
    }

    [Fact]
    public void Resuming_after_the_time_ran_out_starts_a_fresh_time_box()
    {
        var board = Board();
        board.StartTimer(Guid.NewGuid(), Nine);
        board.PauseTimer(Nine.AddSeconds(75));

        board.StartTimer(null, Nine.AddSeconds(80));

        board.RemainingAt(Nine.AddSeconds(80)).ShouldBe(TimeSpan.FromSeconds(60));
    }

    [Fact]
    public void Focusing_a_card_gives_it_a_fresh_time_box_and_a_running_timer_keeps_running()
    {
        var board = Board();
        board.StartTimer(Guid.NewGuid(), Nine);
        var next = Guid.NewGuid();

        board.FocusCard(next, Nine.AddSeconds(45));

        board.CurrentCardId.ShouldBe(next);
        board.IsTimerRunning.ShouldBeTrue();
        board.RemainingAt(Nine.AddSeconds(50)).ShouldBe(TimeSpan.FromSeconds(55));
    }

    [Fact]
    public void A_reader_whose_clock_is_behind_never_sees_more_than_was_left()
    {
        var board = Board();
        board.StartTimer(Guid.NewGuid(), Nine);

        board.RemainingAt(Nine.AddSeconds(-3)).ShouldBe(TimeSpan.FromSeconds(60));
    }

    [Theory]
    [InlineData(9)]
    [InlineData(901)]
    public void A_time_box_outside_10_seconds_to_15_minutes_is_refused(int seconds)
    {
        var board = Board();

        Should.Throw<DomainRuleException>(() => board.SetTimeBox(seconds)).Message.ShouldBe("The time per card is between 10 seconds and 15 minutes.");
        board.TimeBoxSeconds.ShouldBe(HuddleBoard.DefaultTimeBoxSeconds);
    }

    [Fact]
    public void Closing_records_the_summary_and_stops_the_timer()
    {
        var board = Board();
        board.StartTimer(Guid.NewGuid(), Nine);

        board.Close(Nine.AddMinutes(10), ["Ravi Patel", " Maria Alvarez ", "Ravi Patel", ""], "  Call the SNF today  ", 4, 2);

        board.Attendees.ShouldBe("Maria Alvarez, Ravi Patel");
        board.Decisions.ShouldBe("Call the SNF today");
        (board.CardsDiscussed, board.ActionsCreated).ShouldBe((4, 2));
        board.IsTimerRunning.ShouldBeFalse();
        board.CurrentCardId.ShouldBeNull();
    }

    [Fact]
    public void Decisions_that_are_too_long_leave_the_board_open_and_unchanged()
    {
        var board = Board();

        Should.Throw<DomainRuleException>(() => board.Close(Nine, ["Ravi Patel"], new string('x', 4001), 1, 1));

        board.Status.ShouldBe(HuddleBoardStatus.Open);
        board.Attendees.ShouldBeEmpty();
        board.ClosedAt.ShouldBeNull();
    }

    [Fact]
    public void A_closed_board_refuses_every_change()
    {
        var board = Board();
        board.Close(Nine, ["Maria Alvarez"], null, 0, 0);
        const string closed = "This huddle is closed; its board can no longer be changed.";

        Should.Throw<DomainRuleException>(() => board.StartTimer(Guid.NewGuid(), Nine)).Message.ShouldBe(closed);
        Should.Throw<DomainRuleException>(() => board.PauseTimer(Nine)).Message.ShouldBe(closed);
        Should.Throw<DomainRuleException>(() => board.FocusCard(Guid.NewGuid(), Nine)).Message.ShouldBe(closed);
        Should.Throw<DomainRuleException>(() => board.SetTimeBox(30)).Message.ShouldBe(closed);
        Should.Throw<DomainRuleException>(() => board.RecordChange(Nine)).Message.ShouldBe(closed);
    }
}
