using CareHub.Data;
using CareHub.Data.Access;
using CareHub.Domain.Interop;
using CareHub.Domain.Organization;
using CareHub.Web.Security;
using Microsoft.EntityFrameworkCore;

namespace CareHub.Web.Features.Census;

/// <summary>How the feed is doing: messages by status since a time, the last one received, and those that need a person.</summary>
public sealed record AdtFeedSummary(IReadOnlyDictionary<InboundMessageStatus, int> Since, DateTimeOffset SinceAt, DateTimeOffset? LastReceivedAt,
    IReadOnlyList<AdtFeedEntry> NeedAttention);

/// <summary>A message that was not applied: what it was, where it came from and why (never its text).</summary>
public sealed record AdtFeedEntry(Guid Id, DateTimeOffset ReceivedAt, string Channel, string? SendingFacility, string? MessageType,
    string? ControlId, InboundMessageStatus Status, string? AckCode, string? Result, int Attempts, bool CanReplay);

/// <summary>
/// The interface analyst's view of the ADT feed (the Admin role only; anyone else gets nothing): counts of the last
/// day, the messages that failed or were rejected, and replaying a failed one once the cause is fixed (a facility or
/// unit added, a patient registered). A replay is recorded with who asked for it.
/// </summary>
public sealed class AdtFeedService(DbContextOptions<CareHubDbContext> options, AdtProcessor processor, CurrentUser user, TimeProvider clock)
{
    public const int MaxListed = 100;

    public bool IsAllowed => user.Principal.IsInRole(nameof(StaffRole.Admin));

    public async Task<AdtFeedSummary?> LoadAsync(CancellationToken cancellationToken)
    {
        if (!IsAllowed)
            return null;
        var since = clock.GetUtcNow().AddDays(-1);
        // The feed's bookkeeping is not any team's data: read it as the system, after the role check above.
        await using var system = new CareHubDbContext(options, AccessScope.System($"feed-review:{user.StaffId}"));
        var counts = await system.InboundMessages.AsNoTracking().Where(m => m.ReceivedAt >= since)
            .GroupBy(m => m.Status).Select(g => new { Status = g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.Status, g => g.Count, cancellationToken);
        var last = await system.InboundMessages.AsNoTracking().OrderByDescending(m => m.ReceivedAt).Select(m => (DateTimeOffset?)m.ReceivedAt)
            .FirstOrDefaultAsync(cancellationToken);
        var attention = await system.InboundMessages.AsNoTracking()
            .Where(m => m.Status == InboundMessageStatus.Failed || m.Status == InboundMessageStatus.Rejected)
            .OrderByDescending(m => m.ReceivedAt)
            .Take(MaxListed)
            .Select(m => new AdtFeedEntry(m.Id, m.ReceivedAt, m.Channel, m.SendingFacility, m.MessageType, m.ControlId, m.Status, m.AckCode, m.Result,
                m.Attempts, m.Status == InboundMessageStatus.Failed))
            .ToListAsync(cancellationToken);
        return new AdtFeedSummary(counts, since, last, attention);
    }

    /// <summary>Applies a failed message again; null when the person may not, or there is no such message.</summary>
    public async Task<AdtOutcome?> ReplayAsync(Guid messageId, CancellationToken cancellationToken) =>
        IsAllowed ? await processor.ReplayAsync(messageId, $"replay-by:{user.StaffId}", cancellationToken) : null;
}
