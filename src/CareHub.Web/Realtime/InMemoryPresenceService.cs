namespace CareHub.Web.Realtime;

/// <summary>
/// Presence for one instance, in memory. One lock guards two indexes (resource to memberships, connection to its
/// memberships and last heartbeat); both drop a key with its last membership, so churn does not grow memory. Changes
/// are announced on the bus after the lock is released.
/// </summary>
public sealed class InMemoryPresenceService(IRealtimeBus bus, TimeProvider clock, PresenceOptions options,
    ILogger<InMemoryPresenceService> logger) : IPresenceService
{
    public const string ChangedKind = "presence.changed";

    private readonly Lock _gate = new();
    private readonly Dictionary<string, List<Membership>> _resources = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Connection> _connections = new(StringComparer.Ordinal);
    private long _version;

    public IDisposable Join(string resource, PresenceEntry who)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(resource);
        ArgumentNullException.ThrowIfNull(who);
        ArgumentException.ThrowIfNullOrWhiteSpace(who.ConnectionId);
        var membership = new Membership(this, resource, who);
        lock (_gate)
        {
            if (!_resources.TryGetValue(resource, out var members))
                _resources[resource] = members = [];
            members.Add(membership);
            if (!_connections.TryGetValue(who.ConnectionId, out var connection))
                _connections[who.ConnectionId] = connection = new Connection();
            connection.Memberships.Add(membership);
            connection.LastSeen = clock.GetUtcNow();
        }
        Announce(resource);
        return membership;
    }

    public void Focus(string resource, string connectionId, string? field, bool typing)
    {
        var changed = false;
        lock (_gate)
        {
            if (!_connections.TryGetValue(connectionId, out var connection))
                return;
            connection.LastSeen = clock.GetUtcNow();
            foreach (var membership in connection.Memberships)
            {
                if (!string.Equals(membership.Resource, resource, StringComparison.Ordinal))
                    continue;
                var focused = membership.Entry with { Field = field, Typing = typing && field is not null };
                if (focused != membership.Entry)
                {
                    membership.Entry = focused;
                    changed = true;
                }
            }
        }
        if (changed)
            Announce(resource);
    }

    public bool Heartbeat(string connectionId)
    {
        lock (_gate)
        {
            if (!_connections.TryGetValue(connectionId, out var connection))
                return false;
            connection.LastSeen = clock.GetUtcNow();
            return true;
        }
    }

    public IReadOnlyList<PresenceEntry> Get(string resource)
    {
        lock (_gate)
        {
            if (!_resources.TryGetValue(resource, out var members))
                return [];
            return OnePerPerson(members.Select(m => m.Entry));
        }
    }

    /// <summary>One entry per person, sorted by name: a person in two tabs shows once, as the tab where they are doing something.</summary>
    internal static IReadOnlyList<PresenceEntry> OnePerPerson(IEnumerable<PresenceEntry> entries) =>
        [.. entries
            .GroupBy(e => e.StaffId)
            .Select(g => g.OrderByDescending(e => e.Typing).ThenByDescending(e => e.Field is not null).First())
            .OrderBy(e => e.DisplayName, StringComparer.CurrentCultureIgnoreCase)
            .ThenBy(e => e.StaffId)];

    public void LeaveAll(string connectionId)
    {
        List<string> affected;
        lock (_gate)
            affected = RemoveConnection(connectionId);
        foreach (var resource in affected)
            Announce(resource);
    }

    public int Sweep(DateTimeOffset now)
    {
        var affected = new HashSet<string>(StringComparer.Ordinal);
        var expired = 0;
        lock (_gate)
        {
            foreach (var (connectionId, connection) in _connections.ToList())
            {
                if (now - connection.LastSeen <= options.TimeToLive)
                    continue;
                affected.UnionWith(RemoveConnection(connectionId));
                expired++;
            }
        }
        foreach (var resource in affected)
            Announce(resource);
        return expired;
    }

    private void Leave(Membership membership)
    {
        lock (_gate)
        {
            if (!Detach(membership))
                return;
        }
        Announce(membership.Resource);
    }

    // Under the lock.
    private List<string> RemoveConnection(string connectionId)
    {
        if (!_connections.TryGetValue(connectionId, out var connection))
            return [];
        var resources = connection.Memberships.Select(m => m.Resource).Distinct(StringComparer.Ordinal).ToList();
        foreach (var membership in connection.Memberships.ToList())
            Detach(membership);
        return resources;
    }

    // Under the lock. False when the membership was already gone (a second dispose, or after LeaveAll).
    private bool Detach(Membership membership)
    {
        if (!_resources.TryGetValue(membership.Resource, out var members) || !members.Remove(membership))
            return false;
        if (members.Count == 0)
            _resources.Remove(membership.Resource);
        var connectionId = membership.Entry.ConnectionId;
        if (_connections.TryGetValue(connectionId, out var connection))
        {
            connection.Memberships.Remove(membership);
            if (connection.Memberships.Count == 0)
                _connections.Remove(connectionId);
        }
        return true;
    }

    private void Announce(string resource)
    {
        var change = new RealtimeEvent(Topics.Presence(resource), ChangedKind, ResourceIdOf(resource),
            Interlocked.Increment(ref _version), clock.GetUtcNow());
        _ = PublishAsync(change);
    }

    private async Task PublishAsync(RealtimeEvent change)
    {
        try
        {
            await bus.PublishAsync(change);
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "Could not announce a presence change on {Topic}.", change.Topic);
        }
    }

    private static Guid ResourceIdOf(string resource) => Topics.TryParse(resource, out _, out var id) ? id : Guid.Empty;

    private sealed class Connection
    {
        public List<Membership> Memberships { get; } = [];

        public DateTimeOffset LastSeen { get; set; }
    }

    private sealed class Membership(InMemoryPresenceService owner, string resource, PresenceEntry entry) : IDisposable
    {
        public string Resource { get; } = resource;

        public PresenceEntry Entry { get; set; } = entry;

        public void Dispose() => owner.Leave(this);
    }
}
