using CareHub.Domain.Audit;
using CareHub.Domain.Organization;
using CareHub.Domain.Referrals;
using CareHub.Web.Features.Referrals;
using CareHub.Web.Tests.Infrastructure;

namespace CareHub.Web.Tests.Features.Referrals;

/// <summary>The worklist: whose referrals, which ones, in what order, page by page, and what a viewer may see of each.</summary>
public sealed class ReferralServiceWorklistTests(PatientsDatabase database) : IClassFixture<PatientsDatabase>
{
    private readonly ReferralTestBed _bed = new(database);

    private static CancellationToken Ct => ReferralTestBed.Ct;

    private DateTimeOffset Now => _bed.Clock.Now;

    /// <summary>A referral requested <paramref name="daysAgo"/> days ago (a draft when null), by the team's member.</summary>
    private Referral Make(TestTeam team, int patient, int? daysAgo, ReferralType type = ReferralType.Specialty,
        ReferralUrgency urgency = ReferralUrgency.Routine, Guid? owner = null, string destination = "Riverside Cardiology")
    {
        var created = Now.AddDays(-(daysAgo ?? 0)).AddMinutes(-5);
        var referral = new Referral(team[patient].Id, team.Team.Id, owner ?? team.Member.Id, type, urgency, destination, "Reason", created);
        if (daysAgo is not null)
            referral.MoveTo(ReferralStatus.Requested, created.AddMinutes(1), team.Member.Id, "note");
        return referral;
    }

    private async Task<List<ReferralRow>> AllAsync(ReferralService service, ReferralFilter filter, int pageSize = ReferralService.MaxPageSize)
    {
        var rows = new List<ReferralRow>();
        string? cursor = null;
        for (var pages = 0; pages < 1000; pages++)
        {
            var page = await service.WorklistAsync(filter, cursor, pageSize, Ct);
            page.Rows.Count.ShouldBeLessThanOrEqualTo(pageSize);
            rows.AddRange(page.Rows);
            if (page.NextCursor is null)
                return rows;
            cursor = page.NextCursor;
        }
        throw new ShouldAssertException("The worklist never ended.");
    }

    [Fact]
    public async Task The_worklist_shows_the_open_loops_of_the_users_teams_only()
    {
        var mine = await database.TeamAsync(new PatientSeed("Open", "Olive"), new PatientSeed("Shared", "Shay"));
        var theirs = await database.TeamAsync(new PatientSeed("Theirs", "Theo"));
        await _bed.EnrolAsync(mine[1].Id, theirs.Team.Id);
        var open = Make(mine, 0, 1);
        var closed = Make(mine, 0, 3);
        closed.MoveTo(ReferralStatus.Cancelled, Now.AddHours(-1), null, null);
        closed.Reach(ReferralMilestone.LoopClosed, Now.AddMinutes(-30), null, null, outcome: ReferralOutcome.PatientDeclined);
        var cancelledStillOpen = Make(mine, 0, 2);
        cancelledStillOpen.MoveTo(ReferralStatus.Cancelled, Now.AddHours(-1), null, null);
        var error = Make(mine, 0, null);
        error.MoveTo(ReferralStatus.EnteredInError, Now, null, null);
        var theirOwn = Make(theirs, 0, 1);
        // The shared patient is on both teams, but this referral is the other team's.
        var theirsOnShared = new Referral(mine[1].Id, theirs.Team.Id, theirs.Member.Id, ReferralType.HomeHealth, ReferralUrgency.Urgent,
            "CareAtHome", "Wound care", Now.AddDays(-1));
        await _bed.InsertAsync([open, closed, cancelledStillOpen, error, theirOwn, theirsOnShared]);
        var service = _bed.ServiceFor(mine.Member);

        var rows = await AllAsync(service, new ReferralFilter());
        var all = await AllAsync(service, new ReferralFilter { IncludeClosed = true });
        var theirTeam = await service.WorklistAsync(new ReferralFilter { TeamId = theirs.Team.Id }, null, 50, Ct);

        rows.Select(r => r.Id).ShouldBe([open.Id, cancelledStillOpen.Id], ignoreOrder: true);
        all.Select(r => r.Id).ShouldBe([open.Id, closed.Id, cancelledStillOpen.Id, error.Id], ignoreOrder: true);
        theirTeam.Rows.ShouldBeEmpty();
        theirTeam.NextCursor.ShouldBeNull();
        var row = rows.Single(r => r.Id == open.Id);
        (row.PatientName, row.TeamName, row.OwnerName, row.Destination).ShouldBe(("Open, Olive", mine.Team.Name, mine.Member.DisplayName, "Riverside Cardiology"));
        row.Worst.ShouldNotBeNull().Stage.ShouldBe(ReferralClockStage.Acceptance);
    }

    [Fact]
    public async Task Each_filter_narrows_the_worklist()
    {
        var team = await database.TeamAsync(new PatientSeed("Filter", "Fred"));
        var nurse = await _bed.AddMemberAsync(team, "Nell", "Nurse", StaffRole.Nurse);
        var specialty = Make(team, 0, 1);
        var urgent = Make(team, 0, 1, ReferralType.HomeHealth, ReferralUrgency.Urgent);
        var nurses = Make(team, 0, 1, ReferralType.BehavioralHealth, owner: nurse.Id);
        var draft = Make(team, 0, null, ReferralType.DurableMedicalEquipment);
        var overdue = Make(team, 0, 20);
        await _bed.InsertAsync([specialty, urgent, nurses, draft, overdue]);
        var service = _bed.ServiceFor(team.Member);

        async Task<IEnumerable<Guid>> Ids(ReferralFilter filter) => (await AllAsync(service, filter)).Select(r => r.Id);

        (await Ids(new ReferralFilter { Statuses = [ReferralStatus.Draft] })).ShouldBe([draft.Id]);
        (await Ids(new ReferralFilter { Statuses = [ReferralStatus.Draft, ReferralStatus.Requested] })).Count().ShouldBe(5);
        (await Ids(new ReferralFilter { Type = ReferralType.HomeHealth })).ShouldBe([urgent.Id]);
        (await Ids(new ReferralFilter { Urgency = ReferralUrgency.Urgent })).ShouldBe([urgent.Id]);
        (await Ids(new ReferralFilter { OwnerId = nurse.Id })).ShouldBe([nurses.Id]);
        (await Ids(new ReferralFilter { OverdueOnly = true })).ShouldBe([overdue.Id]);
        (await Ids(new ReferralFilter { TeamId = team.Team.Id, Type = ReferralType.Specialty })).ShouldBe([overdue.Id, specialty.Id]);
    }

    [Fact]
    public async Task Keyset_pages_return_every_referral_exactly_once_in_clock_order_even_with_many_equal_due_days()
    {
        var team = await database.TeamAsync(new PatientSeed("Page", "Paula"), new PatientSeed("Page", "Peter"));
        // Requested over six days (many share a due day), and some drafts without a due day, which come last.
        var referrals = Enumerable.Range(0, 120).Select(i => Make(team, i % 2, i % 12 == 0 ? null : i % 6)).ToList();
        await _bed.InsertAsync(referrals);
        var service = _bed.ServiceFor(team.Member);

        var rows = await AllAsync(service, new ReferralFilter { TeamId = team.Team.Id }, pageSize: 7);

        rows.Count.ShouldBe(120);
        rows.Select(r => r.Id).Distinct().Count().ShouldBe(120);
        var expected = referrals
            .OrderBy(r => r.NextDueOn is null)
            .ThenBy(r => r.NextDueOn)
            .ThenBy(r => r.Id.ToString("D").ToUpperInvariant(), StringComparer.Ordinal) // SQLite keeps GUIDs as upper-case text
            .Select(r => r.Id);
        rows.Select(r => r.Id).ShouldBe(expected);
        referrals.Select(r => r.NextDueOn).Distinct().Count().ShouldBeGreaterThan(2);
        rows.Count(r => r.Worst is null).ShouldBe(10);
    }

    [Fact]
    public async Task Page_size_is_clamped_and_a_malformed_cursor_reads_as_the_first_page()
    {
        var team = await database.TeamAsync(new PatientSeed("Clamp", "Cleo"));
        await _bed.InsertAsync(Enumerable.Range(0, 3).Select(i => Make(team, 0, i)));
        var service = _bed.ServiceFor(team.Member);

        var first = await service.WorklistAsync(new ReferralFilter(), null, 0, Ct);
        var garbage = await service.WorklistAsync(new ReferralFilter(), "not a cursor!", 0, Ct);
        var base64Garbage = await service.WorklistAsync(new ReferralFilter(), Convert.ToBase64String("2026-99-99|x"u8.ToArray()), 0, Ct);

        first.Rows.Count.ShouldBe(1);
        first.NextCursor.ShouldNotBeNull();
        garbage.Rows.Select(r => r.Id).ShouldBe(first.Rows.Select(r => r.Id));
        base64Garbage.Rows.Select(r => r.Id).ShouldBe(first.Rows.Select(r => r.Id));
        (await service.WorklistAsync(new ReferralFilter(), null, 10_000, Ct)).Rows.Count.ShouldBe(3);
    }

    [Fact]
    public async Task The_overdue_filter_takes_the_due_days_before_today_in_the_clocks_time_zone()
    {
        var team = await database.TeamAsync(new PatientSeed("Late", "Lou"));
        var late = Make(team, 0, 10);
        var dueToday = Make(team, 0, 5); // Wednesday 25 February + 3 business days: due Monday 2 March, today
        var fresh = Make(team, 0, 0);
        await _bed.InsertAsync([late, dueToday, fresh]);
        var service = _bed.ServiceFor(team.Member);

        var rows = await AllAsync(service, new ReferralFilter { OverdueOnly = true });

        dueToday.NextDueOn.ShouldBe(new DateOnly(2026, 3, 2));
        rows.Select(r => r.Id).ShouldBe([late.Id]);
        rows[0].Worst.ShouldNotBeNull().State.ShouldBe(ReferralClockState.Overdue);
    }

    [Fact]
    public async Task The_worklist_audits_a_read_of_each_patient_it_shows()
    {
        var team = await database.TeamAsync(new PatientSeed("Seen", "Sid"), new PatientSeed("Seen", "Sue"));
        await _bed.InsertAsync([Make(team, 0, 1), Make(team, 0, 2), Make(team, 1, 1)]);
        var source = ReferralTestBed.NewSource();

        await _bed.ServiceFor(team.Member, source).WorklistAsync(new ReferralFilter(), null, 50, Ct);

        var audit = await _bed.AuditOfAsync(source);
        audit.ShouldAllBe(a => a.Action == AuditAction.Read && a.EntityType == "ReferralWorklist");
        audit.Select(a => a.PatientId).ShouldBe([team[0].Id, team[1].Id], ignoreOrder: true);
    }

    [Fact]
    public async Task A_sensitive_referral_is_hidden_from_a_coordinator_who_does_not_own_it_and_from_a_nurse_until_the_patient_consents()
    {
        var team = await database.TeamAsync(new PatientSeed("Private", "Pia"));
        var coordinator = await _bed.AddMemberAsync(team, "Cora", "Coordinator", StaffRole.Coordinator);
        var nurse = await _bed.AddMemberAsync(team, "Nina", "Nurse", StaffRole.Nurse);
        var id = await _bed.CreateAsync(team, new NewReferral(team[0].Id, team.Team.Id, ReferralType.SubstanceUseTreatment, ReferralUrgency.Urgent,
            "New Path Recovery Center", "Alcohol use disorder, requests treatment") { Send = true, Note = "Prefers evening calls" });

        var hiddenRow = (await _bed.ServiceFor(coordinator).WorklistAsync(new ReferralFilter(), null, 50, Ct)).Rows.ShouldHaveSingleItem();
        var hidden = (await _bed.ServiceFor(coordinator).GetAsync(id, Ct)).ShouldNotBeNull();
        var nurseRow = (await _bed.ServiceFor(nurse).WorklistAsync(new ReferralFilter(), null, 50, Ct)).Rows.ShouldHaveSingleItem();
        var owner = (await _bed.ServiceFor(team.Member).GetAsync(id, Ct)).ShouldNotBeNull();

        (hiddenRow.Destination, hiddenRow.DetailsHidden, hiddenRow.IsSensitive).ShouldBe(("Restricted", true, true));
        (hidden.Row.Destination, hidden.Reason, hidden.Part2Consent).ShouldBe(("Restricted", null, null));
        hidden.Timeline.ShouldAllBe(t => t.Note == null);
        (nurseRow.Destination, nurseRow.DetailsHidden).ShouldBe(("Restricted", true), "no consent: the nurse receives nothing");
        owner.Row.DetailsHidden.ShouldBeFalse();
        owner.Reason.ShouldBe("Alcohol use disorder, requests treatment");
        owner.Timeline.Select(t => t.Note).ShouldContain("Prefers evening calls");
        owner.Part2Consent.ShouldNotBeNull().State.ShouldBe(Part2ConsentState.None);
    }

    [Fact]
    public async Task The_worklist_reads_holds_from_the_changes_into_and_out_of_a_hold_and_shows_the_clocks_of_the_whole_timeline()
    {
        var team = await database.TeamAsync(new PatientSeed("Hold", "Hana"), new PatientSeed("Paused", "Pia"));
        var by = team.Member.Id;
        // On hold for a week, then resumed: received, accepted, on hold, in progress.
        var resumed = Make(team, 0, daysAgo: 30);
        var sent = resumed.StatusChangedAt;
        resumed.MoveTo(ReferralStatus.Received, sent.AddDays(1), by, null);
        resumed.MoveTo(ReferralStatus.Accepted, sent.AddDays(2), by, null);
        resumed.MoveTo(ReferralStatus.OnHold, sent.AddDays(5), by, null);
        resumed.MoveTo(ReferralStatus.InProgress, sent.AddDays(12), by, null);
        // Still on hold: its clock is paused.
        var paused = Make(team, 1, daysAgo: 10);
        paused.MoveTo(ReferralStatus.Accepted, paused.StatusChangedAt.AddDays(1), by, null);
        paused.MoveTo(ReferralStatus.OnHold, paused.StatusChangedAt.AddDays(2), by, null);
        await _bed.InsertAsync([resumed, paused]);

        var rows = await AllAsync(_bed.ServiceFor(team.Member), new ReferralFilter { TeamId = team.Team.Id });

        rows.Count.ShouldBe(2);
        foreach (var referral in new[] { resumed, paused })
        {
            var row = rows.Single(r => r.Id == referral.Id);
            // The referral in memory holds its whole timeline; the worklist read only the hold changes.
            row.Clocks.ShouldBe(_bed.Clocks.Compute(referral, Now));
        }
        rows.Single(r => r.Id == paused.Id).Clocks.Appointment.State.ShouldBe(ReferralClockState.Paused);
    }

    [Fact]
    public async Task Clocks_from_the_holds_read_apart_equal_those_of_the_whole_timeline_for_referrals_with_and_without_holds()
    {
        var team = await database.TeamAsync(new PatientSeed("Clock", "Cai"), new PatientSeed("Clock", "Cleo"), new PatientSeed("Clock", "Cy"));
        var by = team.Member.Id;
        var never = Make(team, 0, daysAgo: 12);
        never.MoveTo(ReferralStatus.Accepted, never.StatusChangedAt.AddDays(1), by, null);
        var draft = Make(team, 1, daysAgo: null);
        var once = Make(team, 1, daysAgo: 20);
        once.MoveTo(ReferralStatus.Accepted, once.StatusChangedAt.AddDays(1), by, null);
        once.MoveTo(ReferralStatus.OnHold, once.StatusChangedAt.AddDays(2), by, null);
        once.MoveTo(ReferralStatus.Accepted, once.StatusChangedAt.AddDays(4), by, null);
        var twiceAndHeld = Make(team, 2, daysAgo: 25);
        twiceAndHeld.MoveTo(ReferralStatus.Accepted, twiceAndHeld.StatusChangedAt.AddDays(1), by, null);
        twiceAndHeld.MoveTo(ReferralStatus.OnHold, twiceAndHeld.StatusChangedAt.AddDays(1), by, null);
        twiceAndHeld.MoveTo(ReferralStatus.InProgress, twiceAndHeld.StatusChangedAt.AddDays(3), by, null);
        twiceAndHeld.MoveTo(ReferralStatus.OnHold, twiceAndHeld.StatusChangedAt.AddDays(5), by, null);
        var plain = Make(team, 2, daysAgo: 3, urgency: ReferralUrgency.Urgent);
        var referrals = new[] { never, draft, once, twiceAndHeld, plain };
        await _bed.InsertAsync(referrals);

        // Two a page: each page reads the holds of its own referrals only.
        var rows = await AllAsync(_bed.ServiceFor(team.Member), new ReferralFilter { TeamId = team.Team.Id }, pageSize: 2);

        rows.Select(r => r.Id).ShouldBe(referrals.Select(r => r.Id), ignoreOrder: true);
        foreach (var referral in referrals)
        {
            // The old way: the clocks of the referral's whole timeline, in memory.
            rows.Single(r => r.Id == referral.Id).Clocks.ShouldBe(_bed.Clocks.Compute(referral, Now), $"clocks of {referral.Id}");
        }
        twiceAndHeld.Holds().Count.ShouldBe(2);
        rows.Single(r => r.Id == twiceAndHeld.Id).Clocks.Appointment.State.ShouldBe(ReferralClockState.Paused);
        rows.Single(r => r.Id == once.Id).Clocks.ShouldNotBe(_bed.Clocks.Compute(referral: once, Now, holds: []), "the hold moved its clocks");
    }
}
