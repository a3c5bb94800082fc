using CareHub.Domain.Common;
using CareHub.Domain.Encounters;
using CareHub.Domain.Patients;

namespace CareHub.Domain.Tests.Common;

/// <summary>The text limits every entity applies, seen through the entities (Guard is internal).</summary>
public class GuardTests
{
    private static Patient PatientNamed(string given) =>
        new("4000003", "CHS", given, "Nightingale", new DateOnly(1960, 5, 12), AdministrativeSex.Female);

    [Fact]
    public void Text_over_the_limit_is_refused_with_the_field_the_limit_and_the_length()
    {
        var refusal = Should.Throw<DomainRuleException>(() => PatientNamed(new string('F', 101)));

        refusal.Message.ShouldBe("Given name can be at most 100 characters (it has 101).");
    }

    [Fact]
    public void Text_at_the_limit_is_kept()
    {
        PatientNamed(new string('F', 100)).GivenName.Length.ShouldBe(100);
    }

    [Fact]
    public void Surrounding_spaces_do_not_count_towards_the_limit_and_are_trimmed()
    {
        PatientNamed($"  {new string('F', 100)}  ").GivenName.ShouldBe(new string('F', 100));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData(null)]
    public void Missing_required_text_is_refused_by_name(string? given)
    {
        var refusal = Should.Throw<DomainRuleException>(() => PatientNamed(given!));

        refusal.Message.ShouldBe("Given name is required.");
    }

    [Fact]
    public void Optional_text_over_the_limit_is_refused_with_the_same_message()
    {
        var refusal = Should.Throw<DomainRuleException>(() =>
            Encounter.Admit(Guid.NewGuid(), Guid.NewGuid(), null, new string('B', 21), EncounterClass.Inpatient, TestTime.Monday));

        refusal.Message.ShouldBe("Bed can be at most 20 characters (it has 21).");
    }

    [Fact]
    public void A_refused_rename_keeps_the_old_name()
    {
        var patient = PatientNamed("Florence");

        Should.Throw<DomainRuleException>(() => patient.Rename("Flo", new string('N', 101)));

        patient.GivenName.ShouldBe("Florence");
        patient.SortName.ShouldBe("Nightingale, Florence");
    }
}
