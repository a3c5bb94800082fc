namespace CareHub.Data.Access;

/// <summary>
/// Who is asking, and which care teams' patients they may see. Every <see cref="CareHubDbContext"/> is
/// created for one scope, and its query filters answer every patient query through it: a patient of
/// another team is simply not there, exactly like one that does not exist (docs/adr/0006).
/// </summary>
public sealed record AccessScope
{
    public AccessScope(string userId, IReadOnlyCollection<Guid> teamIds, string source)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(userId);
        ArgumentException.ThrowIfNullOrWhiteSpace(source);
        UserId = userId;
        TeamIds = [.. teamIds.Distinct()];
        Source = source;
    }

    /// <summary>The user's stable id (the staff id, or the Entra object id).</summary>
    public string UserId { get; }

    public IReadOnlyList<Guid> TeamIds { get; }

    /// <summary>The circuit, hub connection or request the work comes from (written on audit rows).</summary>
    public string Source { get; }

    /// <summary>Only system work (migration, seeding, feeds) sees every team; never a signed-in user.</summary>
    public bool IsSystem { get; private init; }

    /// <summary>False only while synthetic demo data is loaded (one summary row is written instead).</summary>
    public bool AuditsWrites { get; private init; } = true;

    public bool IsMemberOf(Guid teamId) => IsSystem || TeamIds.Contains(teamId);

    /// <summary>
    /// Patients outside the user's teams opened by emergency access (break-the-glass), each with the end of its grant.
    /// The query filters admit exactly these patients' records besides the teams' (and reads of them are audited as
    /// emergency reads); the scope is read again when the first grant ends.
    /// </summary>
    public IReadOnlyDictionary<Guid, DateTimeOffset> EmergencyAccess { get; init; } = NoEmergencyAccess;

    public bool HasEmergencyAccessTo(Guid patientId) => EmergencyAccess.ContainsKey(patientId);

    private static readonly IReadOnlyDictionary<Guid, DateTimeOffset> NoEmergencyAccess = new Dictionary<Guid, DateTimeOffset>();

    /// <summary>Sees nothing: what a context gets when nobody is signed in (fail closed).</summary>
    public static AccessScope Nobody(string source) => new("anonymous", [], source);

    public static AccessScope System(string source) => new("system", [], source) { IsSystem = true };

    /// <summary>Loads synthetic demo data: no patient is real, so no row-by-row audit of the load.</summary>
    public static AccessScope DemoDataLoad() => new("system", [], "demo-data") { IsSystem = true, AuditsWrites = false };
}

/// <summary>Gives the scope of the current circuit, hub call or request.</summary>
public interface IAccessScopeProvider
{
    AccessScope Current { get; }
}

/// <summary>A provider for one fixed scope: background work and tests.</summary>
public sealed class FixedAccessScopeProvider(AccessScope scope) : IAccessScopeProvider
{
    public AccessScope Current { get; } = scope;
}
