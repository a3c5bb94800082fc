namespace CareHub.Web.Realtime;

/// <summary>
/// Presence timing. A viewer heartbeats every <see cref="HeartbeatInterval"/>; an entry not heard from within
/// <see cref="TimeToLive"/> is swept (every <see cref="SweepInterval"/>). Configuration: Realtime:Presence:*.
/// </summary>
public sealed record PresenceOptions
{
    public TimeSpan TimeToLive { get; init; } = TimeSpan.FromSeconds(30);

    public TimeSpan HeartbeatInterval { get; init; } = TimeSpan.FromSeconds(10);

    public TimeSpan SweepInterval { get; init; } = TimeSpan.FromSeconds(5);
}
