using CareHub.Data;
using CareHub.Domain.Organization;
using CareHub.Domain.Referrals;
using CareHub.Web.Features.Referrals;
using CareHub.Web.Tests.Infrastructure;

namespace CareHub.Web.Tests.Features.Referrals;

/// <summary>The directory search on SQLite: text, type and domain filters, and closure rates from the user's teams only.</summary>
public sealed class CommunityResourceServiceTests(PatientsDatabase database) : IClassFixture<PatientsDatabase>
{
    private readonly ReferralTestBed _bed = new(database);

    private static CancellationToken Ct => ReferralTestBed.Ct;

    public static CommunityResourceService ServiceFor(ReferralTestBed bed, Staff staff)
    {
        var user = bed.UserFor(staff);
        return new CommunityResourceService(new CareHubDbContextFactory(bed.Database.Options, user), user);
    }

    /// <summary>A unique word, so tests sharing the database find only their own organisations.</summary>
    private static string Tag() => $"Zq{Guid.NewGuid():N}"[..12];

    public static async Task<List<CommunityResource>> AddResourcesAsync(PatientsDatabase database, params CommunityResource[] resources)
    {
        await using var db = database.SystemDb();
        db.CommunityResources.AddRange(resources);
        await db.SaveChangesAsync();
        return [.. resources];
    }

    public static CommunityResource Resource(string name, ReferralType type = ReferralType.CommunityOrganization, string services = "Emergency food boxes",
        SdohDomain domains = SdohDomain.Food, string languages = "English") =>
        new(name, type, services, domains, languages, "Mon-Fri 9:00-17:00", "(555) 010-0000", "1 Test St");

    private Referral Finished(TestTeam team, string destination, bool closeLoop, ReferralType type = ReferralType.Specialty,
        ReferralStatus end = ReferralStatus.Cancelled, Guid? owner = null)
    {
        var at = _bed.Clock.Now.AddDays(-5);
        var referral = new Referral(team[0].Id, team.Team.Id, owner ?? team.Member.Id, type, ReferralUrgency.Routine, destination, "Reason", at);
        referral.MoveTo(ReferralStatus.Requested, at, null, null);
        if (end == ReferralStatus.Failed)
            referral.MoveTo(ReferralStatus.Accepted, at.AddDays(1), null, null);
        referral.MoveTo(end, at.AddDays(1), null, null);
        if (closeLoop)
            referral.Reach(ReferralMilestone.LoopClosed, at.AddDays(2), null, null, outcome: ReferralOutcome.PatientDeclined);
        return referral;
    }

    [Fact]
    public async Task Search_matches_the_name_the_services_or_the_languages_in_any_case()
    {
        var tag = Tag();
        var team = await database.TeamAsync(new PatientSeed("Dir", "Ana"));
        await AddResourcesAsync(database,
            Resource($"{tag} Food Pantry"),
            Resource($"{tag} Rides", services: $"Rides to appointments {tag}x", domains: SdohDomain.Transportation),
            Resource($"{tag} Language Center", services: "Interpreting", languages: "English, Tigrinya", domains: SdohDomain.Language));
        var service = ServiceFor(_bed, team.Member);

        (await service.SearchAsync($"{tag.ToUpperInvariant()} food", null, null, Ct)).Select(r => r.Name).ShouldBe([$"{tag} Food Pantry"]);
        (await service.SearchAsync($"{tag}X", null, null, Ct)).Select(r => r.Name).ShouldBe([$"{tag} Rides"]);
        var byLanguage = await service.SearchAsync("tigrinya", null, null, Ct);
        byLanguage.Select(r => r.Name).ShouldContain($"{tag} Language Center");
        var all = await service.SearchAsync(tag, null, null, Ct);
        all.Select(r => r.Name).ShouldBe([$"{tag} Food Pantry", $"{tag} Language Center", $"{tag} Rides"]);
        var pantry = all[0];
        (pantry.Services, pantry.Domains, pantry.Languages, pantry.Hours, pantry.Phone, pantry.Address)
            .ShouldBe(("Emergency food boxes", SdohDomain.Food, "English", "Mon-Fri 9:00-17:00", "(555) 010-0000", "1 Test St"));
        (pantry.Finished, pantry.ClosedLoops, pantry.ClosureRate).ShouldBe((0, 0, (double?)null));
    }

    [Fact]
    public async Task Wildcards_in_the_text_are_taken_literally_and_a_too_long_text_finds_nothing()
    {
        var tag = Tag();
        var team = await database.TeamAsync(new PatientSeed("Dir", "Ben"));
        await AddResourcesAsync(database, Resource($"{tag} 100% Housing"), Resource($"{tag} 1000 Housing"));
        var service = ServiceFor(_bed, team.Member);

        (await service.SearchAsync($"{tag} 100%", null, null, Ct)).Select(r => r.Name).ShouldBe([$"{tag} 100% Housing"]);
        (await service.SearchAsync($"{tag} 1_0", null, null, Ct)).ShouldBeEmpty();
        (await service.SearchAsync(tag + new string('a', CommunityResourceService.MaxSearchLength), null, null, Ct)).ShouldBeEmpty();
    }

    [Fact]
    public async Task Type_and_domain_filter_and_inactive_organisations_are_left_out()
    {
        var tag = Tag();
        var team = await database.TeamAsync(new PatientSeed("Dir", "Cy"));
        var inactive = Resource($"{tag} Closed Pantry");
        inactive.Deactivate();
        await AddResourcesAsync(database,
            Resource($"{tag} Pantry", domains: SdohDomain.Food | SdohDomain.Financial),
            Resource($"{tag} Shelter", domains: SdohDomain.Housing | SdohDomain.Safety),
            Resource($"{tag} Counselling", ReferralType.BehavioralHealth, domains: SdohDomain.SocialIsolation),
            inactive);
        var service = ServiceFor(_bed, team.Member);

        (await service.SearchAsync(tag, ReferralType.BehavioralHealth, null, Ct)).Select(r => r.Name).ShouldBe([$"{tag} Counselling"]);
        (await service.SearchAsync(tag, ReferralType.CommunityOrganization, null, Ct)).Select(r => r.Name)
            .ShouldBe([$"{tag} Pantry", $"{tag} Shelter"]);
        (await service.SearchAsync(tag, null, SdohDomain.Financial, Ct)).Select(r => r.Name).ShouldBe([$"{tag} Pantry"]);
        (await service.SearchAsync(tag, ReferralType.CommunityOrganization, SdohDomain.Safety, Ct)).Select(r => r.Name).ShouldBe([$"{tag} Shelter"]);
        (await service.SearchAsync(tag, ReferralType.Specialty, null, Ct)).ShouldBeEmpty();
    }

    [Fact]
    public async Task At_most_twenty_are_returned()
    {
        var tag = Tag();
        var team = await database.TeamAsync(new PatientSeed("Dir", "Dee"));
        await AddResourcesAsync(database, [.. Enumerable.Range(0, 25).Select(i => Resource($"{tag} Org {i:D2}"))]);

        var found = await ServiceFor(_bed, team.Member).SearchAsync(tag, null, null, Ct);

        found.Count.ShouldBe(CommunityResourceService.MaxResults);
        found[0].Name.ShouldBe($"{tag} Org 00");
    }

    [Fact]
    public async Task The_closure_rate_counts_only_the_finished_referrals_of_the_users_teams_to_that_exact_name()
    {
        var tag = Tag();
        var name = $"{tag} Food Pantry";
        var team = await database.TeamAsync(new PatientSeed("Dir", "Eve"));
        var other = await database.TeamAsync(new PatientSeed("Dir", "Fay"));
        await AddResourcesAsync(database, Resource(name), Resource($"{tag} Quiet Place"));
        var open = new Referral(team[0].Id, team.Team.Id, team.Member.Id, ReferralType.CommunityOrganization, ReferralUrgency.Routine, name, "Reason",
            _bed.Clock.Now);
        await _bed.InsertAsync([
            Finished(team, name, closeLoop: true),
            Finished(team, name, closeLoop: true, end: ReferralStatus.Rejected),
            Finished(team, name, closeLoop: false, end: ReferralStatus.Failed),
            Finished(team, name + " Annex", closeLoop: true),
            open,
            // Another team's referrals to the same organisation do not count for this user.
            Finished(other, name, closeLoop: false),
            Finished(other, name, closeLoop: false),
        ]);

        var found = await ServiceFor(_bed, team.Member).SearchAsync(tag, null, null, Ct);

        var pantry = found.Single(r => r.Name == name);
        (pantry.Finished, pantry.ClosedLoops).ShouldBe((3, 2));
        pantry.ClosureRate.ShouldNotBeNull().ShouldBe(2.0 / 3, 1e-9);
        found.Single(r => r.Name == $"{tag} Quiet Place").ClosureRate.ShouldBeNull();
        var theirs = (await ServiceFor(_bed, other.Member).SearchAsync(tag, null, null, Ct)).Single(r => r.Name == name);
        (theirs.Finished, theirs.ClosedLoops, theirs.ClosureRate).ShouldBe((2, 0, (double?)0));
    }

    [Fact]
    public async Task A_sensitive_referral_counts_only_for_its_owner()
    {
        var tag = Tag();
        var name = $"{tag} Recovery";
        var team = await database.TeamAsync(new PatientSeed("Dir", "Gus"));
        var colleague = await _bed.AddMemberAsync(team, "Col", "League", StaffRole.Coordinator);
        var nurse = await _bed.AddMemberAsync(team, "Nur", "Se", StaffRole.Nurse);
        await AddResourcesAsync(database, Resource(name, ReferralType.SubstanceUseTreatment, domains: SdohDomain.None));
        await _bed.InsertAsync([Finished(team, name, closeLoop: true, ReferralType.SubstanceUseTreatment, owner: colleague.Id)]);

        (await ServiceFor(_bed, team.Member).SearchAsync(name, null, null, Ct)).Single().Finished.ShouldBe(0);
        (await ServiceFor(_bed, colleague).SearchAsync(name, null, null, Ct)).Single().Finished.ShouldBe(1);
        (await ServiceFor(_bed, nurse).SearchAsync(name, null, null, Ct)).Single().ClosedLoops.ShouldBe(0, "each referral has its own consent: a figure must not disclose one");
    }
}
