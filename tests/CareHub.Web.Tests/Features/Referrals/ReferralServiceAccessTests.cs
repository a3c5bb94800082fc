using System.Globalization;
using CareHub.Domain.Audit;
using CareHub.Domain.Referrals;
using CareHub.Web.Features.Referrals;
using CareHub.Web.Tests.Infrastructure;

namespace CareHub.Web.Tests.Features.Referrals;

/// <summary>
/// Another team's referral, from every entry point: answered exactly as a random id is, nothing of it changes, nothing is
/// published, and the attempt is audited (ADR 0006). A patient on both teams does not open the other team's referral.
/// </summary>
public sealed class ReferralServiceAccessTests(PatientsDatabase database) : IClassFixture<PatientsDatabase>
{
    private readonly ReferralTestBed _bed = new(database);

    private static CancellationToken Ct => ReferralTestBed.Ct;

    public static TheoryData<string> Calls => ["get", "move", "reach", "consent", "reassign"];

    [Theory]
    [MemberData(nameof(Calls))]
    public async Task Another_teams_referral_is_answered_exactly_like_a_random_id_changes_nothing_and_is_audited(string call)
    {
        var mine = await database.TeamAsync(new PatientSeed("Mine", "Ada"));
        var theirs = await database.TeamAsync(new PatientSeed("Theirs", "Ben"));
        var theirReferral = await _bed.CreateAsync(theirs, ReferralTestBed.Specialty(theirs, send: false));
        await AssertLikeRandomAsync(call, mine, theirs, theirReferral);
    }

    [Theory]
    [MemberData(nameof(Calls))]
    public async Task Another_teams_referral_of_a_patient_both_teams_share_is_not_found_either(string call)
    {
        var mine = await database.TeamAsync(new PatientSeed("Shared", "Cy"));
        var theirs = await database.TeamAsync();
        await _bed.EnrolAsync(mine[0].Id, theirs.Team.Id);
        var theirReferral = await _bed.CreateAsync(theirs, new NewReferral(mine[0].Id, theirs.Team.Id, ReferralType.CommunityOrganization,
            ReferralUrgency.Routine, "Eastside Food Pantry", "Food insecurity"));
        await AssertLikeRandomAsync(call, mine, theirs, theirReferral);
    }

    private async Task AssertLikeRandomAsync(string call, TestTeam mine, TestTeam theirs, Guid theirReferral)
    {
        var before = await SnapshotAsync(theirReferral);
        using var myEvents = _bed.Listen(mine.Team.Id);
        using var theirEvents = _bed.Listen(theirs.Team.Id);
        var theirSource = ReferralTestBed.NewSource();
        var randomSource = ReferralTestBed.NewSource();
        var random = Guid.NewGuid();

        var answer = await CallAsync(call, _bed.ServiceFor(mine.Member, theirSource), theirReferral, mine.Member.Id);
        var randomAnswer = await CallAsync(call, _bed.ServiceFor(mine.Member, randomSource), random, mine.Member.Id);

        Describe(answer).ShouldBe(Describe(randomAnswer));
        Describe(answer).ShouldBeOneOf("null", "NotFound { }");
        (await SnapshotAsync(theirReferral)).ShouldBe(before);
        myEvents.Events.ShouldBeEmpty();
        theirEvents.Events.ShouldBeEmpty();
        var audit = (await _bed.AuditOfAsync(theirSource)).ShouldHaveSingleItem();
        (audit.Action, audit.EntityType, audit.EntityId, audit.PatientId).ShouldBe((AuditAction.AccessDenied, "Referral", (Guid?)theirReferral, (Guid?)null));
        var randomAudit = (await _bed.AuditOfAsync(randomSource)).ShouldHaveSingleItem();
        (randomAudit.Action, randomAudit.EntityId).ShouldBe((AuditAction.AccessDenied, (Guid?)random));
    }

    [Fact]
    public async Task Lists_of_another_team_are_empty_and_its_metrics_are_zero()
    {
        var mine = await database.TeamAsync(new PatientSeed("Mine", "Dee"));
        var theirs = await database.TeamAsync(new PatientSeed("Theirs", "Eve"));
        await _bed.CreateAsync(theirs, ReferralTestBed.Specialty(theirs));
        var service = _bed.ServiceFor(mine.Member);

        (await service.WorklistAsync(new ReferralFilter { TeamId = theirs.Team.Id, IncludeClosed = true }, null, 50, Ct)).Rows.ShouldBeEmpty();
        (await service.OwnersAsync(theirs.Team.Id, Ct)).ShouldBeEmpty();
        (await service.FindPatientsAsync("Theirs", Ct)).ShouldBeEmpty();
        var metrics = await service.MetricsAsync(theirs.Team.Id, Ct);
        (metrics.Open, metrics.Finished, metrics.ByType.Count, metrics.ByDestination.Count).ShouldBe((0, 0, 0, 0));
        metrics.Weeks.ShouldAllBe(w => w.Sent == 0 && w.LoopsClosed == 0);
    }

    [Fact]
    public async Task A_signed_in_user_without_teams_sees_nothing()
    {
        var theirs = await database.TeamAsync(new PatientSeed("Theirs", "Fox"));
        var id = await _bed.CreateAsync(theirs, ReferralTestBed.Specialty(theirs));
        var loner = new Domain.Organization.Staff("Lone", "Wolf", $"{Guid.NewGuid():N}@carehub.example", Domain.Organization.StaffRole.Nurse, "Nursing");
        var service = _bed.ServiceFor(loner);

        (await service.WorklistAsync(new ReferralFilter(), null, 50, Ct)).Rows.ShouldBeEmpty();
        (await service.GetAsync(id, Ct)).ShouldBeNull();
        (await service.MyTeamsAsync(Ct)).ShouldBeEmpty();
        (await service.MetricsAsync(null, Ct)).Open.ShouldBe(0);
    }

    private static async Task<object?> CallAsync(string call, ReferralService service, Guid id, Guid me) => call switch
    {
        "get" => await service.GetAsync(id, Ct),
        "move" => await service.MoveAsync(id, 1, ReferralStatus.Cancelled, "Cancelled by another team", Ct),
        "reach" => await service.ReachAsync(id, 1, ReferralMilestone.AppointmentScheduled, DateTimeOffset.UtcNow, null, null, Ct),
        "consent" => await service.RecordConsentAsync(id, 1, true, null, Ct),
        "reassign" => await service.ReassignAsync(id, 1, me, null, Ct),
        _ => throw new ArgumentOutOfRangeException(nameof(call), call, null),
    };

    private static string Describe(object? answer) => answer?.ToString() ?? "null";

    private async Task<string> SnapshotAsync(Guid id)
    {
        var referral = await _bed.ReferralAsync(id);
        return string.Create(CultureInfo.InvariantCulture,
            $"{referral.Version} {referral.Status} {referral.OwnerId} {referral.ConsentRecordedAt} {referral.AppointmentScheduledAt} {referral.Events.Count}");
    }
}
