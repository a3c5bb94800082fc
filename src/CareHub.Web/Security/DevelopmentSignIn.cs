using System.Security.Claims;
using CareHub.Data;
using CareHub.Data.Access;
using CareHub.Domain.Organization;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.EntityFrameworkCore;

namespace CareHub.Web.Security;

/// <summary>A demo user offered by the development sign-in page.</summary>
public sealed record DemoUser(Guid StaffId, string Name, StaffRole Role, string Discipline, IReadOnlyList<string> Teams);

/// <summary>
/// The development sign-in (Development and Testing only, see docs/adr/0004): pick a demo user, get a cookie.
/// The posted staff id is checked against the database; nothing else from the form is trusted.
/// </summary>
public static class DevelopmentSignIn
{
    public const string Path = "/account/signin";

    /// <summary>Where the page posts to (a Razor page's own path also answers POSTs for its forms).</summary>
    public const string PostPath = "/account/signin/demo";

    public static async Task<IReadOnlyList<DemoUser>> ListUsersAsync(DbContextOptions<CareHubDbContext> options, CancellationToken cancellationToken)
    {
        await using var db = new CareHubDbContext(options, AccessScope.System("development-sign-in"));
        var staff = await db.Staff.AsNoTracking().Where(s => s.IsActive).ToListAsync(cancellationToken);
        var teams = await db.CareTeams.AsNoTracking().Include(t => t.Members).ToListAsync(cancellationToken);
        return [.. staff
            .Select(s => new DemoUser(s.Id, s.DisplayName, s.Role, s.Discipline,
                [.. teams.Where(t => t.Members.Any(m => m.StaffId == s.Id)).Select(t => t.Name).Order()]))
            .OrderBy(u => u.Teams.FirstOrDefault() ?? "~")
            .ThenBy(u => u.Role)
            .ThenBy(u => u.Name)];
    }

    public static IEndpointRouteBuilder MapDevelopmentSignIn(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost(PostPath, SignInAsync).AllowAnonymous().WithMetadata(new RequireAntiforgeryTokenAttribute());
        return endpoints;
    }

    private static async Task<IResult> SignInAsync(HttpContext http, DbContextOptions<CareHubDbContext> options)
    {
        // Without this check any site could sign a visitor in as a user of its choosing. The answer has a body, so
        // the status-code pages do not turn it into a redirect.
        if (http.Features.Get<IAntiforgeryValidationFeature>() is not { IsValid: true })
        {
            return Results.Text("The sign-in form was not sent by this CareHub page, or it has expired. Open the sign-in page again.",
                "text/plain; charset=utf-8", statusCode: StatusCodes.Status400BadRequest);
        }
        var form = await http.Request.ReadFormAsync(http.RequestAborted);
        var returnUrl = LocalOrHome(form["returnUrl"]);
        if (!Guid.TryParse(form["staffId"], out var staffId))
            return Results.Redirect($"{Path}?error=choose");

        await using var db = new CareHubDbContext(options, AccessScope.System("development-sign-in"));
        var staff = await db.Staff.AsNoTracking().FirstOrDefaultAsync(s => s.Id == staffId && s.IsActive, http.RequestAborted);
        if (staff is null)
            return Results.Redirect($"{Path}?error=unknown");

        var identity = new ClaimsIdentity(
            [
                new Claim(ClaimTypes.NameIdentifier, staff.Id.ToString()),
                new Claim(CareHubClaims.StaffId, staff.Id.ToString()),
                new Claim(ClaimTypes.Name, staff.DisplayName),
                new Claim(ClaimTypes.Email, staff.Email),
                new Claim(ClaimTypes.Role, staff.Role.ToString()),
            ],
            CookieAuthenticationDefaults.AuthenticationScheme);
        await http.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, new ClaimsPrincipal(identity));
        return Results.LocalRedirect(returnUrl);
    }

    public static string LocalOrHome(string? returnUrl) =>
        !string.IsNullOrEmpty(returnUrl) && returnUrl.StartsWith('/') && !returnUrl.StartsWith("//", StringComparison.Ordinal)
            && !returnUrl.StartsWith("/\\", StringComparison.Ordinal)
            ? returnUrl
            : "/";
}
