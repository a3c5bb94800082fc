namespace CareHub.Web.Realtime;

/// <summary>
/// Topic-keyed publish/subscribe between circuits (and, through <see cref="HubRelay"/>, outside clients).
/// Delivery is at most once: events carry the resource's version, and a receiver that sees a gap reloads.
/// </summary>
public interface IRealtimeBus
{
    /// <summary>
    /// Publishes <paramref name="e"/> to the subscribers of its topic and to every <see cref="SubscribeAll"/> handler.
    /// Call it only AFTER SaveChanges has succeeded: a receiver reloads at once, and must never see (or miss) a change
    /// that rolls back. A failing handler is logged and does not stop delivery to the others; the task completes
    /// when every handler has finished.
    /// </summary>
    Task PublishAsync(RealtimeEvent e, CancellationToken ct = default);

    /// <summary>
    /// Calls <paramref name="handler"/> for each event on <paramref name="topic"/> until the result is disposed. It is
    /// called on the publisher's thread and the publisher awaits it: keep it short (marshal with InvokeAsync, dispatch
    /// an action) and let the effect do the reload.
    /// </summary>
    IDisposable Subscribe(string topic, Func<RealtimeEvent, Task> handler);

    /// <summary>Calls <paramref name="handler"/> for each event on every topic (the hub relay) until the result is disposed.</summary>
    IDisposable SubscribeAll(Func<RealtimeEvent, Task> handler);

    /// <summary>
    /// Like <see cref="SubscribeAll"/>, but only for events published on THIS instance (the hub relay: with several
    /// instances the SignalR backplane carries what it sends to the others, so relaying their events too would deliver
    /// each twice). On one instance it is <see cref="SubscribeAll"/>.
    /// </summary>
    IDisposable SubscribeOwn(Func<RealtimeEvent, Task> handler);
}
