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

    internal void ConnectionChanged(bool connected) => IsConnected = connected;
}
