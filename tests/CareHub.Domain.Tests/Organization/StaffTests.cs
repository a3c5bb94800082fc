using CareHub.Domain.Common;
using CareHub.Domain.Organization;

namespace CareHub.Domain.Tests.Organization;

public class StaffTests
{
    private static Staff NewStaff(string email) =>
        new("Maria", "Alvarez", email, StaffRole.Coordinator, "Care coordination");

    [Fact]
    public void Email_is_kept_trimmed_and_in_lower_case()
    {
        NewStaff("  Maria.Alvarez@CareHub.Example ").Email.ShouldBe("maria.alvarez@carehub.example");
    }

    [Theory]
    [InlineData("maria.alvarez")]
    [InlineData("@carehub.example")]
    [InlineData("maria@")]
    [InlineData("maria@@carehub.example")]
    [InlineData("maria @carehub.example")]
    public void An_email_that_is_not_name_at_domain_is_refused(string email)
    {
        var refusal = Should.Throw<DomainRuleException>(() => NewStaff(email));

        refusal.Message.ShouldBe("Email must look like name@example.org.");
    }

    [Fact]
    public void A_missing_email_is_refused_as_required()
    {
        Should.Throw<DomainRuleException>(() => NewStaff("")).Message.ShouldBe("Email is required.");
    }

    [Fact]
    public void New_staff_are_active_and_shown_by_full_name()
    {
        var staff = NewStaff("maria@carehub.example");

        staff.IsActive.ShouldBeTrue();
        staff.DisplayName.ShouldBe("Maria Alvarez");
    }

    [Fact]
    public void Deactivating_keeps_the_person_but_marks_them_inactive()
    {
        var staff = NewStaff("maria@carehub.example");

        staff.Deactivate();

        staff.IsActive.ShouldBeFalse();
    }
}
