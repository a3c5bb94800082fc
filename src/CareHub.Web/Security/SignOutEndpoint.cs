using Microsoft.AspNetCore.Antiforgery;
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
            // Another site must not be able to sign a person out (or in: see DevelopmentSignIn).
            if (http.Features.Get<IAntiforgeryValidationFeature>() is not { IsValid: true })
                return Results.Text("The sign-out form was not sent by this CareHub page, or it has expired. Reload the page and try again.",
                    "text/plain; charset=utf-8", statusCode: StatusCodes.Status400BadRequest);

            await http.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            if (entraId)
            {
                return Results.SignOut(new AuthenticationProperties { RedirectUri = "/" },
                    [OpenIdConnectDefaults.AuthenticationScheme]);
            }
            return Results.LocalRedirect($"{DevelopmentSignIn.Path}?signedOut=1");
        }).WithMetadata(new RequireAntiforgeryTokenAttribute());
        return endpoints;
    }
}
