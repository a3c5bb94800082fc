using Bunit;
using CareHub.Domain.Huddles;
using CareHub.Web.Features.Huddle;
using CareHub.Web.Tests.Infrastructure;
using MudBlazor;
using static CareHub.Web.Tests.Features.Huddle.HuddleSamples;

namespace CareHub.Web.Tests.Features.Huddle;

public sealed class HuddleBoardCardTests : CareHubComponentTest
{
    private readonly IRenderedComponent<MudPopoverProvider> _popovers;

    public HuddleBoardCardTests() => _popovers = RenderPopoverProvider();

    [Theory]
    [InlineData(HuddleCardReason.AdmittedOrEdVisit, "Admitted or ED in 24 h")]
    [InlineData(HuddleCardReason.AwaitingTransitionCall, "Transition call due")]
    [InlineData(HuddleCardReason.ReferralOverdue, "Referral overdue")]
    [InlineData(HuddleCardReason.HighReadmissionRisk, "High readmission risk")]
    [InlineData(HuddleCardReason.OpenEscalation, "Escalation")]
    [InlineData(HuddleCardReason.AddedByHand, "Added")]
    public void The_card_says_why_it_is_on_the_board(HuddleCardReason reason, string chip)
    {
        var cut = Render<HuddleBoardCard>(p => p.Add(x => x.Card, Card("Garcia, Ana", reason: reason)));

        cut.Find("[data-testid=huddle-card-reason]").TextContent.Trim().ShouldBe(chip);
    }

    [Fact]
    public void A_patient_card_links_to_the_patient()
    {
        var patientId = Guid.NewGuid();

        var cut = Render<HuddleBoardCard>(p => p.Add(x => x.Card, Card("Garcia, Ana", patientId: patientId, reason: HuddleCardReason.AdmittedOrEdVisit)));

        var link = cut.Find("[data-testid=huddle-card-title] a");
        link.GetAttribute("href").ShouldBe($"/patients/{patientId}");
        link.TextContent.ShouldBe("Garcia, Ana");
        cut.Find("[data-testid=huddle-card]").TextContent.ShouldContain("4 West, bed 12");
    }

    [Fact]
    public void A_topic_card_has_its_title_and_no_link()
    {
        var cut = Render<HuddleBoardCard>(p => p.Add(x => x.Card, Card("Flu clinic staffing")));

        var title = cut.Find("[data-testid=huddle-card-title]");
        title.TextContent.Trim().ShouldBe("Flu clinic staffing");
        title.QuerySelector("a").ShouldBeNull();
    }

    [Fact]
    public void A_card_from_yesterday_is_marked_carried_over()
    {
        var carried = Render<HuddleBoardCard>(p => p.Add(x => x.Card, Card("Garcia, Ana", carriedOver: true)));
        var fresh = Render<HuddleBoardCard>(p => p.Add(x => x.Card, Card("Okafor, Ben")));

        carried.Find("[data-testid=huddle-card-carried-over]").TextContent.Trim().ShouldBe("Carried over");
        fresh.FindAll("[data-testid=huddle-card-carried-over]").ShouldBeEmpty();
    }

    [Fact]
    public void The_card_shows_its_owner_due_date_and_number_of_actions()
    {
        var cut = Render<HuddleBoardCard>(p => p.Add(x => x.Card, Card("Garcia, Ana", owner: "Dana Nurse", due: new DateOnly(2026, 11, 26), actions: 2)));

        cut.Find("[data-testid=huddle-card-owner]").TextContent.ShouldBe("Dana Nurse");
        cut.Find("[data-testid=huddle-card-due]").TextContent.ShouldBe("· due Nov 26");
        cut.Find("[data-testid=huddle-card-actions]").TextContent.ShouldBe("· 2 actions");
    }

    [Fact]
    public void An_unowned_card_says_so_and_shows_no_due_date_or_actions()
    {
        var cut = Render<HuddleBoardCard>(p => p.Add(x => x.Card, Card("Garcia, Ana")));

        cut.Find("[data-testid=huddle-card-owner]").TextContent.ShouldBe("No owner");
        cut.FindAll("[data-testid=huddle-card-due]").ShouldBeEmpty();
        cut.FindAll("[data-testid=huddle-card-actions]").ShouldBeEmpty();
    }

    [Fact]
    public void The_current_card_is_highlighted()
    {
        var card = Card("Garcia, Ana");

        var current = Render<HuddleBoardCard>(p => p.Add(x => x.Card, card).Add(x => x.IsCurrent, true));
        var other = Render<HuddleBoardCard>(p => p.Add(x => x.Card, card));

        var shown = current.Find("[data-testid=huddle-card]");
        shown.GetAttribute("data-current").ShouldBe("true");
        shown.GetAttribute("data-card-id").ShouldBe(card.Id.ToString());
        shown.ClassList.ShouldContain("huddle-card-current");
        shown.GetAttribute("aria-current").ShouldBe("true");
        other.Find("[data-testid=huddle-card]").GetAttribute("data-current").ShouldBe("false");
        other.Find("[data-testid=huddle-card]").ClassList.ShouldNotContain("huddle-card-current");
    }

    [Fact]
    public void The_menu_moves_the_card_without_dragging()
    {
        var card = Card("Garcia, Ana");
        var commands = new List<HuddleCardCommand>();
        var cut = Render<HuddleBoardCard>(p => p.Add(x => x.Card, card).Add(x => x.CanMoveUp, true).Add(x => x.CanMoveDown, true)
            .Add(x => x.OnCommand, (HuddleCardCommand c) => commands.Add(c)));

        // Menus open in the popover provider, outside the card's markup.
        cut.Find("[data-testid=huddle-card-menu] button").Click();
        _popovers.WaitForElement("[data-testid=card-move-down]").Click();
        // The menu closes asynchronously after a choice: a click before it has closed would close it, not open it.
        cut.WaitForAssertion(() => cut.Find("[data-testid=huddle-card-menu] button").GetAttribute("aria-expanded").ShouldBe("false"));
        cut.Find("[data-testid=huddle-card-menu] button").Click();
        _popovers.WaitForElement("[data-testid=card-move-to-Done]").Click();

        commands.ShouldBe([
            new HuddleCardCommand(card.Id, HuddleCardCommandKind.MoveDown),
            new HuddleCardCommand(card.Id, HuddleCardCommandKind.MoveToLane, HuddleLane.Done),
        ]);
    }

    [Fact]
    public void A_read_only_card_has_no_menu()
    {
        var cut = Render<HuddleBoardCard>(p => p.Add(x => x.Card, Card("Garcia, Ana")).Add(x => x.ReadOnly, true));

        cut.FindAll("[data-testid=huddle-card-menu]").ShouldBeEmpty();
    }

    [Fact]
    public void Someone_dragging_the_card_is_named_on_it()
    {
        var cut = Render<HuddleBoardCard>(p => p.Add(x => x.Card, Card("Garcia, Ana")).Add(x => x.MovingBy, "Maria Alvarez"));

        cut.Find("[data-testid=huddle-card-moving]").TextContent.ShouldBe("Maria Alvarez is moving this card");
    }
}
