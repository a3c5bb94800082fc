using CareHub.Web.Realtime;

namespace CareHub.Web.Security;

/// <summary>
/// Announces that a person lost a team membership (after the removal is committed): their open circuits and hub
/// connections re-read their care teams now. Without the announcement they do within
/// <see cref="SecurityOptions.MembershipRefreshInterval"/>. The event carries the staff id only.
/// </summary>
public static class MembershipRevocation
{
    public static Task PublishAsync(IRealtimeBus bus, Guid staffId, TimeProvider time, CancellationToken cancellationToken = default) =>
        bus.PublishAsync(new RealtimeEvent(Topics.AccessRevoked, Topics.MembershipRevokedKind, staffId, 0, time.GetUtcNow()), cancellationToken);
}
