using CareHub.Domain.CarePlans;
using CareHub.Domain.Common;

namespace CareHub.Domain.Tests.CarePlans;

public class CarePlanCategoriesTests
{
    public static TheoryData<CarePlanItemKind, string> ListedCategories()
    {
        var data = new TheoryData<CarePlanItemKind, string>();
        foreach (var kind in Enum.GetValues<CarePlanItemKind>())
        {
            foreach (var category in CarePlanCategories.For(kind))
                data.Add(kind, category);
        }
        return data;
    }

    [Theory]
    [InlineData(CarePlanItemKind.Problem, new[] { "Problem", "Health concern" })]
    [InlineData(CarePlanItemKind.Goal, new[] { "Short term", "Long term" })]
    [InlineData(CarePlanItemKind.Service, new[] { "Home health", "Durable medical equipment", "Community support" })]
    [InlineData(CarePlanItemKind.Barrier, new[] { "Housing", "Food", "Transportation", "Utilities", "Safety", "Language" })]
    [InlineData(CarePlanItemKind.AdvanceCarePlanning, new[] { "Wishes", "Document", "Health care proxy" })]
    [InlineData(CarePlanItemKind.Intervention, new string[0])]
    [InlineData(CarePlanItemKind.Medication, new string[0])]
    [InlineData(CarePlanItemKind.Appointment, new string[0])]
    public void Each_kind_lists_its_categories(CarePlanItemKind kind, string[] categories)
    {
        var listed = CarePlanCategories.For(kind);

        listed.ShouldBe(categories);
    }

    [Theory]
    [InlineData(CarePlanItemKind.Problem, "Problem")]
    [InlineData(CarePlanItemKind.Goal, "Short term")]
    [InlineData(CarePlanItemKind.Service, "Home health")]
    [InlineData(CarePlanItemKind.Barrier, "Housing")]
    [InlineData(CarePlanItemKind.AdvanceCarePlanning, "Wishes")]
    [InlineData(CarePlanItemKind.Intervention, null)]
    [InlineData(CarePlanItemKind.Medication, null)]
    [InlineData(CarePlanItemKind.Appointment, null)]
    public void A_new_item_starts_with_the_first_category_of_its_kind(CarePlanItemKind kind, string? category)
    {
        var item = CarePlanItems.NewItem(kind);

        CarePlanCategories.DefaultFor(kind).ShouldBe(category);
        item.Category.ShouldBe(category);
    }

    [Theory]
    [MemberData(nameof(ListedCategories))]
    public void A_category_is_recognised_in_any_case_and_stored_with_the_listed_spelling(CarePlanItemKind kind, string category)
    {
        string[] spellings = [category, category.ToUpperInvariant(), category.ToLowerInvariant(), $"  {category} "];

        var checkedSpellings = spellings.Select(s => CarePlanCategories.Check(kind, s));

        checkedSpellings.ShouldAllBe(c => c == category);
    }

    [Theory]
    [InlineData(CarePlanItemKind.Intervention, null)]
    [InlineData(CarePlanItemKind.Medication, "")]
    [InlineData(CarePlanItemKind.Appointment, "   ")]
    public void A_kind_without_categories_takes_a_blank_category_as_none(CarePlanItemKind kind, string? category)
    {
        var stored = CarePlanCategories.Check(kind, category);

        stored.ShouldBeNull();
    }

    [Theory]
    [InlineData(CarePlanItemKind.Intervention, "Intervention items have no “Category” field.")]
    [InlineData(CarePlanItemKind.Medication, "Medication items have no “Category” field.")]
    [InlineData(CarePlanItemKind.Appointment, "Follow-up appointment items have no “Category” field.")]
    public void A_kind_without_categories_refuses_one(CarePlanItemKind kind, string message)
    {
        var refusal = Should.Throw<DomainRuleException>(() => CarePlanCategories.Check(kind, CarePlanCategories.Problem));

        refusal.Message.ShouldBe(message);
    }

    [Theory]
    [InlineData(CarePlanItemKind.Problem, "Healthconcern", "Choose one of: Problem, Health concern.")]
    [InlineData(CarePlanItemKind.Goal, null, "Choose one of: Short term, Long term.")]
    [InlineData(CarePlanItemKind.Goal, "Housing", "Choose one of: Short term, Long term.")]
    [InlineData(CarePlanItemKind.AdvanceCarePlanning, "Proxy", "Choose one of: Wishes, Document, Health care proxy.")]
    public void An_unlisted_category_is_refused_with_the_choices(CarePlanItemKind kind, string? category, string message)
    {
        var refusal = Should.Throw<DomainRuleException>(() => CarePlanCategories.Check(kind, category));

        refusal.Message.ShouldBe(message);
    }
}
