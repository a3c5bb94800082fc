using CareHub.Domain.CarePlans;
using CareHub.Domain.Common;

namespace CareHub.Domain.Tests.CarePlans;

public class CarePlanTests
{
    private static readonly Guid PatientId = Guid.NewGuid();

    private static CarePlan NewPlan() => new(PatientId, "Care plan", TestTime.Monday);

    private static CarePlan ActivePlan()
    {
        var plan = NewPlan();
        plan.Activate();
        return plan;
    }

    [Fact]
    public void A_new_plan_is_a_draft_for_its_patient()
    {
        var plan = NewPlan();

        plan.Status.ShouldBe(CarePlanStatus.Draft);
        plan.PatientId.ShouldBe(PatientId);
        plan.Items.ShouldBeEmpty();
    }

    [Fact]
    public void A_plan_without_a_patient_is_refused()
    {
        var refusal = Should.Throw<DomainRuleException>(() => new CarePlan(Guid.Empty, "Care plan", TestTime.Monday));

        refusal.Message.ShouldBe("Patient is required.");
    }

    [Fact]
    public void Only_an_active_plan_can_be_completed()
    {
        var plan = NewPlan();

        var refusal = Should.Throw<DomainRuleException>(plan.Complete);

        refusal.Message.ShouldBe("Only an active plan can be completed.");
        plan.Status.ShouldBe(CarePlanStatus.Draft);
    }

    [Fact]
    public void A_completed_plan_cannot_be_made_active_again()
    {
        var plan = ActivePlan();
        plan.Complete();

        var refusal = Should.Throw<DomainRuleException>(plan.Activate);

        refusal.Message.ShouldBe("A completed plan cannot be made active again; start a new plan.");
        plan.Status.ShouldBe(CarePlanStatus.Completed);
    }

    [Fact]
    public void Items_are_numbered_in_the_order_they_are_added_and_belong_to_the_plan_and_patient()
    {
        var plan = ActivePlan();
        var assignee = Guid.NewGuid();
        var due = new DateOnly(2026, 4, 1);

        var problem = plan.AddItem(CarePlanItemKind.Problem, "Heart failure", null, null);
        var goal = plan.AddItem(CarePlanItemKind.Goal, "No admission in 90 days", assignee, due);

        plan.Items.ShouldBe([problem, goal]);
        (problem.Position, goal.Position).ShouldBe((0, 1));
        goal.CarePlanId.ShouldBe(plan.Id);
        goal.PatientId.ShouldBe(PatientId);
        goal.AssigneeId.ShouldBe(assignee);
        goal.Due.ShouldBe(due);
        goal.Status.ShouldBe(CarePlanItemStatus.Active);
    }

    [Fact]
    public void A_draft_plan_takes_items()
    {
        var plan = NewPlan();

        plan.AddItem(CarePlanItemKind.Barrier, "Transportation to appointments", null, null);

        plan.Items.Count.ShouldBe(1);
    }

    [Fact]
    public void A_closed_plan_refuses_new_items()
    {
        var plan = ActivePlan();
        plan.AddItem(CarePlanItemKind.Problem, "COPD", null, null);
        plan.Complete();

        var refusal = Should.Throw<DomainRuleException>(() => plan.AddItem(CarePlanItemKind.Goal, "Fewer exacerbations", null, null));

        refusal.Message.ShouldBe("Items cannot be added to a closed plan.");
        plan.Items.Count.ShouldBe(1);
    }

    [Fact]
    public void Item_text_longer_than_the_limit_is_refused()
    {
        var plan = ActivePlan();

        var refusal = Should.Throw<DomainRuleException>(() =>
            plan.AddItem(CarePlanItemKind.Intervention, new string('x', CarePlanItem.MaxTextLength + 1), null, null));

        refusal.Message.ShouldBe($"Item text can be at most {CarePlanItem.MaxTextLength} characters (it has {CarePlanItem.MaxTextLength + 1}).");
        plan.Items.ShouldBeEmpty();
    }

    [Fact]
    public void Editing_an_item_to_blank_is_refused_and_keeps_the_text()
    {
        var item = ActivePlan().AddItem(CarePlanItemKind.Goal, "HbA1c below 8%", null, null);

        var refusal = Should.Throw<DomainRuleException>(() => item.Edit("   "));

        refusal.Message.ShouldBe("Item text is required.");
        item.Text.ShouldBe("HbA1c below 8%");
    }

    [Theory]
    [InlineData(CarePlanItemStatus.Active, CarePlanItemStatus.OnHold)]
    [InlineData(CarePlanItemStatus.OnHold, CarePlanItemStatus.Active)]
    [InlineData(CarePlanItemStatus.Active, CarePlanItemStatus.Completed)]
    [InlineData(CarePlanItemStatus.Active, CarePlanItemStatus.Cancelled)]
    [InlineData(CarePlanItemStatus.Proposed, CarePlanItemStatus.Active)]
    public void An_open_item_changes_status_freely(CarePlanItemStatus from, CarePlanItemStatus to)
    {
        var item = ActivePlan().AddItem(CarePlanItemKind.Goal, "Daily weights logged", null, null);
        item.ChangeStatus(from);

        item.ChangeStatus(to);

        item.Status.ShouldBe(to);
    }

    [Theory]
    [InlineData(CarePlanItemStatus.Completed, CarePlanItemStatus.Active, "A completed item cannot be reopened; add a new one.")]
    [InlineData(CarePlanItemStatus.Completed, CarePlanItemStatus.Proposed, "A completed item cannot be reopened; add a new one.")]
    [InlineData(CarePlanItemStatus.Completed, CarePlanItemStatus.OnHold, "A completed item cannot be reopened; add a new one.")]
    [InlineData(CarePlanItemStatus.Cancelled, CarePlanItemStatus.Active, "A cancelled item cannot be reopened; add a new one.")]
    [InlineData(CarePlanItemStatus.Cancelled, CarePlanItemStatus.OnHold, "A cancelled item cannot be reopened; add a new one.")]
    public void A_closed_item_cannot_be_reopened(CarePlanItemStatus closed, CarePlanItemStatus reopened, string message)
    {
        var item = ActivePlan().AddItem(CarePlanItemKind.Goal, "Daily weights logged", null, null);
        item.ChangeStatus(closed);

        var refusal = Should.Throw<DomainRuleException>(() => item.ChangeStatus(reopened));

        refusal.Message.ShouldBe(message);
        item.Status.ShouldBe(closed);
    }

    [Fact]
    public void A_completed_item_can_still_be_marked_cancelled()
    {
        var item = ActivePlan().AddItem(CarePlanItemKind.Appointment, "PCP follow-up", null, null);
        item.ChangeStatus(CarePlanItemStatus.Completed);

        item.ChangeStatus(CarePlanItemStatus.Cancelled);

        item.Status.ShouldBe(CarePlanItemStatus.Cancelled);
    }
}
