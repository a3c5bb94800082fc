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
}
