using CareHub.Domain.Audit;
using CareHub.Domain.Organization;
using CareHub.Domain.Referrals;
using CareHub.Web.Features.Referrals;
using CareHub.Web.Tests.Infrastructure;

namespace CareHub.Web.Tests.Features.Referrals;

/// <summary>
/// The 42 CFR Part 2 consent through the referral service on a real SQLite database (ADR 0014): without it only the owner
/// sees a substance use treatment referral; recorded, the team's clinicians see it; revoked or ended, they no longer do.
/// Recording and revoking are audited with the change and shown on the referral.
/// </summary>
public sealed class Part2ConsentServiceTests(PatientsDatabase database) : IClassFixture<PatientsDatabase>
{
    private readonly ReferralTestBed _bed = new(database);

    private static CancellationToken Ct => ReferralTestBed.Ct;

    // The bed's clock: Monday 2 March 2026, 04:00 in New York.
    private static readonly DateOnly Today = new(2026, 3, 2);

    private static Part2ConsentForm Form(DateOnly? expiresOn = null) => new()
    {
        ConsentedBy = "The patient",
        Recipient = "North Clinic care team",
        Purpose = "Care coordination and treatment",
        SignedOn = Today.AddDays(-1),
        ExpiresOn = expiresOn,
        UntilRevoked = expiresOn is null,
    };

    private async Task<(TestTeam Team, Staff Nurse, Guid ReferralId)> SudAsync(string family)
    {
        var team = await database.TeamAsync(new PatientSeed(family, "Sam"));
        var nurse = await _bed.AddMemberAsync(team, "Nell", "Nurse", StaffRole.Nurse);
        var id = await _bed.CreateAsync(team, new NewReferral(team[0].Id, team.Team.Id, ReferralType.SubstanceUseTreatment, ReferralUrgency.Routine,
            "New Path Recovery Center", "Alcohol use disorder, requests treatment") { Send = true });
        return (team, nurse, id);
    }

    [Fact]
    public async Task Without_consent_a_nurse_sees_nothing_with_it_the_details_and_after_revocation_nothing_again()
    {
        var (team, nurse, id) = await SudAsync("Consent");

        var before = (await _bed.ServiceFor(nurse).GetAsync(id, Ct)).ShouldNotBeNull();
        (before.Row.DetailsHidden, before.Reason, before.Part2Consent).ShouldBe((true, null, null));

        var ownerSource = ReferralTestBed.NewSource();
        (await _bed.ServiceFor(team.Member, ownerSource).RecordPart2ConsentAsync(id, await _bed.VersionAsync(id), Form(), Ct))
            .ShouldBeOfType<ReferralResult.Saved>();

        var shown = (await _bed.ServiceFor(nurse).GetAsync(id, Ct)).ShouldNotBeNull();
        (shown.Row.DetailsHidden, shown.Reason, shown.Row.Destination).ShouldBe((false, "Alcohol use disorder, requests treatment", "New Path Recovery Center"));
        var consent = shown.Part2Consent.ShouldNotBeNull();
        (consent.State, consent.ConsentedBy, consent.Recipient, consent.Purpose, consent.SignedOn, consent.ExpiresOn, consent.RecordedBy)
            .ShouldBe((Part2ConsentState.Active, "The patient", "North Clinic care team", "Care coordination and treatment", (DateOnly?)Today.AddDays(-1),
                (DateOnly?)null, team.Member.DisplayName));
        shown.Timeline.Select(t => t.What).ShouldContain("Consent to share (42 CFR Part 2) recorded");
        (await _bed.ServiceFor(nurse).WorklistAsync(new ReferralFilter(), null, 50, Ct)).Rows.ShouldHaveSingleItem().DetailsHidden.ShouldBeFalse();
        var recorded = (await _bed.AuditOfAsync(ownerSource)).ShouldHaveSingleItem();
        (recorded.Action, recorded.EntityType, recorded.EntityId, recorded.PatientId)
            .ShouldBe((AuditAction.ConsentChange, nameof(Referral), (Guid?)id, (Guid?)team[0].Id));

        var nurseSource = ReferralTestBed.NewSource();
        (await _bed.ServiceFor(nurse, nurseSource).RevokePart2ConsentAsync(id, await _bed.VersionAsync(id), "Patient withdrew by phone", Ct))
            .ShouldBeOfType<ReferralResult.Saved>();

        var after = (await _bed.ServiceFor(nurse).GetAsync(id, Ct)).ShouldNotBeNull();
        (after.Row.DetailsHidden, after.Reason, after.Part2Consent).ShouldBe((true, null, null));
        var owner = (await _bed.ServiceFor(team.Member).GetAsync(id, Ct)).ShouldNotBeNull();
        var revoked = owner.Part2Consent.ShouldNotBeNull();
        (revoked.State, revoked.RevokedBy).ShouldBe((Part2ConsentState.Revoked, nurse.DisplayName));
        owner.Timeline.ShouldContain(t => t.What == "Consent to share (42 CFR Part 2) revoked" && t.Note == "Patient withdrew by phone" && t.By == nurse.DisplayName);
        var revokeAudit = (await _bed.AuditOfAsync(nurseSource)).ShouldHaveSingleItem();
        (revokeAudit.Action, revokeAudit.EntityId).ShouldBe((AuditAction.ConsentChange, (Guid?)id));
    }

    [Fact]
    public async Task A_consent_that_has_ended_restricts_the_referral_again()
    {
        var (team, nurse, id) = await SudAsync("Ended");
        (await _bed.ServiceFor(team.Member).RecordPart2ConsentAsync(id, await _bed.VersionAsync(id), Form(expiresOn: Today), Ct))
            .ShouldBeOfType<ReferralResult.Saved>();
        (await _bed.ServiceFor(nurse).GetAsync(id, Ct)).ShouldNotBeNull().Row.DetailsHidden.ShouldBeFalse();

        _bed.Clock.Advance(TimeSpan.FromDays(1));

        (await _bed.ServiceFor(nurse).GetAsync(id, Ct)).ShouldNotBeNull().Row.DetailsHidden.ShouldBeTrue();
        (await _bed.ServiceFor(team.Member).GetAsync(id, Ct)).ShouldNotBeNull().Part2Consent.ShouldNotBeNull().State.ShouldBe(Part2ConsentState.Expired);
    }

    [Fact]
    public async Task Someone_who_may_not_see_the_referral_cannot_record_a_consent_for_it_and_the_attempt_reads_as_not_found()
    {
        var (team, nurse, id) = await SudAsync("Blind");
        var coordinator = await _bed.AddMemberAsync(team, "Cole", "Coordinator", StaffRole.Coordinator);
        var version = await _bed.VersionAsync(id);
        var source = ReferralTestBed.NewSource();

        (await _bed.ServiceFor(nurse, source).RecordPart2ConsentAsync(id, version, Form(), Ct)).ShouldBeOfType<ReferralResult.NotFound>();
        (await _bed.ServiceFor(coordinator).RevokePart2ConsentAsync(id, version, null, Ct)).ShouldBeOfType<ReferralResult.NotFound>();

        var stored = await _bed.ReferralAsync(id);
        (stored.Version, stored.Part2ConsentRecordedAt).ShouldBe((version, (DateTimeOffset?)null));
        var denied = (await _bed.AuditOfAsync(source)).ShouldHaveSingleItem();
        (denied.Action, denied.EntityId).ShouldBe((AuditAction.AccessDenied, (Guid?)id));
    }

    [Fact]
    public async Task An_incomplete_form_and_an_ordinary_referral_are_refused_with_a_sentence()
    {
        var (team, _, id) = await SudAsync("Form");
        var service = _bed.ServiceFor(team.Member);
        var version = await _bed.VersionAsync(id);
        var noDay = Form();
        noDay.SignedOn = null;
        var noEnd = Form();
        noEnd.UntilRevoked = false;
        var noPurpose = Form();
        noPurpose.Purpose = " ";

        (await service.RecordPart2ConsentAsync(id, version, noDay, Ct)).ShouldBeOfType<ReferralResult.Invalid>()
            .Message.ShouldBe("Enter the day the patient signed the consent.");
        (await service.RecordPart2ConsentAsync(id, version, noEnd, Ct)).ShouldBeOfType<ReferralResult.Invalid>()
            .Message.ShouldBe("Enter the last day the consent holds, or choose \"until the patient revokes it\".");
        (await service.RecordPart2ConsentAsync(id, version, noPurpose, Ct)).ShouldBeOfType<ReferralResult.Invalid>()
            .Message.ShouldBe("The purpose of the disclosure is required.");
        (await service.RecordPart2ConsentAsync(id, version - 1, Form(), Ct)).ShouldBeOfType<ReferralResult.Stale>();

        var ordinary = await _bed.CreateAsync(team, ReferralTestBed.Specialty(team));
        (await service.RecordPart2ConsentAsync(ordinary, await _bed.VersionAsync(ordinary), Form(), Ct)).ShouldBeOfType<ReferralResult.Invalid>()
            .Message.ShouldBe("Only a substance use treatment referral needs this consent (42 CFR Part 2).");
        (await _bed.ReferralAsync(id)).Part2ConsentRecordedAt.ShouldBeNull();
    }
}
