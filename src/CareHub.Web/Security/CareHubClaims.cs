using System.Security.Claims;

namespace CareHub.Web.Security;

/// <summary>The claims CareHub reads. Teams are not claims: they are read from the database, so a change applies without signing in again.</summary>
public static class CareHubClaims
{
    /// <summary>The staff id (Guid) of the signed-in person, set by the development sign-in or mapped from Entra ID.</summary>
    public const string StaffId = "carehub/staff_id";

    /// <summary>The id of one sign-in (see <see cref="SignInSessions"/>): what the idle logoff ends.</summary>
    public const string SessionId = "carehub/session_id";

    public static string? GetSessionId(this ClaimsPrincipal principal) =>
        principal.FindFirstValue(SessionId) is { Length: > 0 } id ? id : null;

    public static Guid? GetStaffId(this ClaimsPrincipal principal) =>
        Guid.TryParse(principal.FindFirstValue(StaffId), out var id) ? id : null;
}
