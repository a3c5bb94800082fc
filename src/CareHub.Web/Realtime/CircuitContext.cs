namespace CareHub.Web.Realtime;

/// <summary>
/// The circuit this scope belongs to (scoped), filled in by <see cref="PresenceCircuitHandler"/> before the first
/// component renders. Outside a circuit (a test renderer) it keeps a random local id, so presence still works.
/// </summary>
public sealed class CircuitContext
{
    public string CircuitId { get; private set; } = $"local:{Guid.NewGuid():N}";

    /// <summary>False while the browser's connection is down (the circuit may still come back).</summary>
    public bool IsConnected { get; private set; } = true;

    internal void Opened(string circuitId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(circuitId);
        CircuitId = circuitId;
        IsConnected = true;
    }

    /// <summary>
    /// Raised when the browser's connection came back after a drop, or when the link between instances came back
    /// (<see cref="IRealtimeLink"/>): a screen reloads what it may have missed meanwhile (bus delivery is at most once). Raised on the circuit handler's thread: marshal with InvokeAsync.
    /// </summary>
    public event EventHandler? Reconnected;

    /// <summary>
    /// The link between instances came back (<see cref="IRealtimeLink"/>): events may have been lost meanwhile, so the
    /// screens reload exactly as after a dropped connection.
    /// </summary>
    internal void LinkRestored() => Reconnected?.Invoke(this, EventArgs.Empty);

    internal void ConnectionChanged(bool connected)
    {
        var cameBack = connected && !IsConnected;
        IsConnected = connected;
        if (cameBack)
            Reconnected?.Invoke(this, EventArgs.Empty);
    }
}
