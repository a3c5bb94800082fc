using CareHub.Web.Realtime;

namespace CareHub.Web.Features.CarePlans;

/// <summary>
/// Tells presence which field of the plan this circuit is in, and whether the person is typing: focus and blur say
/// where, the first keystroke says "typing" (once, not per key), and <see cref="QuietAfter"/> without a keystroke says
/// it no longer is. One per page: a person is in one field at a time.
/// </summary>
public sealed class CarePlanFieldFocus : IDisposable
{
    public static readonly TimeSpan QuietAfter = TimeSpan.FromSeconds(3);

    private readonly Lock _gate = new();
    private readonly CircuitPresence _presence;
    private readonly string _resource;
    private readonly TimeProvider _clock;
    private string? _field;
    private bool _typing;
    private ITimer? _quiet;
    private bool _disposed;

    public CarePlanFieldFocus(CircuitPresence presence, string resource, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(presence);
        ArgumentException.ThrowIfNullOrWhiteSpace(resource);
        _presence = presence;
        _resource = resource;
        _clock = clock;
    }

    public string Resource => _resource;

    public void Entered(string field)
    {
        lock (_gate)
        {
            if (_disposed)
                return;
            _field = field;
            _typing = false;
            _quiet?.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        }
        _presence.Focus(_resource, field, typing: false);
    }

    public void Typed(string field)
    {
        bool announce;
        lock (_gate)
        {
            if (_disposed)
                return;
            announce = !_typing || !string.Equals(_field, field, StringComparison.Ordinal);
            _field = field;
            _typing = true;
            _quiet ??= _clock.CreateTimer(_ => Quiet(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            _quiet.Change(QuietAfter, Timeout.InfiniteTimeSpan);
        }
        if (announce)
            _presence.Focus(_resource, field, typing: true);
    }

    public void Left(string field)
    {
        lock (_gate)
        {
            // Focus already moved on to another field (its focus came first): that one stands.
            if (_disposed || !string.Equals(_field, field, StringComparison.Ordinal))
                return;
            _field = null;
            _typing = false;
            _quiet?.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        }
        _presence.Focus(_resource, null, typing: false);
    }

    private void Quiet()
    {
        string field;
        lock (_gate)
        {
            if (_disposed || !_typing || _field is null)
                return;
            _typing = false;
            field = _field;
        }
        _presence.Focus(_resource, field, typing: false);
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
            _quiet?.Dispose();
            _quiet = null;
        }
    }
}
