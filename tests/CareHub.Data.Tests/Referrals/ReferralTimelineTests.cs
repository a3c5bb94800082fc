using CareHub.Data.Access;
using CareHub.Domain.Audit;
using CareHub.Domain.Referrals;
using Microsoft.EntityFrameworkCore;

namespace CareHub.Data.Tests.Referrals;

/// <summary>A referral's timeline is stored with the referral, read back in order, append-only, and not audited twice.</summary>
public class ReferralTimelineTests(SqliteDatabase database) : IClassFixture<SqliteDatabase>
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private async Task<(Guid TeamId, Guid StaffId, Guid ReferralId)> SentReferralAsync()
    {
        await using var db = database.SystemContext();
        var team = TestData.Team();
        var staff = TestData.Staff();
        team.AddMember(staff);
        var patient = TestData.Patient(team.Id);
        var referral = new Referral(patient.Id, team.Id, staff.Id, ReferralType.CommunityOrganization, ReferralUrgency.Urgent,
            "Eastside Food Pantry", "Food insecurity", TestData.Now);
        referral.RecordConsent(patientWantsHelp: true, TestData.Now.AddMinutes(1), staff.Id, null);
        referral.MoveTo(ReferralStatus.Requested, TestData.Now.AddMinutes(2), staff.Id, "Sent by e-referral");
        db.AddRange(team, staff, patient, referral);
        await db.SaveChangesAsync(Token);
        return (team.Id, staff.Id, referral.Id);
    }

    private CareHubDbContext Member(Guid teamId, Guid staffId) =>
        database.Context(new AccessScope(staffId.ToString(), [teamId], $"circuit-{Guid.NewGuid():N}"));

    [Fact]
    public async Task The_timeline_is_stored_with_the_referral_and_read_back_in_order()
    {
        var (teamId, staffId, referralId) = await SentReferralAsync();

        await using var db = Member(teamId, staffId);
        var referral = await db.Referrals.Include(r => r.Events).SingleAsync(r => r.Id == referralId, Token);

        referral.Events.OrderBy(e => e.At).Select(e => e.Kind)
            .ShouldBe([ReferralEventKind.Created, ReferralEventKind.ConsentRecorded, ReferralEventKind.StatusChanged]);
        referral.Events.Single(e => e.Kind == ReferralEventKind.StatusChanged).Note.ShouldBe("Sent by e-referral");
        (referral.RequestedAt, referral.PatientWantsHelp).ShouldBe((TestData.Now.AddMinutes(2), (bool?)true));
    }

    [Fact]
    public async Task A_timeline_entry_cannot_be_changed_or_deleted()
    {
        var (teamId, staffId, referralId) = await SentReferralAsync();

        await using (var db = Member(teamId, staffId))
        {
            var entry = await db.ReferralEvents.FirstAsync(e => e.ReferralId == referralId, Token);
            db.ReferralEvents.Remove(entry);

            (await Should.ThrowAsync<InvalidOperationException>(() => db.SaveChangesAsync(Token)))
                .Message.ShouldBe("A referral's timeline is append-only: an entry cannot be changed or deleted.");
        }
        await using var check = database.SystemContext();
        (await check.ReferralEvents.CountAsync(e => e.ReferralId == referralId, Token)).ShouldBe(3);
    }

    [Fact]
    public async Task A_status_change_is_one_audit_row_and_its_timeline_entry_none()
    {
        var (teamId, staffId, referralId) = await SentReferralAsync();
        var source = $"circuit-{Guid.NewGuid():N}";

        await using (var db = database.Context(new AccessScope(staffId.ToString(), [teamId], source)))
        {
            var referral = await db.Referrals.SingleAsync(r => r.Id == referralId, Token);
            referral.MoveTo(ReferralStatus.Accepted, TestData.Now.AddHours(1), staffId, null);
            await db.SaveChangesAsync(Token);
        }

        await using var check = database.SystemContext();
        var audits = await check.AuditEvents.Where(a => a.Source == source).ToListAsync(Token);
        audits.ShouldHaveSingleItem().ShouldSatisfyAllConditions(
            a => a.Action.ShouldBe(AuditAction.Update),
            a => a.EntityType.ShouldBe(nameof(Referral)),
            a => a.EntityId.ShouldBe(referralId));
        (await check.ReferralEvents.CountAsync(e => e.ReferralId == referralId, Token)).ShouldBe(4);
    }

    [Fact]
    public async Task Another_teams_member_sees_no_timeline_entries()
    {
        var (_, staffId, referralId) = await SentReferralAsync();

        await using var db = Member(Guid.NewGuid(), staffId);

        (await db.ReferralEvents.CountAsync(e => e.ReferralId == referralId, Token)).ShouldBe(0);
    }
}
