using CareHub.Domain.Audit;
using CareHub.Domain.Referrals;
using CareHub.Web.Features.Referrals;
using CareHub.Web.Tests.Infrastructure;

namespace CareHub.Web.Tests.Features.Referrals;

/// <summary>Every change of a referral's consent writes one audit row, as a consent change, with who, patient and source.</summary>
public sealed class ReferralConsentAuditTests(PatientsDatabase database) : IClassFixture<PatientsDatabase>
{
    private readonly ReferralTestBed _bed = new(database);

    private static CancellationToken Ct => ReferralTestBed.Ct;

    [Fact]
    public async Task Recording_consent_writes_one_consent_change_row()
    {
        var team = await database.TeamAsync(new PatientSeed("Consent", "Cleo"));
        var id = await _bed.CreateAsync(team, new NewReferral(team[0].Id, team.Team.Id, ReferralType.CommunityOrganization,
            ReferralUrgency.Routine, "Eastside Food Pantry", "Food insecurity"));
        var source = ReferralTestBed.NewSource();

        (await _bed.ServiceFor(team.Member, source).RecordConsentAsync(id, await _bed.VersionAsync(id), false, "Not now", Ct))
            .ShouldBeOfType<ReferralResult.Saved>();

        var row = (await _bed.AuditOfAsync(source)).ShouldHaveSingleItem();
        (row.Action, row.EntityType, row.EntityId, row.PatientId, row.UserId)
            .ShouldBe((AuditAction.ConsentChange, nameof(Referral), (Guid?)id, (Guid?)team[0].Id, team.Member.Id.ToString()));
    }

    [Fact]
    public async Task Consent_given_when_the_referral_is_created_is_one_consent_change_row_beside_the_create()
    {
        var team = await database.TeamAsync(new PatientSeed("Consent", "Cora"));
        var source = ReferralTestBed.NewSource();

        var saved = (await _bed.ServiceFor(team.Member, source).CreateAsync(new NewReferral(team[0].Id, team.Team.Id, ReferralType.CommunityOrganization,
            ReferralUrgency.Routine, "Eastside Food Pantry", "Food insecurity") { Send = true, ConsentGiven = true, PatientWantsHelp = true }, Ct))
            .ShouldBeOfType<ReferralResult.Saved>();

        (await _bed.AuditOfAsync(source)).Select(r => (r.Action, r.EntityType, r.EntityId))
            .ShouldBe([(AuditAction.Create, nameof(Referral), (Guid?)saved.ReferralId), (AuditAction.ConsentChange, nameof(Referral), saved.ReferralId)]);
    }

    [Fact]
    public async Task Another_teams_consent_change_is_refused_and_audited_only_as_a_denied_access()
    {
        var team = await database.TeamAsync(new PatientSeed("Consent", "Cai"));
        var other = await database.TeamAsync();
        var id = await _bed.CreateAsync(team, new NewReferral(team[0].Id, team.Team.Id, ReferralType.CommunityOrganization,
            ReferralUrgency.Routine, "Eastside Food Pantry", "Food insecurity"));
        var source = ReferralTestBed.NewSource();

        (await _bed.ServiceFor(other.Member, source).RecordConsentAsync(id, await _bed.VersionAsync(id), true, null, Ct))
            .ShouldBeOfType<ReferralResult.NotFound>();

        var row = (await _bed.AuditOfAsync(source)).ShouldHaveSingleItem();
        (row.Action, row.EntityId, row.PatientId).ShouldBe((AuditAction.AccessDenied, (Guid?)id, (Guid?)null));
        (await _bed.ReferralAsync(id)).ConsentRecordedAt.ShouldBeNull();
    }
}
