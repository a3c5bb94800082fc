using System.Security.Claims;
using CareHub.Data;
using CareHub.Domain.Organization;
using CareHub.Tests.Infrastructure;
using CareHub.Web.Security;
using CareHub.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CareHub.Web.Tests.Security;

/// <summary>The scope every context of a circuit or request is created with, read from the real database.</summary>
[Collection(SharedServerCollection.Name)]
public sealed class CurrentUserTests(SharedServer shared)
{
    private readonly CareHubServer _server = shared.Server;

    [Fact]
    public async Task A_signed_in_user_sees_exactly_the_teams_they_belong_to()
    {
        var (nurse, team) = await _server.DemoUserAsync(StaffRole.Nurse);
        using var scope = _server.Services.CreateScope();
        var user = scope.ServiceProvider.GetRequiredService<CurrentUser>();

        user.Set(PatientsDatabase.Principal(nurse), "circuit:abc");

        user.StaffId.ShouldBe(nurse.Id);
        user.Current.UserId.ShouldBe(nurse.Id.ToString());
        user.Current.TeamIds.ShouldBe([team.Id]);
        user.Current.Source.ShouldBe("circuit:abc");
        user.Current.IsSystem.ShouldBeFalse();
    }

    [Fact]
    public void Nobody_signed_in_sees_no_team()
    {
        using var scope = _server.Services.CreateScope();
        var user = scope.ServiceProvider.GetRequiredService<CurrentUser>();

        user.Set(new ClaimsPrincipal(new ClaimsIdentity()), "http:1");

        user.StaffId.ShouldBeNull();
        user.Current.TeamIds.ShouldBeEmpty();
        user.Current.UserId.ShouldBe("anonymous");
        user.Current.IsSystem.ShouldBeFalse();
    }

    [Fact]
    public void A_staff_id_claim_without_an_authenticated_identity_is_not_trusted()
    {
        using var scope = _server.Services.CreateScope();
        var user = scope.ServiceProvider.GetRequiredService<CurrentUser>();

        user.Set(new ClaimsPrincipal(new ClaimsIdentity([new Claim(CareHubClaims.StaffId, Guid.NewGuid().ToString())])), "http:2");

        user.StaffId.ShouldBeNull();
        user.Current.TeamIds.ShouldBeEmpty();
    }

    [Fact]
    public async Task A_deactivated_member_sees_no_team()
    {
        var leaver = new Staff("Lee", "Leaving", $"{Guid.NewGuid():N}@carehub.example", StaffRole.Coordinator, "Care coordination");
        var (_, team) = await _server.DemoUserAsync(StaffRole.Coordinator);
        await using (var db = _server.SystemDb())
        {
            db.Staff.Add(leaver);
            (await db.CareTeams.SingleAsync(t => t.Id == team.Id, Xunit.TestContext.Current.CancellationToken)).AddMember(leaver);
            leaver.Deactivate();
            await db.SaveChangesAsync(Xunit.TestContext.Current.CancellationToken);
        }
        using var scope = _server.Services.CreateScope();
        var user = scope.ServiceProvider.GetRequiredService<CurrentUser>();

        user.Set(PatientsDatabase.Principal(leaver), "circuit:leaver");

        user.Current.TeamIds.ShouldBeEmpty();
    }

    [Fact]
    public async Task Setting_another_principal_replaces_the_scope()
    {
        var (first, firstTeam) = await _server.DemoUserAsync(StaffRole.Coordinator);
        using var scope = _server.Services.CreateScope();
        var user = scope.ServiceProvider.GetRequiredService<CurrentUser>();
        user.Set(PatientsDatabase.Principal(first), "circuit:1");
        user.Current.TeamIds.ShouldBe([firstTeam.Id]);

        user.Set(new ClaimsPrincipal(new ClaimsIdentity()), "circuit:1");

        user.Current.TeamIds.ShouldBeEmpty();
    }

    [Fact]
    public async Task The_context_factory_of_a_scope_sees_only_the_users_patients()
    {
        var (coordinator, team) = await _server.DemoUserAsync(StaffRole.Coordinator);
        using var scope = _server.Services.CreateScope();
        scope.ServiceProvider.GetRequiredService<CurrentUser>().Set(PatientsDatabase.Principal(coordinator), "circuit:x");
        var factory = scope.ServiceProvider.GetRequiredService<IDbContextFactory<CareHubDbContext>>();

        await using var db = await factory.CreateDbContextAsync(Xunit.TestContext.Current.CancellationToken);
        var visible = await db.Patients.Select(p => p.Id).ToListAsync(Xunit.TestContext.Current.CancellationToken);

        await using var system = _server.SystemDb();
        var ofTeam = await system.PatientTeams.Where(t => t.TeamId == team.Id).Select(t => t.PatientId).Distinct()
            .ToListAsync(Xunit.TestContext.Current.CancellationToken);
        visible.ShouldNotBeEmpty();
        visible.ShouldBe(ofTeam, ignoreOrder: true);
        (await system.Patients.CountAsync(Xunit.TestContext.Current.CancellationToken)).ShouldBeGreaterThan(visible.Count);
    }
}
