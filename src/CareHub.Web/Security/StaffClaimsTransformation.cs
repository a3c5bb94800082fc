using System.Security.Claims;
using CareHub.Data;
using CareHub.Data.Access;
using Microsoft.AspNetCore.Authentication;
using Microsoft.EntityFrameworkCore;

namespace CareHub.Web.Security;

/// <summary>
/// Entra ID: maps the signed-in account to its staff record by e-mail (preferred_username), so that team
/// access works the same as with the development sign-in. An account with no staff record sees no patients.
/// </summary>
public sealed class StaffClaimsTransformation(DbContextOptions<CareHubDbContext> options) : IClaimsTransformation
{
    public async Task<ClaimsPrincipal> TransformAsync(ClaimsPrincipal principal)
    {
        if (principal.Identity?.IsAuthenticated != true || principal.HasClaim(c => c.Type == CareHubClaims.StaffId))
            return principal;
        var email = (principal.FindFirstValue("preferred_username") ?? principal.FindFirstValue(ClaimTypes.Email))?.ToLowerInvariant();
        if (string.IsNullOrEmpty(email))
            return principal;
        await using var db = new CareHubDbContext(options, AccessScope.System("entra-sign-in"));
        var staffId = await db.Staff.AsNoTracking().Where(s => s.Email == email && s.IsActive).Select(s => (Guid?)s.Id).FirstOrDefaultAsync();
        if (staffId is null)
            return principal;
        var clone = principal.Clone();
        ((ClaimsIdentity)clone.Identity!).AddClaim(new Claim(CareHubClaims.StaffId, staffId.Value.ToString()));
        return clone;
    }
}
