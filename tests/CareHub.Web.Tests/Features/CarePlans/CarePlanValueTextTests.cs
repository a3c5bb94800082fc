using CareHub.Domain.CarePlans;
using CareHub.Web.Features.CarePlans;

namespace CareHub.Web.Tests.Features.CarePlans;

/// <summary>How a care-plan field value, in the text form history keeps, reads to a care team.</summary>
public sealed class CarePlanValueTextTests
{
    private static readonly Guid Casey = Guid.Parse("0199a1b2-0000-7000-8000-0000000000c1");
    private static readonly Dictionary<Guid, string> Names = new() { [Casey] = "Casey Coordinator" };

    [Theory]
    [InlineData("Proposed", "Proposed")]
    [InlineData("OnHold", "On hold")]
    [InlineData("Cancelled", "Cancelled")]
    public void Item_statuses_read_as_their_words(string value, string words) =>
        CarePlanValueText.Of(CarePlanItemKind.Intervention, CarePlanField.Status, value).ShouldBe(words);

    [Theory]
    [InlineData(CarePlanField.Lifecycle, "EnteredInError", "Entered in error")]
    [InlineData(CarePlanField.Lifecycle, "OnHold", "On hold")]
    [InlineData(CarePlanField.Achievement, "NotAttainable", "Not attainable")]
    [InlineData(CarePlanField.Achievement, "Improving", "Improving")]
    public void Goal_lifecycle_and_achievement_read_as_their_words(CarePlanField field, string value, string words) =>
        CarePlanValueText.Of(CarePlanItemKind.Goal, field, value).ShouldBe(words);

    [Theory]
    [InlineData("PreAdmission, PharmacyFill", "Pre-admission list, Pharmacy fill")]
    [InlineData("PatientReported", "Patient reported")]
    public void Medication_sources_are_listed_by_name(string value, string words) =>
        CarePlanValueText.Of(CarePlanItemKind.Medication, CarePlanField.Sources, value).ShouldBe(words);

    [Theory]
    [InlineData("true", "Yes")]
    [InlineData("false", "No")]
    public void Reconciled_reads_yes_or_no(string value, string words) =>
        CarePlanValueText.Of(CarePlanItemKind.Medication, CarePlanField.Reconciled, value).ShouldBe(words);

    [Fact]
    public void A_due_date_reads_as_day_month_year()
    {
        CarePlanValueText.Of(CarePlanItemKind.Appointment, CarePlanField.Due, "2026-03-12").ShouldBe("12 Mar 2026");
        CarePlanValueText.Date(new DateOnly(2026, 11, 4)).ShouldBe("4 Nov 2026");
    }

    [Fact]
    public void An_assignee_reads_as_the_name_the_lookup_gives()
    {
        CarePlanValueText.Of(CarePlanItemKind.Intervention, CarePlanField.Assignee, Casey.ToString("D"), Names).ShouldBe("Casey Coordinator");
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void No_assignee_reads_as_unassigned(string? value) =>
        CarePlanValueText.Of(CarePlanItemKind.Intervention, CarePlanField.Assignee, value, Names).ShouldBe("Unassigned");

    [Fact]
    public void An_assignee_the_lookup_does_not_know_is_someone_never_their_id()
    {
        var stranger = Guid.NewGuid().ToString("D");

        CarePlanValueText.Of(CarePlanItemKind.Goal, CarePlanField.Assignee, stranger, Names).ShouldBe("Someone");
        CarePlanValueText.Of(CarePlanItemKind.Goal, CarePlanField.Assignee, stranger).ShouldBe("Someone");
    }

    [Theory]
    [InlineData(CarePlanField.Detail, null)]
    [InlineData(CarePlanField.Detail, "")]
    [InlineData(CarePlanField.Due, null)]
    [InlineData(CarePlanField.Category, "  ")]
    [InlineData(CarePlanField.Achievement, null)]
    [InlineData(CarePlanField.Sources, null)]
    public void A_missing_value_reads_as_empty(CarePlanField field, string? value) =>
        CarePlanValueText.Of(CarePlanItemKind.Goal, field, value).ShouldBe("(empty)");

    [Theory]
    [InlineData(CarePlanField.Text, "Walks 20 minutes a day")]
    [InlineData(CarePlanField.Category, "Long term")]
    public void Text_and_category_read_as_written(CarePlanField field, string value) =>
        CarePlanValueText.Of(CarePlanItemKind.Goal, field, value).ShouldBe(value);

    [Theory]
    [InlineData(CarePlanField.Status, "Paused")]
    [InlineData(CarePlanField.Status, "2")]
    [InlineData(CarePlanField.Due, "next week")]
    [InlineData(CarePlanField.Reconciled, "maybe")]
    public void A_value_its_field_does_not_expect_is_shown_as_it_is(CarePlanField field, string value) =>
        CarePlanValueText.Of(CarePlanItemKind.Intervention, field, value).ShouldBe(value);

    [Fact]
    public void Without_a_field_an_items_value_is_its_text_and_the_plans_is_its_status()
    {
        CarePlanValueText.Of(CarePlanItemKind.Goal, null, "Stays out of hospital").ShouldBe("Stays out of hospital");
        CarePlanValueText.Of(null, null, "Completed").ShouldBe("Completed");
        CarePlanValueText.Of(kind: null, field: null, value: null).ShouldBe("(empty)");
    }

    [Fact]
    public void A_history_entry_names_its_field_for_its_kind_of_item()
    {
        var goal = Entry(CarePlanItemKind.Goal, CarePlanField.Due);
        var appointment = Entry(CarePlanItemKind.Appointment, CarePlanField.Due);
        var creation = Entry(CarePlanItemKind.Goal, null);

        CarePlanValueText.FieldName(goal).ShouldBe("Target date");
        CarePlanValueText.FieldName(appointment).ShouldBe("Date");
        CarePlanValueText.FieldName(creation).ShouldBeNull();
    }

    [Fact]
    public void A_time_reads_as_day_month_year_and_local_hours()
    {
        var at = new DateTimeOffset(2026, 11, 24, 14, 5, 0, TimeSpan.Zero);

        CarePlanValueText.When(at).ShouldBe(at.ToLocalTime().ToString("d MMM yyyy HH:mm", System.Globalization.CultureInfo.InvariantCulture));
        CarePlanValueText.When(at).ShouldMatch(@"^2[345] Nov 2026 \d\d:\d\d$");
    }

    private static CarePlanChangeView Entry(CarePlanItemKind kind, CarePlanField? field) =>
        new(Guid.NewGuid(), Guid.NewGuid(), kind, "Goal: Walks", field, null, null, "Casey", DateTimeOffset.UtcNow, 2, false);
}
