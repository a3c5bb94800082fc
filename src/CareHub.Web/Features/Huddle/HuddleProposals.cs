using CareHub.Data;
using CareHub.Domain.Encounters;
using CareHub.Domain.Huddles;
using CareHub.Domain.Patients;
using CareHub.Domain.Referrals;
using CareHub.Domain.Tasks;
using Microsoft.EntityFrameworkCore;

namespace CareHub.Web.Features.Huddle;

/// <summary>A patient the data says the team should talk about today, and why.</summary>
internal sealed record HuddleProposal(Guid PatientId, string Title, HuddleCardReason Reason);

/// <summary>
/// Proposes the patient cards of a new board from the team's own patients: one card per patient with its most
/// pressing reason, the most pressing first, at most <see cref="MaxPerBoard"/> (a huddle lasts ten minutes).
/// </summary>
internal static class HuddleProposals
{
    public const int MaxPerBoard = 12;

    /// <summary>How many cards one reason gets before the others have had their share.</summary>
    public const int MaxPerReason = 4;

    public static readonly TimeSpan AdmittedWithin = TimeSpan.FromHours(24);
    public static readonly TimeSpan DischargedWithin = TimeSpan.FromDays(2);
    public static readonly TimeSpan ReferralQuietFor = TimeSpan.FromDays(7);
    public static readonly TimeSpan RecentEncounterWithin = TimeSpan.FromDays(30);
    public const int HighRiskCharlsonPoints = 3;

    // The ADT feed's discharge creates the call as a transition-contact task; a task a person wrote by hand counts when
    // its title says "transition-of-care call".
    private const string TransitionCallTitle = "%transition-of-care call%";

    public static async Task<IReadOnlyList<HuddleProposal>> ForTeamAsync(CareHubDbContext db, Guid teamId, DateTimeOffset now,
        IReadOnlySet<Guid> alreadyOnBoard, CancellationToken cancellationToken)
    {
        // Only this team's patients: the user may belong to other teams whose patients their context also sees.
        var teamPatients = db.PatientTeams.Where(t => t.TeamId == teamId).Select(t => t.PatientId);
        var found = new List<(Guid PatientId, HuddleCardReason Reason, DateTimeOffset At)>();

        var admittedSince = now - AdmittedWithin;
        found.AddRange((await db.Encounters.AsNoTracking()
            .Where(e => teamPatients.Contains(e.PatientId) && e.AdmittedAt >= admittedSince && e.Status != EncounterStatus.Cancelled
                && (e.Class == EncounterClass.Inpatient || e.Class == EncounterClass.Emergency || e.Class == EncounterClass.Observation))
            .Select(e => new { e.PatientId, e.AdmittedAt })
            .ToListAsync(cancellationToken)).Select(e => (e.PatientId, HuddleCardReason.AdmittedOrEdVisit, e.AdmittedAt)));

        var dischargedSince = now - DischargedWithin;
        found.AddRange((await db.Encounters.AsNoTracking()
            .Where(e => teamPatients.Contains(e.PatientId) && e.Status == EncounterStatus.Finished && e.DischargedAt >= dischargedSince
                && (e.Disposition == DischargeDisposition.Home || e.Disposition == DischargeDisposition.HomeWithHomeHealth)
                && !db.Tasks.Any(t => t.PatientId == e.PatientId && t.Status == CareTaskStatus.Done && t.CompletedAt >= e.DischargedAt
                    && (t.Kind == CareTaskKind.TransitionContact || EF.Functions.Like(t.Title, TransitionCallTitle))))
            .Select(e => new { e.PatientId, e.DischargedAt })
            .ToListAsync(cancellationToken)).Select(e => (e.PatientId, HuddleCardReason.AwaitingTransitionCall, e.DischargedAt!.Value)));

        var quietSince = now - ReferralQuietFor;
        found.AddRange((await db.Referrals.AsNoTracking()
            .Where(r => teamPatients.Contains(r.PatientId) && r.StatusChangedAt < quietSince
                && r.Status != ReferralStatus.Completed && r.Status != ReferralStatus.Failed && r.Status != ReferralStatus.Cancelled
                && r.Status != ReferralStatus.Rejected && r.Status != ReferralStatus.EnteredInError)
            .Select(r => new { r.PatientId, r.StatusChangedAt })
            .ToListAsync(cancellationToken)).Select(r => (r.PatientId, HuddleCardReason.ReferralOverdue, r.StatusChangedAt)));

        var recentSince = now - RecentEncounterWithin;
        var recent = await db.Encounters.AsNoTracking()
            .Where(e => teamPatients.Contains(e.PatientId) && e.Status != EncounterStatus.Cancelled
                && (e.AdmittedAt >= recentSince || e.DischargedAt >= recentSince || e.Status == EncounterStatus.InProgress))
            .Select(e => new { e.PatientId, e.AdmittedAt })
            .ToListAsync(cancellationToken);
        var recentIds = recent.Select(r => r.PatientId).Distinct().ToList();
        var conditions = await db.Conditions.AsNoTracking()
            .Where(c => recentIds.Contains(c.PatientId) && c.IsActive && c.Chronic != null)
            .ToListAsync(cancellationToken);
        var highRisk = conditions.GroupBy(c => c.PatientId)
            .Where(g => Condition.CharlsonPoints(g) >= HighRiskCharlsonPoints)
            .Select(g => g.Key)
            .ToHashSet();
        found.AddRange(recent.Where(r => highRisk.Contains(r.PatientId)).Select(r => (r.PatientId, HuddleCardReason.HighReadmissionRisk, r.AdmittedAt)));

        found.AddRange((await db.Tasks.AsNoTracking()
            .Where(t => teamPatients.Contains(t.PatientId) && t.Status == CareTaskStatus.Open && t.Priority == CareTaskPriority.Urgent && t.DueAt < now)
            .Select(t => new { t.PatientId, t.DueAt })
            .ToListAsync(cancellationToken)).Select(t => (t.PatientId, HuddleCardReason.OpenEscalation, t.DueAt)));

        // One card per patient, for the most pressing reason (the reasons are declared most pressing first), the
        // most recent event of that reason first.
        var chosen = found
            .Where(f => !alreadyOnBoard.Contains(f.PatientId))
            .GroupBy(f => f.PatientId)
            .Select(g => g.OrderBy(f => f.Reason).ThenByDescending(f => f.At).First())
            .ToList();
        var ids = chosen.Select(c => c.PatientId).ToList();
        var names = await db.Patients.AsNoTracking()
            .Where(p => ids.Contains(p.Id))
            .Select(p => new { p.Id, p.FamilyName, p.GivenName })
            .ToDictionaryAsync(p => p.Id, p => $"{p.FamilyName}, {p.GivenName}", cancellationToken);

        var ranked = chosen
            .Where(c => names.ContainsKey(c.PatientId))
            .OrderBy(c => c.Reason)
            .ThenByDescending(c => c.At)
            .ThenBy(c => names[c.PatientId], StringComparer.Ordinal)
            .ThenBy(c => c.PatientId)
            .ToList();
        // Every reason gets a share first (a morning with many ED visits must not hide the overdue referrals),
        // then the most pressing fill the rest.
        var picked = ranked.GroupBy(c => c.Reason).SelectMany(g => g.Take(MaxPerReason)).Take(MaxPerBoard).ToList();
        picked.AddRange(ranked.Except(picked).Take(MaxPerBoard - picked.Count));
        return [.. ranked.Where(picked.Contains).Select(c => new HuddleProposal(c.PatientId, names[c.PatientId], c.Reason))];
    }
}
