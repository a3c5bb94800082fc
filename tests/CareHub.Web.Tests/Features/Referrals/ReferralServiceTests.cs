using CareHub.Domain.Audit;
using CareHub.Domain.Organization;
using CareHub.Domain.Referrals;
using CareHub.Web.Features.Referrals;
using CareHub.Web.Tests.Infrastructure;

namespace CareHub.Web.Tests.Features.Referrals;

/// <summary>Creating and changing referrals through the service, its timeline, and what it publishes.</summary>
public sealed class ReferralServiceTests(PatientsDatabase database) : IClassFixture<PatientsDatabase>
{
    private readonly ReferralTestBed _bed = new(database);

    private static CancellationToken Ct => ReferralTestBed.Ct;

    [Fact]
    public async Task A_draft_is_saved_without_clocks_owned_by_the_user_and_published()
    {
        var team = await database.TeamAsync(new PatientSeed("Draft", "Dora"));
        using var events = _bed.Listen(team.Team.Id);

        var id = await _bed.CreateAsync(team, ReferralTestBed.Specialty(team, send: false));

        var stored = await _bed.ReferralAsync(id);
        stored.Status.ShouldBe(ReferralStatus.Draft);
        stored.OwnerId.ShouldBe(team.Member.Id);
        stored.RequestedAt.ShouldBeNull();
        stored.NextDueOn.ShouldBeNull();
        stored.Events.ShouldHaveSingleItem().Kind.ShouldBe(ReferralEventKind.Created);
        var published = events.Events.ShouldHaveSingleItem();
        (published.Kind, published.ResourceId, published.Version, published.ItemId).ShouldBe((ReferralsEvents.Changed, id, stored.Version, (Guid?)null));
    }

    [Fact]
    public async Task A_sent_referral_starts_its_clocks_and_plans_the_next_due_day()
    {
        var team = await database.TeamAsync(new PatientSeed("Sent", "Sam"));

        var id = await _bed.CreateAsync(team, ReferralTestBed.Specialty(team) with { Note = "Please see within two weeks." });

        var stored = await _bed.ReferralAsync(id);
        stored.Status.ShouldBe(ReferralStatus.Requested);
        stored.RequestedAt.ShouldBe(_bed.Clock.Now);
        // Routine specialty: accepted within 3 business days of Monday 2 March.
        stored.NextDueOn.ShouldBe(new DateOnly(2026, 3, 5));
        stored.NextDueStage.ShouldBe(ReferralClockStage.Acceptance);
        stored.Events.Single(e => e.Kind == ReferralEventKind.StatusChanged).Note.ShouldBe("Please see within two weeks.");
    }

    [Fact]
    public async Task A_community_referral_without_consent_is_refused_with_the_domains_message_and_nothing_is_saved()
    {
        var team = await database.TeamAsync(new PatientSeed("Food", "Fay"));
        using var events = _bed.Listen(team.Team.Id);

        var result = await _bed.ServiceFor(team.Member).CreateAsync(new NewReferral(team[0].Id, team.Team.Id, ReferralType.CommunityOrganization,
            ReferralUrgency.Routine, "Eastside Food Pantry", "Food insecurity") { Send = true }, Ct);

        result.ShouldBe(new ReferralResult.Invalid(
            "Record the patient's consent and whether they want help before sending a referral to a community organisation."));
        (await _bed.ReferralCountAsync(team[0].Id)).ShouldBe(0);
        events.Events.ShouldBeEmpty();
    }

    [Fact]
    public async Task A_community_referral_with_consent_is_sent_with_the_consent_on_its_timeline()
    {
        var team = await database.TeamAsync(new PatientSeed("Food", "Flo"));

        var id = await _bed.CreateAsync(team, new NewReferral(team[0].Id, team.Team.Id, ReferralType.CommunityOrganization,
            ReferralUrgency.Routine, "Eastside Food Pantry", "Food insecurity") { Send = true, ConsentGiven = true, PatientWantsHelp = true });

        var stored = await _bed.ReferralAsync(id);
        stored.Status.ShouldBe(ReferralStatus.Requested);
        stored.PatientWantsHelp.ShouldBe(true);
        var detail = (await _bed.ServiceFor(team.Member).GetAsync(id, Ct)).ShouldNotBeNull();
        detail.Timeline.Select(t => t.What).ShouldBe(["Created as a draft", "Consent recorded", "Sent (requested)"]);
        detail.NeedsConsent.ShouldBeTrue();
    }

    [Fact]
    public async Task An_owner_who_is_not_on_the_team_is_refused()
    {
        var team = await database.TeamAsync(new PatientSeed("Owner", "Olga"));
        var other = await database.TeamAsync();

        var result = await _bed.ServiceFor(team.Member).CreateAsync(ReferralTestBed.Specialty(team) with { OwnerId = other.Member.Id }, Ct);

        result.ShouldBe(new ReferralResult.Invalid($"{other.Member.DisplayName} is not on this team."));
        (await _bed.ReferralCountAsync(team[0].Id)).ShouldBe(0);
    }

    [Fact]
    public async Task A_patient_of_another_team_reads_like_a_random_id_and_is_audited()
    {
        var mine = await database.TeamAsync(new PatientSeed("Mine", "Mia"));
        var theirs = await database.TeamAsync(new PatientSeed("Theirs", "Tom"));
        var theirSource = ReferralTestBed.NewSource();
        var randomSource = ReferralTestBed.NewSource();

        var other = await _bed.ServiceFor(mine.Member, theirSource).CreateAsync(ReferralTestBed.Specialty(theirs) with { TeamId = mine.Team.Id }, Ct);
        var onTheirTeam = await _bed.ServiceFor(mine.Member).CreateAsync(ReferralTestBed.Specialty(theirs), Ct);
        var random = await _bed.ServiceFor(mine.Member, randomSource).CreateAsync(
            ReferralTestBed.Specialty(mine) with { PatientId = Guid.NewGuid() }, Ct);

        other.ShouldBe(random);
        onTheirTeam.ShouldBe(random);
        random.ShouldBeOfType<ReferralResult.NotFound>();
        (await _bed.ReferralCountAsync(theirs[0].Id)).ShouldBe(0);
        var audit = (await _bed.AuditOfAsync(theirSource)).ShouldHaveSingleItem();
        (audit.Action, audit.EntityId, audit.PatientId).ShouldBe((AuditAction.AccessDenied, theirs[0].Id, (Guid?)null));
        (await _bed.AuditOfAsync(randomSource)).ShouldHaveSingleItem().Action.ShouldBe(AuditAction.AccessDenied);
    }

    [Fact]
    public async Task A_change_against_an_old_version_is_refused_as_stale_and_changes_nothing()
    {
        var team = await database.TeamAsync(new PatientSeed("Stale", "Stan"));
        var id = await _bed.CreateAsync(team, ReferralTestBed.Specialty(team));
        var version = await _bed.VersionAsync(id);
        var colleague = await _bed.AddMemberAsync(team, "Cole", "League", StaffRole.Nurse);
        (await _bed.ServiceFor(colleague).MoveAsync(id, version, ReferralStatus.Received, null, Ct)).ShouldBeOfType<ReferralResult.Saved>();
        using var events = _bed.Listen(team.Team.Id);

        var result = await _bed.ServiceFor(team.Member).MoveAsync(id, version, ReferralStatus.Accepted, null, Ct);

        result.ShouldBe(new ReferralResult.Stale("Someone else changed this referral a moment ago; it has been reloaded. Check it and try again."));
        (await _bed.ReferralAsync(id)).Status.ShouldBe(ReferralStatus.Received);
        events.Events.ShouldBeEmpty();
    }

    [Fact]
    public async Task A_move_the_life_cycle_refuses_comes_back_invalid_with_the_domains_message()
    {
        var team = await database.TeamAsync(new PatientSeed("Rule", "Rita"));
        var id = await _bed.CreateAsync(team, ReferralTestBed.Specialty(team, send: false));

        var result = await _bed.ServiceFor(team.Member).MoveAsync(id, await _bed.VersionAsync(id), ReferralStatus.Completed, null, Ct);

        result.ShouldBe(new ReferralResult.Invalid("A referral that is draft cannot become completed."));
    }

    [Fact]
    public async Task The_whole_loop_through_the_service_is_on_the_timeline_with_an_event_per_change()
    {
        var team = await database.TeamAsync(new PatientSeed("Loop", "Lena"));
        var service = _bed.ServiceFor(team.Member);
        using var events = _bed.Listen(team.Team.Id);
        var id = await _bed.CreateAsync(team, ReferralTestBed.Specialty(team));
        var appointment = new DateTimeOffset(2026, 3, 12, 15, 30, 0, TimeSpan.Zero);

        async Task Step(Func<long, Task<ReferralResult>> change)
        {
            _bed.Clock.Advance(TimeSpan.FromHours(2));
            var version = await _bed.VersionAsync(id);
            var saved = (await change(version)).ShouldBeOfType<ReferralResult.Saved>();
            saved.Version.ShouldBe(version + 1);
        }

        await Step(v => service.MoveAsync(id, v, ReferralStatus.Accepted, "Accepted by fax", Ct));
        await Step(v => service.ReachAsync(id, v, ReferralMilestone.AppointmentScheduled, appointment, null, null, Ct));
        await Step(v => service.MoveAsync(id, v, ReferralStatus.InProgress, null, Ct));
        await Step(v => service.ReachAsync(id, v, ReferralMilestone.PatientSeen, null, null, null, Ct));
        await Step(v => service.ReachAsync(id, v, ReferralMilestone.ResultReceived, null, null, "Consult note scanned", Ct));
        await Step(v => service.MoveAsync(id, v, ReferralStatus.Completed, null, Ct));
        await Step(v => service.ReachAsync(id, v, ReferralMilestone.LoopClosed, null, ReferralOutcome.ServiceProvided, null, Ct));

        var detail = (await service.GetAsync(id, Ct)).ShouldNotBeNull();
        detail.Timeline.Select(t => t.What).ShouldBe([
            "Created as a draft", "Sent (requested)", "Accepted", "Appointment scheduled for 12 Mar 2026", "In progress", "Patient seen",
            "Result received", "Completed", "Loop closed: service provided",
        ]);
        detail.Timeline.ShouldAllBe(t => t.By == team.Member.DisplayName);
        detail.Timeline[2].Note.ShouldBe("Accepted by fax");
        detail.Row.LoopClosed.ShouldBeTrue();
        detail.Row.Outcome.ShouldBe(ReferralOutcome.ServiceProvided);
        detail.Row.Worst.ShouldBeNull();
        detail.AllowedMilestones.ShouldBeEmpty();
        detail.AllowedMoves.ShouldBe([ReferralStatus.EnteredInError]);
        detail.LoopClosedAt.ShouldBe(_bed.Clock.Now);
        (await _bed.ReferralAsync(id)).NextDueOn.ShouldBeNull();

        var stored = await _bed.ReferralAsync(id);
        events.Events.Count.ShouldBe(8);
        events.Events.Select(e => e.Version).ShouldBe([1L, 2, 3, 4, 5, 6, 7, 8]);
        events.Events[^1].Version.ShouldBe(stored.Version);
        events.Events.ShouldAllBe(e => e.ResourceId == id && e.Kind == ReferralsEvents.Changed && e.ItemId == null);
    }

    [Fact]
    public async Task The_detail_offers_only_the_moves_and_milestones_the_rules_allow()
    {
        var team = await database.TeamAsync(new PatientSeed("Allowed", "Al"));
        var service = _bed.ServiceFor(team.Member);
        var community = await _bed.CreateAsync(team, new NewReferral(team[0].Id, team.Team.Id, ReferralType.CommunityOrganization,
            ReferralUrgency.Routine, "RideWell Transportation", "No transportation"));
        var accepted = await _bed.CreateAsync(team, ReferralTestBed.Specialty(team));
        (await service.MoveAsync(accepted, await _bed.VersionAsync(accepted), ReferralStatus.Accepted, null, Ct)).ShouldBeOfType<ReferralResult.Saved>();

        var draft = (await service.GetAsync(community, Ct)).ShouldNotBeNull();
        var acceptedDetail = (await service.GetAsync(accepted, Ct)).ShouldNotBeNull();

        draft.AllowedMoves.ShouldBe([ReferralStatus.Cancelled, ReferralStatus.EnteredInError]);
        draft.AllowedMilestones.ShouldBeEmpty();
        acceptedDetail.AllowedMoves.ShouldBe([ReferralStatus.InProgress, ReferralStatus.OnHold, ReferralStatus.Failed, ReferralStatus.Cancelled,
            ReferralStatus.EnteredInError], ignoreOrder: true);
        acceptedDetail.AllowedMilestones.ShouldBe([ReferralMilestone.AppointmentScheduled]);

        (await service.RecordConsentAsync(community, await _bed.VersionAsync(community), true, null, Ct)).ShouldBeOfType<ReferralResult.Saved>();
        (await service.GetAsync(community, Ct)).ShouldNotBeNull().AllowedMoves.ShouldContain(ReferralStatus.Requested);
    }

    [Fact]
    public async Task Reassigning_needs_an_active_member_of_the_referrals_team_and_names_the_new_owner()
    {
        var team = await database.TeamAsync(new PatientSeed("Hand", "Hal"));
        var other = await database.TeamAsync();
        var colleague = await _bed.AddMemberAsync(team, "Nora", "Nurse", StaffRole.Nurse);
        var id = await _bed.CreateAsync(team, ReferralTestBed.Specialty(team));
        var service = _bed.ServiceFor(team.Member);

        _bed.Clock.Advance(TimeSpan.FromMinutes(5));

        var refused = await service.ReassignAsync(id, await _bed.VersionAsync(id), other.Member.Id, null, Ct);
        var saved = await service.ReassignAsync(id, await _bed.VersionAsync(id), colleague.Id, "Nora knows the clinic", Ct);

        refused.ShouldBe(new ReferralResult.Invalid($"{other.Member.DisplayName} is not on this team."));
        saved.ShouldBeOfType<ReferralResult.Saved>();
        var detail = (await service.GetAsync(id, Ct)).ShouldNotBeNull();
        detail.Row.OwnerId.ShouldBe(colleague.Id);
        detail.Row.OwnerName.ShouldBe("Nora Nurse");
        detail.Timeline[^1].What.ShouldBe("Reassigned to Nora Nurse");
        detail.Timeline[^1].Note.ShouldBe("Nora knows the clinic");
    }

    [Fact]
    public async Task Reading_a_referral_is_audited_with_its_patient()
    {
        var team = await database.TeamAsync(new PatientSeed("Audit", "Ava"));
        var id = await _bed.CreateAsync(team, ReferralTestBed.Specialty(team));
        var source = ReferralTestBed.NewSource();

        await _bed.ServiceFor(team.Member, source).GetAsync(id, Ct);

        var audit = (await _bed.AuditOfAsync(source)).ShouldHaveSingleItem();
        (audit.Action, audit.EntityType, audit.PatientId, audit.EntityId).ShouldBe((AuditAction.Read, "Referral", (Guid?)team[0].Id, (Guid?)id));
    }

    [Fact]
    public async Task Owners_are_the_active_members_of_the_users_team_only()
    {
        var team = await database.TeamAsync();
        var other = await database.TeamAsync();
        var nurse = await _bed.AddMemberAsync(team, "Ann", "Active", StaffRole.Nurse);

        var owners = await _bed.ServiceFor(team.Member).OwnersAsync(team.Team.Id, Ct);
        var theirs = await _bed.ServiceFor(team.Member).OwnersAsync(other.Team.Id, Ct);

        owners.Select(o => o.StaffId).ShouldBe([nurse.Id, team.Member.Id], ignoreOrder: true);
        theirs.ShouldBeEmpty();
        (await _bed.ServiceFor(team.Member).MyTeamsAsync(Ct)).ShouldBe([new ReferralTeam(team.Team.Id, team.Team.Name)]);
    }

    [Fact]
    public async Task Patients_are_found_by_family_name_given_name_both_or_MRN_with_the_users_teams()
    {
        var mrn = PatientsDatabase.NewMrn();
        var family = $"Quill{Guid.NewGuid():N}"[..12];
        var team = await database.TeamAsync(new PatientSeed(family, "Quentin", mrn), new PatientSeed(family, "Ursula"));
        var other = await database.TeamAsync(new PatientSeed(family, "Hidden"));
        var service = _bed.ServiceFor(team.Member);

        (await service.FindPatientsAsync(family, Ct)).Select(p => p.Name).ShouldBe([$"{family}, Quentin", $"{family}, Ursula"]);
        (await service.FindPatientsAsync($"  {family.ToUpperInvariant()} ,  urs ", Ct)).ShouldHaveSingleItem().Name.ShouldBe($"{family}, Ursula");
        var byMrn = (await service.FindPatientsAsync(mrn, Ct)).ShouldHaveSingleItem();
        byMrn.Mrn.ShouldBe(mrn);
        byMrn.Teams.ShouldBe([new ReferralTeam(team.Team.Id, team.Team.Name)]);
        (await service.FindPatientsAsync("", Ct)).ShouldBeEmpty();
        (await service.FindPatientsAsync(new string('a', 101), Ct)).ShouldBeEmpty();
        (await _bed.ServiceFor(other.Member).FindPatientsAsync(family, Ct)).ShouldHaveSingleItem().Name.ShouldBe($"{family}, Hidden");
    }
}
