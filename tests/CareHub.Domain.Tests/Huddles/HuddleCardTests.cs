using CareHub.Domain.Common;
using CareHub.Domain.Huddles;

namespace CareHub.Domain.Tests.Huddles;

public class HuddleCardTests
{
    private static readonly DateTimeOffset Yesterday = TestTime.Monday.AddDays(-1);

    private static HuddleBoard Board(DateOnly day) => new(Guid.NewGuid(), day);

    [Fact]
    public void A_carried_over_card_keeps_its_notes_owner_due_date_and_lane_and_is_marked()
    {
        var yesterday = Board(new DateOnly(2026, 3, 1));
        var today = new HuddleBoard(yesterday.TeamId, new DateOnly(2026, 3, 2));
        var patientId = Guid.NewGuid();
        var ownerId = Guid.NewGuid();
        var card = HuddleCard.ForPatient(yesterday, patientId, "Okonkwo, Ada", HuddleCardReason.ReferralOverdue, "V", Yesterday);
        card.EditNotes("Waiting for the cardiology slot");
        card.Assign(ownerId, new DateOnly(2026, 3, 4));
        card.MoveTo(HuddleLane.Barriers, "k");
        card.MarkDiscussed();

        var carried = card.CarryOverTo(today, "V", TestTime.Monday);

        carried.Id.ShouldNotBe(card.Id);
        carried.BoardId.ShouldBe(today.Id);
        carried.CarriedOver.ShouldBeTrue();
        (carried.PatientId, carried.Title, carried.Reason, carried.Lane).ShouldBe((patientId, "Okonkwo, Ada", HuddleCardReason.ReferralOverdue, HuddleLane.Barriers));
        (carried.Notes, carried.OwnerId, carried.Due).ShouldBe(("Waiting for the cardiology slot", ownerId, new DateOnly(2026, 3, 4)));
        carried.Discussed.ShouldBeFalse();
        card.CarriedOver.ShouldBeFalse();
    }

    [Fact]
    public void A_card_that_is_done_is_not_carried_over()
    {
        var yesterday = Board(new DateOnly(2026, 3, 1));
        var card = HuddleCard.ForTopic(yesterday, "New fax number for the SNF", AgendaSection.Announcements, "V", Yesterday);
        card.MoveTo(HuddleLane.Done, "V");

        Should.Throw<DomainRuleException>(() => card.CarryOverTo(Board(new DateOnly(2026, 3, 2)), "V", TestTime.Monday))
            .Message.ShouldBe("A card that is done is not carried over.");
    }

    [Fact]
    public void Notes_are_trimmed_and_refused_past_4000_characters()
    {
        var card = HuddleCard.ForTopic(Board(new DateOnly(2026, 3, 2)), "Staffing", AgendaSection.OpenInput, "V", TestTime.Monday);
        card.EditNotes("  Two nurses out  ");

        var refusal = Should.Throw<DomainRuleException>(() => card.EditNotes(new string('n', 4001)));

        refusal.Message.ShouldBe("Discussion notes can be at most 4000 characters (they have 4001).");
        card.Notes.ShouldBe("Two nurses out");
        card.EditNotes(new string('n', 4000));
        card.Notes.Length.ShouldBe(4000);
    }

    [Fact]
    public void A_topic_card_starts_to_be_discussed_in_its_section()
    {
        var card = HuddleCard.ForTopic(Board(new DateOnly(2026, 3, 2)), "  Fall on 4 West  ", AgendaSection.SafetyConcerns, "V", TestTime.Monday);

        (card.Kind, card.Title, card.Section, card.Lane, card.Reason).ShouldBe(
            (HuddleCardKind.Topic, "Fall on 4 West", AgendaSection.SafetyConcerns, HuddleLane.ToDiscuss, HuddleCardReason.AddedByHand));
        card.PatientId.ShouldBeNull();
    }

    [Theory]
    [InlineData("")]
    [InlineData("V0")]
    [InlineData("a b")]
    public void A_position_that_is_not_an_order_key_is_refused(string key)
    {
        var card = HuddleCard.ForTopic(Board(new DateOnly(2026, 3, 2)), "Staffing", AgendaSection.OpenInput, "V", TestTime.Monday);

        Should.Throw<DomainRuleException>(() => card.MoveTo(HuddleLane.Barriers, key)).Message.ShouldBe("The card's position is not valid; reload the board.");
        (card.Lane, card.SortKey).ShouldBe((HuddleLane.ToDiscuss, "V"));
    }

    [Fact]
    public void A_lane_that_does_not_exist_is_refused()
    {
        var card = HuddleCard.ForTopic(Board(new DateOnly(2026, 3, 2)), "Staffing", AgendaSection.OpenInput, "V", TestTime.Monday);

        Should.Throw<DomainRuleException>(() => card.MoveTo((HuddleLane)42, "k")).Message.ShouldBe("That lane does not exist on this board.");
    }

    [Fact]
    public void An_action_cannot_be_due_in_the_past_and_belongs_to_the_cards_patient()
    {
        var board = Board(new DateOnly(2026, 3, 2));
        var patientId = Guid.NewGuid();
        var card = HuddleCard.ForPatient(board, patientId, "Okonkwo, Ada", HuddleCardReason.AdmittedOrEdVisit, "V", TestTime.Monday);
        var today = new DateOnly(2026, 3, 2);

        Should.Throw<DomainRuleException>(() => new HuddleActionItem(card, "Call the family", Guid.NewGuid(), today.AddDays(-1), today, TestTime.Monday))
            .Message.ShouldBe("An action cannot be due in the past.");
        var action = new HuddleActionItem(card, "Call the family", Guid.NewGuid(), today, today, TestTime.Monday);
        (action.PatientId, action.BoardId, action.TeamId).ShouldBe((patientId, board.Id, board.TeamId));
    }
}
