using CareHub.Domain.CarePlans;
using static CareHub.Domain.Tests.CarePlans.CarePlanItems;

namespace CareHub.Domain.Tests.CarePlans;

public class CarePlanTemplatesTests
{
    private static readonly DateOnly Today = DateOnly.FromDateTime(TestTime.Monday.Date);

    public static TheoryData<string> TemplateKeys() => [.. CarePlanTemplates.All.Select(t => t.Key)];

    public static TheoryData<string, int> TemplateItems()
    {
        var data = new TheoryData<string, int>();
        foreach (var template in CarePlanTemplates.All)
        {
            for (var i = 0; i < template.Items.Count; i++)
                data.Add(template.Key, i);
        }
        return data;
    }

    private static CarePlanTemplate Template(string key) => CarePlanTemplates.Find(key) ?? throw new InvalidOperationException($"No template {key}.");

    [Fact]
    public void There_are_the_four_starting_templates_with_unique_keys()
    {
        var keys = CarePlanTemplates.All.Select(t => t.Key).ToList();

        keys.ShouldBe(["diabetes", "heart-failure", "copd", "depression"]);
        keys.ShouldBeUnique();
    }

    [Theory]
    [MemberData(nameof(TemplateKeys))]
    public void A_template_is_found_by_its_key_and_has_a_name_and_items(string key)
    {
        var template = CarePlanTemplates.Find(key);

        template.ShouldNotBeNull();
        template.Key.ShouldBe(key);
        template.Name.ShouldNotBeNullOrWhiteSpace();
        template.Items.ShouldNotBeEmpty();
    }

    [Theory]
    [InlineData("Diabetes")]
    [InlineData("heart failure")]
    [InlineData("")]
    [InlineData(null)]
    public void An_unknown_key_finds_no_template(string? key)
    {
        var template = CarePlanTemplates.Find(key);

        template.ShouldBeNull();
    }

    [Theory]
    [MemberData(nameof(TemplateItems))]
    public void Every_template_item_builds_a_valid_item_with_the_template_category(string key, int index)
    {
        var entry = Template(key).Items[index];
        var plan = ActivePlan();

        var item = plan.AddItem(entry.ToSpec(Today), plan.Items.Count);

        item.Kind.ShouldBe(entry.Kind);
        item.Text.ShouldBe(entry.Text);
        item.Detail.ShouldBe(entry.Detail ?? string.Empty);
        item.Category.ShouldBe(entry.Category ?? CarePlanCategories.DefaultFor(entry.Kind));
        item.Due.ShouldBe(entry.DueInDays is { } days ? Today.AddDays(days) : null);
        item.Status.ShouldBe(CarePlanItemStatus.Active);
    }

    [Theory]
    [MemberData(nameof(TemplateItems))]
    public void A_template_category_is_one_of_the_listed_categories_of_its_kind(string key, int index)
    {
        var entry = Template(key).Items[index];

        var categories = CarePlanCategories.For(entry.Kind);

        if (entry.Category is null)
            categories.ShouldBeEmpty();
        else
            categories.ShouldContain(entry.Category);
    }

    [Theory]
    [MemberData(nameof(TemplateKeys))]
    public void A_whole_template_applies_to_a_new_plan_in_order(string key)
    {
        var template = Template(key);
        var plan = NewPlan();

        foreach (var entry in template.Items)
            plan.AddItem(entry.ToSpec(Today), plan.Items.Count);

        plan.Items.Select(i => i.Text).ShouldBe(template.Items.Select(i => i.Text));
        plan.Items.Select(i => i.Position).ShouldBe(Enumerable.Range(0, template.Items.Count));
    }

    [Fact]
    public void A_template_item_without_days_has_no_due_date()
    {
        var entry = new CarePlanTemplateItem(CarePlanItemKind.Service, "Home oxygen assessment", Category: CarePlanCategories.MedicalEquipment);

        var spec = entry.ToSpec(Today);

        spec.Due.ShouldBeNull();
        spec.Category.ShouldBe(CarePlanCategories.MedicalEquipment);
        spec.Detail.ShouldBeNull();
    }
}
