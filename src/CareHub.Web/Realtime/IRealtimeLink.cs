namespace CareHub.Web.Realtime;

/// <summary>
/// Whether what crosses instances (bus events, presence) is getting through right now (singleton). In memory (one
/// instance) it is always live; with Redis it is live while Redis answers. Care work never depends on it: writes go to
/// the database and local screens still update; only other instances stop hearing about them until it is back.
/// </summary>
public interface IRealtimeLink
{
    bool IsLive { get; }

    /// <summary>
    /// Raised when <see cref="IsLive"/> flips, with its new value. When it becomes true again every circuit reloads what
    /// it shows (<see cref="CircuitContext.Reconnected"/>), since events published meanwhile were lost. Raised on a
    /// background thread: marshal with InvokeAsync.
    /// </summary>
    event EventHandler<bool>? LiveChanged;
}

/// <summary>One instance, no Redis: nothing crosses instances, so the link is always live.</summary>
public sealed class AlwaysLiveLink : IRealtimeLink
{
    public bool IsLive => true;

    public event EventHandler<bool>? LiveChanged
    {
        add { }
        remove { }
    }
}
