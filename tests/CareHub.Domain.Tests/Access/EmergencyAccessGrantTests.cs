using CareHub.Domain.Access;
using CareHub.Domain.Common;
using CareHub.Domain.Organization;

namespace CareHub.Domain.Tests.Access;

public sealed class EmergencyAccessGrantTests
{
    private static readonly StaffRole[] Clinical = [StaffRole.Physician, StaffRole.Nurse];
    private static readonly Guid Patient = Guid.NewGuid();

    private static Staff Person(StaffRole role) => new("Ana", "Reyes", $"ana.{role}@example.org".ToLowerInvariant(), role, "Medicine");

    [Fact]
    public void A_physician_with_a_reason_gets_one_patient_for_the_configured_time()
    {
        var physician = Person(StaffRole.Physician);

        var grant = EmergencyAccessGrant.Grant(physician, Clinical, Patient, EmergencyAccessReason.PatientInEmergencyDepartment,
            "  Unresponsive in the ED, no team member reachable  ", TestTime.Monday, TimeSpan.FromMinutes(60));

        grant.StaffId.ShouldBe(physician.Id);
        grant.PatientId.ShouldBe(Patient);
        grant.Explanation.ShouldBe("Unresponsive in the ED, no team member reachable");
        grant.ExpiresAt.ShouldBe(TestTime.Monday.AddMinutes(60));
        grant.IsActiveAt(TestTime.Monday.AddMinutes(59)).ShouldBeTrue();
        grant.IsActiveAt(TestTime.Monday.AddMinutes(60)).ShouldBeFalse("access ends when the grant expires");
    }

    [Theory]
    [InlineData(StaffRole.Coordinator)]
    [InlineData(StaffRole.SocialWorker)]
    [InlineData(StaffRole.CommunityHealthWorker)]
    [InlineData(StaffRole.Manager)]
    [InlineData(StaffRole.Admin)]
    public void A_role_that_is_not_eligible_is_refused(StaffRole role)
    {
        var error = Should.Throw<DomainRuleException>(() => EmergencyAccessGrant.Grant(Person(role), Clinical, Patient,
            EmergencyAccessReason.UrgentClinicalCare, "Needed for urgent care now", TestTime.Monday, TimeSpan.FromHours(1)));

        error.Message.ShouldContain("Emergency access is only for");
    }

    [Fact]
    public void A_deactivated_physician_is_refused()
    {
        var physician = Person(StaffRole.Physician);
        physician.Deactivate();

        Should.Throw<DomainRuleException>(() => EmergencyAccessGrant.Grant(physician, Clinical, Patient,
            EmergencyAccessReason.UrgentClinicalCare, "Needed for urgent care now", TestTime.Monday, TimeSpan.FromHours(1)));
    }

    [Theory]
    [InlineData(null, "Explain why you need this record.")]
    [InlineData("   ", "Explain why you need this record.")]
    [InlineData("urgent", "Explain in a few more words (at least 10 characters).")]
    public void The_explanation_is_required_and_checked(string? explanation, string message)
    {
        var error = Should.Throw<DomainRuleException>(() => EmergencyAccessGrant.Grant(Person(StaffRole.Nurse), Clinical, Patient,
            EmergencyAccessReason.Other, explanation, TestTime.Monday, TimeSpan.FromHours(1)));

        error.Message.ShouldBe(message);
    }

    [Fact]
    public void An_explanation_over_500_characters_and_a_reason_that_was_not_offered_are_refused()
    {
        var tooLong = Should.Throw<DomainRuleException>(() => EmergencyAccessGrant.Grant(Person(StaffRole.Nurse), Clinical, Patient,
            EmergencyAccessReason.Other, new string('x', 501), TestTime.Monday, TimeSpan.FromHours(1)));
        var forged = Should.Throw<DomainRuleException>(() => EmergencyAccessGrant.Grant(Person(StaffRole.Nurse), Clinical, Patient,
            (EmergencyAccessReason)42, "A reason the form never offered", TestTime.Monday, TimeSpan.FromHours(1)));

        tooLong.Message.ShouldBe("The explanation can be at most 500 characters (it has 501).");
        forged.Message.ShouldBe("Choose why you need this record.");
    }

    [Fact]
    public void Reviewing_records_the_first_reviewer_only()
    {
        var grant = EmergencyAccessGrant.Grant(Person(StaffRole.Physician), Clinical, Patient, EmergencyAccessReason.CareTransition,
            "Admitted overnight, team unreachable", TestTime.Monday, TimeSpan.FromHours(1));
        var first = Guid.NewGuid();

        grant.MarkReviewed(first, TestTime.Monday.AddHours(2));
        grant.MarkReviewed(Guid.NewGuid(), TestTime.Monday.AddHours(3));

        grant.ReviewedById.ShouldBe(first);
        grant.ReviewedAt.ShouldBe(TestTime.Monday.AddHours(2));
    }
}
