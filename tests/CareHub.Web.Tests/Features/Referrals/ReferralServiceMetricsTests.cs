using CareHub.Domain.Organization;
using CareHub.Domain.Referrals;
using CareHub.Web.Features.Referrals;
using CareHub.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace CareHub.Web.Tests.Features.Referrals;

/// <summary>The team's figures on a set of referrals whose answers are known (today: Monday 2 March 2026, New York).</summary>
public sealed class ReferralServiceMetricsTests(PatientsDatabase database) : IClassFixture<PatientsDatabase>
{
    private readonly ReferralTestBed _bed = new(database);

    private static CancellationToken Ct => ReferralTestBed.Ct;

    [Fact]
    public async Task Metrics_count_open_overdue_and_due_soon_loops_and_the_closure_rate_and_median_of_the_finished_ones()
    {
        var team = await database.TeamAsync(new PatientSeed("Metric", "Max"));
        var colleague = await _bed.AddMemberAsync(team, "Col", "League", StaffRole.Coordinator);
        var now = _bed.Clock.Now;
        Referral New(ReferralType type, ReferralUrgency urgency, string destination, int daysAgo, Guid? owner = null)
        {
            var at = now.AddDays(-daysAgo);
            var referral = new Referral(team[0].Id, team.Team.Id, owner ?? team.Member.Id, type, urgency, destination, "Reason", at);
            referral.MoveTo(ReferralStatus.Requested, at, null, null);
            return referral;
        }

        // Completed, loop closed 4 days after the request.
        var completed = New(ReferralType.Specialty, ReferralUrgency.Routine, "Riverside Cardiology", 10);
        var sent = completed.RequestedAt!.Value;
        completed.MoveTo(ReferralStatus.Accepted, sent.AddDays(1), null, null);
        completed.Reach(ReferralMilestone.AppointmentScheduled, sent.AddDays(1), null, null);
        completed.MoveTo(ReferralStatus.InProgress, sent.AddDays(1), null, null);
        completed.Reach(ReferralMilestone.PatientSeen, sent.AddDays(2), null, null);
        completed.Reach(ReferralMilestone.ResultReceived, sent.AddDays(3), null, null);
        completed.MoveTo(ReferralStatus.Completed, sent.AddDays(3), null, null);
        completed.Reach(ReferralMilestone.LoopClosed, sent.AddDays(4), null, null, outcome: ReferralOutcome.ServiceProvided);
        // Rejected, loop closed 2 days after the request.
        var rejected = New(ReferralType.BehavioralHealth, ReferralUrgency.Routine, "Harbor Behavioral Health", 8);
        rejected.MoveTo(ReferralStatus.Rejected, rejected.RequestedAt!.Value.AddDays(1), null, null);
        rejected.Reach(ReferralMilestone.LoopClosed, rejected.RequestedAt!.Value.AddDays(2), null, null, outcome: ReferralOutcome.NotEligible);
        // Cancelled, loop still to close; sensitive and someone else's: its destination is restricted for this coordinator.
        var cancelled = New(ReferralType.SubstanceUseTreatment, ReferralUrgency.Routine, "New Path Recovery Center", 6, colleague.Id);
        cancelled.MoveTo(ReferralStatus.Cancelled, cancelled.RequestedAt!.Value.AddDays(1), null, null);
        // Open: overdue, a draft, due later, due today (stat: acceptance the same day).
        var overdue = New(ReferralType.Specialty, ReferralUrgency.Routine, "Riverside Cardiology", 20);
        var draft = new Referral(team[0].Id, team.Team.Id, team.Member.Id, ReferralType.Specialty, ReferralUrgency.Routine, "Valley Pulmonology", "Reason", now);
        var later = New(ReferralType.Specialty, ReferralUrgency.Routine, "Riverside Cardiology", 0);
        var dueToday = New(ReferralType.Specialty, ReferralUrgency.Stat, "Riverside Cardiology", 0);
        await _bed.InsertAsync([completed, rejected, cancelled, overdue, draft, later, dueToday]);

        var metrics = await _bed.ServiceFor(team.Member).MetricsAsync(team.Team.Id, Ct);

        (metrics.Open, metrics.Overdue, metrics.DueSoon).ShouldBe((4, 1, 1));
        (metrics.Finished, metrics.ClosedLoops).ShouldBe((3, 2));
        metrics.ClosureRate.ShouldNotBeNull().ShouldBe(2.0 / 3, 1e-9);
        metrics.MedianDaysToClose.ShouldNotBeNull().ShouldBe(3, 1e-9);

        metrics.ByType.Select(g => g.Name).ShouldBe(["Specialty", "Behavioral health", "Substance use treatment"]);
        var specialty = metrics.ByType[0];
        (specialty.Open, specialty.Overdue, specialty.Finished, specialty.ClosedLoops).ShouldBe((4, 1, 1, 1));
        specialty.MedianDaysToClose.ShouldNotBeNull().ShouldBe(4, 1e-9);
        metrics.ByType[1].ClosureRate.ShouldBe(1.0);
        metrics.ByType[2].ClosureRate.ShouldBe(0.0);

        metrics.ByDestination.Select(g => g.Name).ShouldBe(["Riverside Cardiology", "Harbor Behavioral Health", "Restricted", "Valley Pulmonology"]);
        metrics.ByDestination[0].Open.ShouldBe(3);
        metrics.ByDestination.Single(g => g.Name == "Restricted").Finished.ShouldBe(1);

        metrics.Weeks.Count.ShouldBe(12);
        metrics.Weeks[^1].Monday.ShouldBe(new DateOnly(2026, 3, 2));
        metrics.Weeks[0].Monday.ShouldBe(new DateOnly(2025, 12, 15));
        metrics.Weeks.ShouldAllBe(w => w.Monday.DayOfWeek == DayOfWeek.Monday);
        metrics.Weeks[^1].Sent.ShouldBe(2);
        // 20 February (Friday) and 22 February (Sunday) fall in the week of 16 February; 24 February in the next.
        metrics.Weeks.Single(w => w.Monday == new DateOnly(2026, 2, 16)).ShouldBe(new ReferralMetricsWeek(new DateOnly(2026, 2, 16), 2, 0));
        metrics.Weeks.Single(w => w.Monday == new DateOnly(2026, 2, 23)).ShouldBe(new ReferralMetricsWeek(new DateOnly(2026, 2, 23), 1, 2));
        metrics.Weeks.Sum(w => w.Sent).ShouldBe(6);
        metrics.Weeks.Sum(w => w.LoopsClosed).ShouldBe(2);
    }

    [Fact]
    public async Task A_nurse_sees_a_sensitive_destination_as_restricted_its_owner_by_name_and_all_teams_add_up()
    {
        var team = await database.TeamAsync(new PatientSeed("Metric", "Nia"));
        var second = await database.TeamAsync(new PatientSeed("Metric", "Ned"));
        var nurse = await _bed.AddMemberAsync(team, "Nan", "Nurse", StaffRole.Nurse);
        await using (var db = database.SystemDb())
        {
            var stored = await db.CareTeams.Include(t => t.Members).SingleAsync(t => t.Id == second.Team.Id, Ct);
            stored.AddMember(await db.Staff.SingleAsync(s => s.Id == nurse.Id, Ct));
            await db.SaveChangesAsync(Ct);
        }
        await _bed.CreateAsync(team, new NewReferral(team[0].Id, team.Team.Id, ReferralType.SubstanceUseTreatment, ReferralUrgency.Routine,
            "New Path Recovery Center", "Alcohol use disorder") { Send = true });
        await _bed.CreateAsync(second, ReferralTestBed.Specialty(second));

        var all = await _bed.ServiceFor(nurse).MetricsAsync(null, Ct);
        var first = await _bed.ServiceFor(nurse).MetricsAsync(team.Team.Id, Ct);

        all.Open.ShouldBe(2);
        first.Open.ShouldBe(1);
        first.ByDestination.ShouldHaveSingleItem().Name.ShouldBe("Restricted");
        (await _bed.ServiceFor(team.Member).MetricsAsync(team.Team.Id, Ct)).ByDestination.ShouldHaveSingleItem().Name.ShouldBe("New Path Recovery Center");
    }
}
