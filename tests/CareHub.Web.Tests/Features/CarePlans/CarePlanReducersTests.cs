using CareHub.Domain.CarePlans;
using CareHub.Web.Features.CarePlans;
using static CareHub.Web.Tests.Features.CarePlans.CarePlanSamples;

namespace CareHub.Web.Tests.Features.CarePlans;

/// <summary>The care plan's reducers and the rules they apply, as plain functions.</summary>
public sealed class CarePlanReducersTests
{
    private static readonly CarePlanItemView Walking = Item("Walks 10 minutes a day", version: 2);
    private static readonly CarePlanItemView Sugar = Item("Checks blood sugar", version: 1, position: 1);

    [Theory]
    [InlineData(5, 4, CarePlanSyncKind.Ignore)]
    [InlineData(5, 5, CarePlanSyncKind.Ignore)]
    [InlineData(5, 6, CarePlanSyncKind.FetchItem)]
    [InlineData(5, 7, CarePlanSyncKind.ReloadPlan)]
    public void An_event_is_ignored_fetched_or_reloaded_by_its_version(long shown, long version, CarePlanSyncKind expected)
    {
        CarePlanSync.Decide(shown, version, Guid.NewGuid()).ShouldBe(expected);
    }

    [Fact]
    public void An_event_of_the_plan_itself_reloads_the_plan()
    {
        CarePlanSync.Decide(5, 6, itemId: null).ShouldBe(CarePlanSyncKind.ReloadPlan);
    }

    [Fact]
    public void Opening_another_patient_starts_from_a_clean_loading_state()
    {
        var other = Guid.NewGuid();

        var state = CarePlanReducers.OnOpen(Shown(Plan(3, Walking)) with { Error = "x" }, new OpenCarePlanAction(other));

        state.ShouldBe(new CarePlanState { PatientId = other, Status = CarePlanLoadStatus.Loading });
    }

    [Fact]
    public void Opening_the_shown_patient_again_keeps_the_plan_on_screen()
    {
        var shown = Shown(Plan(3, Walking)) with { Error = "x" };

        var state = CarePlanReducers.OnOpen(shown, new OpenCarePlanAction(PatientId));

        state.Plan.ShouldBeSameAs(shown.Plan);
        state.Error.ShouldBeNull();
    }

    [Fact]
    public void A_loaded_plan_is_shown_with_its_patient()
    {
        var loading = new CarePlanState { PatientId = PatientId, Status = CarePlanLoadStatus.Loading };
        var plan = Plan(3, Walking);

        var state = CarePlanReducers.OnOpened(loading, new CarePlanOpenedAction(PatientId, new CarePlanPage.Found(plan)));

        state.Status.ShouldBe(CarePlanLoadStatus.Loaded);
        state.Plan.ShouldBe(plan);
        state.PatientName.ShouldBe("Abara, Ify");
    }

    [Fact]
    public void A_patient_without_a_plan_is_offered_one()
    {
        var starting = new CarePlanState { PatientId = PatientId, Status = CarePlanLoadStatus.Loading, IsStarting = true };

        var state = CarePlanReducers.OnOpened(starting, new CarePlanOpenedAction(PatientId, new CarePlanPage.NoPlan(PatientId, "Abara, Ify")));

        state.Status.ShouldBe(CarePlanLoadStatus.NoPlan);
        state.PatientName.ShouldBe("Abara, Ify");
        state.IsStarting.ShouldBeFalse();
    }

    [Fact]
    public void A_missing_or_foreign_patient_shows_nothing_of_what_was_there()
    {
        var state = CarePlanReducers.OnOpened(Shown(Plan(3, Walking)), new CarePlanOpenedAction(PatientId, new CarePlanPage.NotFound()));

        state.ShouldBe(new CarePlanState { PatientId = PatientId, Status = CarePlanLoadStatus.NotFound });
    }

    [Fact]
    public void An_answer_for_another_patient_is_ignored()
    {
        var shown = Shown(Plan(3, Walking));

        CarePlanReducers.OnOpened(shown, new CarePlanOpenedAction(Guid.NewGuid(), new CarePlanPage.NotFound())).ShouldBeSameAs(shown);
    }

    [Fact]
    public void An_item_is_replaced_only_by_a_newer_version_of_itself()
    {
        var plan = Plan(3, Walking, Sugar);

        CarePlanReducers.WithItem(plan, Walking with { Text = "older", Version = 1 }).ShouldBeSameAs(plan);
        CarePlanReducers.WithItem(plan, Walking with { Text = "same" }).ShouldBeSameAs(plan);
        CarePlanReducers.WithItem(plan, Walking with { Text = "Walks 20 minutes", Version = 3 }).Items
            .Select(i => i.Text).ShouldBe(["Walks 20 minutes", "Checks blood sugar"]);
    }

    [Fact]
    public void A_new_item_is_added_in_plan_order()
    {
        var problem = Item("Heart failure", CarePlanItemKind.Problem);
        var late = Item("Walks with a friend", position: 5);

        var plan = CarePlanReducers.WithItem(CarePlanReducers.WithItem(Plan(3, Walking, Sugar), late), problem);

        plan.Items.Select(i => i.Text).ShouldBe(["Heart failure", "Walks 10 minutes a day", "Checks blood sugar", "Walks with a friend"]);
    }

    [Fact]
    public void The_next_version_of_an_item_is_fetched_and_taken_in_at_once()
    {
        var state = CarePlanReducers.OnChangedRemotely(Shown(Plan(3, Walking)), new CarePlanChangedRemotelyAction(PlanId, 4, Walking.Id));

        state.LastSync.ShouldBe(new CarePlanSyncStep(CarePlanSyncKind.FetchItem, 4, Walking.Id));
        state.Plan!.Version.ShouldBe(4, "the event after it is the next step, not a gap, while this one is read");
    }

    [Fact]
    public void A_gap_in_versions_reloads_the_plan()
    {
        var state = CarePlanReducers.OnChangedRemotely(Shown(Plan(3, Walking)), new CarePlanChangedRemotelyAction(PlanId, 6, Walking.Id));

        state.LastSync.ShouldBe(new CarePlanSyncStep(CarePlanSyncKind.ReloadPlan, 6, Walking.Id));
        state.Plan!.Version.ShouldBe(6);
    }

    [Fact]
    public void An_event_of_a_version_already_shown_changes_nothing_but_the_last_step()
    {
        var shown = Shown(Plan(4, Walking));

        var state = CarePlanReducers.OnChangedRemotely(shown, new CarePlanChangedRemotelyAction(PlanId, 4, Walking.Id));

        state.Plan.ShouldBeSameAs(shown.Plan);
        state.LastSync!.Kind.ShouldBe(CarePlanSyncKind.Ignore);
    }

    [Fact]
    public void An_event_of_another_plan_is_ignored()
    {
        var shown = Shown(Plan(3, Walking));

        CarePlanReducers.OnChangedRemotely(shown, new CarePlanChangedRemotelyAction(Guid.NewGuid(), 4, null)).ShouldBeSameAs(shown);
    }

    [Fact]
    public void A_fetched_item_replaces_the_shown_one_when_newer()
    {
        var state = CarePlanReducers.OnItemLoaded(Shown(Plan(4, Walking)), new CarePlanItemLoadedAction(PlanId, 4, Walking with { Text = "Walks daily", Version = 3 }));

        state.Plan!.Items.ShouldHaveSingleItem().Text.ShouldBe("Walks daily");
    }

    [Fact]
    public void A_reloaded_plan_keeps_items_this_screen_already_has_newer()
    {
        // This screen saved Walking at version 5 after the reload read it at version 2.
        var shown = Shown(Plan(8, Walking with { Text = "Walks 20 minutes", Version = 5 }));
        var reloaded = Plan(7, Walking, Sugar) with { Title = "Care plan: Diabetes" };

        var state = CarePlanReducers.OnReloaded(shown, new CarePlanReloadedAction(PlanId, reloaded));

        state.Plan!.Items.Select(i => (i.Text, i.Version)).ShouldBe([("Walks 20 minutes", 5L), ("Checks blood sugar", 1L)]);
        state.Plan.Version.ShouldBe(8, "a reload read earlier never moves the version back");
        state.Plan.Title.ShouldBe("Care plan", "the plan's own fields come from the newer of the two");
    }

    [Fact]
    public void A_newer_reloaded_plan_brings_its_own_fields()
    {
        var reloaded = Plan(9, Walking) with { Status = CarePlanStatus.Completed };

        var state = CarePlanReducers.OnReloaded(Shown(Plan(8, Walking)), new CarePlanReloadedAction(PlanId, reloaded));

        state.Plan!.Status.ShouldBe(CarePlanStatus.Completed);
        state.Plan.Version.ShouldBe(9);
    }

    [Fact]
    public void A_plan_that_is_gone_when_reloaded_reads_as_not_found()
    {
        var state = CarePlanReducers.OnReloaded(Shown(Plan(3, Walking)), new CarePlanReloadedAction(PlanId, null));

        state.Status.ShouldBe(CarePlanLoadStatus.NotFound);
        state.Plan.ShouldBeNull();
    }

    [Fact]
    public void An_own_save_of_the_next_version_moves_the_plan_version_on()
    {
        var saved = new CarePlanResult.Saved(Walking with { Text = "Walks daily", Version = 3 }, "Walks daily", false, 4);
        var change = new EditCarePlanFieldAction(PlanId, new FieldEdit(Walking.Id, CarePlanField.Text, 2, "Walks daily"));

        var state = CarePlanReducers.OnChangeSucceeded(Shown(Plan(3, Walking)), new CarePlanChangeSucceededAction(PlanId, change, saved));

        state.Plan!.Version.ShouldBe(4);
        state.Plan.Items.ShouldHaveSingleItem().Text.ShouldBe("Walks daily");
    }

    [Fact]
    public void An_own_save_after_a_change_not_heard_of_yet_leaves_the_gap_for_its_event()
    {
        var saved = new CarePlanResult.Saved(Walking with { Version = 3 }, "x", false, 6);
        var change = new EditCarePlanFieldAction(PlanId, new FieldEdit(Walking.Id, CarePlanField.Text, 2, "x"));

        var state = CarePlanReducers.OnChangeSucceeded(Shown(Plan(3, Walking)), new CarePlanChangeSucceededAction(PlanId, change, saved));

        state.Plan!.Version.ShouldBe(3);
        state.Plan.Items.ShouldHaveSingleItem().Version.ShouldBe(3, "the item itself is the answer's, newer than shown");
    }

    [Fact]
    public void Completing_the_plan_shows_it_completed()
    {
        var saved = new CarePlanResult.Saved(null, null, false, 4);

        var state = CarePlanReducers.OnChangeSucceeded(Shown(Plan(3, Walking)),
            new CarePlanChangeSucceededAction(PlanId, new SetCarePlanStatusAction(PlanId, CarePlanStatus.Completed), saved));

        state.Plan!.Status.ShouldBe(CarePlanStatus.Completed);
        state.Plan.IsClosed.ShouldBeTrue();
    }

    [Fact]
    public void A_conflict_shows_the_item_as_it_is_now_without_a_page_error()
    {
        var now = Walking with { Status = CarePlanItemStatus.OnHold, Version = 4 };
        var conflict = new CarePlanResult.Conflict(now, CarePlanField.Status, "Active", "Completed", "OnHold", "Devon Okafor");
        var change = new EditCarePlanFieldAction(PlanId, new FieldEdit(Walking.Id, CarePlanField.Status, 2, "Completed"));

        var state = CarePlanReducers.OnChangeFailed(Shown(Plan(3, Walking)), new CarePlanChangeFailedAction(PlanId, change, conflict));

        state.Plan!.Items.ShouldHaveSingleItem().Status.ShouldBe(CarePlanItemStatus.OnHold);
        state.Error.ShouldBeNull("the field says it where the person chose");
    }

    [Fact]
    public void A_refused_plan_wide_change_says_why_at_the_top()
    {
        var refused = new CarePlanResult.Invalid(CarePlanService.ClosedMessage);

        var state = CarePlanReducers.OnChangeFailed(Shown(Plan(3, Walking)),
            new CarePlanChangeFailedAction(PlanId, new ApplyCarePlanTemplateAction(PlanId, "copd"), refused));

        state.Error.ShouldBe(CarePlanService.ClosedMessage);
        CarePlanReducers.OnDismissError(state).Error.ShouldBeNull();
    }

    [Fact]
    public void Assignees_of_another_plan_are_ignored()
    {
        var shown = Shown(Plan(3, Walking));
        var people = new[] { new CarePlanAssignee(Guid.NewGuid(), "Devon Okafor") };

        CarePlanReducers.OnAssigneesLoaded(shown, new CarePlanAssigneesLoadedAction(Guid.NewGuid(), people)).ShouldBeSameAs(shown);
        CarePlanReducers.OnAssigneesLoaded(shown, new CarePlanAssigneesLoadedAction(PlanId, people)).Assignees.ShouldBe(people);
    }
}
