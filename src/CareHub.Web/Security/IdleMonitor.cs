namespace CareHub.Web.Security;

public enum IdleState
{
    /// <summary>Someone is working on this screen (or has been, less than the timeout minus the warning ago).</summary>
    Active,

    /// <summary>The logoff is near: the screen asks "Stay signed in?".</summary>
    Warning,

    /// <summary>Signed out for inactivity: the screen shows no patient data and the circuit sees nobody's patients.</summary>
    SignedOut,
}

/// <summary>
/// The automatic logoff of one circuit (scoped). The server decides: a timer on the app's clock ends the session when
/// its person did nothing for <see cref="SecurityOptions.IdleTimeout"/>; only <see cref="ReportActivity"/> (the page's
/// keyboard, pointer, touch and scroll, reported by IdleActivity.razor.js, or "Stay signed in") moves the deadline,
/// never SignalR keep-alives or renders the server pushes. Activity is kept per sign-in session, so a person working
/// in one tab is not signed out by another tab of the same browser; a client that never reports is signed out, and
/// one that reports activity it did not have keeps only its own session alive.
/// </summary>
public sealed class IdleMonitor(TimeProvider time, SecurityOptions options, SignInSessions sessions, CurrentUser user) : IDisposable
{
    private readonly Lock _gate = new();
    private ITimer? _timer;
    private string? _sessionId;
    private DateTimeOffset _openedAt;

    public IdleState State { get; private set; } = IdleState.Active;

    /// <summary>Raised (on the timer's or the caller's thread) when <see cref="State"/> changes.</summary>
    public event Action<IdleState>? Changed;

    public TimeSpan Timeout => options.IdleTimeout;

    public TimeSpan Warning => options.IdleWarning;

    public TimeSpan ReportInterval => options.ActivityReportInterval;

    /// <summary>Starts watching the signed-in person's session (opening a screen is activity). Nothing for nobody.</summary>
    public void Start()
    {
        lock (_gate)
        {
            if (_timer is not null || State == IdleState.SignedOut || user.StaffId is null)
                return;
            _sessionId = user.Principal.GetSessionId() ?? $"circuit:{Guid.NewGuid():N}";
            _openedAt = time.GetUtcNow();
            if (sessions.IsEnded(_sessionId))
            {
                EndLocked();
                return;
            }
            sessions.Touch(_sessionId);
            _timer = time.CreateTimer(_ => Check(), null, options.IdleTimeout - options.IdleWarning, System.Threading.Timeout.InfiniteTimeSpan);
        }
    }

    /// <summary>Real activity on this screen: the deadline moves for the whole session.</summary>
    public void ReportActivity()
    {
        lock (_gate)
        {
            if (_sessionId is null || State == IdleState.SignedOut)
                return;
            sessions.Touch(_sessionId);
        }
        Check();
    }

    /// <summary>Looks at the session now: warns, signs out, or waits until the next moment something may change.</summary>
    public void Check()
    {
        IdleState? changed = null;
        lock (_gate)
        {
            if (_sessionId is null || _timer is null || State == IdleState.SignedOut)
                return;
            var now = time.GetUtcNow();
            var idleSince = sessions.LastActivity(_sessionId, _openedAt);
            var idle = now - idleSince;
            if (sessions.IsEnded(_sessionId) || idle >= options.IdleTimeout)
            {
                EndLocked();
                changed = IdleState.SignedOut;
            }
            else
            {
                var next = idle >= options.IdleTimeout - options.IdleWarning ? IdleState.Warning : IdleState.Active;
                var wakeAt = next == IdleState.Warning ? idleSince + options.IdleTimeout : idleSince + options.IdleTimeout - options.IdleWarning;
                _timer.Change(Max(wakeAt - now, TimeSpan.FromMilliseconds(1)), System.Threading.Timeout.InfiniteTimeSpan);
                if (next != State)
                {
                    State = next;
                    changed = next;
                }
            }
        }
        if (changed is { } state)
            Changed?.Invoke(state);
    }

    private void EndLocked()
    {
        State = IdleState.SignedOut;
        _timer?.Dispose();
        _timer = null;
        if (_sessionId is not null)
            sessions.End(_sessionId);
        user.EndSession();
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    public void Dispose()
    {
        lock (_gate)
        {
            _timer?.Dispose();
            _timer = null;
        }
    }
}
