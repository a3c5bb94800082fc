using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;

namespace CareHub.Web.Security;

public static class SignOutEndpoint
{
    public const string Path = "/account/signout";

    public static IEndpointRouteBuilder MapCareHubSignOut(this IEndpointRouteBuilder endpoints, bool entraId)
    {
        endpoints.MapPost(Path, async (HttpContext http) =>
        {
            await http.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            if (entraId)
            {
                return Results.SignOut(new AuthenticationProperties { RedirectUri = "/" },
                    [OpenIdConnectDefaults.AuthenticationScheme]);
            }
            return Results.LocalRedirect($"{DevelopmentSignIn.Path}?signedOut=1");
        });
        return endpoints;
    }
}
