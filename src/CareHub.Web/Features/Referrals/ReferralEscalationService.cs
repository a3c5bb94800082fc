using CareHub.Data;
using CareHub.Data.Access;
using CareHub.Domain.Organization;
using CareHub.Domain.Referrals;
using CareHub.Domain.Tasks;
using CareHub.Web.Features.Tasks;
using CareHub.Web.Realtime;
using Microsoft.EntityFrameworkCore;

namespace CareHub.Web.Features.Referrals;

/// <summary>What one escalation check did (counts only: nothing about any patient).</summary>
public sealed record ReferralEscalationSummary(int Checked, int Escalated, int TasksCreated, int Updated, int Conflicts);

/// <summary>
/// Chases overdue referral clocks. Every <see cref="ReferralsOptions.EscalationCheckInterval"/> it goes through the open
/// referrals whose next due day has come (in batches, team by team, on the worklist's index), recomputes their clocks,
/// escalates the worst overdue clock one level (a task for the owner; once it is
/// <see cref="ReferralsOptions.ManagerEscalationAfterDays"/> business days overdue, a task for the team's manager),
/// refreshes every next due day (a paused clock's moves on), saves each batch in one transaction and publishes the
/// changed referrals. <see cref="Referral.Escalate"/> escalates each level once, so running it again changes nothing.
/// It runs in a system scope (it sees every team), logs counts only, and an error is logged without stopping the app.
/// </summary>
public sealed class ReferralEscalationService(DbContextOptions<CareHubDbContext> options, IRealtimeBus bus, TimeProvider clock,
    ReferralClockContext clocks, ReferralsOptions settings, ILogger<ReferralEscalationService> logger) : BackgroundService
{
    public const int BatchSize = 200;
    public const string RestrictedTitle = "Referral overdue: restricted referral";

    private const string Source = "referral-escalation";

    /// <summary>One pass over every team's referrals that are due or overdue on <paramref name="now"/>'s local date.</summary>
    public async Task<ReferralEscalationSummary> RunOnceAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var today = ReferralQueries.LocalDate(now, clocks.Zone);
        List<Guid> teamIds;
        await using (var db = NewContext())
            teamIds = await db.CareTeams.AsNoTracking().OrderBy(t => t.Id).Select(t => t.Id).ToListAsync(cancellationToken);

        var total = new ReferralEscalationSummary(0, 0, 0, 0, 0);
        foreach (var teamId in teamIds)
        {
            Guid? after = null;
            while (true)
            {
                var (summary, last, count) = await BatchAsync(teamId, today, after, now, cancellationToken);
                total = Add(total, summary);
                if (count < BatchSize || last is null)
                    break;
                after = last;
            }
        }
        return total;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                // Waits first: the app (and its database) is up and serving before the first check.
                await Task.Delay(settings.EscalationCheckInterval, clock, stoppingToken);
                var summary = await RunOnceAsync(clock.GetUtcNow(), stoppingToken);
                if (summary.Escalated > 0 || summary.Updated > 0 || summary.Conflicts > 0)
                {
                    logger.LogInformation(
                        "Referral escalation check: {Checked} due or overdue, {Escalated} escalated, {Tasks} tasks created, {Updated} updated, {Conflicts} left for the next check.",
                        summary.Checked, summary.Escalated, summary.TasksCreated, summary.Updated, summary.Conflicts);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e)
            {
                // Logged and tried again at the next interval: a failing check must never stop the app.
                logger.LogError(e, "The referral escalation check failed; it runs again in {Interval}.", settings.EscalationCheckInterval);
            }
        }
    }

    private CareHubDbContext NewContext() => new(options, AccessScope.System(Source));

    /// <summary>
    /// One batch of a team: the due referrals after <paramref name="after"/> (by id), changed and saved together. When
    /// someone changed one of them meanwhile, each is tried on its own; one that conflicts again waits for the next check.
    /// </summary>
    private async Task<(ReferralEscalationSummary Summary, Guid? Last, int Count)> BatchAsync(Guid teamId, DateOnly today, Guid? after,
        DateTimeOffset now, CancellationToken cancellationToken)
    {
        List<Guid> ids;
        await using (var db = NewContext())
        {
            var due = Due(db, teamId, today);
            if (after is { } last)
                due = due.Where(r => r.Id.CompareTo(last) > 0);
            ids = await due.OrderBy(r => r.Id).Take(BatchSize).Select(r => r.Id).ToListAsync(cancellationToken);
        }
        if (ids.Count == 0)
            return (new ReferralEscalationSummary(0, 0, 0, 0, 0), null, 0);

        var summary = await TryAsync(teamId, today, ids, now, cancellationToken);
        if (summary is null)
        {
            summary = new ReferralEscalationSummary(0, 0, 0, 0, 0);
            foreach (var id in ids)
                summary = Add(summary, await TryAsync(teamId, today, [id], now, cancellationToken) ?? new ReferralEscalationSummary(1, 0, 0, 0, 1));
        }
        return (summary, ids[^1], ids.Count);
    }

    /// <summary>Escalates and refreshes the referrals given, in one transaction; null when someone changed one of them meanwhile.</summary>
    private async Task<ReferralEscalationSummary?> TryAsync(Guid teamId, DateOnly today, List<Guid> ids, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        await using var db = NewContext();
        var referrals = await Due(db, teamId, today)
            .Where(r => ids.Contains(r.Id))
            .Include(r => r.Events)
            .ToListAsync(cancellationToken);
        if (referrals.Count == 0)
            return new ReferralEscalationSummary(0, 0, 0, 0, 0);

        var changed = new List<Referral>();
        var notices = new List<(Guid StaffId, Referral Referral)>();
        var newTasks = new List<CareTask>();
        var escalated = 0;
        var tasks = 0;
        Staff? manager = null;
        var managerLooked = false;
        foreach (var referral in referrals)
        {
            var before = (referral.NextDueOn, referral.NextDueStage);
            var set = clocks.Compute(referral, now);
            var overdue = set.All.Where(c => c.State == ReferralClockState.Overdue).Order(ReferralClock.ByPressure).FirstOrDefault();
            var touched = false;
            if (overdue is { DaysOverdue: { } days } && referral.Escalate(overdue.Stage.ToString(), days, clocks.ManagerEscalationAfterDays, now) is { } entry)
            {
                db.ReferralEvents.Add(entry);
                escalated++;
                var assignee = referral.OwnerId;
                if (referral.EscalationLevel >= 2)
                {
                    if (!managerLooked)
                    {
                        manager = await ReferralQueries.ActiveMembers(db, teamId)
                            .Where(s => s.Role == StaffRole.Manager)
                            .OrderBy(s => s.FamilyName).ThenBy(s => s.GivenName).ThenBy(s => s.Id)
                            .FirstOrDefaultAsync(cancellationToken);
                        managerLooked = true;
                    }
                    assignee = manager?.Id ?? referral.OwnerId;
                }
                var task = CareTask.ForReferralEscalation(referral.PatientId, referral.TeamId, Title(referral, overdue.Stage, days), assignee, TaskDueAt(today),
                    referral.EscalationLevel >= 2 ? CareTaskPriority.Urgent : CareTaskPriority.High, now);
                db.Tasks.Add(task);
                newTasks.Add(task);
                tasks++;
                notices.Add((assignee, referral));
                touched = true;
            }
            referral.PlanNextDue(set);
            if (touched || before != (referral.NextDueOn, referral.NextDueStage))
                changed.Add(referral);
        }
        if (changed.Count == 0)
            return new ReferralEscalationSummary(referrals.Count, 0, 0, 0, 0);

        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            return null;
        }
        foreach (var referral in changed)
        {
            await bus.PublishAsync(new RealtimeEvent(Topics.Referrals(referral.TeamId), ReferralsEvents.Changed, referral.Id, referral.Version, now),
                CancellationToken.None);
        }
        // The team's open task lists show the new tasks at once.
        foreach (var task in newTasks)
        {
            await bus.PublishAsync(TasksEvents.TaskChanged(task.TeamId, task.Id, task.Version, now),
                CancellationToken.None);
        }
        // The person the task went to hears of it at once, wherever they are in CareHub (ids only, as every event).
        foreach (var (staffId, referral) in notices)
        {
            await bus.PublishAsync(new RealtimeEvent(Topics.Notifications(staffId), ReferralsEvents.Escalated, referral.Id, referral.Version, now),
                CancellationToken.None);
        }
        return new ReferralEscalationSummary(referrals.Count, escalated, tasks, changed.Count, 0);
    }

    /// <summary>A team's open referrals whose next due day has come (the worklist's index: team, open loop, due day).</summary>
    private static IQueryable<Referral> Due(CareHubDbContext db, Guid teamId, DateOnly today)
    {
        var closed = ReferralQueries.ClosedStatuses;
        return db.Referrals.Where(r => r.TeamId == teamId && r.LoopClosedAt == null && r.NextDueOn != null && r.NextDueOn <= today
            && !closed.Contains(r.Status));
    }

    /// <summary>"Referral overdue: Riverside Cardiology appointment (2 business days)"; nothing of a sensitive referral.</summary>
    internal static string Title(Referral referral, ReferralClockStage stage, int days) =>
        referral.IsSensitive
            ? RestrictedTitle
            : $"Referral overdue: {referral.Destination} {ReferralQueries.StageName(stage)} ({ReferralQueries.BusinessDays(days)})";

    /// <summary>Due by the end of the next business day (17:00 local).</summary>
    private DateTimeOffset TaskDueAt(DateOnly today)
    {
        var day = clocks.Calendar.NextBusinessDay(today);
        var local = day.ToDateTime(new TimeOnly(17, 0), DateTimeKind.Unspecified);
        return new DateTimeOffset(local, clocks.Zone.GetUtcOffset(local));
    }

    private static ReferralEscalationSummary Add(ReferralEscalationSummary a, ReferralEscalationSummary b) =>
        new(a.Checked + b.Checked, a.Escalated + b.Escalated, a.TasksCreated + b.TasksCreated, a.Updated + b.Updated, a.Conflicts + b.Conflicts);
}
