using System.Security.Claims;
using CareHub.Data;
using CareHub.Domain.Organization;
using CareHub.Tests.Infrastructure;
using CareHub.Web.Security;
using CareHub.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CareHub.Web.Tests.Security;

/// <summary>Entra ID accounts are matched to staff records by e-mail, so team access works as with the development sign-in.</summary>
[Collection(SharedServerCollection.Name)]
public sealed class StaffClaimsTransformationTests(SharedServer shared)
{
    private readonly CareHubServer _server = shared.Server;

    private StaffClaimsTransformation Transformation() =>
        new(_server.Services.GetRequiredService<DbContextOptions<CareHubDbContext>>());

    private static ClaimsPrincipal Entra(params Claim[] claims) => new(new ClaimsIdentity(claims, "AuthenticationTypes.Federation"));

    [Fact]
    public async Task An_account_whose_email_is_a_staff_members_gets_their_staff_id()
    {
        var (nurse, _) = await _server.DemoUserAsync(StaffRole.Nurse);

        var principal = await Transformation().TransformAsync(Entra(new Claim("preferred_username", nurse.Email.ToUpperInvariant())));

        principal.GetStaffId().ShouldBe(nurse.Id);
    }

    [Fact]
    public async Task An_account_with_no_staff_record_gets_no_staff_id_and_so_sees_no_patient()
    {
        var principal = await Transformation().TransformAsync(Entra(new Claim("preferred_username", "stranger@elsewhere.example")));

        principal.GetStaffId().ShouldBeNull();
    }

    [Fact]
    public async Task A_deactivated_staff_member_gets_no_staff_id()
    {
        var leaver = new Staff("Lee", "Gone", $"{Guid.NewGuid():N}@carehub.example", StaffRole.Physician, "Internal medicine");
        leaver.Deactivate();
        await using (var db = _server.SystemDb())
        {
            db.Staff.Add(leaver);
            await db.SaveChangesAsync(Xunit.TestContext.Current.CancellationToken);
        }

        var principal = await Transformation().TransformAsync(Entra(new Claim(ClaimTypes.Email, leaver.Email)));

        principal.GetStaffId().ShouldBeNull();
    }

    [Fact]
    public async Task An_anonymous_principal_is_left_alone()
    {
        var anonymous = new ClaimsPrincipal(new ClaimsIdentity([new Claim("preferred_username", "x@y.example")]));

        (await Transformation().TransformAsync(anonymous)).ShouldBeSameAs(anonymous);
    }
}
