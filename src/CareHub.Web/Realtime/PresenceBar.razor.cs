using Microsoft.AspNetCore.Components;

namespace CareHub.Web.Realtime;

/// <summary>
/// The avatars of everyone viewing <see cref="Resource"/> now, this user included. Joins presence for this circuit,
/// heartbeats, and re-renders when the resource's presence changes (a bus event on <see cref="Topics.Presence"/>).
/// </summary>
public sealed partial class PresenceBar : ComponentBase, IDisposable
{
    private IReadOnlyList<PresenceEntry> _people = [];
    private string? _resource;
    private IDisposable? _subscription;
    private IDisposable? _membership;
    private ITimer? _heartbeat;
    private volatile bool _disposed;

    /// <summary>The resource key, usually its topic (e.g. <c>Topics.CarePlan(planId)</c>).</summary>
    [Parameter, EditorRequired]
    public string Resource { get; set; } = string.Empty;

    /// <summary>How many avatars to show before "+N".</summary>
    [Parameter]
    public int Max { get; set; } = 6;

    [Inject]
    private IPresenceService Presence { get; set; } = default!;

    [Inject]
    private CircuitPresence CircuitPresence { get; set; } = default!;

    [Inject]
    private IRealtimeBus Bus { get; set; } = default!;

    [Inject]
    private PresenceOptions Options { get; set; } = default!;

    [Inject]
    private TimeProvider Clock { get; set; } = default!;

    internal string AriaLabel => _people.Count == 0
        ? "Viewing now: nobody"
        : $"Viewing now: {string.Join(", ", _people.Select(p => p.DisplayName))}";

    protected override void OnParametersSet()
    {
        if (string.Equals(_resource, Resource, StringComparison.Ordinal) || string.IsNullOrWhiteSpace(Resource))
            return;
        LeaveCurrent();
        _resource = Resource;
        _subscription = Bus.Subscribe(Topics.Presence(Resource), OnPresenceChangedAsync);
        _membership = CircuitPresence.Join(Resource);
        _people = Presence.Get(Resource);
        _heartbeat ??= Clock.CreateTimer(_ => CircuitPresence.Heartbeat(), null, Options.HeartbeatInterval, Options.HeartbeatInterval);
    }

    private async Task OnPresenceChangedAsync(RealtimeEvent _)
    {
        if (_disposed)
            return;
        try
        {
            await InvokeAsync(Refresh);
        }
        catch (ObjectDisposedException)
        {
            // The circuit went away between the event and the render: nothing to show any more.
        }
    }

    private void Refresh()
    {
        if (_disposed || _resource is null)
            return;
        _people = Presence.Get(_resource);
        StateHasChanged();
    }

    private static string TooltipOf(PresenceEntry person) =>
        person.Typing ? $"{person.DisplayName} (typing)" : person.DisplayName;

    // Colours come from PresenceAppearance.Palette only; white initials meet AA contrast on each.
    private static string StyleOf(PresenceEntry person) => $"background-color:{person.Colour};color:#fff;font-size:0.75rem";

    private void LeaveCurrent()
    {
        _subscription?.Dispose();
        _subscription = null;
        _membership?.Dispose();
        _membership = null;
    }

    public void Dispose()
    {
        _disposed = true;
        _heartbeat?.Dispose();
        LeaveCurrent();
    }
}
