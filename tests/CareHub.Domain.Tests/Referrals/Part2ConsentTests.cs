using CareHub.Domain.Common;
using CareHub.Domain.Organization;
using CareHub.Domain.Referrals;

namespace CareHub.Domain.Tests.Referrals;

/// <summary>The 42 CFR Part 2 consent of a substance use treatment referral: active, ended, revoked, and who sees what (ADR 0014).</summary>
public class Part2ConsentTests
{
    private static readonly DateTimeOffset Now = TestTime.Monday;
    private static readonly DateOnly Today = DateOnly.FromDateTime(Now.UtcDateTime);
    private static readonly Guid Owner = Guid.NewGuid();
    private static readonly Guid Recorder = Guid.NewGuid();
    private static readonly Guid Nurse = Guid.NewGuid();

    private static Referral Sud() =>
        new(Guid.NewGuid(), Guid.NewGuid(), Owner, ReferralType.SubstanceUseTreatment, ReferralUrgency.Routine, "New Path Recovery Center",
            "Alcohol use disorder, requests treatment", Now.AddDays(-10));

    private static ReferralEvent Consent(Referral referral, DateOnly? signedOn = null, DateOnly? expiresOn = null, DateOnly? today = null) =>
        referral.RecordPart2Consent("The patient", "North Clinic care team", "Care coordination and treatment", signedOn ?? Today.AddDays(-1),
            expiresOn, today ?? Today, Now, Recorder);

    [Fact]
    public void A_recorded_consent_holds_until_revoked_and_is_on_the_timeline_with_who_recorded_it()
    {
        var referral = Sud();

        var entry = Consent(referral);

        referral.HasActivePart2Consent(Today).ShouldBeTrue();
        referral.HasActivePart2Consent(Today.AddYears(5)).ShouldBeTrue("no end day: until the patient revokes it");
        referral.MayBeDisclosed(Today).ShouldBeTrue();
        (referral.Part2ConsentedBy, referral.Part2ConsentRecipient, referral.Part2ConsentPurpose)
            .ShouldBe(("The patient", "North Clinic care team", "Care coordination and treatment"));
        (referral.Part2ConsentRecordedBy, referral.Part2ConsentRecordedAt).ShouldBe(((Guid?)Recorder, (DateTimeOffset?)Now));
        (entry.Kind, entry.StaffId, entry.Note).ShouldBe((ReferralEventKind.Part2ConsentRecorded, (Guid?)Recorder, (string?)null));
        referral.Events.ShouldContain(entry);
    }

    [Fact]
    public void A_consent_with_an_end_day_holds_through_that_day_and_not_after()
    {
        var referral = Sud();

        Consent(referral, expiresOn: Today.AddDays(30));

        referral.HasActivePart2Consent(Today.AddDays(30)).ShouldBeTrue();
        referral.HasActivePart2Consent(Today.AddDays(31)).ShouldBeFalse();
        referral.MayBeDisclosed(Today.AddDays(31)).ShouldBeFalse();
        referral.DetailsVisibleTo(Nurse, StaffRole.Nurse, Today.AddDays(31)).ShouldBeFalse("an ended consent discloses nothing");
    }

    [Fact]
    public void A_consent_does_not_hold_before_the_day_it_was_signed()
    {
        var referral = Sud();

        Consent(referral, signedOn: Today);

        referral.HasActivePart2Consent(Today.AddDays(-1)).ShouldBeFalse();
    }

    [Fact]
    public void A_revoked_consent_discloses_nothing_and_a_new_one_can_be_recorded_after_it()
    {
        var referral = Sud();
        Consent(referral);

        var revoked = referral.RevokePart2Consent(Now.AddHours(1), Nurse, "Patient called to withdraw");

        referral.HasActivePart2Consent(Today).ShouldBeFalse();
        referral.MayBeDisclosed(Today).ShouldBeFalse();
        referral.DetailsVisibleTo(Nurse, StaffRole.Nurse, Today).ShouldBeFalse();
        referral.DetailsVisibleTo(Owner, StaffRole.Coordinator, Today).ShouldBeTrue("the holder of the record keeps it");
        (revoked.Kind, revoked.StaffId, revoked.Note).ShouldBe((ReferralEventKind.Part2ConsentRevoked, (Guid?)Nurse, "Patient called to withdraw"));
        (referral.Part2ConsentRevokedBy, referral.Part2ConsentRevokedAt).ShouldBe(((Guid?)Nurse, (DateTimeOffset?)Now.AddHours(1)));
        Should.Throw<DomainRuleException>(() => referral.RevokePart2Consent(Now.AddHours(2), Nurse, null))
            .Message.ShouldBe("There is no consent on file to revoke.");

        Consent(referral);
        referral.HasActivePart2Consent(Today).ShouldBeTrue();
        referral.Part2ConsentRevokedAt.ShouldBeNull();
    }

    [Theory]
    [InlineData(StaffRole.Physician, true)]
    [InlineData(StaffRole.Nurse, true)]
    [InlineData(StaffRole.SocialWorker, true)]
    [InlineData(StaffRole.Coordinator, false)]
    [InlineData(StaffRole.CommunityHealthWorker, false)]
    [InlineData(StaffRole.Manager, false)]
    [InlineData(StaffRole.Admin, false)]
    public void With_an_active_consent_the_teams_clinicians_and_social_workers_see_the_details(StaffRole role, bool sees)
    {
        var referral = Sud();
        referral.DetailsVisibleTo(Nurse, role, Today).ShouldBeFalse("no consent yet");

        Consent(referral);

        referral.DetailsVisibleTo(Nurse, role, Today).ShouldBe(sees);
    }

    [Fact]
    public void Only_one_consent_holds_at_a_time()
    {
        var referral = Sud();
        Consent(referral);

        Should.Throw<DomainRuleException>(() => Consent(referral))
            .Message.ShouldBe("The patient's consent is already on file; revoke it before recording a new one.");
    }

    [Fact]
    public void An_ended_consent_can_be_replaced_without_revoking_it()
    {
        var referral = Sud();
        Consent(referral, signedOn: Today.AddDays(-40), expiresOn: Today.AddDays(-10), today: Today.AddDays(-20));

        Consent(referral);

        referral.HasActivePart2Consent(Today).ShouldBeTrue();
    }

    [Fact]
    public void An_ordinary_referral_records_no_part_2_consent()
    {
        var referral = new Referral(Guid.NewGuid(), Guid.NewGuid(), Owner, ReferralType.Specialty, ReferralUrgency.Routine, "Riverside Cardiology",
            "New murmur", Now);

        Should.Throw<DomainRuleException>(() => Consent(referral))
            .Message.ShouldBe("Only a substance use treatment referral needs this consent (42 CFR Part 2).");
        referral.MayBeDisclosed(Today).ShouldBeTrue();
    }

    [Theory]
    [InlineData("", "North Clinic care team", "Treatment", 0, null, "Who signed the consent is required.")]
    [InlineData("The patient", " ", "Treatment", 0, null, "Who may receive the information is required.")]
    [InlineData("The patient", "North Clinic care team", "", 0, null, "The purpose of the disclosure is required.")]
    [InlineData("The patient", "North Clinic care team", "Treatment", 1, null, "The consent cannot be signed on a day still to come.")]
    [InlineData("The patient", "North Clinic care team", "Treatment", -5, -6, "The consent cannot end before the day it was signed.")]
    [InlineData("The patient", "North Clinic care team", "Treatment", -5, -1, "That consent has already ended: ask the patient for a new one.")]
    public void A_consent_that_cannot_hold_is_refused_with_a_sentence(string by, string to, string purpose, int signedOffset, int? endOffset, string message)
    {
        var referral = Sud();

        Should.Throw<DomainRuleException>(() => referral.RecordPart2Consent(by, to, purpose, Today.AddDays(signedOffset),
                endOffset is { } end ? Today.AddDays(end) : null, Today, Now, Recorder))
            .Message.ShouldBe(message);
        referral.Part2ConsentRecordedAt.ShouldBeNull();
    }
}
