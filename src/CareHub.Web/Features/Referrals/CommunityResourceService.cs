using CareHub.Data;
using CareHub.Domain.Organization;
using CareHub.Domain.Referrals;
using CareHub.Web.Security;
using Microsoft.EntityFrameworkCore;

namespace CareHub.Web.Features.Referrals;

/// <summary>
/// One organisation of the community resource directory as offered when picking a destination, with the closure rate of
/// the user's teams' finished referrals to it (closed loops of finished referrals; null when none has finished).
/// </summary>
public sealed record ResourceOption(Guid Id, string Name, string Services, SdohDomain Domains, string Languages, string Hours,
    string Phone, string Address, int Finished, int ClosedLoops, double? ClosureRate);

/// <summary>
/// The community resource directory (shared by every team) searched when picking a referral's destination. The closure
/// rates count only the referrals of the user's own teams (the context's query filters and the team list both narrow
/// them); a sensitive (42 CFR Part 2) referral counts only for a viewer who may see its destination, as in the metrics.
/// </summary>
public sealed class CommunityResourceService(IDbContextFactory<CareHubDbContext> contexts, CurrentUser currentUser)
{
    public const int MaxResults = 20;
    public const int MaxSearchLength = 100;

    /// <summary>
    /// Active organisations whose name, services or languages contain <paramref name="text"/> (any case; empty: all), of
    /// <paramref name="type"/> and serving <paramref name="domain"/> when given; at most <see cref="MaxResults"/>, by name.
    /// </summary>
    public async Task<IReadOnlyList<ResourceOption>> SearchAsync(string? text, ReferralType? type, SdohDomain? domain,
        CancellationToken cancellationToken)
    {
        var search = text?.Trim() ?? string.Empty;
        if (search.Length > MaxSearchLength)
            return [];
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);

        var query = db.CommunityResources.AsNoTracking().Where(r => r.IsActive);
        if (search.Length > 0)
        {
            var pattern = $"%{EscapeLike(search)}%";
            query = query.Where(r => EF.Functions.Like(r.Name, pattern, @"\")
                || EF.Functions.Like(r.Services, pattern, @"\")
                || EF.Functions.Like(r.Languages, pattern, @"\"));
        }
        if (type is { } t)
            query = query.Where(r => r.Type == t);
        if (domain is { } d && d != SdohDomain.None)
            query = query.Where(r => (r.Domains & d) == d);
        var resources = await query.OrderBy(r => r.Name).ThenBy(r => r.Id).Take(MaxResults).ToListAsync(cancellationToken);
        if (resources.Count == 0)
            return [];

        var counts = await ClosureCountsAsync(db, resources.Select(r => r.Name).Distinct().ToList(), cancellationToken);
        return resources.Select(r =>
        {
            var (finished, closed) = counts.TryGetValue(r.Name, out var c) ? c : (0, 0);
            return new ResourceOption(r.Id, r.Name, r.Services, r.Domains, r.Languages, r.Hours, r.Phone, r.Address,
                finished, closed, finished == 0 ? null : (double)closed / finished);
        }).ToList();
    }

    /// <summary>Finished referrals and closed loops per destination name, over the user's teams, in one grouped query.</summary>
    private async Task<Dictionary<string, (int Finished, int Closed)>> ClosureCountsAsync(CareHubDbContext db, List<string> names,
        CancellationToken cancellationToken)
    {
        var teams = db.Scope.TeamIds.ToList();
        if (teams.Count == 0)
            return [];
        var me = currentUser.StaffId ?? Guid.Empty;
        var role = me == Guid.Empty ? null
            : await db.Staff.AsNoTracking().Where(s => s.Id == me).Select(s => (StaffRole?)s.Role).FirstOrDefaultAsync(cancellationToken);
        var finished = ReferralQueries.FinishedStatuses;

        var rows = await db.Referrals.AsNoTracking()
            .Where(r => teams.Contains(r.TeamId) && names.Contains(r.Destination) && finished.Contains(r.Status))
            // Part 2 records count only for their owner: each has its own consent, and a figure must not reveal one without it.
            .Where(r => !r.IsSensitive || (role != null && r.OwnerId == me))
            .GroupBy(r => r.Destination)
            .Select(g => new { Destination = g.Key, Finished = g.Count(), Closed = g.Count(r => r.LoopClosedAt != null) })
            .ToListAsync(cancellationToken);
        return rows.ToDictionary(r => r.Destination, r => (r.Finished, r.Closed), StringComparer.Ordinal);
    }

    private static string EscapeLike(string text) =>
        text.Replace(@"\", @"\\", StringComparison.Ordinal)
            .Replace("%", @"\%", StringComparison.Ordinal)
            .Replace("_", @"\_", StringComparison.Ordinal)
            .Replace("[", @"\[", StringComparison.Ordinal);
}
