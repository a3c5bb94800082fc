namespace CareHub.Web.Realtime;

/// <summary>
/// Limits on <see cref="CareHubHub"/> per user on one instance (configuration: Realtime:Hub:*). A user's hub calls share
/// one token bucket (<see cref="Burst"/> calls at once, refilled at <see cref="CallsPerSecond"/>) across their
/// connections; a connection that is refused <see cref="FloodRefusals"/> times within <see cref="FloodWindow"/> is
/// aborted; at most <see cref="MaxConnectionsPerUser"/> connections at a time.
/// </summary>
public sealed record HubGuardOptions
{
    /// <summary>The largest message a client may send to the hub: its methods take one topic name (under 100 characters).</summary>
    public const long MaximumReceiveMessageSize = 8 * 1024;

    public int CallsPerSecond { get; init; } = 10;

    public int Burst { get; init; } = 30;

    public int MaxConnectionsPerUser { get; init; } = 20;

    /// <summary>Refusals within <see cref="FloodWindow"/> that end the connection: three bursts' worth.</summary>
    public int FloodRefusals => 3 * Burst;

    public TimeSpan FloodWindow { get; init; } = TimeSpan.FromSeconds(10);
}
