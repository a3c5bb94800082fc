using CareHub.Domain.Audit;
using CareHub.Domain.CarePlans;
using CareHub.Domain.Organization;
using CareHub.Web.Features.CarePlans;
using CareHub.Web.Realtime;
using CareHub.Web.Security;
using CareHub.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace CareHub.Web.Tests.Features.CarePlans;

/// <summary>
/// The care-plan service on real SQLite: starting a plan, adding items, editing each field with its history, audit and
/// event, refusing what is invalid, and two people editing one item at once (merged, or shown as a conflict).
/// </summary>
public sealed class CarePlanServiceTests(PatientsDatabase database) : IClassFixture<PatientsDatabase>
{
    private readonly CarePlanTestBed _bed = new(database);

    private static CancellationToken Ct => Xunit.TestContext.Current.CancellationToken;

    /// <summary>Stands for the domain's refusal of a field the kind does not have (<see cref="CarePlanItem.NotApplicableMessage"/>).</summary>
    private const string NotApplicable = "<not applicable>";

    private static DateOnly Today => CarePlanTestBed.Today;

    // ---- Opening and starting ----

    [Fact]
    public async Task A_patient_without_a_plan_opens_as_no_plan_with_the_patients_name()
    {
        var team = await database.TeamAsync(new PatientSeed("Noplan", "Ada"));

        var page = await _bed.ServiceFor(team.Member).OpenAsync(team[0].Id, Ct);

        page.ShouldBe(new CarePlanPage.NoPlan(team[0].Id, "Noplan, Ada"));
    }

    [Fact]
    public async Task A_blank_plan_starts_active_and_empty_and_is_announced()
    {
        var team = await database.TeamAsync(new PatientSeed("Blank", "Ada"));
        var service = _bed.ServiceFor(team.Member);

        var started = (await service.StartAsync(team[0].Id, null, Ct)).ShouldBeOfType<CarePlanResult.Saved>();
        var plan = (await service.OpenAsync(team[0].Id, Ct)).ShouldBeOfType<CarePlanPage.Found>().Plan;

        started.ShouldBe(new CarePlanResult.Saved(null, null, false, 1));
        (plan.Title, plan.Status, plan.Version, plan.PatientName, plan.Items.Count).ShouldBe(("Care plan", CarePlanStatus.Active, 1L, "Blank, Ada", 0));
        plan.CareTeam.ShouldBe([new CareTeamMemberView(team.Member.Id, team.Member.DisplayName, StaffText.Role(StaffRole.Coordinator), team.Team.Name, false)]);
        (await _bed.ChangesAsync(plan.PlanId)).ShouldBeEmpty();
    }

    [Theory]
    [InlineData("diabetes")]
    [InlineData("heart-failure")]
    [InlineData("copd")]
    [InlineData("depression")]
    public async Task A_plan_started_from_a_template_has_its_items_categories_and_due_dates_and_one_history_entry_per_item(string key)
    {
        var template = CarePlanTemplates.Find(key).ShouldNotBeNull();
        var team = await database.TeamAsync(new PatientSeed("Templated", "Ada"));

        var planId = await _bed.StartAsync(team, template: key);

        var plan = await _bed.PlanAsync(planId);
        plan.Title.ShouldBe($"Care plan: {template.Name}");
        plan.Status.ShouldBe(CarePlanStatus.Active);
        plan.Items.OrderBy(i => i.Position).Select(i => (i.Kind, i.Text, i.Detail, i.Category, i.Due, i.Version, i.Status)).ShouldBe(
            template.Items.Select(t => (t.Kind, t.Text, t.Detail ?? "", t.Category ?? CarePlanCategories.DefaultFor(t.Kind),
                t.DueInDays is { } days ? Today.AddDays(days) : (DateOnly?)null, 1L, CarePlanItemStatus.Active)));
        plan.Items.Select(i => i.Position).Order().ShouldBe(Enumerable.Range(0, template.Items.Count));
        var history = await _bed.ChangesAsync(planId);
        history.Select(c => c.ItemId!.Value).ShouldBe(plan.Items.Select(i => i.Id), ignoreOrder: true);
        history.ShouldAllBe(c => c.Field == null && c.Before == null && c.ItemVersion == 1 && c.BaseVersion == 0 && c.StaffId == team.Member.Id && !c.Merged);
        history.Select(c => c.After).ShouldBe(template.Items.Select(t => t.Text), ignoreOrder: true);
    }

    [Fact]
    public async Task Starting_a_plan_twice_keeps_the_first_and_says_the_patient_already_has_one()
    {
        var team = await database.TeamAsync(new PatientSeed("Twice", "Ada"));
        var planId = await _bed.StartAsync(team, template: "copd");

        var again = await _bed.ServiceFor(team.Member).StartAsync(team[0].Id, "diabetes", Ct);

        again.ShouldBe(new CarePlanResult.Invalid(CarePlanService.AlreadyStartedMessage));
        await using var db = database.SystemDb();
        (await db.CarePlans.Where(p => p.PatientId == team[0].Id).Select(p => p.Id).ToListAsync(Ct)).ShouldBe([planId]);
        (await _bed.PlanAsync(planId)).Title.ShouldBe("Care plan: COPD");
    }

    [Fact]
    public async Task Three_people_starting_the_plan_at_the_same_moment_make_one_plan()
    {
        var team = await database.TeamAsync(new PatientSeed("Race", "Ada"));
        var colleague = await _bed.AddMemberAsync(team, "Pat", "Colleague");

        var results = await CarePlanTestBed.AtOnce(
            () => _bed.ServiceFor(team.Member).StartAsync(team[0].Id, "diabetes", Ct),
            () => _bed.ServiceFor(colleague).StartAsync(team[0].Id, "heart-failure", Ct),
            () => _bed.ServiceFor(team.Member).StartAsync(team[0].Id, null, Ct));

        results.OfType<CarePlanResult.Saved>().ShouldHaveSingleItem();
        results.Where(r => r is not CarePlanResult.Saved).ShouldAllBe(r => r == new CarePlanResult.Invalid(CarePlanService.AlreadyStartedMessage));
        await using var db = database.SystemDb();
        var plan = await db.CarePlans.SingleAsync(p => p.PatientId == team[0].Id, Ct);
        var items = await db.CarePlanItems.CountAsync(i => i.PatientId == team[0].Id, Ct);
        var expected = plan.Title switch
        {
            "Care plan: Diabetes" => CarePlanTemplates.Diabetes.Items.Count,
            "Care plan: Heart failure" => CarePlanTemplates.HeartFailure.Items.Count,
            _ => 0,
        };
        items.ShouldBe(expected, "only the winner's items are stored");
    }

    [Fact]
    public async Task An_unknown_template_is_refused_and_nothing_is_started_or_added()
    {
        var team = await database.TeamAsync(new PatientSeed("Unknown", "Ada"), new PatientSeed("Unknown", "Ben"));
        var service = _bed.ServiceFor(team.Member);

        var start = await service.StartAsync(team[0].Id, "asthma", Ct);
        var planId = await _bed.StartAsync(team, patient: 1);
        var before = await _bed.SnapshotAsync(planId);
        var apply = await service.ApplyTemplateAsync(planId, "Diabetes", Ct);

        start.ShouldBe(new CarePlanResult.Invalid(CarePlanService.NoSuchTemplateMessage));
        apply.ShouldBe(new CarePlanResult.Invalid(CarePlanService.NoSuchTemplateMessage));
        (await service.OpenAsync(team[0].Id, Ct)).ShouldBeOfType<CarePlanPage.NoPlan>();
        (await _bed.SnapshotAsync(planId)).ShouldBe(before);
    }

    [Fact]
    public async Task Applying_a_template_adds_its_items_after_the_existing_ones()
    {
        var team = await database.TeamAsync(new PatientSeed("Apply", "Ada"));
        var planId = await _bed.StartAsync(team);
        var service = _bed.ServiceFor(team.Member);
        await CarePlanTestBed.AddAsync(service, planId, new NewCarePlanItem(CarePlanItemKind.Barrier, "No car to get to appointments"));
        using var events = _bed.Listen(planId);

        var result = (await service.ApplyTemplateAsync(planId, "depression", Ct)).ShouldBeOfType<CarePlanResult.Saved>();

        var plan = await _bed.PlanAsync(planId);
        plan.Items.OrderBy(i => i.Position).Select(i => i.Text)
            .ShouldBe(["No car to get to appointments", .. CarePlanTemplates.Depression.Items.Select(t => t.Text)]);
        result.PlanVersion.ShouldBe(plan.Version);
        (await _bed.ChangesAsync(planId)).Count.ShouldBe(1 + CarePlanTemplates.Depression.Items.Count);
        events.Events.ShouldBe([new RealtimeEvent(Topics.CarePlan(planId), CarePlanEvents.Changed, planId, plan.Version, events.Events[0].At, null)]);
    }

    // ---- Adding items ----

    [Theory]
    [InlineData(CarePlanItemKind.Problem)]
    [InlineData(CarePlanItemKind.Goal)]
    [InlineData(CarePlanItemKind.Intervention)]
    [InlineData(CarePlanItemKind.Medication)]
    [InlineData(CarePlanItemKind.Service)]
    [InlineData(CarePlanItemKind.Appointment)]
    [InlineData(CarePlanItemKind.Barrier)]
    [InlineData(CarePlanItemKind.AdvanceCarePlanning)]
    public async Task An_item_of_each_kind_is_added_with_its_default_category_a_history_entry_an_audit_row_and_an_event(CarePlanItemKind kind)
    {
        var team = await database.TeamAsync(new PatientSeed("Kinds", "Ada"));
        var planId = await _bed.StartAsync(team);
        var source = CarePlanTestBed.NewSource();
        var service = _bed.ServiceFor(team.Member, source);
        using var events = _bed.Listen(planId);

        var saved = (await service.AddItemAsync(planId, new NewCarePlanItem(kind, "  Something to follow up  ") { Detail = "More about it", Due = Today.AddDays(10) }, Ct))
            .ShouldBeOfType<CarePlanResult.Saved>();

        var item = saved.Item.ShouldNotBeNull();
        (item.Kind, item.Text, item.Detail, item.Category, item.Due, item.Status, item.Version, item.Position)
            .ShouldBe((kind, "Something to follow up", "More about it", CarePlanCategories.DefaultFor(kind), (DateOnly?)Today.AddDays(10), CarePlanItemStatus.Active, 1L, 0));
        (item.Lifecycle, item.Achievement).ShouldBe(kind == CarePlanItemKind.Goal ? (GoalLifecycle.Active, GoalAchievement.InProgress) : (null, null));
        item.Discrepancy.ShouldBe(kind == CarePlanItemKind.Medication ? MedicationReconciliation.DiscrepancyOf(MedicationSources.None) : null);
        item.ChangedBy.ShouldBe(team.Member.DisplayName);
        saved.PlanVersion.ShouldBe(2);
        (await _bed.PlanAsync(planId)).Version.ShouldBe(2);
        var entry = (await _bed.ChangesAsync(planId)).ShouldHaveSingleItem();
        (entry.ItemId, entry.Field, entry.Before, entry.After, entry.StaffId, entry.ItemVersion, entry.BaseVersion)
            .ShouldBe(((Guid?)item.Id, (CarePlanField?)null, (string?)null, (string?)"Something to follow up", (Guid?)team.Member.Id, 1L, 0L));
        var audit = (await _bed.AuditOfAsync(source)).ShouldHaveSingleItem();
        (audit.Action, audit.EntityType, audit.EntityId, audit.PatientId).ShouldBe((AuditAction.Create, nameof(CarePlanItem), (Guid?)item.Id, (Guid?)team[0].Id));
        events.Events.ShouldHaveSingleItem().ShouldBe(new RealtimeEvent(Topics.CarePlan(planId), CarePlanEvents.Changed, planId, 2, events.Events[0].At, item.Id));
    }

    [Fact]
    public async Task A_category_is_stored_in_its_listed_spelling()
    {
        var team = await database.TeamAsync(new PatientSeed("Spelling", "Ada"));
        var planId = await _bed.StartAsync(team);

        var item = await CarePlanTestBed.AddAsync(_bed.ServiceFor(team.Member), planId,
            new NewCarePlanItem(CarePlanItemKind.Goal, "Walks every day") { Category = " long TERM " });

        item.Category.ShouldBe(CarePlanCategories.LongTerm);
    }

    [Theory]
    [InlineData(CarePlanItemKind.Goal, "Housing", "Choose one of: Short term, Long term.")]
    [InlineData(CarePlanItemKind.Barrier, "Problem", "Choose one of: Housing, Food, Transportation, Utilities, Safety, Language.")]
    [InlineData(CarePlanItemKind.Medication, "Problem", NotApplicable)]
    [InlineData(CarePlanItemKind.Appointment, "Short term", NotApplicable)]
    public async Task An_item_with_a_category_its_kind_does_not_have_is_refused_with_the_domain_message_and_nothing_is_saved(
        CarePlanItemKind kind, string category, string message)
    {
        var team = await database.TeamAsync(new PatientSeed("Category", "Ada"));
        var planId = await _bed.StartAsync(team);
        var before = await _bed.SnapshotAsync(planId);
        using var events = _bed.Listen(planId);

        var result = await _bed.ServiceFor(team.Member).AddItemAsync(planId, new NewCarePlanItem(kind, "Something") { Category = category }, Ct);

        result.ShouldBe(new CarePlanResult.Invalid(message == NotApplicable ? CarePlanItem.NotApplicableMessage(kind, CarePlanField.Category) : message));
        (await _bed.SnapshotAsync(planId)).ShouldBe(before);
        events.Events.ShouldBeEmpty();
    }

    [Fact]
    public async Task An_item_without_text_or_of_no_known_kind_is_refused()
    {
        var team = await database.TeamAsync(new PatientSeed("Textless", "Ada"));
        var planId = await _bed.StartAsync(team);
        var before = await _bed.SnapshotAsync(planId);
        var service = _bed.ServiceFor(team.Member);

        var blank = await service.AddItemAsync(planId, new NewCarePlanItem(CarePlanItemKind.Goal, "   "), Ct);
        var unknown = await service.AddItemAsync(planId, new NewCarePlanItem((CarePlanItemKind)42, "Something"), Ct);

        blank.ShouldBe(new CarePlanResult.Invalid("Item text is required."));
        unknown.ShouldBe(new CarePlanResult.Invalid(CarePlanService.NoSuchKindMessage));
        (await _bed.SnapshotAsync(planId)).ShouldBe(before);
    }

    [Fact]
    public async Task An_item_assigned_to_someone_not_on_the_patients_team_is_refused_and_a_team_member_is_accepted()
    {
        var team = await database.TeamAsync(new PatientSeed("Assign", "Ada"));
        var other = await database.TeamAsync();
        var colleague = await _bed.AddMemberAsync(team, "Pat", "Colleague");
        var planId = await _bed.StartAsync(team);
        var service = _bed.ServiceFor(team.Member);
        var before = await _bed.SnapshotAsync(planId);

        var outsider = await service.AddItemAsync(planId, new NewCarePlanItem(CarePlanItemKind.Intervention, "Call the pharmacy") { AssigneeId = other.Member.Id }, Ct);
        var nobody = await service.AddItemAsync(planId, new NewCarePlanItem(CarePlanItemKind.Intervention, "Call the pharmacy") { AssigneeId = Guid.NewGuid() }, Ct);
        var unchanged = await _bed.SnapshotAsync(planId);
        var member = await CarePlanTestBed.AddAsync(service, planId, new NewCarePlanItem(CarePlanItemKind.Intervention, "Call the pharmacy") { AssigneeId = colleague.Id });

        outsider.ShouldBe(new CarePlanResult.Invalid(CarePlanService.NotOnTeamMessage));
        nobody.ShouldBe(new CarePlanResult.Invalid(CarePlanService.NotOnTeamMessage));
        unchanged.ShouldBe(before);
        (member.AssigneeId, member.AssigneeName).ShouldBe(((Guid?)colleague.Id, colleague.DisplayName));
    }

    // ---- Editing one field ----

    [Theory]
    [InlineData(CarePlanItemKind.Problem, CarePlanField.Text, "Type 2 diabetes, HbA1c 9.1%", "Type 2 diabetes, HbA1c 9.1%")]
    [InlineData(CarePlanItemKind.Goal, CarePlanField.Text, "  Walks 20 minutes a day  ", "Walks 20 minutes a day")]
    [InlineData(CarePlanItemKind.Goal, CarePlanField.Detail, "HbA1c below 7.5% by June", "HbA1c below 7.5% by June")]
    [InlineData(CarePlanItemKind.Goal, CarePlanField.Detail, "", "")]
    [InlineData(CarePlanItemKind.Goal, CarePlanField.Category, "Long term", "Long term")]
    [InlineData(CarePlanItemKind.Barrier, CarePlanField.Category, "food", "Food")]
    [InlineData(CarePlanItemKind.Service, CarePlanField.Category, "Community support", "Community support")]
    [InlineData(CarePlanItemKind.AdvanceCarePlanning, CarePlanField.Category, "Health care proxy", "Health care proxy")]
    [InlineData(CarePlanItemKind.Intervention, CarePlanField.Status, "OnHold", "OnHold")]
    [InlineData(CarePlanItemKind.Intervention, CarePlanField.Status, "Completed", "Completed")]
    [InlineData(CarePlanItemKind.Appointment, CarePlanField.Due, "2026-04-15", "2026-04-15")]
    [InlineData(CarePlanItemKind.Appointment, CarePlanField.Due, "", null)]
    [InlineData(CarePlanItemKind.Goal, CarePlanField.Lifecycle, "OnHold", "OnHold")]
    [InlineData(CarePlanItemKind.Goal, CarePlanField.Achievement, "Achieved", "Achieved")]
    [InlineData(CarePlanItemKind.Goal, CarePlanField.Achievement, "", null)]
    [InlineData(CarePlanItemKind.Medication, CarePlanField.Sources, "PreAdmission, Discharge", "PreAdmission, Discharge")]
    [InlineData(CarePlanItemKind.Medication, CarePlanField.Reconciled, "true", "true")]
    public async Task Editing_a_field_saves_it_with_a_history_entry_one_audit_row_one_version_step_and_one_event(
        CarePlanItemKind kind, CarePlanField field, string value, string? expected)
    {
        var (team, planId, item) = await PlanWithItemAsync(kind);
        var source = CarePlanTestBed.NewSource();
        var service = _bed.ServiceFor(team.Member, source);
        var planVersion = (await _bed.PlanAsync(planId)).Version;
        using var events = _bed.Listen(planId);

        var saved = (await service.EditAsync(planId, new FieldEdit(item.Id, field, item.Version, value), Ct)).ShouldBeOfType<CarePlanResult.Saved>();

        (saved.Value, saved.Merged, saved.PlanVersion).ShouldBe((expected, false, planVersion + 1));
        var view = saved.Item.ShouldNotBeNull();
        (view.Version, view.ValueOf(field), view.ChangedBy).ShouldBe((2L, expected, team.Member.DisplayName));
        var stored = await _bed.ItemAsync(item.Id);
        (stored.Version, stored.ValueOf(field)).ShouldBe((2L, expected));
        (await _bed.PlanAsync(planId)).Version.ShouldBe(planVersion + 1);
        var entry = (await _bed.ChangesAsync(planId, item.Id)).Where(c => c.Field != null).ShouldHaveSingleItem();
        (entry.Field, entry.Before, entry.After, entry.StaffId, entry.ItemVersion, entry.BaseVersion, entry.Merged, entry.At)
            .ShouldBe(((CarePlanField?)field, item.ValueOf(field), expected, (Guid?)team.Member.Id, 2L, 1L, false, events.Events[0].At));
        var audit = (await _bed.AuditOfAsync(source)).ShouldHaveSingleItem();
        (audit.Action, audit.EntityType, audit.EntityId, audit.PatientId).ShouldBe((AuditAction.Update, "CarePlanItem", (Guid?)item.Id, (Guid?)team[0].Id));
        events.Events.ShouldHaveSingleItem().ShouldBe(new RealtimeEvent(Topics.CarePlan(planId), CarePlanEvents.Changed, planId, planVersion + 1, entry.At, item.Id));
    }

    [Fact]
    public async Task Assigning_an_item_names_the_assignee_and_someone_off_the_team_is_refused()
    {
        var team = await database.TeamAsync(new PatientSeed("Assignee", "Ada"));
        var colleague = await _bed.AddMemberAsync(team, "Pat", "Colleague");
        var other = await database.TeamAsync();
        var (_, planId, item) = await PlanWithItemAsync(CarePlanItemKind.Intervention, team);
        var service = _bed.ServiceFor(team.Member);

        var assigned = (await service.EditAsync(planId, new FieldEdit(item.Id, CarePlanField.Assignee, 1, colleague.Id.ToString("D")), Ct))
            .ShouldBeOfType<CarePlanResult.Saved>();
        var before = await _bed.SnapshotAsync(planId);
        var outsider = await service.EditAsync(planId, new FieldEdit(item.Id, CarePlanField.Assignee, 2, other.Member.Id.ToString("D")), Ct);
        var unchanged = await _bed.SnapshotAsync(planId);
        var cleared = (await service.EditAsync(planId, new FieldEdit(item.Id, CarePlanField.Assignee, 2, ""), Ct)).ShouldBeOfType<CarePlanResult.Saved>();

        (assigned.Item!.AssigneeId, assigned.Item.AssigneeName).ShouldBe(((Guid?)colleague.Id, colleague.DisplayName));
        outsider.ShouldBe(new CarePlanResult.Invalid(CarePlanService.NotOnTeamMessage));
        unchanged.ShouldBe(before);
        (cleared.Item!.AssigneeId, cleared.Item.AssigneeName, cleared.Item.Version).ShouldBe(((Guid?)null, (string?)null, 3L));
        (await _bed.ChangesAsync(planId, item.Id)).Where(c => c.Field == CarePlanField.Assignee).Select(c => (c.Before, c.After))
            .ShouldBe([(null, colleague.Id.ToString("D")), (colleague.Id.ToString("D"), null)]);
    }

    [Fact]
    public async Task A_medications_discrepancy_follows_its_sources_and_goes_when_reconciled()
    {
        var team = await database.TeamAsync(new PatientSeed("Meds", "Ada"));
        var (_, planId, item) = await PlanWithItemAsync(CarePlanItemKind.Medication, team);
        var service = _bed.ServiceFor(team.Member);

        var onNoList = (await service.GetItemAsync(planId, item.Id, Ct)).ShouldNotBeNull().Discrepancy;
        var preAdmission = (await service.EditAsync(planId, new FieldEdit(item.Id, CarePlanField.Sources, 1, "PreAdmission"), Ct))
            .ShouldBeOfType<CarePlanResult.Saved>().Item!.Discrepancy;
        var shownOnThePlan = (await service.GetPlanAsync(planId, Ct)).ShouldNotBeNull().Items.Single(i => i.Id == item.Id).Discrepancy;
        var onEveryList = (await service.EditAsync(planId, new FieldEdit(item.Id, CarePlanField.Sources, 2, "PreAdmission, Discharge, PharmacyFill"), Ct))
            .ShouldBeOfType<CarePlanResult.Saved>().Item!.Discrepancy;
        await service.EditAsync(planId, new FieldEdit(item.Id, CarePlanField.Sources, 3, "Discharge"), Ct);
        var reconciled = (await service.EditAsync(planId, new FieldEdit(item.Id, CarePlanField.Reconciled, 4, "true"), Ct))
            .ShouldBeOfType<CarePlanResult.Saved>().Item!;

        onNoList.ShouldBe("Not on any list yet: record where it was seen.");
        preAdmission.ShouldBe("On the pre-admission list but not on the discharge list: stopped on purpose?");
        shownOnThePlan.ShouldBe(preAdmission);
        onEveryList.ShouldBeNull();
        (reconciled.Reconciled, reconciled.Discrepancy, reconciled.Sources).ShouldBe((true, (string?)null, MedicationSources.Discharge));
    }

    [Theory]
    [InlineData(CarePlanItemKind.Goal, CarePlanField.Text, "Initial text")]
    [InlineData(CarePlanItemKind.Goal, CarePlanField.Text, "Initial text  ")]
    [InlineData(CarePlanItemKind.Goal, CarePlanField.Detail, " Initial detail")]
    [InlineData(CarePlanItemKind.Goal, CarePlanField.Category, "short TERM")]
    [InlineData(CarePlanItemKind.Goal, CarePlanField.Achievement, "InProgress")]
    [InlineData(CarePlanItemKind.Intervention, CarePlanField.Status, " Active ")]
    [InlineData(CarePlanItemKind.Appointment, CarePlanField.Due, "2026-03-09")]
    [InlineData(CarePlanItemKind.Intervention, CarePlanField.Assignee, "")]
    [InlineData(CarePlanItemKind.Medication, CarePlanField.Sources, "")]
    [InlineData(CarePlanItemKind.Medication, CarePlanField.Reconciled, "false")]
    public async Task An_edit_to_the_value_already_there_is_acknowledged_and_changes_nothing(CarePlanItemKind kind, CarePlanField field, string value)
    {
        var (team, planId, item) = await PlanWithItemAsync(kind);
        var before = await _bed.SnapshotAsync(planId);
        var planVersion = (await _bed.PlanAsync(planId)).Version;
        using var events = _bed.Listen(planId);

        var saved = (await _bed.ServiceFor(team.Member).EditAsync(planId, new FieldEdit(item.Id, field, 1, value), Ct)).ShouldBeOfType<CarePlanResult.Saved>();

        (saved.PlanVersion, saved.Merged, saved.Item!.Version).ShouldBe((planVersion, false, 1L));
        (await _bed.SnapshotAsync(planId)).ShouldBe(before);
        events.Events.ShouldBeEmpty();
    }

    [Theory]
    [InlineData(CarePlanItemKind.Appointment, CarePlanField.Due, "15/04/2026", "Date must be a date between 2000 and 2100.")]
    [InlineData(CarePlanItemKind.Intervention, CarePlanField.Due, "2026-02-30", "Due must be a date between 2000 and 2100.")]
    [InlineData(CarePlanItemKind.Goal, CarePlanField.Due, "1999-12-31", "Target date must be a date between 2000 and 2100.")]
    [InlineData(CarePlanItemKind.Goal, CarePlanField.Lifecycle, "Finished", "Choose the lifecycle from the list.")]
    [InlineData(CarePlanItemKind.Goal, CarePlanField.Lifecycle, "", "Choose the lifecycle from the list.")]
    [InlineData(CarePlanItemKind.Goal, CarePlanField.Achievement, "achieved", "Choose the achievement from the list.")]
    [InlineData(CarePlanItemKind.Intervention, CarePlanField.Status, "Done", "Choose the status from the list.")]
    [InlineData(CarePlanItemKind.Intervention, CarePlanField.Status, "2", "Choose the status from the list.")]
    [InlineData(CarePlanItemKind.Intervention, CarePlanField.Status, "Active, OnHold", "Choose the status from the list.")]
    [InlineData(CarePlanItemKind.Goal, CarePlanField.Achievement, "Improving, Achieved", "Choose the achievement from the list.")]
    [InlineData(CarePlanItemKind.Medication, CarePlanField.Sources, "Hospital", "Choose where the medication was seen from the list.")]
    [InlineData(CarePlanItemKind.Medication, CarePlanField.Sources, "16", "Choose where the medication was seen from the list.")]
    [InlineData(CarePlanItemKind.Medication, CarePlanField.Reconciled, "yes", "Reconciled is yes or no.")]
    [InlineData(CarePlanItemKind.Problem, CarePlanField.Text, "   ", "Problem or concern is required.")]
    [InlineData(CarePlanItemKind.Problem, CarePlanField.Text, "<4001>", "The text can be at most 4000 characters (it has 4001).")]
    [InlineData(CarePlanItemKind.Goal, CarePlanField.Detail, "<4001>", "The text can be at most 4000 characters (it has 4001).")]
    [InlineData(CarePlanItemKind.Goal, CarePlanField.Category, "Housing", "Choose one of: Short term, Long term.")]
    [InlineData(CarePlanItemKind.Goal, CarePlanField.Assignee, "not-a-person", "Choose the assignee from the list.")]
    [InlineData(CarePlanItemKind.Medication, CarePlanField.Lifecycle, "Active", NotApplicable)]
    [InlineData(CarePlanItemKind.Problem, CarePlanField.Assignee, "<member>", NotApplicable)]
    [InlineData(CarePlanItemKind.Appointment, CarePlanField.Category, "Problem", NotApplicable)]
    [InlineData(CarePlanItemKind.Goal, CarePlanField.Sources, "Discharge", NotApplicable)]
    [InlineData(CarePlanItemKind.Barrier, CarePlanField.Reconciled, "true", NotApplicable)]
    [InlineData(CarePlanItemKind.Goal, (CarePlanField)42, "x", CarePlanService.NoSuchFieldMessage)]
    public async Task An_invalid_value_is_refused_with_a_clear_message_and_nothing_changes(CarePlanItemKind kind, CarePlanField field, string value, string message)
    {
        var (team, planId, item) = await PlanWithItemAsync(kind);
        var edit = value switch
        {
            "<4001>" => new string('x', 4001),
            "<member>" => team.Member.Id.ToString("D"),
            _ => value,
        };
        var before = await _bed.SnapshotAsync(planId);
        using var events = _bed.Listen(planId);

        var result = await _bed.ServiceFor(team.Member).EditAsync(planId, new FieldEdit(item.Id, field, 1, edit), Ct);

        result.ShouldBe(new CarePlanResult.Invalid(message == NotApplicable ? CarePlanItem.NotApplicableMessage(kind, field) : message));
        (await _bed.SnapshotAsync(planId)).ShouldBe(before);
        events.Events.ShouldBeEmpty();
    }

    [Fact]
    public async Task A_completed_item_cannot_be_reopened()
    {
        var (team, planId, item) = await PlanWithItemAsync(CarePlanItemKind.Intervention);
        var service = _bed.ServiceFor(team.Member);
        (await service.EditAsync(planId, new FieldEdit(item.Id, CarePlanField.Status, 1, "Completed"), Ct)).ShouldBeOfType<CarePlanResult.Saved>();
        var before = await _bed.SnapshotAsync(planId);

        var reopened = await service.EditAsync(planId, new FieldEdit(item.Id, CarePlanField.Status, 2, "Active"), Ct);

        reopened.ShouldBe(new CarePlanResult.Invalid("A completed item cannot be reopened; add a new one."));
        (await _bed.SnapshotAsync(planId)).ShouldBe(before);
    }

    [Fact]
    public async Task A_completed_plan_refuses_every_change_with_the_closed_message_and_is_no_longer_open()
    {
        var (team, planId, item) = await PlanWithItemAsync(CarePlanItemKind.Goal);
        var service = _bed.ServiceFor(team.Member);
        using var events = _bed.Listen(planId);

        var completed = (await service.SetStatusAsync(planId, CarePlanStatus.Completed, Ct)).ShouldBeOfType<CarePlanResult.Saved>();
        var before = await _bed.SnapshotAsync(planId);
        var edit = await service.EditAsync(planId, new FieldEdit(item.Id, CarePlanField.Text, 1, "Changed after completion"), Ct);
        var add = await service.AddItemAsync(planId, new NewCarePlanItem(CarePlanItemKind.Problem, "Late problem"), Ct);
        var apply = await service.ApplyTemplateAsync(planId, "copd", Ct);
        var reactivate = await service.SetStatusAsync(planId, CarePlanStatus.Active, Ct);

        edit.ShouldBe(new CarePlanResult.Invalid(CarePlanService.ClosedMessage));
        add.ShouldBe(new CarePlanResult.Invalid(CarePlanService.ClosedMessage));
        apply.ShouldBe(new CarePlanResult.Invalid(CarePlanService.ClosedMessage));
        reactivate.ShouldBe(new CarePlanResult.Invalid("A completed plan cannot be made active again; start a new plan."));
        (await _bed.SnapshotAsync(planId)).ShouldBe(before);
        events.Events.ShouldHaveSingleItem().Version.ShouldBe(completed.PlanVersion);
        var status = (await _bed.ChangesAsync(planId)).Single(c => c.ItemId == null);
        (status.Before, status.After, status.StaffId).ShouldBe(("Active", "Completed", (Guid?)team.Member.Id));
        (await service.OpenAsync(team[0].Id, Ct)).ShouldBeOfType<CarePlanPage.NoPlan>();
        (await service.GetPlanAsync(planId, Ct)).ShouldNotBeNull().IsClosed.ShouldBeTrue();
        (await service.StartAsync(team[0].Id, null, Ct)).ShouldBeOfType<CarePlanResult.Saved>("a new plan may be started once the old one is closed");
    }

    // ---- Two people at once ----

    [Fact]
    public async Task Two_editors_of_different_fields_of_one_item_from_the_same_version_are_both_saved()
    {
        var team = await database.TeamAsync(new PatientSeed("Fields", "Ada"));
        var colleague = await _bed.AddMemberAsync(team, "Pat", "Colleague");
        var (_, planId, item) = await PlanWithItemAsync(CarePlanItemKind.Goal, team);

        var results = await CarePlanTestBed.AtOnce(
            () => _bed.ServiceFor(team.Member).EditAsync(planId, new FieldEdit(item.Id, CarePlanField.Text, 1, "Walks to the shop"), Ct),
            () => _bed.ServiceFor(colleague).EditAsync(planId, new FieldEdit(item.Id, CarePlanField.Detail, 1, "Three times a week"), Ct),
            () => _bed.ServiceFor(colleague).EditAsync(planId, new FieldEdit(item.Id, CarePlanField.Achievement, 1, "Improving"), Ct));

        results.ShouldAllBe(r => r is CarePlanResult.Saved && !((CarePlanResult.Saved)r).Merged);
        var stored = await _bed.ItemAsync(item.Id);
        (stored.Text, stored.Detail, stored.Achievement, stored.Version).ShouldBe(("Walks to the shop", "Three times a week", (GoalAchievement?)GoalAchievement.Improving, 4L));
        (await _bed.ChangesAsync(planId, item.Id)).Where(c => c.Field != null).Select(c => c.ItemVersion).ShouldBe([2L, 3L, 4L]);
        results.Cast<CarePlanResult.Saved>().Select(s => s.PlanVersion).Order().ShouldBe([3L, 4L, 5L]);
    }

    [Fact]
    public async Task Two_editors_of_one_text_at_different_places_are_merged_and_the_history_shows_both()
    {
        var team = await database.TeamAsync(new PatientSeed("Merge", "Ada"));
        var colleague = await _bed.AddMemberAsync(team, "Pat", "Colleague");
        var (_, planId, item) = await PlanWithItemAsync(CarePlanItemKind.Goal, team, text: "Bring blood sugar under control");
        using var events = _bed.Listen(planId);

        var first = (await _bed.ServiceFor(team.Member).EditAsync(planId, new FieldEdit(item.Id, CarePlanField.Text, 1, "Gradually bring blood sugar under control"), Ct))
            .ShouldBeOfType<CarePlanResult.Saved>();
        var second = (await _bed.ServiceFor(colleague).EditAsync(planId, new FieldEdit(item.Id, CarePlanField.Text, 1, "Bring blood sugar under control by June"), Ct))
            .ShouldBeOfType<CarePlanResult.Saved>();

        first.Merged.ShouldBeFalse();
        (second.Merged, second.Value, second.Item!.Version, second.Item.Text)
            .ShouldBe((true, "Gradually bring blood sugar under control by June", 3L, "Gradually bring blood sugar under control by June"));
        (await _bed.ItemAsync(item.Id)).Text.ShouldBe("Gradually bring blood sugar under control by June");
        (await _bed.ChangesAsync(planId, item.Id)).Where(c => c.Field == CarePlanField.Text)
            .Select(c => (c.Before, c.After, c.StaffId, c.ItemVersion, c.BaseVersion, c.Merged)).ShouldBe(
            [
                ("Bring blood sugar under control", "Gradually bring blood sugar under control", (Guid?)team.Member.Id, 2L, 1L, false),
                ("Gradually bring blood sugar under control", "Gradually bring blood sugar under control by June", (Guid?)colleague.Id, 3L, 1L, true),
            ]);
        var history = (await _bed.ServiceFor(team.Member).HistoryAsync(planId, item.Id, Ct)).ShouldNotBeNull();
        history[0].ShouldBe(new CarePlanChangeView(history[0].Id, item.Id, CarePlanItemKind.Goal, "Goal: Gradually bring blood sugar under control by June",
            CarePlanField.Text, "Gradually bring blood sugar under control", "Gradually bring blood sugar under control by June", colleague.DisplayName,
            history[0].At, 3, true));
        events.Events.Select(e => (e.Version, e.ItemId)).ShouldBe([(first.PlanVersion, (Guid?)item.Id), (second.PlanVersion, (Guid?)item.Id)]);
    }

    [Fact]
    public async Task Overlapping_edits_of_one_text_come_back_as_a_conflict_with_both_texts_and_nothing_is_saved()
    {
        var team = await database.TeamAsync(new PatientSeed("Conflict", "Ada"));
        var colleague = await _bed.AddMemberAsync(team, "Pat", "Colleague");
        var (_, planId, item) = await PlanWithItemAsync(CarePlanItemKind.Goal, team, text: "Bring blood sugar under control");
        (await _bed.ServiceFor(team.Member).EditAsync(planId, new FieldEdit(item.Id, CarePlanField.Text, 1, "Bring blood sugar below 8%"), Ct))
            .ShouldBeOfType<CarePlanResult.Saved>();
        var before = await _bed.SnapshotAsync(planId);
        using var events = _bed.Listen(planId);

        var conflict = (await _bed.ServiceFor(colleague).EditAsync(planId, new FieldEdit(item.Id, CarePlanField.Text, 1, "Bring blood sugar into the target range"), Ct))
            .ShouldBeOfType<CarePlanResult.Conflict>();

        (conflict.Field, conflict.Base, conflict.Mine, conflict.Theirs, conflict.TheirName).ShouldBe(
            (CarePlanField.Text, "Bring blood sugar under control", "Bring blood sugar into the target range", "Bring blood sugar below 8%", team.Member.DisplayName));
        (conflict.Item.Id, conflict.Item.Version, conflict.Item.Text).ShouldBe((item.Id, 2L, "Bring blood sugar below 8%"));
        (await _bed.SnapshotAsync(planId)).ShouldBe(before);
        events.Events.ShouldBeEmpty();
    }

    [Fact]
    public async Task A_conflict_is_resolved_by_saving_again_from_the_version_it_showed()
    {
        var team = await database.TeamAsync(new PatientSeed("Resolve", "Ada"));
        var colleague = await _bed.AddMemberAsync(team, "Pat", "Colleague");
        var (_, planId, item) = await PlanWithItemAsync(CarePlanItemKind.Goal, team, text: "Bring blood sugar under control");
        await _bed.ServiceFor(team.Member).EditAsync(planId, new FieldEdit(item.Id, CarePlanField.Text, 1, "Bring blood sugar below 8%"), Ct);
        var service = _bed.ServiceFor(colleague);
        var conflict = (await service.EditAsync(planId, new FieldEdit(item.Id, CarePlanField.Text, 1, "Bring blood sugar into range"), Ct))
            .ShouldBeOfType<CarePlanResult.Conflict>();

        var resolved = (await service.EditAsync(planId, new FieldEdit(item.Id, CarePlanField.Text, conflict.Item.Version, "Bring blood sugar into range, below 8%"), Ct))
            .ShouldBeOfType<CarePlanResult.Saved>();

        (resolved.Merged, resolved.Value, resolved.Item!.Version).ShouldBe((false, "Bring blood sugar into range, below 8%", 3L));
        var last = (await _bed.ChangesAsync(planId, item.Id))[^1];
        (last.Before, last.After, last.StaffId, last.BaseVersion).ShouldBe(("Bring blood sugar below 8%", "Bring blood sugar into range, below 8%", (Guid?)colleague.Id, 2L));
    }

    [Fact]
    public async Task A_choice_changed_by_two_people_conflicts_when_they_chose_differently_and_is_kept_when_they_chose_the_same()
    {
        var team = await database.TeamAsync(new PatientSeed("Choice", "Ada"));
        var colleague = await _bed.AddMemberAsync(team, "Pat", "Colleague");
        var (_, planId, item) = await PlanWithItemAsync(CarePlanItemKind.Goal, team);
        var first = (await _bed.ServiceFor(team.Member).EditAsync(planId, new FieldEdit(item.Id, CarePlanField.Achievement, 1, "Improving"), Ct))
            .ShouldBeOfType<CarePlanResult.Saved>();
        var before = await _bed.SnapshotAsync(planId);
        using var events = _bed.Listen(planId);
        var service = _bed.ServiceFor(colleague);

        var different = await service.EditAsync(planId, new FieldEdit(item.Id, CarePlanField.Achievement, 1, "Worsening"), Ct);
        var same = await service.EditAsync(planId, new FieldEdit(item.Id, CarePlanField.Achievement, 1, "Improving"), Ct);
        var otherChoice = await service.EditAsync(planId, new FieldEdit(item.Id, CarePlanField.Lifecycle, 1, "Accepted"), Ct);

        var conflict = different.ShouldBeOfType<CarePlanResult.Conflict>();
        (conflict.Field, conflict.Base, conflict.Mine, conflict.Theirs, conflict.TheirName, conflict.Item.Version)
            .ShouldBe((CarePlanField.Achievement, "InProgress", "Worsening", "Improving", team.Member.DisplayName, 2L));
        var kept = same.ShouldBeOfType<CarePlanResult.Saved>();
        (kept.Value, kept.Merged, kept.PlanVersion, kept.Item!.Version).ShouldBe(("Improving", false, first.PlanVersion, 2L));
        otherChoice.ShouldBeOfType<CarePlanResult.Saved>().Item!.Version.ShouldBe(3, "another field changed since the base version does not conflict");
        events.Events.ShouldHaveSingleItem().ItemId.ShouldBe(item.Id);
        (await _bed.ChangesAsync(planId, item.Id)).Count.ShouldBe(before.Split('\n').Count(l => l.StartsWith("change ", StringComparison.Ordinal)) + 1);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(3)]
    [InlineData(long.MaxValue)]
    public async Task An_edit_from_a_version_the_item_never_had_is_refused_as_out_of_date(long baseVersion)
    {
        var (team, planId, item) = await PlanWithItemAsync(CarePlanItemKind.Goal);
        var service = _bed.ServiceFor(team.Member);
        await service.EditAsync(planId, new FieldEdit(item.Id, CarePlanField.Detail, 1, "Now at version 2"), Ct);
        var before = await _bed.SnapshotAsync(planId);
        using var events = _bed.Listen(planId);

        var result = await service.EditAsync(planId, new FieldEdit(item.Id, CarePlanField.Text, baseVersion, "Something else"), Ct);

        result.ShouldBe(new CarePlanResult.Invalid(CarePlanService.UnknownVersionMessage));
        (await _bed.SnapshotAsync(planId)).ShouldBe(before);
        events.Events.ShouldBeEmpty();
    }

    [Fact]
    public async Task Each_committed_change_publishes_one_event_with_the_new_plan_version_and_refusals_publish_none()
    {
        var team = await database.TeamAsync(new PatientSeed("Events", "Ada"));
        var colleague = await _bed.AddMemberAsync(team, "Pat", "Colleague");
        var (_, planId, item) = await PlanWithItemAsync(CarePlanItemKind.Goal, team, text: "Bring blood sugar under control");
        var service = _bed.ServiceFor(team.Member);
        using var events = _bed.Listen(planId);

        var results = new List<CarePlanResult>
        {
            await service.EditAsync(planId, new FieldEdit(item.Id, CarePlanField.Text, 1, "Bring blood sugar below 8%"), Ct),
            await _bed.ServiceFor(colleague).EditAsync(planId, new FieldEdit(item.Id, CarePlanField.Text, 1, "Bring blood sugar into range"), Ct),
            await service.EditAsync(planId, new FieldEdit(item.Id, CarePlanField.Due, 2, "tomorrow"), Ct),
            await service.EditAsync(planId, new FieldEdit(item.Id, CarePlanField.Detail, 2, "Initial detail"), Ct),
            await service.EditAsync(planId, new FieldEdit(Guid.NewGuid(), CarePlanField.Detail, 2, "Nowhere"), Ct),
            await service.EditAsync(planId, new FieldEdit(item.Id, CarePlanField.Detail, 2, "Checked monthly"), Ct),
            await service.AddItemAsync(planId, new NewCarePlanItem(CarePlanItemKind.Problem, "Diabetes"), Ct),
            await service.SetStatusAsync(planId, CarePlanStatus.Revoked, Ct),
        };

        results.Select(r => r.GetType().Name).ShouldBe(["Saved", "Conflict", "Invalid", "Saved", "NotFound", "Saved", "Saved", "Saved"]);
        var committed = new[] { results[0], results[5], results[6], results[7] }.Cast<CarePlanResult.Saved>().ToList();
        var added = committed[2].Item!.Id;
        events.Events.Select(e => (e.Topic, e.Kind, e.ResourceId, e.Version, e.ItemId)).ShouldBe(
        [
            (Topics.CarePlan(planId), CarePlanEvents.Changed, planId, committed[0].PlanVersion, (Guid?)item.Id),
            (Topics.CarePlan(planId), CarePlanEvents.Changed, planId, committed[1].PlanVersion, (Guid?)item.Id),
            (Topics.CarePlan(planId), CarePlanEvents.Changed, planId, committed[2].PlanVersion, (Guid?)added),
            (Topics.CarePlan(planId), CarePlanEvents.Changed, planId, committed[3].PlanVersion, null),
        ]);
        events.Events.Select(e => e.Version).ShouldBe(Enumerable.Range(0, 4).Select(i => committed[0].PlanVersion + i), "no gaps: one version step per change");
        (await _bed.PlanAsync(planId)).Version.ShouldBe(committed[3].PlanVersion);
    }

    // ---- Reading ----

    [Fact]
    public async Task The_history_lists_the_newest_change_first_and_can_be_narrowed_to_one_item()
    {
        var team = await database.TeamAsync(new PatientSeed("History", "Ada"));
        var colleague = await _bed.AddMemberAsync(team, "Pat", "Colleague");
        var planId = await _bed.StartAsync(team);
        var source = CarePlanTestBed.NewSource();
        var service = _bed.ServiceFor(team.Member, source);
        var goal = await CarePlanTestBed.AddAsync(service, planId, new NewCarePlanItem(CarePlanItemKind.Goal, "Walks daily"));
        var barrier = await CarePlanTestBed.AddAsync(service, planId, new NewCarePlanItem(CarePlanItemKind.Barrier, "No car"));
        await _bed.ServiceFor(colleague).EditAsync(planId, new FieldEdit(goal.Id, CarePlanField.Text, 1, "Walks 20 minutes daily"), Ct);
        await service.EditAsync(planId, new FieldEdit(barrier.Id, CarePlanField.Category, 1, "Transportation"), Ct);
        await service.EditAsync(planId, new FieldEdit(goal.Id, CarePlanField.Lifecycle, 2, "Accepted"), Ct);
        await service.SetStatusAsync(planId, CarePlanStatus.Revoked, Ct);

        var all = (await service.HistoryAsync(planId, null, Ct)).ShouldNotBeNull();
        var ofGoal = (await service.HistoryAsync(planId, goal.Id, Ct)).ShouldNotBeNull();

        all.Select(c => (c.What, c.Field, c.Before, c.After, c.By)).ShouldBe(
        [
            ("The plan", null, "Active", "Revoked", team.Member.DisplayName),
            ("Goal: Walks 20 minutes daily", CarePlanField.Lifecycle, "Active", "Accepted", team.Member.DisplayName),
            ("Barrier: No car", CarePlanField.Category, "Housing", "Transportation", team.Member.DisplayName),
            ("Goal: Walks 20 minutes daily", CarePlanField.Text, "Walks daily", "Walks 20 minutes daily", colleague.DisplayName),
            ("Barrier: No car", null, null, "No car", team.Member.DisplayName),
            ("Goal: Walks 20 minutes daily", null, null, "Walks daily", team.Member.DisplayName),
        ]);
        all.Select(c => c.At).ShouldBeInOrder(SortDirection.Descending);
        ofGoal.Select(c => (c.Field, c.ItemVersion)).ShouldBe([(CarePlanField.Lifecycle, 3L), (CarePlanField.Text, 2L), (null, 1L)]);
        ofGoal.ShouldAllBe(c => c.ItemId == goal.Id && c.Kind == CarePlanItemKind.Goal);
        var reads = (await _bed.AuditOfAsync(source)).Where(a => a.Action == AuditAction.Read).ToList();
        reads.Select(a => (a.EntityType, a.EntityId, a.PatientId)).ShouldBe(
            [("CarePlanHistory", (Guid?)planId, (Guid?)team[0].Id), ("CarePlanHistory", (Guid?)goal.Id, (Guid?)team[0].Id)]);
    }

    [Fact]
    public async Task Exporting_the_plan_gives_the_plan_and_its_whole_history_and_is_audited_as_an_export()
    {
        var team = await database.TeamAsync(new PatientSeed("Export", "Ada"));
        var planId = await _bed.StartAsync(team, template: "heart-failure");
        var item = (await _bed.PlanAsync(planId)).Items.First(i => i.Kind == CarePlanItemKind.Goal);
        await _bed.ServiceFor(team.Member).EditAsync(planId, new FieldEdit(item.Id, CarePlanField.Achievement, 1, "Improving"), Ct);
        var source = CarePlanTestBed.NewSource();
        var exportedAt = _bed.Clock.Peek;

        var export = (await _bed.ServiceFor(team.Member, source).ExportAsync(team[0].Id, Ct)).ShouldNotBeNull();

        (export.Plan.PlanId, export.Plan.Items.Count, export.ExportedBy, export.ExportedAt)
            .ShouldBe((planId, CarePlanTemplates.HeartFailure.Items.Count, team.Member.DisplayName, exportedAt));
        export.History.Count.ShouldBe(CarePlanTemplates.HeartFailure.Items.Count + 1);
        export.History[0].Field.ShouldBe(CarePlanField.Achievement);
        var audit = (await _bed.AuditOfAsync(source)).ShouldHaveSingleItem();
        (audit.Action, audit.EntityType, audit.EntityId, audit.PatientId, audit.UserId)
            .ShouldBe((AuditAction.Export, "CarePlan", (Guid?)planId, (Guid?)team[0].Id, team.Member.Id.ToString()));
    }

    [Fact]
    public async Task The_plan_and_an_item_read_as_they_are_stored_and_each_read_is_audited()
    {
        var team = await database.TeamAsync(new PatientSeed("Read", "Ada"), new PatientSeed("Read", "Ben"));
        var colleague = await _bed.AddMemberAsync(team, "Aaron", "Adams");
        var planId = await _bed.StartAsync(team);
        var otherPlanId = await _bed.StartAsync(team, patient: 1);
        var source = CarePlanTestBed.NewSource();
        var service = _bed.ServiceFor(team.Member, source);
        var problem = await CarePlanTestBed.AddAsync(service, planId, new NewCarePlanItem(CarePlanItemKind.Problem, "Heart failure"));
        var goal = await CarePlanTestBed.AddAsync(service, planId, new NewCarePlanItem(CarePlanItemKind.Goal, "Weighs daily") { AssigneeId = colleague.Id, Due = Today.AddDays(14) });
        var otherItem = await CarePlanTestBed.AddAsync(service, otherPlanId, new NewCarePlanItem(CarePlanItemKind.Goal, "Someone else's goal"));
        var writes = (await _bed.AuditOfAsync(source)).Count;

        var plan = (await service.GetPlanAsync(planId, Ct)).ShouldNotBeNull();
        var item = (await service.GetItemAsync(planId, goal.Id, Ct)).ShouldNotBeNull();
        var mismatched = await service.GetItemAsync(planId, otherItem.Id, Ct);
        var assignees = await service.AssigneesAsync(planId, Ct);

        (plan.PlanId, plan.PatientId, plan.PatientName, plan.Version).ShouldBe((planId, team[0].Id, "Read, Ada", 3L));
        plan.Items.Select(i => i.Id).ShouldBe([problem.Id, goal.Id]);
        plan.Section(CarePlanItemKind.Goal).ShouldHaveSingleItem().ShouldBe(item);
        (item.Text, item.AssigneeId, item.AssigneeName, item.Due, item.Version, item.ChangedBy)
            .ShouldBe(("Weighs daily", (Guid?)colleague.Id, colleague.DisplayName, (DateOnly?)Today.AddDays(14), 1L, team.Member.DisplayName));
        mismatched.ShouldBeNull("an item is read only through its own plan");
        assignees.ShouldBe([new CarePlanAssignee(colleague.Id, colleague.DisplayName), new CarePlanAssignee(team.Member.Id, team.Member.DisplayName)]);
        var audit = (await _bed.AuditOfAsync(source)).Skip(writes).ToList();
        audit.Select(a => (a.Action, a.EntityType, a.EntityId, a.PatientId)).ShouldBe(
        [
            (AuditAction.Read, "CarePlan", (Guid?)planId, (Guid?)team[0].Id),
            (AuditAction.Read, "CarePlanItem", (Guid?)goal.Id, (Guid?)team[0].Id),
            (AuditAction.AccessDenied, "CarePlanItem", (Guid?)otherItem.Id, null),
        ]);
    }

    // ---- Helpers ----

    /// <summary>A started plan with one item of <paramref name="kind"/> (text, detail, a due date a week out), as the team's member added it.</summary>
    private async Task<(TestTeam Team, Guid PlanId, CarePlanItem Item)> PlanWithItemAsync(CarePlanItemKind kind, TestTeam? team = null, string text = "Initial text")
    {
        team ??= await database.TeamAsync(new PatientSeed("Edited", "Ada"));
        var planId = await _bed.StartAsync(team);
        var added = await CarePlanTestBed.AddAsync(_bed.ServiceFor(team.Member), planId,
            new NewCarePlanItem(kind, text) { Detail = "Initial detail", Due = Today.AddDays(7) });
        return (team, planId, await _bed.ItemAsync(added.Id));
    }
}
