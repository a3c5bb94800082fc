using CareHub.Domain.Common;
using CareHub.Domain.Organization;

namespace CareHub.Domain.Tests.Organization;

public class FacilityTests
{
    private static Facility Hospital() => new("RGH", "Riverside General Hospital", FacilityKind.AcuteCareHospital);

    [Fact]
    public void A_unit_belongs_to_its_facility()
    {
        var hospital = Hospital();

        var unit = hospital.AddUnit("ICU", "Medical ICU", UnitKind.IntensiveCare, 16);

        unit.FacilityId.ShouldBe(hospital.Id);
        hospital.Units.ShouldHaveSingleItem().ShouldBeSameAs(unit);
    }

    [Fact]
    public void A_second_unit_with_the_same_code_is_refused_whatever_its_case()
    {
        var hospital = Hospital();
        hospital.AddUnit("4W", "4 West Medical-Surgical", UnitKind.MedicalSurgical, 32);

        var refusal = Should.Throw<DomainRuleException>(() => hospital.AddUnit(" 4w ", "4 West again", UnitKind.MedicalSurgical, 10));

        refusal.Message.ShouldBe("Riverside General Hospital already has a unit with code  4w .");
        hospital.Units.Count.ShouldBe(1);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(501)]
    public void A_unit_with_an_impossible_number_of_beds_is_refused(int beds)
    {
        var hospital = Hospital();

        var refusal = Should.Throw<DomainRuleException>(() => hospital.AddUnit("ED", "Emergency Department", UnitKind.Emergency, beds));

        refusal.Message.ShouldBe("A unit has between 1 and 500 beds.");
        hospital.Units.ShouldBeEmpty();
    }
}
