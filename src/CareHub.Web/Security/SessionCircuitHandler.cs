using CareHub.Web.Realtime;
using Microsoft.AspNetCore.Components.Server.Circuits;

namespace CareHub.Web.Security;

/// <summary>
/// Per circuit, after <see cref="CircuitUserHandler"/>: listens for the revocation of the person's team memberships so
/// that their care teams are read again at once (the refresh interval is the safety net for revocations announced on
/// another instance without Redis, or lost). The idle logoff (<see cref="IdleMonitor"/>)
/// is started by the layout and stopped here with the circuit.
/// </summary>
public sealed class SessionCircuitHandler(CurrentUser user, IdleMonitor idle, IRealtimeBus bus) : CircuitHandler, IDisposable
{
    private IDisposable? _revocations;

    public override int Order => -90;

    public override Task OnCircuitOpenedAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        if (user.StaffId is { } staffId)
        {
            _revocations = bus.Subscribe(Topics.AccessRevoked, e =>
            {
                if (e.ResourceId == staffId)
                    user.Invalidate();
                return Task.CompletedTask;
            });
        }
        return Task.CompletedTask;
    }

    public override Task OnCircuitClosedAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        Dispose();
        return Task.CompletedTask;
    }

    public void Dispose()
    {
        Interlocked.Exchange(ref _revocations, null)?.Dispose();
        idle.Dispose();
    }
}
