using CareHub.Domain.CarePlans;
using static CareHub.Domain.CarePlans.MedicationSources;
using static CareHub.Domain.Tests.CarePlans.CarePlanItems;

namespace CareHub.Domain.Tests.CarePlans;

public class MedicationReconciliationTests
{
    private const string OnNoList = "Not on any list yet: record where it was seen.";
    private const string StoppedAtDischarge = "On the pre-admission list but not on the discharge list: stopped on purpose?";
    private const string NewAndNotFilled = "New at discharge and no pharmacy fill seen yet.";
    private const string NotFilledNorConfirmed = "On the discharge list but no pharmacy fill and the patient has not confirmed taking it.";
    private const string OnlyThePharmacyKnows = "Filled at a pharmacy but on no clinical list and not confirmed by the patient.";
    private const string OnlyThePatientKnows = "The patient reports taking it but it is on no clinical list.";

    /// <summary>Every combination of the four sources and the discrepancy it shows (null: none).</summary>
    private static readonly IReadOnlyDictionary<MedicationSources, string?> Expected = new Dictionary<MedicationSources, string?>
    {
        [None] = OnNoList,
        [PreAdmission] = StoppedAtDischarge,
        [Discharge] = NewAndNotFilled,
        [PreAdmission | Discharge] = NotFilledNorConfirmed,
        [PharmacyFill] = OnlyThePharmacyKnows,
        [PreAdmission | PharmacyFill] = StoppedAtDischarge,
        [Discharge | PharmacyFill] = null,
        [PreAdmission | Discharge | PharmacyFill] = null,
        [PatientReported] = OnlyThePatientKnows,
        [PreAdmission | PatientReported] = StoppedAtDischarge,
        [Discharge | PatientReported] = NewAndNotFilled,
        [PreAdmission | Discharge | PatientReported] = null,
        [PharmacyFill | PatientReported] = OnlyThePatientKnows,
        [PreAdmission | PharmacyFill | PatientReported] = StoppedAtDischarge,
        [Discharge | PharmacyFill | PatientReported] = null,
        [PreAdmission | Discharge | PharmacyFill | PatientReported] = null,
    };

    public static TheoryData<MedicationSources, string?> Combinations()
    {
        var data = new TheoryData<MedicationSources, string?>();
        foreach (var (sources, discrepancy) in Expected)
            data.Add(sources, discrepancy);
        return data;
    }

    [Fact]
    public void The_table_covers_all_sixteen_combinations()
    {
        var combinations = Enumerable.Range(0, 16).Select(i => (MedicationSources)i);

        Expected.Keys.ShouldBe(combinations, ignoreOrder: true);
    }

    [Theory]
    [MemberData(nameof(Combinations))]
    public void The_discrepancy_follows_from_where_the_medication_was_seen(MedicationSources sources, string? discrepancy)
    {
        var item = NewMedication(sources);

        var shown = item.Discrepancy;

        shown.ShouldBe(discrepancy);
        MedicationReconciliation.DiscrepancyOf(sources).ShouldBe(discrepancy);
    }

    [Theory]
    [MemberData(nameof(Combinations))]
    public void Sources_set_through_the_field_give_the_same_discrepancy(MedicationSources sources, string? discrepancy)
    {
        var item = NewMedication(None);

        item.Set(CarePlanField.Sources, sources == None ? null : sources.ToString());

        item.Sources.ShouldBe(sources);
        item.Discrepancy.ShouldBe(discrepancy);
        item.ValueOf(CarePlanField.Sources).ShouldBe(sources == None ? null : sources.ToString());
    }

    [Theory]
    [MemberData(nameof(Combinations))]
    public void A_reconciled_medication_shows_no_discrepancy(MedicationSources sources, string? discrepancy)
    {
        var item = NewMedication(sources);
        item.Discrepancy.ShouldBe(discrepancy);

        item.Set(CarePlanField.Reconciled, "true");

        item.Discrepancy.ShouldBeNull();
    }

    [Fact]
    public void Undoing_the_reconciliation_shows_the_discrepancy_again()
    {
        var item = NewMedication(Discharge);
        item.Set(CarePlanField.Reconciled, "true");

        item.Set(CarePlanField.Reconciled, "false");

        item.Reconciled.ShouldBeFalse();
        item.Discrepancy.ShouldBe(NewAndNotFilled);
    }

    [Fact]
    public void A_new_medication_is_not_reconciled()
    {
        var item = NewMedication(Discharge | PharmacyFill);

        item.Reconciled.ShouldBeFalse();
        item.ValueOf(CarePlanField.Reconciled).ShouldBe("false");
    }

    [Theory]
    [InlineData(CarePlanItemKind.Problem)]
    [InlineData(CarePlanItemKind.Goal)]
    [InlineData(CarePlanItemKind.Intervention)]
    [InlineData(CarePlanItemKind.Service)]
    [InlineData(CarePlanItemKind.Appointment)]
    [InlineData(CarePlanItemKind.Barrier)]
    [InlineData(CarePlanItemKind.AdvanceCarePlanning)]
    public void Items_that_are_not_medications_have_no_discrepancy(CarePlanItemKind kind)
    {
        var item = NewItem(kind);

        var discrepancy = item.Discrepancy;

        discrepancy.ShouldBeNull();
    }
}
