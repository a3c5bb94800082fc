using CareHub.Domain.CarePlans;
using CareHub.Domain.Common;
using static CareHub.Domain.Tests.CarePlans.CarePlanItems;

namespace CareHub.Domain.Tests.CarePlans;

/// <summary>Each field of an item, edited on its own through Set and read back through ValueOf.</summary>
public class CarePlanItemFieldTests
{
    private const string Assignee = "0f8fad5b-d9cb-469f-a165-70867728950e";

    private static readonly string LongText = new('x', CarePlanItem.MaxTextLength + 1);

    /// <summary>Values each field takes, in the text form ValueOf gives back.</summary>
    private static IEnumerable<string> ValidValues(CarePlanItemKind kind, CarePlanField field) => field switch
    {
        CarePlanField.Text => ["Walks twenty minutes a day"],
        CarePlanField.Detail => ["Twice a week, with the physiotherapist"],
        CarePlanField.Category => CarePlanCategories.For(kind),
        CarePlanField.Status => Enum.GetNames<CarePlanItemStatus>(),
        CarePlanField.Assignee => [Assignee],
        CarePlanField.Due => ["2026-04-15", "2000-01-01", "2100-12-31"],
        CarePlanField.Lifecycle => Enum.GetNames<GoalLifecycle>(),
        CarePlanField.Achievement => Enum.GetNames<GoalAchievement>(),
        CarePlanField.Sources => ["PreAdmission", "Discharge, PharmacyFill", "PreAdmission, Discharge, PharmacyFill, PatientReported"],
        CarePlanField.Reconciled => ["true", "false"],
        _ => [],
    };

    /// <summary>A value that would be valid for the field if the kind had it.</summary>
    private static string ValueFor(CarePlanField field) => field switch
    {
        CarePlanField.Category => CarePlanCategories.Problem,
        CarePlanField.Assignee => Assignee,
        CarePlanField.Lifecycle => nameof(GoalLifecycle.Completed),
        CarePlanField.Achievement => nameof(GoalAchievement.Achieved),
        CarePlanField.Sources => nameof(MedicationSources.Discharge),
        CarePlanField.Reconciled => "true",
        _ => "x",
    };

    private static readonly IReadOnlyDictionary<CarePlanItemKind, string> KindNames = new Dictionary<CarePlanItemKind, string>
    {
        [CarePlanItemKind.Problem] = "Problem",
        [CarePlanItemKind.Goal] = "Goal",
        [CarePlanItemKind.Intervention] = "Intervention",
        [CarePlanItemKind.Medication] = "Medication",
        [CarePlanItemKind.Service] = "Service",
        [CarePlanItemKind.Appointment] = "Follow-up appointment",
        [CarePlanItemKind.Barrier] = "Barrier",
        [CarePlanItemKind.AdvanceCarePlanning] = "Advance care planning",
    };

    private static readonly IReadOnlyDictionary<CarePlanField, string> MissingFieldWords = new Dictionary<CarePlanField, string>
    {
        [CarePlanField.Category] = "Category",
        [CarePlanField.Assignee] = "Assignee",
        [CarePlanField.Lifecycle] = "Lifecycle",
        [CarePlanField.Achievement] = "Achievement",
        [CarePlanField.Sources] = "Seen on",
        [CarePlanField.Reconciled] = "Reconciled",
    };

    public static TheoryData<CarePlanItemKind, CarePlanField> AllKindsAndFields()
    {
        var data = new TheoryData<CarePlanItemKind, CarePlanField>();
        foreach (var kind in Enum.GetValues<CarePlanItemKind>())
        {
            foreach (var field in Enum.GetValues<CarePlanField>())
                data.Add(kind, field);
        }
        return data;
    }

    public static TheoryData<CarePlanItemKind, CarePlanField, string> ApplicableValues()
    {
        var data = new TheoryData<CarePlanItemKind, CarePlanField, string>();
        foreach (var (kind, fields) in FieldsOf)
        {
            foreach (var field in fields)
            {
                foreach (var value in ValidValues(kind, field))
                    data.Add(kind, field, value);
            }
        }
        return data;
    }

    public static TheoryData<CarePlanItemKind, CarePlanField> MissingFields()
    {
        var data = new TheoryData<CarePlanItemKind, CarePlanField>();
        foreach (var kind in Enum.GetValues<CarePlanItemKind>())
        {
            foreach (var field in Enum.GetValues<CarePlanField>().Where(f => !Has(kind, f)))
                data.Add(kind, field);
        }
        return data;
    }

    public static TheoryData<CarePlanItemKind> Kinds() => [.. Enum.GetValues<CarePlanItemKind>()];

    [Fact]
    public void The_table_of_fields_covers_every_kind()
    {
        var kinds = Enum.GetValues<CarePlanItemKind>();

        FieldsOf.Keys.ShouldBe(kinds, ignoreOrder: true);
    }

    [Theory]
    [MemberData(nameof(AllKindsAndFields))]
    public void A_field_applies_exactly_to_the_kinds_that_have_it(CarePlanItemKind kind, CarePlanField field)
    {
        var applies = CarePlanItem.Applies(kind, field);

        applies.ShouldBe(Has(kind, field));
    }

    [Theory]
    [InlineData(CarePlanField.Text, true)]
    [InlineData(CarePlanField.Detail, true)]
    [InlineData(CarePlanField.Category, false)]
    [InlineData(CarePlanField.Status, false)]
    [InlineData(CarePlanField.Assignee, false)]
    [InlineData(CarePlanField.Due, false)]
    [InlineData(CarePlanField.Lifecycle, false)]
    [InlineData(CarePlanField.Achievement, false)]
    [InlineData(CarePlanField.Sources, false)]
    [InlineData(CarePlanField.Reconciled, false)]
    public void Only_the_text_fields_are_merged_as_text(CarePlanField field, bool isText)
    {
        var merged = CarePlanItem.IsText(field);

        merged.ShouldBe(isText);
    }

    [Theory]
    [MemberData(nameof(ApplicableValues))]
    public void A_field_set_from_its_text_form_reads_back_the_same(CarePlanItemKind kind, CarePlanField field, string value)
    {
        var item = NewItem(kind);

        item.Set(field, value);

        item.ValueOf(field).ShouldBe(value);
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Writing_back_every_field_of_a_new_item_changes_nothing(CarePlanItemKind kind)
    {
        var item = NewItem(kind);
        var before = Snapshot(item);

        foreach (var field in FieldsOf[kind])
            item.Set(field, item.ValueOf(field));

        Snapshot(item).ShouldBe(before);
    }

    [Fact]
    public void Set_fields_land_on_the_item_properties()
    {
        var goal = NewItem(CarePlanItemKind.Goal);
        var medication = NewItem(CarePlanItemKind.Medication);

        goal.Set(CarePlanField.Text, "  HbA1c below 8%  ");
        goal.Set(CarePlanField.Detail, "At the next lab check");
        goal.Set(CarePlanField.Category, CarePlanCategories.LongTerm);
        goal.Set(CarePlanField.Status, nameof(CarePlanItemStatus.OnHold));
        goal.Set(CarePlanField.Assignee, Assignee);
        goal.Set(CarePlanField.Due, "2026-09-01");
        goal.Set(CarePlanField.Lifecycle, nameof(GoalLifecycle.Accepted));
        goal.Set(CarePlanField.Achievement, nameof(GoalAchievement.Improving));
        medication.Set(CarePlanField.Sources, "PreAdmission, Discharge");
        medication.Set(CarePlanField.Reconciled, "true");

        goal.Text.ShouldBe("HbA1c below 8%");
        goal.Detail.ShouldBe("At the next lab check");
        goal.Category.ShouldBe(CarePlanCategories.LongTerm);
        goal.Status.ShouldBe(CarePlanItemStatus.OnHold);
        goal.AssigneeId.ShouldBe(Guid.Parse(Assignee));
        goal.Due.ShouldBe(new DateOnly(2026, 9, 1));
        goal.Lifecycle.ShouldBe(GoalLifecycle.Accepted);
        goal.Achievement.ShouldBe(GoalAchievement.Improving);
        medication.Sources.ShouldBe(MedicationSources.PreAdmission | MedicationSources.Discharge);
        medication.Reconciled.ShouldBeTrue();
    }

    [Theory]
    [InlineData(CarePlanField.Detail, "")]
    [InlineData(CarePlanField.Assignee, null)]
    [InlineData(CarePlanField.Due, null)]
    [InlineData(CarePlanField.Achievement, null)]
    public void An_optional_goal_field_set_blank_is_cleared(CarePlanField field, string? cleared)
    {
        var item = NewItem(CarePlanItemKind.Goal);
        item.Set(CarePlanField.Detail, "Measured monthly");
        item.Set(CarePlanField.Assignee, Assignee);
        item.Set(CarePlanField.Due, "2026-05-01");

        item.Set(field, "   ");

        item.ValueOf(field).ShouldBe(cleared);
    }

    [Fact]
    public void Sources_set_blank_are_cleared_to_none()
    {
        var item = NewMedication(MedicationSources.Discharge);

        item.Set(CarePlanField.Sources, null);

        item.Sources.ShouldBe(MedicationSources.None);
        item.ValueOf(CarePlanField.Sources).ShouldBeNull();
    }

    [Fact]
    public void An_assignee_in_capitals_is_kept_in_the_usual_form()
    {
        var item = NewItem(CarePlanItemKind.Intervention);

        item.Set(CarePlanField.Assignee, $" {Assignee.ToUpperInvariant()} ");

        item.ValueOf(CarePlanField.Assignee).ShouldBe(Assignee);
    }

    [Fact]
    public void A_category_in_other_case_is_stored_with_the_listed_spelling()
    {
        var item = NewItem(CarePlanItemKind.Barrier);

        item.Set(CarePlanField.Category, "  transportation ");

        item.ValueOf(CarePlanField.Category).ShouldBe(CarePlanCategories.Transportation);
    }

    [Fact]
    public void A_goal_starts_active_and_in_progress()
    {
        var goal = NewItem(CarePlanItemKind.Goal);

        goal.Lifecycle.ShouldBe(GoalLifecycle.Active);
        goal.Achievement.ShouldBe(GoalAchievement.InProgress);
        goal.ValueOf(CarePlanField.Lifecycle).ShouldBe("Active");
        goal.ValueOf(CarePlanField.Achievement).ShouldBe("InProgress");
    }

    [Theory]
    [InlineData(CarePlanItemKind.Problem)]
    [InlineData(CarePlanItemKind.Intervention)]
    [InlineData(CarePlanItemKind.Medication)]
    [InlineData(CarePlanItemKind.Service)]
    [InlineData(CarePlanItemKind.Appointment)]
    [InlineData(CarePlanItemKind.Barrier)]
    [InlineData(CarePlanItemKind.AdvanceCarePlanning)]
    public void Only_goals_have_a_lifecycle_and_achievement(CarePlanItemKind kind)
    {
        var item = NewItem(kind);

        item.Lifecycle.ShouldBeNull();
        item.Achievement.ShouldBeNull();
    }

    // ---- Refusals: the message a coordinator reads, and the item as it was. ----

    private static void ShouldRefuse(CarePlanItem item, CarePlanField field, string? value, string message)
    {
        var before = Snapshot(item);

        var refusal = Should.Throw<DomainRuleException>(() => item.Set(field, value));

        refusal.Message.ShouldBe(message);
        Snapshot(item).ShouldBe(before);
    }

    [Theory]
    [MemberData(nameof(MissingFields))]
    public void A_field_the_kind_does_not_have_is_refused(CarePlanItemKind kind, CarePlanField field)
    {
        var item = NewItem(kind);

        ShouldRefuse(item, field, ValueFor(field), $"{KindNames[kind]} items have no “{MissingFieldWords[field]}” field.");
    }

    [Theory]
    [InlineData(CarePlanItemKind.Medication, CarePlanField.Lifecycle, "Medication items have no “Lifecycle” field.")]
    [InlineData(CarePlanItemKind.Medication, CarePlanField.Assignee, "Medication items have no “Assignee” field.")]
    [InlineData(CarePlanItemKind.Appointment, CarePlanField.Category, "Follow-up appointment items have no “Category” field.")]
    [InlineData(CarePlanItemKind.Problem, CarePlanField.Assignee, "Problem items have no “Assignee” field.")]
    [InlineData(CarePlanItemKind.Barrier, CarePlanField.Achievement, "Barrier items have no “Achievement” field.")]
    [InlineData(CarePlanItemKind.AdvanceCarePlanning, CarePlanField.Reconciled, "Advance care planning items have no “Reconciled” field.")]
    [InlineData(CarePlanItemKind.Goal, CarePlanField.Sources, "Goal items have no “Seen on” field.")]
    public void A_missing_field_is_named_the_way_the_screen_names_it(CarePlanItemKind kind, CarePlanField field, string message)
    {
        var item = NewItem(kind);

        ShouldRefuse(item, field, ValueFor(field), message);
    }

    [Fact]
    public void A_field_that_does_not_exist_is_refused()
    {
        var item = NewItem(CarePlanItemKind.Goal);

        ShouldRefuse(item, (CarePlanField)99, "x", "That field does not exist.");
        Should.Throw<DomainRuleException>(() => item.ValueOf((CarePlanField)99)).Message.ShouldBe("That field does not exist.");
    }

    [Theory]
    [InlineData(CarePlanItemKind.Problem, null, "Problem or concern is required.")]
    [InlineData(CarePlanItemKind.Goal, "", "Goal is required.")]
    [InlineData(CarePlanItemKind.Intervention, "   ", "Activity is required.")]
    [InlineData(CarePlanItemKind.Medication, "\t\n", "Medication is required.")]
    [InlineData(CarePlanItemKind.Appointment, " ", "Appointment is required.")]
    [InlineData(CarePlanItemKind.AdvanceCarePlanning, " ", "Entry is required.")]
    public void Blank_text_is_refused(CarePlanItemKind kind, string? text, string message)
    {
        var item = NewItem(kind);

        ShouldRefuse(item, CarePlanField.Text, text, message);
    }

    [Theory]
    [InlineData(CarePlanItemKind.Intervention, CarePlanField.Text, "Activity can be at most 4000 characters (it has 4001).")]
    [InlineData(CarePlanItemKind.Goal, CarePlanField.Text, "Goal can be at most 4000 characters (it has 4001).")]
    [InlineData(CarePlanItemKind.Goal, CarePlanField.Detail, "Measurable target can be at most 4000 characters (it has 4001).")]
    [InlineData(CarePlanItemKind.Medication, CarePlanField.Detail, "Dose and how taken can be at most 4000 characters (it has 4001).")]
    [InlineData(CarePlanItemKind.Problem, CarePlanField.Detail, "Notes can be at most 4000 characters (it has 4001).")]
    public void Text_longer_than_the_limit_is_refused(CarePlanItemKind kind, CarePlanField field, string message)
    {
        var item = NewItem(kind);

        ShouldRefuse(item, field, LongText, message);
    }

    [Fact]
    public void Text_at_the_limit_with_spaces_around_it_is_taken_trimmed()
    {
        var item = NewItem(CarePlanItemKind.Intervention);
        var text = new string('x', CarePlanItem.MaxTextLength);

        item.Set(CarePlanField.Text, $"  {text}  ");
        item.Set(CarePlanField.Detail, $"  {text}  ");

        item.Text.ShouldBe(text);
        item.Detail.ShouldBe(text);
    }

    [Theory]
    [InlineData(CarePlanItemKind.Problem, "Diagnosis", "Choose one of: Problem, Health concern.")]
    [InlineData(CarePlanItemKind.Problem, null, "Choose one of: Problem, Health concern.")]
    [InlineData(CarePlanItemKind.Goal, "Medium term", "Choose one of: Short term, Long term.")]
    [InlineData(CarePlanItemKind.Service, "Meals on wheels", "Choose one of: Home health, Durable medical equipment, Community support.")]
    [InlineData(CarePlanItemKind.Barrier, "", "Choose one of: Housing, Food, Transportation, Utilities, Safety, Language.")]
    [InlineData(CarePlanItemKind.AdvanceCarePlanning, "Will", "Choose one of: Wishes, Document, Health care proxy.")]
    public void An_unknown_category_is_refused_with_the_choices(CarePlanItemKind kind, string? category, string message)
    {
        var item = NewItem(kind);

        ShouldRefuse(item, CarePlanField.Category, category, message);
    }

    [Theory]
    [InlineData(CarePlanItemKind.Intervention, "Intervention items have no “Category” field.")]
    [InlineData(CarePlanItemKind.Medication, "Medication items have no “Category” field.")]
    [InlineData(CarePlanItemKind.Appointment, "Follow-up appointment items have no “Category” field.")]
    public void A_category_on_a_kind_without_categories_is_refused(CarePlanItemKind kind, string message)
    {
        var item = NewItem(kind);
        var spec = new CarePlanItemSpec(kind, TextFor(kind)) { Category = CarePlanCategories.Housing };
        var plan = ActivePlan();

        ShouldRefuse(item, CarePlanField.Category, CarePlanCategories.Housing, message);
        Should.Throw<DomainRuleException>(() => plan.AddItem(spec, 0)).Message.ShouldBe(message);
        plan.Items.ShouldBeEmpty();
    }

    [Theory]
    [InlineData(CarePlanItemKind.Intervention, "2026-13-01", "Due must be a date between 2000 and 2100.")]
    [InlineData(CarePlanItemKind.Intervention, "yesterday", "Due must be a date between 2000 and 2100.")]
    [InlineData(CarePlanItemKind.Intervention, "2026-02-30", "Due must be a date between 2000 and 2100.")]
    [InlineData(CarePlanItemKind.Intervention, "2026-4-5", "Due must be a date between 2000 and 2100.")]
    [InlineData(CarePlanItemKind.Intervention, "04/15/2026", "Due must be a date between 2000 and 2100.")]
    [InlineData(CarePlanItemKind.Intervention, "2026-04-15T00:00", "Due must be a date between 2000 and 2100.")]
    [InlineData(CarePlanItemKind.Goal, "1999-12-31", "Target date must be a date between 2000 and 2100.")]
    [InlineData(CarePlanItemKind.Appointment, "2101-01-01", "Date must be a date between 2000 and 2100.")]
    public void A_bad_date_is_refused(CarePlanItemKind kind, string value, string message)
    {
        var item = NewItem(kind);
        item.Set(CarePlanField.Due, "2026-04-01");

        ShouldRefuse(item, CarePlanField.Due, value, message);
    }

    [Theory]
    [InlineData(CarePlanField.Status, "Done", "Choose the status from the list.")]
    [InlineData(CarePlanField.Status, "active", "Choose the status from the list.")]
    [InlineData(CarePlanField.Status, "On hold", "Choose the status from the list.")]
    [InlineData(CarePlanField.Status, "3", "Choose the status from the list.")]
    [InlineData(CarePlanField.Status, "-1", "Choose the status from the list.")]
    [InlineData(CarePlanField.Status, "", "Choose the status from the list.")]
    [InlineData(CarePlanField.Status, null, "Choose the status from the list.")]
    [InlineData(CarePlanField.Lifecycle, "Finished", "Choose the lifecycle from the list.")]
    [InlineData(CarePlanField.Lifecycle, "entered-in-error", "Choose the lifecycle from the list.")]
    [InlineData(CarePlanField.Lifecycle, "3", "Choose the lifecycle from the list.")]
    [InlineData(CarePlanField.Lifecycle, "", "Choose the lifecycle from the list.")]
    [InlineData(CarePlanField.Lifecycle, null, "Choose the lifecycle from the list.")]
    [InlineData(CarePlanField.Achievement, "Great", "Choose the achievement from the list.")]
    [InlineData(CarePlanField.Achievement, "achieved", "Choose the achievement from the list.")]
    [InlineData(CarePlanField.Achievement, "3", "Choose the achievement from the list.")]
    public void An_unknown_goal_choice_is_refused(CarePlanField field, string? value, string message)
    {
        var item = NewItem(CarePlanItemKind.Goal);

        ShouldRefuse(item, field, value, message);
    }

    [Theory]
    [InlineData(CarePlanField.Status, "Active, OnHold", "Choose the status from the list.")]
    [InlineData(CarePlanField.Lifecycle, "Planned, Accepted", "Choose the lifecycle from the list.")]
    [InlineData(CarePlanField.Achievement, "Improving, Worsening", "Choose the achievement from the list.")]
    public void A_list_of_several_choices_for_a_single_choice_field_is_refused(CarePlanField field, string value, string message)
    {
        var item = NewItem(CarePlanItemKind.Goal);

        ShouldRefuse(item, field, value, message);
    }

    [Theory]
    [InlineData("Hospital")]
    [InlineData("preadmission")]
    [InlineData("Pre-admission list")]
    [InlineData("PreAdmission, Bogus")]
    [InlineData("3")]
    [InlineData("16")]
    [InlineData("-1")]
    [InlineData("PreAdmission, 4")]
    public void Unknown_medication_sources_are_refused(string value)
    {
        var item = NewMedication(MedicationSources.PharmacyFill);

        ShouldRefuse(item, CarePlanField.Sources, value, "Choose where the medication was seen from the list.");
    }

    [Theory]
    [InlineData(16)]
    [InlineData(32)]
    [InlineData(17)]
    [InlineData(-1)]
    public void A_new_medication_with_undefined_sources_is_refused(int sources)
    {
        var plan = ActivePlan();
        var spec = new CarePlanItemSpec(CarePlanItemKind.Medication, "Metformin 500 mg") { Sources = (MedicationSources)sources };

        var refusal = Should.Throw<DomainRuleException>(() => plan.AddItem(spec, 0));

        refusal.Message.ShouldBe("Choose where the medication was seen from the list.");
        plan.Items.ShouldBeEmpty();
    }

    [Fact]
    public void Sources_given_for_an_item_that_is_not_a_medication_are_ignored()
    {
        var item = NewItem(new CarePlanItemSpec(CarePlanItemKind.Intervention, "Pill box teaching") { Sources = MedicationSources.Discharge });

        item.Sources.ShouldBe(MedicationSources.None);
        item.Discrepancy.ShouldBeNull();
    }

    [Theory]
    [InlineData("True")]
    [InlineData("TRUE")]
    [InlineData("False")]
    [InlineData("yes")]
    [InlineData("no")]
    [InlineData("1")]
    [InlineData("0")]
    [InlineData(" true")]
    [InlineData("")]
    [InlineData(null)]
    public void Reconciled_is_only_true_or_false(string? value)
    {
        var item = NewMedication(MedicationSources.Discharge);

        ShouldRefuse(item, CarePlanField.Reconciled, value, "Reconciled is yes or no.");
    }

    [Theory]
    [InlineData("Dr Patel")]
    [InlineData("0f8fad5bd9cb469fa16570867728950e")]
    [InlineData("{0f8fad5b-d9cb-469f-a165-70867728950e}")]
    [InlineData("(0f8fad5b-d9cb-469f-a165-70867728950e)")]
    [InlineData("0f8fad5b-d9cb-469f-a165-70867728950")]
    [InlineData("00000000-0000-0000-0000-000000000000")]
    public void An_assignee_that_is_not_a_staff_id_is_refused(string value)
    {
        var item = NewItem(CarePlanItemKind.Goal);
        item.Set(CarePlanField.Assignee, Assignee);

        ShouldRefuse(item, CarePlanField.Assignee, value, "Choose the assignee from the list.");
    }

    [Theory]
    [InlineData(nameof(CarePlanItemStatus.Completed), nameof(CarePlanItemStatus.Active), "A completed item cannot be reopened; add a new one.")]
    [InlineData(nameof(CarePlanItemStatus.Completed), nameof(CarePlanItemStatus.Proposed), "A completed item cannot be reopened; add a new one.")]
    [InlineData(nameof(CarePlanItemStatus.Completed), nameof(CarePlanItemStatus.OnHold), "A completed item cannot be reopened; add a new one.")]
    [InlineData(nameof(CarePlanItemStatus.Cancelled), nameof(CarePlanItemStatus.Active), "A cancelled item cannot be reopened; add a new one.")]
    [InlineData(nameof(CarePlanItemStatus.Cancelled), nameof(CarePlanItemStatus.Proposed), "A cancelled item cannot be reopened; add a new one.")]
    [InlineData(nameof(CarePlanItemStatus.Cancelled), nameof(CarePlanItemStatus.OnHold), "A cancelled item cannot be reopened; add a new one.")]
    public void A_closed_item_cannot_be_reopened_through_its_status_field(string closed, string reopened, string message)
    {
        var item = NewItem(CarePlanItemKind.Intervention);
        item.Set(CarePlanField.Status, closed);

        ShouldRefuse(item, CarePlanField.Status, reopened, message);
    }

    [Fact]
    public void A_new_item_of_a_kind_that_does_not_exist_is_refused()
    {
        var plan = ActivePlan();

        var refusal = Should.Throw<DomainRuleException>(() => plan.AddItem((CarePlanItemKind)42, "Something", null, null));

        refusal.Message.ShouldBe("That kind of item does not exist.");
        plan.Items.ShouldBeEmpty();
    }

    [Theory]
    [InlineData(CarePlanItemKind.Goal, "Measurable target can be at most 4000 characters (it has 4001).")]
    [InlineData(CarePlanItemKind.Service, "Provider and frequency can be at most 4000 characters (it has 4001).")]
    public void A_new_item_with_too_long_detail_is_refused(CarePlanItemKind kind, string message)
    {
        var plan = ActivePlan();
        var spec = new CarePlanItemSpec(kind, TextFor(kind)) { Detail = LongText };

        var refusal = Should.Throw<DomainRuleException>(() => plan.AddItem(spec, 0));

        refusal.Message.ShouldBe(message);
        plan.Items.ShouldBeEmpty();
    }

    [Fact]
    public void A_new_item_due_outside_2000_to_2100_is_refused()
    {
        var plan = ActivePlan();
        var spec = new CarePlanItemSpec(CarePlanItemKind.Goal, "Mood improves") { Due = new DateOnly(1999, 12, 31) };

        Should.Throw<DomainRuleException>(() => plan.AddItem(spec, 0));

        plan.Items.ShouldBeEmpty();
    }

    [Fact]
    public void A_new_item_assigned_to_the_empty_id_is_refused()
    {
        var plan = ActivePlan();
        var spec = new CarePlanItemSpec(CarePlanItemKind.Goal, "Mood improves") { AssigneeId = Guid.Empty };

        Should.Throw<DomainRuleException>(() => plan.AddItem(spec, 0));

        plan.Items.ShouldBeEmpty();
    }
}
