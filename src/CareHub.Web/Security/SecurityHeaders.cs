using System.Security.Cryptography;

namespace CareHub.Web.Security;

/// <summary>
/// The browser-side safeguards on every response: a Content-Security-Policy (scripts only from CareHub itself, plus the
/// one inline import map by a per-request nonce; no plugins, no framing, forms and connections to CareHub only), no
/// MIME sniffing, no referrer, no framing, no camera, microphone or location, and <c>Cache-Control: no-store</c> on
/// everything that does not set its own caching (every page and download may hold patient data; static assets keep
/// theirs). HSTS and the HTTPS redirect are added outside Development and Testing (see PipelineComposition).
/// </summary>
public sealed class SecurityHeadersMiddleware(RequestDelegate next)
{
    /// <summary>The key of the request's script nonce in <see cref="HttpContext.Items"/> (App.razor puts it on the import map).</summary>
    public const string NonceKey = "carehub.csp-nonce";

    public Task InvokeAsync(HttpContext context)
    {
        var nonce = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
        context.Items[NonceKey] = nonce;
        context.Response.OnStarting(() =>
        {
            var headers = context.Response.Headers;
            headers.ContentSecurityPolicy = Policy(nonce);
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "no-referrer";
            headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=(), payment=()";
            if (string.IsNullOrEmpty(headers.CacheControl))
                headers.CacheControl = "no-store";
            return Task.CompletedTask;
        });
        return next(context);
    }

    /// <summary>The policy: MudBlazor sets style attributes, so styles allow inline; scripts never do.</summary>
    public static string Policy(string nonce) =>
        "default-src 'self'; " +
        $"script-src 'self' 'nonce-{nonce}'; " +
        "style-src 'self' 'unsafe-inline'; " +
        "img-src 'self' data:; " +
        "font-src 'self' data:; " +
        "connect-src 'self'; " +
        "object-src 'none'; " +
        "base-uri 'self'; " +
        "form-action 'self'; " +
        "frame-ancestors 'none'";

    /// <summary>The nonce of the current request (null outside a request).</summary>
    public static string? NonceOf(HttpContext? context) => context?.Items[NonceKey] as string;
}
