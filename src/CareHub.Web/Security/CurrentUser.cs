using System.Security.Claims;
using CareHub.Data;
using CareHub.Data.Access;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.EntityFrameworkCore;

namespace CareHub.Web.Security;

/// <summary>
/// The person behind the current circuit, hub call or HTTP request (scoped). The principal is set by whoever
/// owns the scope (<see cref="CircuitUserHandler"/>, <see cref="HttpUserMiddleware"/>, the hub filter), and the
/// user's care teams are read from the database, and read again when they are older than
/// <see cref="SecurityOptions.MembershipRefreshInterval"/> (a circuit lives for hours: a removed membership must end
/// in it too) or when <see cref="Invalidate"/> is called (a revocation announced on the bus). It is the
/// <see cref="IAccessScopeProvider"/> every <see cref="CareHubDbContext"/> of the scope is created with. After
/// <see cref="EndSession"/> (the idle logoff) it is nobody for good.
/// </summary>
public sealed class CurrentUser(DbContextOptions<CareHubDbContext> options, IServiceProvider services) : IAccessScopeProvider
{
    private readonly Lock _gate = new();
    private ClaimsPrincipal? _principal;
    private string _source = "unknown";
    private AccessScope? _scope;
    private DateTimeOffset _resolvedAt;
    private bool _ended;
    private TimeProvider? _time;
    private SecurityOptions? _options;

    private TimeProvider Time => _time ??= services.GetService<TimeProvider>() ?? TimeProvider.System;

    private SecurityOptions Options => _options ??= services.GetService<SecurityOptions>() ?? new SecurityOptions();

    public ClaimsPrincipal Principal
    {
        get
        {
            lock (_gate)
                return _principal ??= FromCircuit();
        }
    }

    public Guid? StaffId => Principal.Identity?.IsAuthenticated == true ? Principal.GetStaffId() : null;

    public string DisplayName => Principal.Identity?.Name ?? "Signed out";

    public string Source => _source;

    public AccessScope Current
    {
        get
        {
            lock (_gate)
            {
                var now = Time.GetUtcNow();
                if (_scope is null || now - _resolvedAt >= Options.MembershipRefreshInterval
                    || (_scope.EmergencyAccess.Count > 0 && now >= _scope.EmergencyAccess.Values.Min()))
                {
                    _scope = Resolve();
                    _resolvedAt = now;
                }
                return _scope;
            }
        }
    }

    /// <summary>True once the idle logoff ended this circuit's session.</summary>
    public bool SessionEnded
    {
        get
        {
            lock (_gate)
                return _ended;
        }
    }

    public void Set(ClaimsPrincipal principal, string source)
    {
        lock (_gate)
        {
            _principal = _ended ? Anonymous() : principal;
            _source = source;
            _scope = null;
        }
    }

    /// <summary>The next <see cref="Current"/> reads the care teams again (a membership was revoked).</summary>
    public void Invalidate()
    {
        lock (_gate)
            _scope = null;
    }

    /// <summary>Signed out (idle logoff): from now on this scope is nobody, whatever principal is set later.</summary>
    public void EndSession()
    {
        lock (_gate)
        {
            _ended = true;
            _principal = Anonymous();
            _scope = null;
        }
    }

    private static ClaimsPrincipal Anonymous() => new(new ClaimsIdentity());

    /// <summary>
    /// In a circuit the authentication state is known before any component runs; a component may still ask
    /// before <see cref="CircuitUserHandler"/> has run, so read it here too. Elsewhere: nobody (fail closed).
    /// </summary>
    private ClaimsPrincipal FromCircuit()
    {
        try
        {
            var state = services.GetService<AuthenticationStateProvider>()?.GetAuthenticationStateAsync();
            if (state is { IsCompletedSuccessfully: true })
                return state.Result.User;
        }
        catch (InvalidOperationException)
        {
            // Not a circuit: the authentication state was never set for this scope.
        }
        return Anonymous();
    }

    private AccessScope Resolve()
    {
        if (StaffId is not { } staffId)
            return AccessScope.Nobody(_source);
        using var db = new CareHubDbContext(options, AccessScope.System(_source));
        var teams = db.TeamMemberships.AsNoTracking()
            .Where(m => m.StaffId == staffId)
            .Join(db.Staff.Where(s => s.IsActive), m => m.StaffId, s => s.Id, (m, _) => m.TeamId)
            .ToList();
        // Emergency access (break-the-glass): the patients of the person's live grants, each until its grant ends.
        var now = Time.GetUtcNow();
        var grants = db.EmergencyAccessGrants.AsNoTracking()
            .Where(g => g.StaffId == staffId && g.ExpiresAt > now && db.Staff.Any(s => s.Id == staffId && s.IsActive))
            .Select(g => new { g.PatientId, g.ExpiresAt })
            .ToList();
        return new AccessScope(staffId.ToString(), teams, _source)
        {
            EmergencyAccess = grants.GroupBy(g => g.PatientId).ToDictionary(g => g.Key, g => g.Max(x => x.ExpiresAt)),
        };
    }
}
