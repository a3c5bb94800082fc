using CareHub.Domain.CarePlans;
using CareHub.Domain.Common;
using static CareHub.Domain.Tests.CarePlans.CarePlanItems;

namespace CareHub.Domain.Tests.CarePlans;

/// <summary>A plan's own status (draft, active, completed, revoked) and what a closed or full plan refuses.</summary>
public class CarePlanStatusTests
{
    private static CarePlan PlanIn(CarePlanStatus status)
    {
        var plan = NewPlan();
        if (status is CarePlanStatus.Active or CarePlanStatus.Completed)
            plan.Activate();
        if (status == CarePlanStatus.Completed)
            plan.Complete();
        if (status == CarePlanStatus.Revoked)
            plan.Revoke();
        plan.Status.ShouldBe(status);
        return plan;
    }

    private static CarePlanItemSpec Spec() => new(CarePlanItemKind.Intervention, "Weekly phone check-in");

    [Theory]
    [InlineData(CarePlanStatus.Draft, false)]
    [InlineData(CarePlanStatus.Active, false)]
    [InlineData(CarePlanStatus.Completed, true)]
    [InlineData(CarePlanStatus.Revoked, true)]
    public void A_plan_is_closed_once_completed_or_revoked(CarePlanStatus status, bool closed)
    {
        var plan = PlanIn(status);

        var isClosed = plan.IsClosed;

        isClosed.ShouldBe(closed);
    }

    [Theory]
    [InlineData(CarePlanStatus.Draft)]
    [InlineData(CarePlanStatus.Active)]
    public void An_open_plan_can_be_made_active(CarePlanStatus status)
    {
        var plan = PlanIn(status);

        plan.Activate();

        plan.Status.ShouldBe(CarePlanStatus.Active);
    }

    [Theory]
    [InlineData(CarePlanStatus.Completed, "A completed plan cannot be made active again; start a new plan.")]
    [InlineData(CarePlanStatus.Revoked, "A revoked plan cannot be made active again; start a new plan.")]
    public void A_closed_plan_cannot_be_made_active(CarePlanStatus status, string message)
    {
        var plan = PlanIn(status);

        var refusal = Should.Throw<DomainRuleException>(plan.Activate);

        refusal.Message.ShouldBe(message);
        plan.Status.ShouldBe(status);
    }

    [Fact]
    public void An_active_plan_can_be_completed()
    {
        var plan = PlanIn(CarePlanStatus.Active);

        plan.Complete();

        plan.Status.ShouldBe(CarePlanStatus.Completed);
    }

    [Theory]
    [InlineData(CarePlanStatus.Draft)]
    [InlineData(CarePlanStatus.Completed)]
    [InlineData(CarePlanStatus.Revoked)]
    public void A_plan_that_is_not_active_cannot_be_completed(CarePlanStatus status)
    {
        var plan = PlanIn(status);

        var refusal = Should.Throw<DomainRuleException>(plan.Complete);

        refusal.Message.ShouldBe("Only an active plan can be completed.");
        plan.Status.ShouldBe(status);
    }

    [Theory]
    [InlineData(CarePlanStatus.Draft)]
    [InlineData(CarePlanStatus.Active)]
    public void An_open_plan_can_be_revoked(CarePlanStatus status)
    {
        var plan = PlanIn(status);

        plan.Revoke();

        plan.Status.ShouldBe(CarePlanStatus.Revoked);
        plan.IsClosed.ShouldBeTrue();
    }

    [Theory]
    [InlineData(CarePlanStatus.Completed, "This plan is already completed.")]
    [InlineData(CarePlanStatus.Revoked, "This plan is already revoked.")]
    public void A_closed_plan_cannot_be_revoked(CarePlanStatus status, string message)
    {
        var plan = PlanIn(status);

        var refusal = Should.Throw<DomainRuleException>(plan.Revoke);

        refusal.Message.ShouldBe(message);
        plan.Status.ShouldBe(status);
    }

    [Theory]
    [InlineData(CarePlanStatus.Draft)]
    [InlineData(CarePlanStatus.Active)]
    public void An_open_plan_takes_changes(CarePlanStatus status)
    {
        var plan = PlanIn(status);

        Should.NotThrow(plan.EnsureOpen);

        plan.Status.ShouldBe(status);
    }

    [Theory]
    [InlineData(CarePlanStatus.Completed, "This plan is completed; it can no longer be changed.")]
    [InlineData(CarePlanStatus.Revoked, "This plan is revoked; it can no longer be changed.")]
    public void A_closed_plan_refuses_changes(CarePlanStatus status, string message)
    {
        var plan = PlanIn(status);

        var refusal = Should.Throw<DomainRuleException>(plan.EnsureOpen);

        refusal.Message.ShouldBe(message);
    }

    [Theory]
    [InlineData(CarePlanStatus.Completed)]
    [InlineData(CarePlanStatus.Revoked)]
    public void A_closed_plan_refuses_new_items(CarePlanStatus status)
    {
        var plan = PlanIn(status);

        var refusal = Should.Throw<DomainRuleException>(() => plan.AddItem(Spec(), 0));

        refusal.Message.ShouldBe("Items cannot be added to a closed plan.");
        plan.Items.ShouldBeEmpty();
    }

    [Fact]
    public void A_plan_takes_an_item_at_the_last_position()
    {
        var plan = PlanIn(CarePlanStatus.Active);

        var item = plan.AddItem(Spec(), CarePlan.MaxItems - 1);

        item.Position.ShouldBe(CarePlan.MaxItems - 1);
        plan.Items.ShouldBe([item]);
    }

    [Theory]
    [InlineData(CarePlan.MaxItems)]
    [InlineData(CarePlan.MaxItems + 1)]
    public void A_plan_refuses_an_item_past_the_last_position(int position)
    {
        var plan = PlanIn(CarePlanStatus.Active);

        var refusal = Should.Throw<DomainRuleException>(() => plan.AddItem(Spec(), position));

        refusal.Message.ShouldBe("A plan can hold at most 500 items; complete this plan and start a new one.");
        plan.Items.ShouldBeEmpty();
    }

    [Fact]
    public void A_full_plan_refuses_one_more_item()
    {
        var plan = PlanIn(CarePlanStatus.Active);
        for (var i = 0; i < CarePlan.MaxItems; i++)
            plan.AddItem(CarePlanItemKind.Intervention, $"Step {i + 1}", null, null);

        var refusal = Should.Throw<DomainRuleException>(() => plan.AddItem(CarePlanItemKind.Intervention, "One too many", null, null));

        refusal.Message.ShouldBe("A plan can hold at most 500 items; complete this plan and start a new one.");
        plan.Items.Count.ShouldBe(CarePlan.MaxItems);
    }

    [Fact]
    public void A_plan_needs_a_spec_to_add_an_item()
    {
        var plan = PlanIn(CarePlanStatus.Active);

        Should.Throw<ArgumentNullException>(() => plan.AddItem(null!, 0));

        plan.Items.ShouldBeEmpty();
    }

    [Fact]
    public void An_item_added_from_a_spec_keeps_what_it_was_given()
    {
        var plan = PlanIn(CarePlanStatus.Active);
        var assignee = Guid.NewGuid();
        var spec = new CarePlanItemSpec(CarePlanItemKind.Service, "  Home health nursing visits  ")
        {
            Detail = "  Twice a week for 4 weeks ",
            Category = "home HEALTH",
            AssigneeId = assignee,
            Due = new DateOnly(2026, 3, 16),
        };

        var item = plan.AddItem(spec, 7);

        item.Text.ShouldBe("Home health nursing visits");
        item.Detail.ShouldBe("Twice a week for 4 weeks");
        item.Category.ShouldBe(CarePlanCategories.HomeHealth);
        item.AssigneeId.ShouldBe(assignee);
        item.Due.ShouldBe(new DateOnly(2026, 3, 16));
        item.Position.ShouldBe(7);
        item.Sources.ShouldBe(MedicationSources.None);
    }

    [Fact]
    public void The_plan_title_is_required()
    {
        var refusal = Should.Throw<DomainRuleException>(() => new CarePlan(PatientId, "  ", TestTime.Monday));

        refusal.Message.ShouldBe("Plan title is required.");
    }

    [Fact]
    public void A_plan_title_longer_than_200_characters_is_refused()
    {
        var refusal = Should.Throw<DomainRuleException>(() => new CarePlan(PatientId, new string('t', 201), TestTime.Monday));

        refusal.Message.ShouldBe("Plan title can be at most 200 characters (it has 201).");
    }

    [Fact]
    public void A_new_plan_was_last_changed_when_created()
    {
        var plan = NewPlan();

        (plan.CreatedAt, plan.LastChangedAt).ShouldBe((TestTime.Monday, TestTime.Monday));
        plan.Title.ShouldBe("Care plan");
    }

    [Fact]
    public void Recording_a_change_moves_the_last_change_forward_only()
    {
        var plan = NewPlan();
        var later = TestTime.Monday.AddHours(2);

        plan.RecordChange(later);
        plan.RecordChange(TestTime.Monday.AddHours(1));

        plan.LastChangedAt.ShouldBe(later);
        plan.CreatedAt.ShouldBe(TestTime.Monday);
    }
}
