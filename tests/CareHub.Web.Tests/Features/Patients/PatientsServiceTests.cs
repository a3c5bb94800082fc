using System.Collections.Concurrent;
using CareHub.Domain.Audit;
using CareHub.Domain.Encounters;
using CareHub.Domain.Organization;
using CareHub.Domain.Tasks;
using CareHub.Web.Features.Patients;
using CareHub.Web.Realtime;
using CareHub.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace CareHub.Web.Tests.Features.Patients;

/// <summary>The patient list and header service against a real SQLite database; every test builds its own team.</summary>
public sealed class PatientsServiceTests(PatientsDatabase database) : IClassFixture<PatientsDatabase>
{
    private static CancellationToken Ct => Xunit.TestContext.Current.CancellationToken;

    [Fact]
    public async Task Search_returns_only_the_patients_of_the_users_teams()
    {
        var mine = await database.TeamAsync(new PatientSeed("Zephyrine", "Ada"), new PatientSeed("Zephyrine", "Bo"));
        var theirs = await database.TeamAsync(new PatientSeed("Zephyrine", "Cy"), new PatientSeed("Zephyrine", "Di"), new PatientSeed("Zephyrine", "Ed"));
        var service = database.ServiceFor(PatientsDatabase.ScopeOf(mine));

        var all = await service.SearchAsync(new PatientQuery(), Ct);
        var searched = await service.SearchAsync(new PatientQuery("Zephyrine"), Ct);

        all.Rows.Select(r => r.Id).ShouldBe(mine.Patients.Select(p => p.Id), ignoreOrder: true);
        all.Total.ShouldBe(2);
        searched.Rows.Select(r => r.Id).ShouldBe(mine.Patients.Select(p => p.Id), ignoreOrder: true);
        searched.Rows.ShouldNotContain(r => theirs.Patients.Any(p => p.Id == r.Id));
    }

    [Fact]
    public async Task The_header_counts_every_open_task_and_lists_only_the_transition_steps()
    {
        var team = await database.TeamAsync(new PatientSeed("Stepwise", "Ada"));
        var now = database.Clock.GetUtcNow();
        var facility = new Facility($"T{Guid.NewGuid():N}"[..12], "Step General Hospital", FacilityKind.AcuteCareHospital);
        var stay = Encounter.Admit(team[0].Id, facility.Id, null, null, EncounterClass.Inpatient, now.AddDays(-3));
        await using (var db = database.SystemDb())
        {
            db.Facilities.Add(facility);
            db.Encounters.Add(stay);
            db.Tasks.Add(CareTask.ForTransition(team[0].Id, team.Team.Id, stay.Id, CareTaskKind.TransitionContact, "Call within 2 business days",
                team.Member.Id, now.AddDays(1), now));
            db.Tasks.Add(CareTask.ForReferralEscalation(team[0].Id, team.Team.Id, "Referral overdue", team.Member.Id, now.AddDays(1), CareTaskPriority.High, now));
            db.Tasks.Add(CareTask.ForHuddleAction(team[0].Id, team.Team.Id, "Book the interpreter", team.Member.Id, now.AddDays(1), now));
            db.Tasks.Add(new CareTask(team[0].Id, team.Team.Id, "Send the leaflet", team.Member.Id, now.AddDays(1), CareTaskPriority.Routine, now));
            await db.SaveChangesAsync(Ct);
        }

        var patient = (await database.ServiceFor(PatientsDatabase.ScopeOf(team)).GetAsync(team[0].Id, Ct)).ShouldNotBeNull();

        patient.OpenTasks.ShouldBe(4);
        patient.Transitions.Select(t => t.Title).ShouldBe(["Call within 2 business days"]);
    }

    [Theory]
    [InlineData("Okonkwo", new[] { "Okonkwo, Ada", "Okonkwo, Ben" })]
    [InlineData("oko", new[] { "Okonkwo, Ada", "Okonkwo, Ben" })]
    [InlineData("Okonkwo, Ad", new[] { "Okonkwo, Ada" })]
    [InlineData("Okonkwo,Ad", new[] { "Okonkwo, Ada" })]
    [InlineData("okonkwo ,  ben", new[] { "Okonkwo, Ben" })]
    [InlineData("Ben", new[] { "Okonkwo, Ben" })]
    [InlineData("  Okonkwo, Ben  ", new[] { "Okonkwo, Ben" })]
    [InlineData("konkwo", new string[0])]
    public async Task Search_matches_the_start_of_the_family_name_given_name_or_Family_Given(string search, string[] expected)
    {
        var team = await database.TeamAsync(new PatientSeed("Okonkwo", "Ada"), new PatientSeed("Okonkwo", "Ben"), new PatientSeed("Adeyemi", "Chidi"));
        var service = database.ServiceFor(PatientsDatabase.ScopeOf(team));

        var page = await service.SearchAsync(new PatientQuery(search), Ct);

        page.Rows.Select(r => r.Name).ShouldBe(expected, ignoreOrder: true);
        page.Total.ShouldBe(expected.Length);
    }

    [Fact]
    public async Task Search_by_digits_matches_the_start_of_the_MRN()
    {
        var team = await database.TeamAsync(
            new PatientSeed("Mrn", "One", Mrn: "40012345"), new PatientSeed("Mrn", "Two", Mrn: "40012999"), new PatientSeed("Mrn", "Three", Mrn: "50040012"));
        var service = database.ServiceFor(PatientsDatabase.ScopeOf(team));

        var page = await service.SearchAsync(new PatientQuery("40012"), Ct);

        page.Rows.Select(r => r.Mrn).ShouldBe(["40012345", "40012999"], ignoreOrder: true);
    }

    [Fact]
    public async Task An_MRN_with_letters_is_found_by_its_start_and_a_word_without_digits_never_matches_an_MRN()
    {
        var team = await database.TeamAsync(
            new PatientSeed("Alpha", "One", Mrn: "M7701234"), new PatientSeed("Alpha", "Two", Mrn: "M7709999"), new PatientSeed("M77name", "Three", Mrn: "12345"),
            new PatientSeed("Other", "Four", Mrn: "Mango1"));
        var service = database.ServiceFor(PatientsDatabase.ScopeOf(team));

        (await service.SearchAsync(new PatientQuery("m7701"), Ct)).Rows.Select(r => r.Mrn).ShouldBe(["M7701234"]);
        (await service.SearchAsync(new PatientQuery("M77"), Ct)).Rows.Select(r => r.Mrn).ShouldBe(["M7701234", "M7709999", "12345"], ignoreOrder: true);
        (await service.SearchAsync(new PatientQuery("Mango"), Ct)).Rows.ShouldBeEmpty("a word without digits is a name");
    }

    [Theory]
    [InlineData("Ab%", new[] { "Ab%cd, Pat" })]
    [InlineData("A_", new[] { "A_b, Pat" })]
    [InlineData("%", new string[0])]
    [InlineData("_", new string[0])]
    [InlineData("Back\\", new[] { "Back\\slash, Pat" })]
    public async Task Percent_underscore_and_backslash_in_a_search_are_literal(string search, string[] expected)
    {
        var team = await database.TeamAsync(new PatientSeed("Ab%cd", "Pat"), new PatientSeed("Abxcd", "Pat"), new PatientSeed("A_b", "Pat"), new PatientSeed("Axb", "Pat"), new PatientSeed("Back\\slash", "Pat"), new PatientSeed("Backslash", "Pat"));
        var service = database.ServiceFor(PatientsDatabase.ScopeOf(team));

        var page = await service.SearchAsync(new PatientQuery(search), Ct);

        page.Rows.Select(r => r.Name).ShouldBe(expected, ignoreOrder: true);
    }

    [Fact]
    public async Task Pages_split_the_sorted_list_and_the_total_counts_every_match()
    {
        var team = await database.TeamAsync([.. Enumerable.Range(1, 30).Select(i => new PatientSeed($"Pager{i:D2}", "Pat"))]);
        var service = database.ServiceFor(PatientsDatabase.ScopeOf(team));

        var first = await service.SearchAsync(new PatientQuery(PageSize: 25), Ct);
        var second = await service.SearchAsync(new PatientQuery(PageSize: 25, Page: 1), Ct);
        var beyond = await service.SearchAsync(new PatientQuery(PageSize: 25, Page: 7), Ct);

        first.Total.ShouldBe(30);
        first.Rows.Count.ShouldBe(25);
        first.Rows[0].Name.ShouldBe("Pager01, Pat");
        second.Rows.Select(r => r.Name).ShouldBe(Enumerable.Range(26, 5).Select(i => $"Pager{i:D2}, Pat"));
        beyond.Rows.ShouldBeEmpty();
        beyond.Total.ShouldBe(30);
    }

    [Fact]
    public async Task Beyond_the_count_limit_the_total_is_a_lower_bound_that_grows_as_the_person_pages_on()
    {
        var team = await database.TeamAsync([.. Enumerable.Range(1, PatientsService.CountLimit + 1).Select(i => new PatientSeed($"Many{i:D4}", "Pat"))]);
        var service = database.ServiceFor(PatientsDatabase.ScopeOf(team));

        var first = await service.SearchAsync(new PatientQuery(PageSize: 25), Ct);
        var pastTheLimit = await service.SearchAsync(new PatientQuery(PageSize: 25, Page: PatientsService.CountLimit / 25), Ct);
        var narrowed = await service.SearchAsync(new PatientQuery("Many000"), Ct);

        (first.Total, first.TotalIsAtLeast).ShouldBe((PatientsService.CountLimit, true), "more than 1,000 match: \"1,000+\"");
        first.Rows.Select(r => r.Name).ShouldBe(Enumerable.Range(1, 25).Select(i => $"Many{i:D4}, Pat"));
        (pastTheLimit.Total, pastTheLimit.TotalIsAtLeast).ShouldBe((PatientsService.CountLimit + 1, false), "counted from the page on: the exact total");
        pastTheLimit.Rows.Select(r => r.Name).ShouldBe([$"Many{PatientsService.CountLimit + 1:D4}, Pat"]);
        (narrowed.Total, narrowed.TotalIsAtLeast).ShouldBe((9, false));
    }

    [Fact]
    public async Task The_list_shows_only_a_stay_in_progress_not_a_planned_cancelled_or_finished_one()
    {
        var team = await database.TeamAsync(new PatientSeed("Stay", "Inpatient"), new PatientSeed("Stay", "Planned"), new PatientSeed("Stay", "Cancelled"),
            new PatientSeed("Stay", "Home"));
        var facility = new Facility($"S{Guid.NewGuid():N}"[..12], "Stay General Hospital", FacilityKind.AcuteCareHospital);
        facility.AddUnit("5E", "5 East", UnitKind.MedicalSurgical, 20);
        var at = database.Clock.GetUtcNow().AddDays(-3);
        var earlier = Encounter.Admit(team[0].Id, facility.Id, facility.Units[0].Id, "5E-02", EncounterClass.Inpatient, at.AddDays(-30));
        earlier.Discharge(at.AddDays(-25), DischargeDisposition.Home);
        var inpatient = Encounter.Admit(team[0].Id, facility.Id, facility.Units[0].Id, "5E-01", EncounterClass.Inpatient, at);
        var planned = Encounter.PreAdmit(team[1].Id, facility.Id, facility.Units[0].Id, null, EncounterClass.Inpatient, at.AddDays(5), null);
        var cancelled = Encounter.Admit(team[2].Id, facility.Id, null, null, EncounterClass.Emergency, at);
        cancelled.Cancel();
        var home = Encounter.Admit(team[3].Id, facility.Id, null, null, EncounterClass.Observation, at);
        home.Discharge(at.AddDays(1), DischargeDisposition.Home);
        await using (var db = database.SystemDb())
        {
            db.Facilities.Add(facility);
            db.Encounters.AddRange(earlier, inpatient, planned, cancelled, home);
            await db.SaveChangesAsync(Ct);
        }
        var service = database.ServiceFor(PatientsDatabase.ScopeOf(team));

        var rows = (await service.SearchAsync(new PatientQuery("Stay"), Ct)).Rows;

        rows.Count.ShouldBe(4);
        rows.Single(r => r.Id == team[0].Id).Stay.ShouldBe(new CurrentStay(EncounterClass.Inpatient, "Stay General Hospital", "5 East", "5E-01", at));
        rows.Where(r => r.Id != team[0].Id).ShouldAllBe(r => r.Stay == null);
        (await service.GetAsync(team[0].Id, Ct)).ShouldNotBeNull().Stay.ShouldNotBeNull().Bed.ShouldBe("5E-01");
        (await service.GetAsync(team[1].Id, Ct)).ShouldNotBeNull().Stay.ShouldBeNull();
    }

    [Fact]
    public async Task Sorting_by_name_MRN_and_age_in_both_directions()
    {
        var team = await database.TeamAsync(
            new PatientSeed("Brown", "Al", Mrn: "700000002", BirthDate: new DateOnly(1980, 1, 1)),
            new PatientSeed("Adams", "Bea", Mrn: "700000003", BirthDate: new DateOnly(1940, 1, 1)),
            new PatientSeed("Cole", "Cy", Mrn: "700000001", BirthDate: new DateOnly(2000, 1, 1)));
        var service = database.ServiceFor(PatientsDatabase.ScopeOf(team));

        async Task<string[]> Names(PatientSort sort, bool descending) =>
            [.. (await service.SearchAsync(new PatientQuery(Sort: sort, Descending: descending), Ct)).Rows.Select(r => r.Name)];

        (await Names(PatientSort.Name, false)).ShouldBe(["Adams, Bea", "Brown, Al", "Cole, Cy"]);
        (await Names(PatientSort.Name, true)).ShouldBe(["Cole, Cy", "Brown, Al", "Adams, Bea"]);
        (await Names(PatientSort.Mrn, false)).ShouldBe(["Cole, Cy", "Brown, Al", "Adams, Bea"]);
        (await Names(PatientSort.Mrn, true)).ShouldBe(["Adams, Bea", "Brown, Al", "Cole, Cy"]);
        (await Names(PatientSort.Age, false)).ShouldBe(["Cole, Cy", "Brown, Al", "Adams, Bea"]); // youngest first
        (await Names(PatientSort.Age, true)).ShouldBe(["Adams, Bea", "Brown, Al", "Cole, Cy"]);
    }

    [Theory]
    [InlineData(10, 25)]
    [InlineData(0, 25)]
    [InlineData(-50, 25)]
    [InlineData(1000, 25)]
    [InlineData(50, 50)]
    [InlineData(100, 100)]
    public async Task A_page_size_other_than_25_50_or_100_is_read_as_25(int asked, int used)
    {
        var team = await database.TeamAsync([.. Enumerable.Range(1, 30).Select(i => new PatientSeed($"Size{i:D2}", "Pat"))]);
        var service = database.ServiceFor(PatientsDatabase.ScopeOf(team));

        var page = await service.SearchAsync(new PatientQuery(PageSize: asked, Page: -2), Ct);

        page.Query.PageSize.ShouldBe(used);
        page.Query.Page.ShouldBe(0);
        page.Rows.Count.ShouldBe(Math.Min(30, used));
    }

    [Fact]
    public async Task Ages_are_counted_in_whole_years_on_the_clocks_day()
    {
        // The clock says 2 March 2026.
        var team = await database.TeamAsync(
            new PatientSeed("Birthday", "Today", BirthDate: new DateOnly(1956, 3, 2)),
            new PatientSeed("Birthday", "Tomorrow", BirthDate: new DateOnly(1956, 3, 3)));
        var service = database.ServiceFor(PatientsDatabase.ScopeOf(team));

        var page = await service.SearchAsync(new PatientQuery("Birthday"), Ct);

        page.Rows.Single(r => r.Name == "Birthday, Today").Age.ShouldBe(70);
        page.Rows.Single(r => r.Name == "Birthday, Tomorrow").Age.ShouldBe(69);
    }

    [Fact]
    public async Task The_list_writes_one_read_audit_row_per_patient_shown_with_user_and_source()
    {
        var team = await database.TeamAsync([.. Enumerable.Range(1, 27).Select(i => new PatientSeed($"Audited{i:D2}", "Pat"))]);
        var scope = PatientsDatabase.ScopeOf(team);

        var page = await database.ServiceFor(scope).SearchAsync(new PatientQuery(PageSize: 25), Ct);

        var rows = await AuditOf(scope.Source);
        rows.Count.ShouldBe(25);
        rows.ShouldAllBe(a => a.Action == AuditAction.Read && a.EntityType == "PatientList" && a.UserId == team.Member.Id.ToString());
        rows.Select(a => a.PatientId!.Value).ShouldBe(page.Rows.Select(r => r.Id), ignoreOrder: true);
        rows.ShouldAllBe(a => a.At == FixedClock.Default);
    }

    [Fact]
    public async Task The_patient_page_shows_the_patient_and_writes_one_read_audit_row()
    {
        var team = await database.TeamAsync(new PatientSeed("Header", "Hana", BirthDate: new DateOnly(1960, 1, 10)));
        var scope = PatientsDatabase.ScopeOf(team);

        var patient = await database.ServiceFor(scope).GetAsync(team[0].Id, Ct);

        patient.ShouldNotBeNull();
        patient.Name.ShouldBe("Header, Hana");
        patient.Age.ShouldBe(66);
        patient.Version.ShouldBe(1);
        patient.Teams.ShouldBe([team.Team.Name]);
        var audit = (await AuditOf(scope.Source)).ShouldHaveSingleItem();
        audit.Action.ShouldBe(AuditAction.Read);
        audit.EntityType.ShouldBe("Patient");
        audit.PatientId.ShouldBe(team[0].Id);
        audit.UserId.ShouldBe(team.Member.Id.ToString());
    }

    [Fact]
    public async Task Another_teams_patient_is_not_found_exactly_like_a_missing_one_and_the_attempt_is_audited()
    {
        var mine = await database.TeamAsync(new PatientSeed("Mine", "Pat"));
        var theirs = await database.TeamAsync(new PatientSeed("Theirs", "Pat"));
        var otherTeamScope = PatientsDatabase.ScopeOf(mine);
        var missingScope = PatientsDatabase.ScopeOf(mine);
        var missingId = Guid.NewGuid();

        var otherTeams = await database.ServiceFor(otherTeamScope).GetAsync(theirs[0].Id, Ct);
        var missing = await database.ServiceFor(missingScope).GetAsync(missingId, Ct);

        otherTeams.ShouldBeNull();
        missing.ShouldBeNull();
        var denied = (await AuditOf(otherTeamScope.Source)).ShouldHaveSingleItem();
        var missed = (await AuditOf(missingScope.Source)).ShouldHaveSingleItem();
        denied.Action.ShouldBe(AuditAction.AccessDenied);
        denied.EntityId.ShouldBe(theirs[0].Id);
        // The same row as for a missing patient: nothing in the trail says the record exists.
        (denied.Action, denied.EntityType, denied.PatientId, denied.UserId).ShouldBe((missed.Action, missed.EntityType, missed.PatientId, missed.UserId));
        denied.PatientId.ShouldBeNull();
    }

    [Fact]
    public async Task Saving_a_language_stores_it_bumps_the_version_and_audits_the_write()
    {
        var team = await database.TeamAsync(new PatientSeed("Lang", "Save"));
        var scope = PatientsDatabase.ScopeOf(team);

        var result = await database.ServiceFor(scope).UpdateLanguageAsync(team[0].Id, 1, "  Somali ", true, Ct);

        result.ShouldBe(new PatientChangeResult.Saved(2));
        await using var db = database.SystemDb();
        var stored = await db.Patients.AsNoTracking().SingleAsync(p => p.Id == team[0].Id, Ct);
        (stored.PreferredLanguage, stored.InterpreterNeeded, stored.Version).ShouldBe(("Somali", true, 2L));
        var audit = (await AuditOf(scope.Source)).ShouldHaveSingleItem();
        (audit.Action, audit.EntityType, audit.PatientId, audit.UserId).ShouldBe((AuditAction.Update, "Patient", team[0].Id, team.Member.Id.ToString()));
    }

    [Fact]
    public async Task Saving_publishes_exactly_one_event_after_the_change_is_committed()
    {
        var team = await database.TeamAsync(new PatientSeed("Lang", "Publish"));
        var patientId = team[0].Id;
        var seen = new ConcurrentQueue<(RealtimeEvent Event, string LanguageInDatabase, long VersionInDatabase)>();
        using var subscription = database.Bus.Subscribe(Topics.Patient(patientId), async e =>
        {
            // What another circuit would read the moment it hears of the change.
            await using var db = database.SystemDb();
            var now = await db.Patients.AsNoTracking().SingleAsync(p => p.Id == patientId);
            seen.Enqueue((e, now.PreferredLanguage, now.Version));
        });

        var result = await database.ServiceFor(PatientsDatabase.ScopeOf(team)).UpdateLanguageAsync(patientId, 1, "Tagalog", false, Ct);

        var saved = result.ShouldBeOfType<PatientChangeResult.Saved>();
        var (e, language, version) = seen.ShouldHaveSingleItem();
        e.Topic.ShouldBe(Topics.Patient(patientId));
        e.Kind.ShouldBe(PatientsEvents.PatientChanged);
        e.ResourceId.ShouldBe(patientId);
        e.Version.ShouldBe(saved.Version);
        version.ShouldBe(saved.Version);
        language.ShouldBe("Tagalog");
    }

    [Fact]
    public async Task A_stale_version_is_a_conflict_and_nothing_is_written_or_published()
    {
        var team = await database.TeamAsync(new PatientSeed("Lang", "Stale"));
        var patientId = team[0].Id;
        var first = PatientsDatabase.ScopeOf(team);
        (await database.ServiceFor(first).UpdateLanguageAsync(patientId, 1, "Spanish", false, Ct)).ShouldBeOfType<PatientChangeResult.Saved>();
        var second = PatientsDatabase.ScopeOf(team);
        var events = Listen(patientId);

        var result = await database.ServiceFor(second).UpdateLanguageAsync(patientId, 1, "French", true, Ct);

        result.ShouldBeOfType<PatientChangeResult.Conflict>().Message.ShouldContain("Someone else changed");
        await ShouldBeUnchanged(patientId, "Spanish", false, 2);
        (await AuditOf(second.Source)).ShouldBeEmpty();
        events.Seen.ShouldBeEmpty();
        events.Subscription.Dispose();
    }

    [Theory]
    [InlineData("", "Preferred language is required.")]
    [InlineData("   ", "Preferred language is required.")]
    [InlineData(null, "Preferred language is required.")]
    [InlineData("Lorem ipsum dolor sit amet, consectetur adipiscing elit", "Preferred language can be at most 50 characters (it has 55).")]
    public async Task An_invalid_language_is_refused_with_a_readable_message_and_nothing_is_written(string? language, string message)
    {
        var team = await database.TeamAsync(new PatientSeed("Lang", "Invalid"));
        var scope = PatientsDatabase.ScopeOf(team);
        var events = Listen(team[0].Id);

        var result = await database.ServiceFor(scope).UpdateLanguageAsync(team[0].Id, 1, language, true, Ct);

        result.ShouldBe(new PatientChangeResult.Invalid(message));
        await ShouldBeUnchanged(team[0].Id, "English", false, 1);
        (await AuditOf(scope.Source)).ShouldBeEmpty();
        events.Seen.ShouldBeEmpty();
        events.Subscription.Dispose();
    }

    [Fact]
    public async Task Changing_another_teams_patient_is_not_found_and_nothing_is_written_or_published()
    {
        var mine = await database.TeamAsync(new PatientSeed("Mine", "Changer"));
        var theirs = await database.TeamAsync(new PatientSeed("Theirs", "Changed"));
        var scope = PatientsDatabase.ScopeOf(mine);
        var events = Listen(theirs[0].Id);

        var result = await database.ServiceFor(scope).UpdateLanguageAsync(theirs[0].Id, 1, "Somali", true, Ct);

        result.ShouldBeOfType<PatientChangeResult.NotFound>();
        await ShouldBeUnchanged(theirs[0].Id, "English", false, 1);
        (await AuditOf(scope.Source)).ShouldHaveSingleItem().Action.ShouldBe(AuditAction.AccessDenied);
        events.Seen.ShouldBeEmpty();
        events.Subscription.Dispose();
    }

    private (IDisposable Subscription, ConcurrentQueue<RealtimeEvent> Seen) Listen(Guid patientId)
    {
        var seen = new ConcurrentQueue<RealtimeEvent>();
        var subscription = database.Bus.Subscribe(Topics.Patient(patientId), e =>
        {
            seen.Enqueue(e);
            return Task.CompletedTask;
        });
        return (subscription, seen);
    }

    private async Task<List<AuditEvent>> AuditOf(string source)
    {
        await using var db = database.SystemDb();
        return await db.AuditEvents.AsNoTracking().Where(a => a.Source == source).OrderBy(a => a.Id).ToListAsync(Ct);
    }

    private async Task ShouldBeUnchanged(Guid patientId, string language, bool interpreter, long version)
    {
        await using var db = database.SystemDb();
        var stored = await db.Patients.AsNoTracking().SingleAsync(p => p.Id == patientId, Ct);
        (stored.PreferredLanguage, stored.InterpreterNeeded, stored.Version).ShouldBe((language, interpreter, version));
    }
}
