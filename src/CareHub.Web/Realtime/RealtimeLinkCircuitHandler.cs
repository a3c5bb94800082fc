using Microsoft.AspNetCore.Components.Server.Circuits;

namespace CareHub.Web.Realtime;

/// <summary>
/// When the link between instances comes back (Redis answers again), events published meanwhile were lost: tells this
/// circuit's screens to reload, through the same <see cref="CircuitContext.Reconnected"/> they already handle for a
/// dropped browser connection. One per circuit (scoped); it stops listening when the circuit closes.
/// </summary>
public sealed class RealtimeLinkCircuitHandler(CircuitContext context, IRealtimeLink link) : CircuitHandler, IDisposable
{
    private int _listening;

    public override Task OnCircuitOpenedAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        Listen();
        return Task.CompletedTask;
    }

    public override Task OnCircuitClosedAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        Dispose();
        return Task.CompletedTask;
    }

    internal void Listen()
    {
        if (Interlocked.Exchange(ref _listening, 1) == 0)
            link.LiveChanged += OnLiveChanged;
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _listening, 0) == 1)
            link.LiveChanged -= OnLiveChanged;
    }

    private void OnLiveChanged(object? sender, bool live)
    {
        if (live)
            context.LinkRestored();
    }
}
