namespace CareHub.Web.Realtime;

/// <summary>
/// Who is viewing which resource, and where each is focused or typing (singleton). A resource is any string key,
/// usually a topic such as <c>careplan:{id}</c>. Every change is announced on the bus as a
/// <see cref="InMemoryPresenceService.ChangedKind"/> event on <see cref="Topics.Presence"/>(resource): subscribe
/// there and call <see cref="Get"/> again.
/// </summary>
public interface IPresenceService
{
    /// <summary>Adds <paramref name="who"/> to <paramref name="resource"/>; dispose the result to leave (idempotent).</summary>
    IDisposable Join(string resource, PresenceEntry who);

    /// <summary>Records where the connection is focused in the resource (<paramref name="field"/> null: nowhere).</summary>
    void Focus(string resource, string connectionId, string? field, bool typing);

    /// <summary>Keeps the connection's entries alive; false when it has none (expired or never joined): join again.</summary>
    bool Heartbeat(string connectionId);

    /// <summary>The people viewing <paramref name="resource"/>: one entry per person (two tabs show once), sorted by name.</summary>
    IReadOnlyList<PresenceEntry> Get(string resource);

    /// <summary>Removes every entry of the connection (circuit closed or dropped).</summary>
    void LeaveAll(string connectionId);

    /// <summary>Removes connections not heard from within the time-to-live before <paramref name="now"/>; returns how many.</summary>
    int Sweep(DateTimeOffset now);
}
