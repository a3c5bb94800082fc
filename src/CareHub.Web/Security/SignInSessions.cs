using System.Collections.Concurrent;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace CareHub.Web.Security;

/// <summary>
/// Every sign-in is a session with its own id (claim <see cref="CareHubClaims.SessionId"/>, set when the cookie is
/// issued). This keeps, per session, when its person last did something on any of its screens (the tabs of one browser
/// share the cookie, so they share the session) and which sessions were ended by the idle logoff: the cookie of an
/// ended session is refused and deleted on its next request. In memory, per instance: circuits are sticky, so the
/// instance that ended a session is the one its browser comes back to.
/// </summary>
public sealed class SignInSessions(TimeProvider time)
{
    private readonly ConcurrentDictionary<string, DateTimeOffset> _lastActivity = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, DateTimeOffset> _ended = new(StringComparer.Ordinal);

    /// <summary>How long an ended session is remembered: longer than any cookie lives.</summary>
    public static readonly TimeSpan CookieLifetime = TimeSpan.FromHours(10);

    /// <summary>Real activity (or the sign-in itself) in the session now.</summary>
    public void Touch(string sessionId)
    {
        var now = time.GetUtcNow();
        _lastActivity.AddOrUpdate(sessionId, now, (_, last) => last > now ? last : now);
    }

    /// <summary>When the session's person last did something; <paramref name="fallback"/> when nothing was reported yet.</summary>
    public DateTimeOffset LastActivity(string sessionId, DateTimeOffset fallback) =>
        _lastActivity.TryGetValue(sessionId, out var last) ? last : fallback;

    public bool IsEnded(string sessionId) => _ended.ContainsKey(sessionId);

    /// <summary>Ends the session: its cookie is refused from now on.</summary>
    public void End(string sessionId)
    {
        var now = time.GetUtcNow();
        _ended[sessionId] = now;
        _lastActivity.TryRemove(sessionId, out _);
        foreach (var (id, at) in _ended)
        {
            if (now - at > CookieLifetime)
                _ended.TryRemove(id, out _);
        }
    }

    /// <summary>
    /// The cookie's events: a new session id on every sign-in; a cookie without one (issued before sessions existed) or
    /// of an ended session is refused and deleted, so the next page asks the person to sign in.
    /// </summary>
    public static void Attach(CookieAuthenticationEvents events)
    {
        var signingIn = events.OnSigningIn;
        events.OnSigningIn = async context =>
        {
            if (context.Principal?.Identity is ClaimsIdentity identity && !identity.HasClaim(c => c.Type == CareHubClaims.SessionId))
            {
                var sessionId = Guid.NewGuid().ToString("N");
                identity.AddClaim(new Claim(CareHubClaims.SessionId, sessionId));
                context.HttpContext.RequestServices.GetRequiredService<SignInSessions>().Touch(sessionId);
            }
            await signingIn(context);
        };
        var validate = events.OnValidatePrincipal;
        events.OnValidatePrincipal = async context =>
        {
            var sessionId = context.Principal?.GetSessionId();
            if (sessionId is null || context.HttpContext.RequestServices.GetRequiredService<SignInSessions>().IsEnded(sessionId))
            {
                context.RejectPrincipal();
                await context.HttpContext.SignOutAsync(context.Scheme.Name);
                return;
            }
            await validate(context);
        };
    }
}
