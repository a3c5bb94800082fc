using System.Collections.Concurrent;
using System.Security.Claims;

namespace CareHub.Web.Realtime;

/// <summary>
/// Which topics each connection of <see cref="CareHubHub"/> on this instance follows, and as whom: what
/// <see cref="HubAccessSweeper"/> checks again when care teams change. Ids and topic names only.
/// </summary>
public sealed class HubFollowers
{
    private readonly ConcurrentDictionary<string, Follower> _connections = new(StringComparer.Ordinal);

    public sealed record Follower(ClaimsPrincipal User, ConcurrentDictionary<string, byte> Topics);

    public void Joined(string connectionId, ClaimsPrincipal user, string topic) =>
        _connections.GetOrAdd(connectionId, _ => new Follower(user, new(StringComparer.Ordinal))).Topics[topic] = 0;

    public void Left(string connectionId, string topic)
    {
        if (_connections.TryGetValue(connectionId, out var follower))
            follower.Topics.TryRemove(topic, out _);
    }

    public void Disconnected(string connectionId) => _connections.TryRemove(connectionId, out _);

    /// <summary>A snapshot: connection id, user and the topics followed now.</summary>
    public IReadOnlyList<(string ConnectionId, ClaimsPrincipal User, IReadOnlyList<string> Topics)> Snapshot() =>
        [.. _connections.Select(c => (c.Key, c.Value.User, (IReadOnlyList<string>)[.. c.Value.Topics.Keys]))];
}
