using CareHub.Data;
using CareHub.Data.Access;
using CareHub.Domain.Organization;
using Microsoft.EntityFrameworkCore;

namespace CareHub.Web.Security;

/// <summary>What the user menu shows about the signed-in person.</summary>
public sealed record UserProfile(string Name, string Initials, StaffRole Role, string Discipline, IReadOnlyList<string> Teams)
{
    public string RoleName => StaffText.Role(Role);
}

public sealed class UserProfiles(CurrentUser currentUser, DbContextOptions<CareHubDbContext> options)
{
    public async Task<UserProfile?> GetCurrentAsync(CancellationToken cancellationToken)
    {
        if (currentUser.StaffId is not { } staffId)
            return null;
        var scope = currentUser.Current;
        await using var db = new CareHubDbContext(options, AccessScope.System(scope.Source));
        var staff = await db.Staff.AsNoTracking().FirstOrDefaultAsync(s => s.Id == staffId, cancellationToken);
        if (staff is null)
            return null;
        var teams = await db.CareTeams.AsNoTracking().Where(t => scope.TeamIds.Contains(t.Id)).OrderBy(t => t.Name)
            .Select(t => t.Name).ToListAsync(cancellationToken);
        return new UserProfile(staff.DisplayName, $"{staff.GivenName[0]}{staff.FamilyName[0]}", staff.Role, staff.Discipline, teams);
    }
}
