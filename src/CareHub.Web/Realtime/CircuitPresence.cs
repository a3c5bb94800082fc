using CareHub.Web.Security;

namespace CareHub.Web.Realtime;

/// <summary>
/// This circuit's presence (scoped): what its components joined, kept so that a dropped connection can leave every
/// resource and a returning one can join them again, while each component's own handle still leaves for real.
/// </summary>
public sealed class CircuitPresence(IPresenceService presence, CircuitContext circuit, CurrentUser user) : IDisposable
{
    private readonly Lock _gate = new();
    private readonly List<Joined> _joined = [];
    private bool _suspended;
    private bool _closed;

    public string ConnectionId => circuit.CircuitId;

    /// <summary>Shows the signed-in person on <paramref name="resource"/> until the result is disposed (nobody signed in: nothing).</summary>
    public IDisposable Join(string resource)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(resource);
        if (user.StaffId is not { } staffId)
            return Nothing.Instance;
        var joined = new Joined(this, resource, PresenceEntry.For(ConnectionId, staffId, user.DisplayName));
        lock (_gate)
        {
            if (_closed)
                return Nothing.Instance;
            _joined.Add(joined);
            if (!_suspended)
                joined.Handle = presence.Join(resource, joined.Entry);
        }
        return joined;
    }

    public void Focus(string resource, string? field, bool typing) => presence.Focus(resource, ConnectionId, field, typing);

    /// <summary>Keeps this circuit's presence alive; if it expired meanwhile (a long pause), joins again.</summary>
    public void Heartbeat()
    {
        lock (_gate)
        {
            if (_suspended || _closed || _joined.Count == 0 || presence.Heartbeat(ConnectionId))
                return;
            foreach (var joined in _joined)
                joined.Handle = presence.Join(joined.Resource, joined.Entry);
        }
    }

    /// <summary>The connection dropped: leave everything, remember it.</summary>
    internal void Suspend(string connectionId)
    {
        lock (_gate)
        {
            _suspended = true;
            foreach (var joined in _joined)
                joined.Handle = null;
            presence.LeaveAll(connectionId);
        }
    }

    /// <summary>The connection is back: join what is still open.</summary>
    internal void Resume()
    {
        lock (_gate)
        {
            if (!_suspended || _closed)
                return;
            _suspended = false;
            foreach (var joined in _joined)
                joined.Handle ??= presence.Join(joined.Resource, joined.Entry);
        }
    }

    /// <summary>The circuit closed: leave everything, for good.</summary>
    internal void Close(string connectionId)
    {
        lock (_gate)
        {
            _closed = true;
            _joined.Clear();
            presence.LeaveAll(connectionId);
            if (!string.Equals(connectionId, ConnectionId, StringComparison.Ordinal))
                presence.LeaveAll(ConnectionId);
        }
    }

    public void Dispose() => Close(ConnectionId);

    private void Leave(Joined joined)
    {
        lock (_gate)
        {
            if (!_joined.Remove(joined))
                return;
            joined.Handle?.Dispose();
            joined.Handle = null;
        }
    }

    private sealed class Joined(CircuitPresence owner, string resource, PresenceEntry entry) : IDisposable
    {
        public string Resource { get; } = resource;

        public PresenceEntry Entry { get; } = entry;

        /// <summary>The live membership; null while the connection is down.</summary>
        public IDisposable? Handle { get; set; }

        public void Dispose() => owner.Leave(this);
    }

    private sealed class Nothing : IDisposable
    {
        public static readonly Nothing Instance = new();

        public void Dispose()
        {
        }
    }
}
