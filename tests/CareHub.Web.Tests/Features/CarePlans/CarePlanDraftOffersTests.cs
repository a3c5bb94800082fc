using CareHub.Domain.CarePlans;
using CareHub.Web.Features.CarePlans;
using static CareHub.Web.Tests.Features.CarePlans.CarePlanSamples;

namespace CareHub.Web.Tests.Features.CarePlans;

/// <summary>Which texts kept by the browser are offered back after a reload, and how they read.</summary>
public sealed class CarePlanDraftOffersTests
{
    private static readonly CarePlanItemView Walking = Item("Walks 10 minutes a day", detail: "Step counter");

    private static CarePlanStoredDraft Stored(Guid itemId, CarePlanField field, string text, long @base = 1) =>
        new(CarePlanFieldKeys.Draft(PlanId, itemId, field), text, @base, At);

    [Fact]
    public void Text_that_differs_from_the_field_is_offered_and_text_equal_to_it_is_forgotten()
    {
        var differs = Stored(Walking.Id, CarePlanField.Text, "Walks 10 minutes a day and stretches");
        var same = Stored(Walking.Id, CarePlanField.Detail, "Step counter");

        var (offers, stale) = CarePlanDraftOffers.Sort([differs, same], Plan(2, Walking), _ => null);

        var offer = offers.ShouldHaveSingleItem();
        offer.ItemId.ShouldBe(Walking.Id);
        offer.Field.ShouldBe(CarePlanField.Text);
        offer.Where.ShouldBe("Goal");
        offer.Excerpt.ShouldBe("Walks 10 minutes a day and stretches");
        stale.ShouldBe([same]);
    }

    [Fact]
    public void The_fields_text_on_screen_counts_over_the_stored_item()
    {
        var draft = Stored(Walking.Id, CarePlanField.Text, "Walks 10 minutes a day and stretches");

        var (offers, stale) = CarePlanDraftOffers.Sort([draft], Plan(2, Walking), _ => "Walks 10 minutes a day and stretches");

        offers.ShouldBeEmpty("the field still has that text: nothing was lost");
        stale.ShouldBe([draft]);
    }

    [Fact]
    public void Kept_text_of_an_item_not_on_the_plan_or_of_another_plan_is_forgotten()
    {
        var gone = Stored(Guid.NewGuid(), CarePlanField.Text, "Gone");
        var other = new CarePlanStoredDraft(CarePlanFieldKeys.Draft(Guid.NewGuid(), Walking.Id, CarePlanField.Text), "Other", 1, At);
        var garbage = new CarePlanStoredDraft("not-a-key", "x", 1, null);

        var (offers, stale) = CarePlanDraftOffers.Sort([gone, other, garbage], Plan(2, Walking), _ => null);

        offers.ShouldBeEmpty();
        stale.Count.ShouldBe(3);
    }

    [Fact]
    public void The_second_text_is_named_by_its_label()
    {
        CarePlanDraftOffers.WhereOf(CarePlanItemKind.Goal, CarePlanField.Detail).ShouldBe("Goal (Measurable target)");
    }

    [Fact]
    public void A_long_text_is_shown_around_where_it_differs()
    {
        var now = string.Concat(Enumerable.Repeat("word ", 40));
        var kept = now + "and the new sentence at the end";

        var excerpt = CarePlanDraftOffers.Excerpt(kept, now);

        excerpt.ShouldStartWith("…");
        excerpt.ShouldEndWith("and the new sentence at the end");
        excerpt.Length.ShouldBe(81);
    }
}
