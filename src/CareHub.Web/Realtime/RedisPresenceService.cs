using System.Text.Json;
using StackExchange.Redis;

namespace CareHub.Web.Realtime;

/// <summary>
/// Presence shared by every instance through Redis (singleton). This instance keeps its own circuits' entries in
/// memory (the truth for them) and mirrors each as a Redis key that lives for <see cref="PresenceOptions.TimeToLive"/>
/// and is renewed by each heartbeat, so the entries of an instance that dies expire on their own. Per resource a Redis
/// set indexes the connections; <see cref="Get"/> reads it with the entries and adds this instance's own.
/// Every change is announced on the bus after Redis has it (the Redis bus carries it to the other instances).
/// While Redis is down presence is this instance's only, nothing throws, and when it returns every local entry is
/// written again and announced.
/// </summary>
public sealed class RedisPresenceService : IPresenceService, IDisposable
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly IRealtimeBus _bus;
    private readonly RedisLink _link;
    private readonly TimeProvider _clock;
    private readonly PresenceOptions _options;
    private readonly ILogger<RedisPresenceService> _logger;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Connection> _connections = new(StringComparer.Ordinal);
    private long _version;

    public RedisPresenceService(IRealtimeBus bus, RedisLink link, TimeProvider clock, PresenceOptions options, ILogger<RedisPresenceService> logger)
    {
        _bus = bus;
        _link = link;
        _clock = clock;
        _options = options;
        _logger = logger;
        _link.LiveChanged += OnLiveChanged;
    }

    internal static RedisKey IndexKey(string resource) => $"carehub:presence:{resource}";

    internal static RedisKey EntryKey(string resource, string connectionId) => $"carehub:presence:{resource}|{connectionId}";

    public IDisposable Join(string resource, PresenceEntry who)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(resource);
        ArgumentNullException.ThrowIfNull(who);
        ArgumentException.ThrowIfNullOrWhiteSpace(who.ConnectionId);
        PresenceEntry entry;
        Viewing state;
        lock (_gate)
        {
            if (!_connections.TryGetValue(who.ConnectionId, out var connection))
                _connections[who.ConnectionId] = connection = new Connection();
            connection.LastSeen = _clock.GetUtcNow();
            if (connection.Resources.TryGetValue(resource, out var existing))
                state = existing;
            else
                connection.Resources[resource] = state = new Viewing(who);
            state.Memberships++;
            entry = state.Entry;
        }
        AnnounceAfter(Write(resource, entry), resource);
        return new Membership(this, resource, who.ConnectionId, state);
    }

    public void Focus(string resource, string connectionId, string? field, bool typing)
    {
        PresenceEntry? changed = null;
        lock (_gate)
        {
            if (!_connections.TryGetValue(connectionId, out var connection))
                return;
            connection.LastSeen = _clock.GetUtcNow();
            if (connection.Resources.TryGetValue(resource, out var state))
            {
                var focused = state.Entry with { Field = field, Typing = typing && field is not null };
                if (focused != state.Entry)
                    changed = state.Entry = focused;
            }
        }
        if (changed is not null)
            AnnounceAfter(Write(resource, changed), resource);
    }

    public bool Heartbeat(string connectionId)
    {
        List<(string Resource, PresenceEntry Entry)> viewing;
        lock (_gate)
        {
            if (!_connections.TryGetValue(connectionId, out var connection))
                return false;
            connection.LastSeen = _clock.GetUtcNow();
            viewing = [.. connection.Resources.Select(r => (r.Key, r.Value.Entry))];
        }
        foreach (var (resource, entry) in viewing)
        {
            // Written again, not just renewed: after a Redis restart the entry is back at the next heartbeat, and
            // announced when the index did not have it.
            if (Write(resource, entry) is { } written)
                _ = AnnounceIfAddedAsync(written, resource);
        }
        return true;
    }

    public IReadOnlyList<PresenceEntry> Get(string resource)
    {
        var entries = new Dictionary<string, PresenceEntry>(StringComparer.Ordinal);
        foreach (var entry in ReadShared(resource))
            entries[entry.ConnectionId] = entry;
        lock (_gate)
        {
            foreach (var (connectionId, connection) in _connections)
            {
                if (connection.Resources.TryGetValue(resource, out var state))
                    entries[connectionId] = state.Entry;
            }
        }
        return InMemoryPresenceService.OnePerPerson(entries.Values);
    }

    public void LeaveAll(string connectionId)
    {
        List<string> resources;
        lock (_gate)
        {
            if (!_connections.Remove(connectionId, out var connection))
                return;
            resources = [.. connection.Resources.Keys];
        }
        foreach (var resource in resources)
            AnnounceAfter(Delete(resource, connectionId), resource);
    }

    public int Sweep(DateTimeOffset now)
    {
        List<(string ConnectionId, List<string> Resources)> expired = [];
        List<string> watched;
        lock (_gate)
        {
            foreach (var (connectionId, connection) in _connections.ToList())
            {
                if (now - connection.LastSeen <= _options.TimeToLive)
                    continue;
                _connections.Remove(connectionId);
                expired.Add((connectionId, [.. connection.Resources.Keys]));
            }
            watched = [.. _connections.Values.SelectMany(c => c.Resources.Keys).Distinct(StringComparer.Ordinal)];
        }
        foreach (var (connectionId, resources) in expired)
        {
            foreach (var resource in resources)
                AnnounceAfter(Delete(resource, connectionId), resource);
        }
        // Entries of other instances expire in Redis by themselves; the resources people here look at are tidied and
        // announced, so that their screens drop whoever expired.
        foreach (var resource in watched)
        {
            if (RemoveExpiredFromIndex(resource))
                Announce(resource);
        }
        return expired.Count;
    }

    public void Dispose() => _link.LiveChanged -= OnLiveChanged;

    private void Leave(string resource, string connectionId, Viewing joined)
    {
        lock (_gate)
        {
            // A handle from before a LeaveAll (the connection dropped and came back) leaves nothing of the new one.
            if (!_connections.TryGetValue(connectionId, out var connection) || !connection.Resources.TryGetValue(resource, out var state)
                || !ReferenceEquals(state, joined))
            {
                return;
            }
            if (--state.Memberships > 0)
                return;
            connection.Resources.Remove(resource);
            if (connection.Resources.Count == 0)
                _connections.Remove(connectionId);
        }
        AnnounceAfter(Delete(resource, connectionId), resource);
    }

    // Redis is back (it may have restarted empty, and changes made meanwhile never reached it): write every local
    // entry again and announce it, so that every instance converges.
    private void OnLiveChanged(object? sender, bool live)
    {
        if (!live)
            return;
        List<(string Resource, PresenceEntry Entry)> viewing;
        lock (_gate)
            viewing = [.. _connections.Values.SelectMany(c => c.Resources.Select(r => (r.Key, r.Value.Entry)))];
        foreach (var group in viewing.GroupBy(v => v.Resource, StringComparer.Ordinal))
            AnnounceAfter([.. group.SelectMany(v => Write(v.Resource, v.Entry) ?? [])], group.Key);
    }

    // The commands are sent in call order on one connection, so a later change never lands before an earlier one.
    // Null when Redis is not live (nothing is sent); the tasks are observed by the caller.
    private Task[]? Write(string resource, PresenceEntry entry)
    {
        if (!_link.IsLive || _link.Connection is not { } connection)
            return null;
        try
        {
            var db = connection.GetDatabase();
            var ttl = _options.TimeToLive;
            return
            [
                db.SetAddAsync(IndexKey(resource), entry.ConnectionId),
                db.StringSetAsync(EntryKey(resource, entry.ConnectionId), JsonSerializer.Serialize(entry, Json), ttl),
                db.KeyExpireAsync(IndexKey(resource), ttl),
            ];
        }
        catch (Exception ex) when (ex is RedisException or ObjectDisposedException or TimeoutException)
        {
            _logger.LogDebug(ex, "Could not write presence to Redis; it stays on this instance until Redis answers.");
            return null;
        }
    }

    private Task[]? Delete(string resource, string connectionId)
    {
        if (!_link.IsLive || _link.Connection is not { } connection)
            return null;
        try
        {
            var db = connection.GetDatabase();
            return [db.KeyDeleteAsync(EntryKey(resource, connectionId)), db.SetRemoveAsync(IndexKey(resource), connectionId)];
        }
        catch (Exception ex) when (ex is RedisException or ObjectDisposedException or TimeoutException)
        {
            _logger.LogDebug(ex, "Could not remove presence from Redis; it expires there by itself.");
            return null;
        }
    }

    // Everyone in the resource per Redis, without the entries that expired. Nothing when Redis is down.
    private List<PresenceEntry> ReadShared(string resource)
    {
        if (!_link.IsLive || _link.Connection is not { } connection)
            return [];
        try
        {
            var db = connection.GetDatabase();
            var members = db.SetMembers(IndexKey(resource));
            if (members.Length == 0)
                return [];
            var values = db.StringGet([.. members.Select(m => EntryKey(resource, m.ToString()))]);
            var entries = new List<PresenceEntry>(values.Length);
            foreach (var value in values)
            {
                if (value.HasValue && Deserialize(value.ToString()) is { } entry)
                    entries.Add(entry);
            }
            return entries;
        }
        catch (Exception ex) when (ex is RedisException or ObjectDisposedException or TimeoutException)
        {
            _logger.LogDebug(ex, "Could not read presence from Redis; showing this instance's only.");
            return [];
        }
    }

    // Removes from the index the connections whose entry expired; true when there were any.
    private bool RemoveExpiredFromIndex(string resource)
    {
        if (!_link.IsLive || _link.Connection is not { } connection)
            return false;
        try
        {
            var db = connection.GetDatabase();
            var members = db.SetMembers(IndexKey(resource));
            if (members.Length == 0)
                return false;
            var values = db.StringGet([.. members.Select(m => EntryKey(resource, m.ToString()))]);
            var gone = members.Where((_, i) => !values[i].HasValue).ToArray();
            return gone.Length > 0 && db.SetRemove(IndexKey(resource), gone) > 0;
        }
        catch (Exception ex) when (ex is RedisException or ObjectDisposedException or TimeoutException)
        {
            _logger.LogDebug(ex, "Could not tidy presence in Redis; the next sweep tries again.");
            return false;
        }
    }

    private PresenceEntry? Deserialize(string json)
    {
        try
        {
            return JsonSerializer.Deserialize<PresenceEntry>(json, Json);
        }
        catch (JsonException ex)
        {
            _logger.LogWarning(ex, "Ignored a presence entry in Redis that CareHub cannot read.");
            return null;
        }
    }

    private void AnnounceAfter(Task[]? commands, string resource)
    {
        if (commands is null)
            Announce(resource);
        else
            _ = AnnounceAfterAsync(commands, resource);
    }

    private async Task AnnounceAfterAsync(Task[] commands, string resource)
    {
        try
        {
            await Task.WhenAll(commands);
        }
        catch (Exception ex) when (ex is RedisException or ObjectDisposedException or TimeoutException)
        {
            _logger.LogDebug(ex, "A presence change did not reach Redis; it is announced on this instance.");
        }
        Announce(resource);
    }

    private async Task AnnounceIfAddedAsync(Task[] commands, string resource)
    {
        try
        {
            await Task.WhenAll(commands);
            if (commands[0] is Task<bool> { Result: true })
                Announce(resource);
        }
        catch (Exception ex) when (ex is RedisException or ObjectDisposedException or TimeoutException)
        {
            _logger.LogDebug(ex, "A presence heartbeat did not reach Redis.");
        }
    }

    private void Announce(string resource)
    {
        var change = new RealtimeEvent(Topics.Presence(resource), InMemoryPresenceService.ChangedKind, ResourceIdOf(resource),
            Interlocked.Increment(ref _version), _clock.GetUtcNow());
        _ = PublishAsync(change);
    }

    private async Task PublishAsync(RealtimeEvent change)
    {
        try
        {
            await _bus.PublishAsync(change);
        }
        catch (Exception ex)
        {
            _logger.LogWarning(ex, "Could not announce a presence change on {Topic}.", change.Topic);
        }
    }

    private static Guid ResourceIdOf(string resource) => Topics.TryParse(resource, out _, out var id) ? id : Guid.Empty;

    private sealed class Connection
    {
        public Dictionary<string, Viewing> Resources { get; } = new(StringComparer.Ordinal);

        public DateTimeOffset LastSeen { get; set; }
    }

    // One connection on one resource: its entry (with focus) and how many handles hold it.
    private sealed class Viewing(PresenceEntry entry)
    {
        public PresenceEntry Entry { get; set; } = entry;

        public int Memberships { get; set; }
    }

    private sealed class Membership(RedisPresenceService owner, string resource, string connectionId, Viewing joined) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
                owner.Leave(resource, connectionId, joined);
        }
    }
}
