using CareHub.Domain.CarePlans;

namespace CareHub.Domain.Tests.CarePlans;

public class CarePlanTextTests
{
    public static TheoryData<CarePlanItemKind> Kinds() => [.. Enum.GetValues<CarePlanItemKind>()];

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Every_kind_has_a_name_a_section_and_labels(CarePlanItemKind kind)
    {
        string[] names = [CarePlanText.KindName(kind), CarePlanText.SectionName(kind), CarePlanText.TextLabel(kind), CarePlanText.DetailLabel(kind)];

        names.ShouldAllBe(n => !string.IsNullOrWhiteSpace(n));
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Every_field_of_every_kind_has_a_name_of_its_own(CarePlanItemKind kind)
    {
        var names = Enum.GetValues<CarePlanField>().Select(f => CarePlanText.FieldName(kind, f)).ToList();

        names.ShouldAllBe(n => !string.IsNullOrWhiteSpace(n));
        names.ShouldBeUnique();
    }

    [Fact]
    public void Kinds_and_sections_have_distinct_names()
    {
        var kinds = Enum.GetValues<CarePlanItemKind>();

        kinds.Select(CarePlanText.KindName).ShouldBeUnique();
        kinds.Select(CarePlanText.SectionName).ShouldBeUnique();
    }

    [Fact]
    public void Every_status_has_a_name()
    {
        var names = Enum.GetValues<CarePlanItemStatus>().Select(CarePlanText.Status).ToList();

        names.ShouldAllBe(n => !string.IsNullOrWhiteSpace(n));
        names.ShouldBeUnique();
    }

    [Fact]
    public void Every_lifecycle_has_a_name()
    {
        var names = Enum.GetValues<GoalLifecycle>().Select(CarePlanText.Lifecycle).ToList();

        names.ShouldAllBe(n => !string.IsNullOrWhiteSpace(n));
        names.ShouldBeUnique();
    }

    [Fact]
    public void Every_achievement_has_a_name()
    {
        var names = Enum.GetValues<GoalAchievement>().Select(CarePlanText.Achievement).ToList();

        names.ShouldAllBe(n => !string.IsNullOrWhiteSpace(n));
        names.ShouldBeUnique();
    }

    [Fact]
    public void Every_source_has_a_name()
    {
        var names = Enum.GetValues<MedicationSources>().Select(CarePlanText.Source).ToList();

        names.ShouldAllBe(n => !string.IsNullOrWhiteSpace(n));
        names.ShouldBeUnique();
    }

    [Theory]
    [InlineData(CarePlanItemStatus.OnHold, "On hold")]
    [InlineData(CarePlanItemStatus.Cancelled, "Cancelled")]
    public void A_status_reads_as_words(CarePlanItemStatus status, string name)
    {
        var text = CarePlanText.Status(status);

        text.ShouldBe(name);
    }

    [Theory]
    [InlineData(GoalLifecycle.OnHold, "On hold")]
    [InlineData(GoalLifecycle.EnteredInError, "Entered in error")]
    [InlineData(GoalLifecycle.Accepted, "Accepted")]
    public void A_lifecycle_reads_as_words(GoalLifecycle lifecycle, string name)
    {
        var text = CarePlanText.Lifecycle(lifecycle);

        text.ShouldBe(name);
    }

    [Theory]
    [InlineData(GoalAchievement.InProgress, "In progress")]
    [InlineData(GoalAchievement.NotAttainable, "Not attainable")]
    [InlineData(GoalAchievement.Achieved, "Achieved")]
    public void An_achievement_reads_as_words(GoalAchievement achievement, string name)
    {
        var text = CarePlanText.Achievement(achievement);

        text.ShouldBe(name);
    }

    [Theory]
    [InlineData(MedicationSources.None, "No source yet")]
    [InlineData(MedicationSources.Discharge, "Discharge list")]
    [InlineData(MedicationSources.PreAdmission | MedicationSources.PharmacyFill, "Pre-admission list, Pharmacy fill")]
    [InlineData(MedicationSources.PreAdmission | MedicationSources.Discharge | MedicationSources.PharmacyFill | MedicationSources.PatientReported,
        "Pre-admission list, Discharge list, Pharmacy fill, Patient reported")]
    public void Sources_read_as_a_list_of_names(MedicationSources sources, string names)
    {
        var text = CarePlanText.Sources(sources);

        text.ShouldBe(names);
    }

    [Theory]
    [InlineData(CarePlanItemKind.Goal, CarePlanField.Due, "Target date")]
    [InlineData(CarePlanItemKind.Appointment, CarePlanField.Due, "Date")]
    [InlineData(CarePlanItemKind.Intervention, CarePlanField.Due, "Due")]
    [InlineData(CarePlanItemKind.Goal, CarePlanField.Category, "Term")]
    [InlineData(CarePlanItemKind.Barrier, CarePlanField.Category, "Domain")]
    [InlineData(CarePlanItemKind.Service, CarePlanField.Category, "Type")]
    [InlineData(CarePlanItemKind.Problem, CarePlanField.Category, "Category")]
    [InlineData(CarePlanItemKind.Medication, CarePlanField.Detail, "Dose and how taken")]
    [InlineData(CarePlanItemKind.Intervention, CarePlanField.Text, "Activity")]
    public void A_field_is_named_for_its_kind(CarePlanItemKind kind, CarePlanField field, string name)
    {
        var text = CarePlanText.FieldName(kind, field);

        text.ShouldBe(name);
    }
}
