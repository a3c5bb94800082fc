using CareHub.Domain.CarePlans;
using static CareHub.Domain.Tests.CarePlans.CarePlanItems;

namespace CareHub.Domain.Tests.CarePlans;

public class CarePlanChangeTests
{
    [Fact]
    public void A_change_to_an_item_field_keeps_everything_it_was_given()
    {
        var plan = ActivePlan();
        var item = plan.AddItem(CarePlanItemKind.Goal, "Mood improves", null, null);
        var staffId = Guid.NewGuid();
        var at = TestTime.Monday.AddHours(3);

        var change = new CarePlanChange(plan, item, CarePlanField.Text, "Mood improves", "Mood improves by summer",
            staffId, at, itemVersion: 4, baseVersion: 2, merged: true);

        change.CarePlanId.ShouldBe(plan.Id);
        change.PatientId.ShouldBe(PatientId);
        change.ItemId.ShouldBe(item.Id);
        change.Field.ShouldBe(CarePlanField.Text);
        change.Before.ShouldBe("Mood improves");
        change.After.ShouldBe("Mood improves by summer");
        change.StaffId.ShouldBe(staffId);
        change.At.ShouldBe(at);
        change.ItemVersion.ShouldBe(4);
        change.BaseVersion.ShouldBe(2);
        change.Merged.ShouldBeTrue();
        change.Id.ShouldNotBe(Guid.Empty);
    }

    [Fact]
    public void A_change_to_the_plan_itself_has_no_item_field_or_staff()
    {
        var plan = ActivePlan();

        var change = new CarePlanChange(plan, item: null, field: null, "Active", "Completed",
            staffId: null, TestTime.Monday, itemVersion: 0, baseVersion: 0, merged: false);

        change.ItemId.ShouldBeNull();
        change.Field.ShouldBeNull();
        change.StaffId.ShouldBeNull();
        (change.Before, change.After).ShouldBe(("Active", "Completed"));
        change.Merged.ShouldBeFalse();
    }

    [Fact]
    public void A_created_item_is_recorded_with_no_before()
    {
        var plan = ActivePlan();
        var item = plan.AddItem(CarePlanItemKind.Barrier, "No ride to appointments", null, null);

        var change = new CarePlanChange(plan, item, field: null, before: null, item.Text,
            Guid.NewGuid(), TestTime.Monday, itemVersion: 1, baseVersion: 0, merged: false);

        change.Before.ShouldBeNull();
        change.After.ShouldBe("No ride to appointments");
        change.Field.ShouldBeNull();
        change.ItemId.ShouldBe(item.Id);
    }

    [Fact]
    public void Each_change_has_its_own_id()
    {
        var plan = ActivePlan();

        var first = new CarePlanChange(plan, null, null, null, "Draft", null, TestTime.Monday, 0, 0, false);
        var second = new CarePlanChange(plan, null, null, null, "Draft", null, TestTime.Monday, 0, 0, false);

        first.Id.ShouldNotBe(second.Id);
    }

    [Fact]
    public void A_change_needs_its_plan()
    {
        var change = () => new CarePlanChange(null!, null, null, null, null, null, TestTime.Monday, 0, 0, false);

        Should.Throw<ArgumentNullException>(change);
    }
}
