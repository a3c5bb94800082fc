using Microsoft.AspNetCore.Components.Server.Circuits;

namespace CareHub.Web.Realtime;

/// <summary>
/// Ties presence to the circuit's life: records the circuit id, leaves everything when the connection drops (and
/// joins again when it comes back), and leaves for good when the circuit closes. The logic is in the internal
/// methods that take the circuit id, because <see cref="Circuit"/> cannot be constructed in a test.
/// </summary>
public sealed class PresenceCircuitHandler(CircuitContext context, CircuitPresence presence) : CircuitHandler
{
    // Before the components' handlers, after the user handler (-100): presence needs the user and the id.
    public override int Order => -50;

    public override Task OnCircuitOpenedAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        Opened(circuit.Id);
        return Task.CompletedTask;
    }

    public override Task OnConnectionDownAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        ConnectionDown(circuit.Id);
        return Task.CompletedTask;
    }

    public override Task OnConnectionUpAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        ConnectionUp(circuit.Id);
        return Task.CompletedTask;
    }

    public override Task OnCircuitClosedAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        Closed(circuit.Id);
        return Task.CompletedTask;
    }

    internal void Opened(string circuitId) => context.Opened(circuitId);

    internal void ConnectionDown(string circuitId)
    {
        context.ConnectionChanged(connected: false);
        presence.Suspend(circuitId);
    }

    internal void ConnectionUp(string circuitId)
    {
        context.ConnectionChanged(connected: true);
        presence.Resume();
    }

    internal void Closed(string circuitId) => presence.Close(circuitId);
}
