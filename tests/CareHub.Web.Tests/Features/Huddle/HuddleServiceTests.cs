using CareHub.Data;
using CareHub.Domain.Audit;
using CareHub.Domain.Common;
using CareHub.Domain.Encounters;
using CareHub.Domain.Huddles;
using CareHub.Domain.Organization;
using CareHub.Domain.Patients;
using CareHub.Domain.Referrals;
using CareHub.Domain.Tasks;
using CareHub.Web.Auditing;
using CareHub.Web.Features.Huddle;
using CareHub.Web.Realtime;
using CareHub.Web.Security;
using CareHub.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace CareHub.Web.Tests.Features.Huddle;

/// <summary>Opening today's board: created once, yesterday's open cards carried over, patients proposed from the data, access by team.</summary>
public sealed class HuddleServiceTests(PatientsDatabase database) : IClassFixture<PatientsDatabase>
{
    private readonly HuddleTestBed _bed = new(database);

    private static CancellationToken Ct => Xunit.TestContext.Current.CancellationToken;

    private static DateTimeOffset Now => FixedClock.Default;

    private static DateOnly Today => DateOnly.FromDateTime(Now.UtcDateTime);

    [Fact]
    public async Task Two_people_opening_todays_board_at_the_same_moment_get_one_board()
    {
        var team = await database.TeamAsync(new PatientSeed("Concurrent", "Ada"), new PatientSeed("Concurrent", "Ben"));
        var colleague = await _bed.AddMemberAsync(team, "Pat", "Colleague");
        var facility = await _bed.FacilityAsync();
        await _bed.AdmitAsync(team[0], facility, Now.AddHours(-3));
        await _bed.AdmitAsync(team[1], facility, Now.AddHours(-5));

        var views = await HuddleTestBed.AtOnce(
            () => _bed.ServiceFor(team.Member).OpenTodayAsync(team.Team.Id, Ct),
            () => _bed.ServiceFor(colleague).OpenTodayAsync(team.Team.Id, Ct),
            () => _bed.ServiceFor(team.Member).OpenTodayAsync(team.Team.Id, Ct));

        views.ShouldAllBe(v => v != null);
        views.Select(v => v!.BoardId).Distinct().ShouldHaveSingleItem();
        await using var db = database.SystemDb();
        (await db.HuddleBoards.CountAsync(b => b.TeamId == team.Team.Id && b.Day == Today, Ct)).ShouldBe(1);
        var cards = await db.HuddleCards.Where(c => c.TeamId == team.Team.Id).ToListAsync(Ct);
        cards.Select(c => c.PatientId).ShouldBe([team[0].Id, team[1].Id], ignoreOrder: true);
        views.ShouldAllBe(v => v!.Cards.Count == 2);
    }

    [Fact]
    public async Task Many_screens_reloading_one_version_at_once_see_the_same_board_and_each_read_is_audited_with_its_own_source()
    {
        var team = await database.TeamAsync(new PatientSeed("Wallscreen", "Ada"), new PatientSeed("Wallscreen", "Ben"));
        var facility = await _bed.FacilityAsync();
        await _bed.AdmitAsync(team[0], facility, Now.AddHours(-3));
        await _bed.AdmitAsync(team[1], facility, Now.AddHours(-4));
        var board = (await _bed.ServiceFor(team.Member).OpenTodayAsync(team.Team.Id, Ct)).ShouldNotBeNull();

        var sources = Enumerable.Range(0, 12).Select(i => $"circuit:wall-{i}-{Guid.NewGuid():N}").ToList();
        var views = await HuddleTestBed.AtOnce([.. sources.Select(source => (Func<Task<HuddleBoardView?>>)(() =>
            _bed.ServiceFor(team.Member, source).GetBoardAsync(board.BoardId, Ct)))]);

        views.ShouldAllBe(v => v != null && v.Version == board.Version);
        views.Select(v => string.Join(",", v!.Cards.Select(c => $"{c.Id}:{c.Version}:{c.Location}"))).Distinct().ShouldHaveSingleItem();
        _bed.Snapshots.InFlight.ShouldBe(0, "a finished read is not kept: the next reload reads again");
        foreach (var source in sources)
        {
            // Committed before the board was returned, one row per patient shown, with this screen's own source.
            var audit = await _bed.AuditOfAsync(source);
            audit.Select(a => (a.Action, a.EntityType, a.PatientId)).ShouldBe(
                [(AuditAction.Read, "HuddleBoard", (Guid?)team[0].Id), (AuditAction.Read, "HuddleBoard", (Guid?)team[1].Id)], ignoreOrder: true);
        }
    }

    [Fact]
    public async Task Opening_the_board_again_returns_the_same_board_without_proposing_twice()
    {
        var team = await database.TeamAsync(new PatientSeed("Again", "Ada"));
        await _bed.AdmitAsync(team[0], await _bed.FacilityAsync(), Now.AddHours(-2));
        var service = _bed.ServiceFor(team.Member);

        var first = (await service.OpenTodayAsync(team.Team.Id, Ct)).ShouldNotBeNull();
        var second = (await service.OpenTodayAsync(team.Team.Id, Ct)).ShouldNotBeNull();

        second.BoardId.ShouldBe(first.BoardId);
        second.Cards.Select(c => c.Id).ShouldBe(first.Cards.Select(c => c.Id));
        (first.Day, first.Status, first.TeamName).ShouldBe((Today, HuddleBoardStatus.Open, team.Team.Name));
    }

    [Fact]
    public async Task Yesterdays_unresolved_cards_are_carried_over_in_order_and_marked_and_done_cards_stay_behind()
    {
        var team = await database.TeamAsync(new PatientSeed("Carried", "Ada"));
        var older = new HuddleBoard(team.Team.Id, Today.AddDays(-3));
        var yesterday = new HuddleBoard(team.Team.Id, Today.AddDays(-1));
        var keys = FractionalIndex.Sequence(3);
        var first = HuddleCard.ForTopic(yesterday, "First topic", AgendaSection.SafetyConcerns, keys[0], Now.AddDays(-1));
        var patient = HuddleCard.ForPatient(yesterday, team[0].Id, "Carried, Ada", HuddleCardReason.ReferralOverdue, keys[1], Now.AddDays(-1));
        var third = HuddleCard.ForTopic(yesterday, "Third topic", AgendaSection.OpenInput, keys[2], Now.AddDays(-1));
        var barrier = HuddleCard.ForTopic(yesterday, "Barrier topic", AgendaSection.TodaysPatients, keys[0], Now.AddDays(-1));
        barrier.MoveTo(HuddleLane.Barriers, keys[0]);
        var done = HuddleCard.ForTopic(yesterday, "Done topic", AgendaSection.Announcements, keys[1], Now.AddDays(-1));
        done.MoveTo(HuddleLane.Done, keys[0]);
        var fromOlder = HuddleCard.ForTopic(older, "From three days ago", AgendaSection.OpenInput, keys[0], Now.AddDays(-3));
        patient.EditNotes("Chasing the cardiology slot");
        patient.Assign(team.Member.Id, Today.AddDays(2));
        await using (var db = database.SystemDb())
        {
            db.HuddleBoards.AddRange(older, yesterday);
            // Added out of order: the order comes from the keys, not from the rows.
            db.HuddleCards.AddRange(third, done, barrier, patient, first, fromOlder);
            await db.SaveChangesAsync(Ct);
        }

        var view = (await _bed.ServiceFor(team.Member).OpenTodayAsync(team.Team.Id, Ct)).ShouldNotBeNull();

        view.Lane(HuddleLane.ToDiscuss).Select(c => c.Title).ShouldBe(["First topic", "Carried, Ada", "Third topic"]);
        view.Lane(HuddleLane.Barriers).Select(c => c.Title).ShouldBe(["Barrier topic"]);
        view.Lane(HuddleLane.Done).ShouldBeEmpty();
        view.Cards.ShouldAllBe(c => c.CarriedOver);
        view.Cards.ShouldNotContain(c => c.Title == "From three days ago");
        var carried = view.Cards.Single(c => c.PatientId == team[0].Id);
        (carried.Notes, carried.OwnerId, carried.OwnerName, carried.Due, carried.Reason)
            .ShouldBe(("Chasing the cardiology slot", (Guid?)team.Member.Id, team.Member.DisplayName, (DateOnly?)Today.AddDays(2), HuddleCardReason.ReferralOverdue));
        view.Cards.Select(c => c.Id).ShouldNotContain(patient.Id);
    }

    [Fact]
    public async Task Patient_cards_are_proposed_from_the_data_with_their_reasons_one_per_patient()
    {
        var team = await database.TeamAsync(
            new PatientSeed("Admitted", "Ada"), new PatientSeed("Discharged", "Ben"), new PatientSeed("Called", "Cy"),
            new PatientSeed("Referred", "Di"), new PatientSeed("Risky", "Ed"), new PatientSeed("Escalated", "Flo"),
            new PatientSeed("Quiet", "Gus"), new PatientSeed("LastWeek", "Hal"));
        var (admitted, discharged, called, referred, risky, escalated, quiet, lastWeek) =
            (team[0], team[1], team[2], team[3], team[4], team[5], team[6], team[7]);
        var facility = await _bed.FacilityAsync();
        await _bed.AdmitAsync(admitted, facility, Now.AddHours(-6), EncounterClass.Inpatient, "4W-12A");
        // Also overdue on a referral: the card shows the more pressing reason, once.
        await _bed.ReferralAsync(admitted, team, Now.AddDays(-12));
        await _bed.DischargedAsync(discharged, facility, Now.AddDays(-4), Now.AddDays(-1), DischargeDisposition.Home);
        var calledDischarge = Now.AddDays(-1);
        await _bed.DischargedAsync(called, facility, Now.AddDays(-3), calledDischarge, DischargeDisposition.HomeWithHomeHealth);
        await _bed.TaskAsync(called, team, "Transition-of-care call after discharge", calledDischarge.AddHours(30), CareTaskPriority.High,
            createdAt: calledDischarge, completedAt: calledDischarge.AddHours(3));
        await _bed.ReferralAsync(referred, team, Now.AddDays(-8));
        await _bed.ConditionsAsync(risky, ChronicCondition.ChronicKidneyDisease, ChronicCondition.HeartFailure);
        await _bed.DischargedAsync(risky, facility, Now.AddDays(-20), Now.AddDays(-15), DischargeDisposition.SkilledNursingFacility);
        await _bed.TaskAsync(escalated, team, "Call about the missed dialysis", Now.AddHours(-2), CareTaskPriority.Urgent, createdAt: Now.AddDays(-1));
        // Not proposed: a routine overdue task, a referral that moved 3 days ago, an ED visit 30 hours ago.
        await _bed.TaskAsync(quiet, team, "Send the care plan", Now.AddHours(-2), CareTaskPriority.Routine, createdAt: Now.AddDays(-1));
        await _bed.ReferralAsync(quiet, team, Now.AddDays(-3));
        await _bed.AdmitAsync(lastWeek, facility, Now.AddHours(-30), EncounterClass.Emergency);

        var view = (await _bed.ServiceFor(team.Member).OpenTodayAsync(team.Team.Id, Ct)).ShouldNotBeNull();

        view.Lane(HuddleLane.ToDiscuss).Select(c => (c.Title, c.Reason)).ShouldBe(
        [
            ("Admitted, Ada", HuddleCardReason.AdmittedOrEdVisit),
            ("Discharged, Ben", HuddleCardReason.AwaitingTransitionCall),
            ("Referred, Di", HuddleCardReason.ReferralOverdue),
            ("Risky, Ed", HuddleCardReason.HighReadmissionRisk),
            ("Escalated, Flo", HuddleCardReason.OpenEscalation),
        ]);
        view.Cards.ShouldAllBe(c => c.Kind == HuddleCardKind.Patient && !c.CarriedOver && c.Section == AgendaSection.TodaysPatients);
        var admittedCard = view.Cards.Single(c => c.PatientId == admitted.Id);
        admittedCard.Location.ShouldBe($"{facility.Name} · 4 West Medical-Surgical · bed 4W-12A");
        view.Cards.Single(c => c.PatientId == discharged.Id).Location.ShouldBeNull();
        view.Cards.Select(c => c.PatientId).ShouldNotContain(called.Id);
        view.Cards.Select(c => c.PatientId).ShouldNotContain(quiet.Id);
        view.Cards.Select(c => c.PatientId).ShouldNotContain(lastWeek.Id);
    }

    [Fact]
    public async Task A_carried_over_patient_is_not_proposed_a_second_time()
    {
        var team = await database.TeamAsync(new PatientSeed("Twice", "Ada"));
        await _bed.AdmitAsync(team[0], await _bed.FacilityAsync(), Now.AddHours(-4));
        var yesterday = new HuddleBoard(team.Team.Id, Today.AddDays(-1));
        await using (var db = database.SystemDb())
        {
            db.HuddleBoards.Add(yesterday);
            db.HuddleCards.Add(HuddleCard.ForPatient(yesterday, team[0].Id, "Twice, Ada", HuddleCardReason.HighReadmissionRisk, "V", Now.AddDays(-1)));
            await db.SaveChangesAsync(Ct);
        }

        var view = (await _bed.ServiceFor(team.Member).OpenTodayAsync(team.Team.Id, Ct)).ShouldNotBeNull();

        var card = view.Cards.ShouldHaveSingleItem();
        (card.PatientId, card.CarriedOver, card.Reason).ShouldBe(((Guid?)team[0].Id, true, HuddleCardReason.HighReadmissionRisk));
    }

    [Fact]
    public async Task At_most_twelve_patients_are_proposed_the_most_pressing_first()
    {
        var team = await database.TeamAsync([.. Enumerable.Range(1, 16).Select(i => new PatientSeed($"Many{i:D2}", "Pat"))]);
        var facility = await _bed.FacilityAsync();
        for (var i = 0; i < 10; i++)
            await _bed.ReferralAsync(team[i], team, Now.AddDays(-9));
        for (var i = 10; i < 16; i++)
            await _bed.AdmitAsync(team[i], facility, Now.AddHours(-i));

        var view = (await _bed.ServiceFor(team.Member).OpenTodayAsync(team.Team.Id, Ct)).ShouldNotBeNull();

        view.Cards.Count.ShouldBe(12);
        view.Lane(HuddleLane.ToDiscuss).Take(6).ShouldAllBe(c => c.Reason == HuddleCardReason.AdmittedOrEdVisit);
        view.Lane(HuddleLane.ToDiscuss).Skip(6).ShouldAllBe(c => c.Reason == HuddleCardReason.ReferralOverdue);
    }

    [Fact]
    public async Task A_morning_full_of_admissions_still_leaves_room_for_the_other_reasons()
    {
        var team = await database.TeamAsync([.. Enumerable.Range(1, 16).Select(i => new PatientSeed($"Busy{i:D2}", "Pat"))]);
        var facility = await _bed.FacilityAsync();
        for (var i = 0; i < 14; i++)
            await _bed.AdmitAsync(team[i], facility, Now.AddHours(-1 - i));
        for (var i = 14; i < 16; i++)
            await _bed.ReferralAsync(team[i], team, Now.AddDays(-9));

        var view = (await _bed.ServiceFor(team.Member).OpenTodayAsync(team.Team.Id, Ct)).ShouldNotBeNull();

        view.Cards.Count.ShouldBe(12);
        view.Cards.Count(c => c.Reason == HuddleCardReason.ReferralOverdue).ShouldBe(2);
        view.Lane(HuddleLane.ToDiscuss).First().Reason.ShouldBe(HuddleCardReason.AdmittedOrEdVisit, "the most pressing reason still comes first");
    }

    [Fact]
    public async Task Another_teams_patients_are_never_proposed_even_to_a_member_of_both_teams()
    {
        var mine = await database.TeamAsync(new PatientSeed("Ours", "Ada"));
        var theirs = await database.TeamAsync(new PatientSeed("Theirs", "Ben"));
        await _bed.JoinAsync(theirs.Team, mine.Member);
        var facility = await _bed.FacilityAsync();
        await _bed.AdmitAsync(mine[0], facility, Now.AddHours(-1));
        await _bed.AdmitAsync(theirs[0], facility, Now.AddHours(-1));

        var view = (await _bed.ServiceFor(mine.Member).OpenTodayAsync(mine.Team.Id, Ct)).ShouldNotBeNull();

        view.Cards.Select(c => c.PatientId).ShouldBe([mine[0].Id]);
    }

    [Fact]
    public async Task Another_teams_board_is_not_found_and_the_attempt_is_audited()
    {
        var mine = await database.TeamAsync(new PatientSeed("Mine", "Ada"));
        var theirs = await database.TeamAsync(new PatientSeed("Theirs", "Ben"));
        var theirBoard = (await _bed.ServiceFor(theirs.Member).OpenTodayAsync(theirs.Team.Id, Ct)).ShouldNotBeNull();
        var source = $"circuit:{Guid.NewGuid():N}";
        var outsider = _bed.ServiceFor(mine.Member, source);

        var opened = await outsider.OpenTodayAsync(theirs.Team.Id, Ct);
        var got = await outsider.GetBoardAsync(theirBoard.BoardId, Ct);
        var missing = await outsider.GetBoardAsync(Guid.NewGuid(), Ct);
        var history = await outsider.HistoryAsync(theirs.Team.Id, Ct);
        var members = await outsider.MembersAsync(theirs.Team.Id, Ct);

        opened.ShouldBeNull();
        got.ShouldBeNull();
        missing.ShouldBeNull();
        history.ShouldBeEmpty();
        members.ShouldBeEmpty();
        var audit = await _bed.AuditOfAsync(source);
        audit.ShouldNotBeEmpty();
        audit.ShouldAllBe(a => a.Action == AuditAction.AccessDenied && a.EntityType == "HuddleBoard" && a.PatientId == null);
        audit.Select(a => a.EntityId).ShouldContain(theirs.Team.Id);
        audit.Select(a => a.EntityId).ShouldContain(theirBoard.BoardId);
        await using var db = database.SystemDb();
        (await db.HuddleBoards.CountAsync(b => b.TeamId == theirs.Team.Id, Ct)).ShouldBe(1);
    }

    [Fact]
    public async Task Showing_a_board_audits_one_read_per_patient_on_it()
    {
        var team = await database.TeamAsync(new PatientSeed("Audit", "Ada"), new PatientSeed("Audit", "Ben"), new PatientSeed("Audit", "Cy"));
        var facility = await _bed.FacilityAsync();
        await _bed.AdmitAsync(team[0], facility, Now.AddHours(-1));
        await _bed.AdmitAsync(team[1], facility, Now.AddHours(-2));
        var source = $"circuit:{Guid.NewGuid():N}";
        var service = _bed.ServiceFor(team.Member, source);
        var view = (await service.OpenTodayAsync(team.Team.Id, Ct)).ShouldNotBeNull();
        var opening = await _bed.AuditOfAsync(source);

        await service.GetBoardAsync(view.BoardId, Ct);

        var reads = (await _bed.AuditOfAsync(source)).Skip(opening.Count).ToList();
        reads.ShouldAllBe(a => a.Action == AuditAction.Read && a.EntityType == "HuddleBoard" && a.UserId == team.Member.Id.ToString());
        reads.Select(a => a.PatientId!.Value).ShouldBe([team[0].Id, team[1].Id], ignoreOrder: true);
        opening.Where(a => a.Action == AuditAction.Read).Select(a => a.PatientId!.Value).ShouldBe([team[0].Id, team[1].Id], ignoreOrder: true);
        opening.Where(a => a.Action == AuditAction.Create).Select(a => a.PatientId!.Value).ShouldBe([team[0].Id, team[1].Id], ignoreOrder: true);
    }

    [Fact]
    public async Task The_wall_shows_initials_and_bed_when_the_team_keeps_it_private_and_topics_by_their_title()
    {
        var team = await database.TeamAsync(new PatientSeed("Okonkwo", "Ada"), new PatientSeed("Baptiste", "Jean"));
        var facility = await _bed.FacilityAsync();
        await _bed.AdmitAsync(team[0], facility, Now.AddHours(-1), EncounterClass.Inpatient, "4W-12A");
        await _bed.AdmitAsync(team[1], facility, Now.AddHours(-26), EncounterClass.Observation, bed: null);
        await _bed.ReferralAsync(team[1], team, Now.AddDays(-10));
        var service = _bed.ServiceFor(team.Member);
        var board = (await service.OpenTodayAsync(team.Team.Id, Ct)).ShouldNotBeNull();
        (await service.AddTopicAsync(board.BoardId, "Flu clinic on Friday", AgendaSection.Announcements, Ct)).ShouldBeOfType<HuddleResult.Saved>();

        var privateWall = (await service.GetBoardAsync(board.BoardId, Ct)).ShouldNotBeNull();
        await _bed.SetWallPrivacyAsync(team.Team, initialsOnly: false);
        var openWall = (await service.GetBoardAsync(board.BoardId, Ct)).ShouldNotBeNull();

        privateWall.WallShowsInitialsOnly.ShouldBeTrue();
        privateWall.Cards.Single(c => c.PatientId == team[0].Id).WallTitle.ShouldBe("A. O. · bed 4W-12A");
        privateWall.Cards.Single(c => c.PatientId == team[1].Id).WallTitle.ShouldBe("J. B.");
        privateWall.Cards.Single(c => c.Kind == HuddleCardKind.Topic).WallTitle.ShouldBe("Flu clinic on Friday");
        openWall.WallShowsInitialsOnly.ShouldBeFalse();
        openWall.Cards.Single(c => c.PatientId == team[0].Id).WallTitle.ShouldBe("Okonkwo, Ada");
    }

    [Fact]
    public async Task My_teams_are_listed_by_name_and_members_are_the_active_staff_of_the_team()
    {
        var first = await database.TeamAsync();
        var second = await database.TeamAsync();
        await _bed.JoinAsync(second.Team, first.Member);
        var colleague = await _bed.AddMemberAsync(first, "Aaron", "Active");
        var leaver = await _bed.AddMemberAsync(first, "Lee", "Leaver");
        await _bed.DeactivateAsync(leaver);
        var service = _bed.ServiceFor(first.Member);

        var teams = await service.MyTeamsAsync(Ct);
        var members = await service.MembersAsync(first.Team.Id, Ct);

        teams.ShouldBe(new[] { new HuddleTeam(first.Team.Id, first.Team.Name), new HuddleTeam(second.Team.Id, second.Team.Name) }
            .OrderBy(t => t.Name, StringComparer.Ordinal));
        members.ShouldBe([new HuddleMember(colleague.Id, "Aaron Active"), new HuddleMember(first.Member.Id, first.Member.DisplayName)]);
    }
}

/// <summary>A clock a test moves by hand, so that timer readings from several screens can be compared.</summary>
public sealed class SettableClock(DateTimeOffset now) : TimeProvider
{
    private long _ticks = now.UtcTicks;

    public override DateTimeOffset GetUtcNow() => new(Interlocked.Read(ref _ticks), TimeSpan.Zero);

    public void Advance(TimeSpan by) => Interlocked.Add(ref _ticks, by.Ticks);
}

/// <summary>
/// The huddle service as circuits of different users get it, over the shared test database, with the data the
/// proposals read (facilities, stays, referrals, tasks, conditions) built per test.
/// </summary>
public sealed class HuddleTestBed(PatientsDatabase database)
{
    private static readonly IServiceProvider NoServices = new ServiceCollection().BuildServiceProvider();

    public SettableClock Clock { get; } = new(FixedClock.Default);

    /// <summary>Shared by every circuit of the test, as in the app (singletons).</summary>
    public HuddleBoardSnapshots Snapshots { get; } = new(database.Options);

    public ReadAuditWriter ReadAudit { get; } = new(database.Options, Microsoft.Extensions.Logging.Abstractions.NullLogger<ReadAuditWriter>.Instance);

    public InMemoryPresenceService Presence { get; } = new(database.Bus, TimeProvider.System, new PresenceOptions(), NullLogger<InMemoryPresenceService>.Instance);

    /// <summary>The service of a circuit of <paramref name="staff"/> (a new scope: its own user, context factory and source).</summary>
    public HuddleService ServiceFor(Staff staff, string? source = null)
    {
        var user = new CurrentUser(database.Options, NoServices);
        user.Set(PatientsDatabase.Principal(staff), source ?? $"circuit:{Guid.NewGuid():N}");
        return new HuddleService(new CareHubDbContextFactory(database.Options, user), database.Bus, Presence, Clock, user, Snapshots, ReadAudit);
    }

    public async Task<Staff> AddMemberAsync(TestTeam team, string given, string family)
    {
        var staff = new Staff(given, family, $"{Guid.NewGuid():N}@carehub.example", StaffRole.Nurse, "Nursing");
        await using var db = database.SystemDb();
        db.Staff.Add(staff);
        var stored = await db.CareTeams.Include(t => t.Members).SingleAsync(t => t.Id == team.Team.Id);
        stored.AddMember(staff);
        await db.SaveChangesAsync();
        return staff;
    }

    public async Task JoinAsync(CareTeam team, Staff staff)
    {
        await using var db = database.SystemDb();
        var stored = await db.CareTeams.Include(t => t.Members).SingleAsync(t => t.Id == team.Id);
        stored.AddMember(staff);
        await db.SaveChangesAsync();
    }

    public async Task DeactivateAsync(Staff staff)
    {
        await using var db = database.SystemDb();
        (await db.Staff.SingleAsync(s => s.Id == staff.Id)).Deactivate();
        await db.SaveChangesAsync();
    }

    public async Task SetWallPrivacyAsync(CareTeam team, bool initialsOnly)
    {
        await using var db = database.SystemDb();
        (await db.CareTeams.SingleAsync(t => t.Id == team.Id)).SetWallPrivacy(initialsOnly);
        await db.SaveChangesAsync();
    }

    /// <summary>A hospital with a medical-surgical unit "4 West Medical-Surgical".</summary>
    public async Task<Facility> FacilityAsync()
    {
        var facility = new Facility($"F{Guid.NewGuid():N}"[..12], $"Riverside General Hospital {Guid.NewGuid():N}"[..40], FacilityKind.AcuteCareHospital);
        facility.AddUnit("4W", "4 West Medical-Surgical", UnitKind.MedicalSurgical, 30);
        await using var db = database.SystemDb();
        db.Facilities.Add(facility);
        await db.SaveChangesAsync();
        return facility;
    }

    public async Task<Encounter> AdmitAsync(Patient patient, Facility facility, DateTimeOffset at, EncounterClass encounterClass = EncounterClass.Inpatient,
        string? bed = "4W-01")
    {
        var encounter = Encounter.Admit(patient.Id, facility.Id, facility.Units[0].Id, bed, encounterClass, at);
        await using var db = database.SystemDb();
        db.Encounters.Add(encounter);
        await db.SaveChangesAsync();
        return encounter;
    }

    public async Task DischargedAsync(Patient patient, Facility facility, DateTimeOffset admittedAt, DateTimeOffset dischargedAt, DischargeDisposition disposition)
    {
        var encounter = Encounter.Admit(patient.Id, facility.Id, facility.Units[0].Id, "4W-02", EncounterClass.Inpatient, admittedAt);
        encounter.Discharge(dischargedAt, disposition);
        await using var db = database.SystemDb();
        db.Encounters.Add(encounter);
        await db.SaveChangesAsync();
    }

    /// <summary>A referral requested at <paramref name="statusChangedAt"/> and not heard of since.</summary>
    public async Task ReferralAsync(Patient patient, TestTeam team, DateTimeOffset statusChangedAt)
    {
        var referral = new Referral(patient.Id, team.Team.Id, team.Member.Id, ReferralType.Specialty, ReferralUrgency.Routine, "Cardiology clinic",
            "Follow-up of heart failure", statusChangedAt.AddHours(-1));
        referral.MoveTo(ReferralStatus.Requested, statusChangedAt);
        await using var db = database.SystemDb();
        db.Referrals.Add(referral);
        await db.SaveChangesAsync();
    }

    public async Task TaskAsync(Patient patient, TestTeam team, string title, DateTimeOffset dueAt, CareTaskPriority priority, DateTimeOffset createdAt,
        DateTimeOffset? completedAt = null)
    {
        var task = new CareTask(patient.Id, team.Team.Id, title, team.Member.Id, dueAt, priority, createdAt);
        if (completedAt is { } at)
            task.Complete(at);
        await using var db = database.SystemDb();
        db.Tasks.Add(task);
        await db.SaveChangesAsync();
    }

    public async Task ConditionsAsync(Patient patient, params ChronicCondition[] conditions)
    {
        await using var db = database.SystemDb();
        var stored = await db.Patients.Include(p => p.Conditions).SingleAsync(p => p.Id == patient.Id);
        foreach (var (condition, i) in conditions.Select((c, i) => (c, i)))
            db.Conditions.Add(stored.RecordCondition($"X{i}{Guid.NewGuid():N}"[..8], condition.ToString(), condition, new DateOnly(2020, 1, 1)));
        await db.SaveChangesAsync();
    }

    /// <summary>
    /// Runs the calls on thread-pool threads released together, as circuits run: SQLite's async calls complete
    /// synchronously, so awaiting them side by side on one thread would run them one after the other.
    /// </summary>
    public static async Task<T[]> AtOnce<T>(params Func<Task<T>>[] calls)
    {
        using var start = new Barrier(calls.Length);
        return await Task.WhenAll(calls.Select(call => Task.Run(async () =>
        {
            start.SignalAndWait(Xunit.TestContext.Current.CancellationToken);
            return await call();
        })));
    }

    public async Task<List<AuditEvent>> AuditOfAsync(string source)
    {
        await using var db = database.SystemDb();
        return await db.AuditEvents.AsNoTracking().Where(a => a.Source == source).OrderBy(a => a.Id).ToListAsync();
    }
}
