using CareHub.Data;
using CareHub.Data.Auditing;
using CareHub.Domain.Common;
using CareHub.Domain.Tasks;
using CareHub.Web.Calendar;
using CareHub.Web.Realtime;
using CareHub.Web.Security;
using Microsoft.EntityFrameworkCore;

namespace CareHub.Web.Features.Tasks;

/// <summary>
/// The open tasks of the user's care teams, and what a person does with one: complete it, cancel it, hand it to a
/// teammate with a new due date. A task belongs to its team: every query is narrowed to tasks whose own team is one of
/// the user's (on top of the context's filters, which admit a task by its patient), so a patient shared with another
/// team does not make that team's tasks the user's, and another team's task reads exactly like a missing one (the
/// attempt audited). The list audits the patients it shows before returning them; a change is one SaveChanges (the task,
/// its version bump and its audit row, written by the interceptor), checked against the version the user saw, and
/// published on <c>tasks:{teamId}</c> after the commit.
/// </summary>
public sealed class TasksService(IDbContextFactory<CareHubDbContext> contexts, IRealtimeBus bus, TimeProvider clock,
    CurrentUser currentUser, WorkCalendar calendar)
{
    /// <summary>The most rows a list holds; a person narrows the filter past it.</summary>
    public const int MaxRows = 500;

    public const string StaleMessage = "Someone else changed this task a moment ago; the list has been reloaded. Check it and try again.";
    public const string NoAssigneeMessage = "Choose who the task goes to.";
    public const string NotOnTeamMessage = "That person is not on this task's care team.";
    public const string DueOutOfRangeMessage = "The due date must be between 2000 and 2100.";
    public const string DueInThePastMessage = "The new due date cannot be in the past.";

    /// <summary>The local time of day a task given a due date is due by (the end of the working day).</summary>
    public static readonly TimeOnly DueTimeOfDay = new(17, 0);

    private const string TaskCategory = "Task";
    private const string ListCategory = "TaskList";

    /// <summary>The open tasks of <paramref name="filter"/>, by due time (then id), at most <see cref="MaxRows"/>.</summary>
    public async Task<TaskList> ListAsync(TaskFilter filter, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(filter);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var teams = TeamsFor(db, filter.TeamId);
        if (teams.Count == 0 || currentUser.StaffId is not { } me)
            return new TaskList([], false);

        var now = clock.GetUtcNow();
        var query = OfTeams(db, teams).AsNoTracking().Where(t => t.Status == CareTaskStatus.Open);
        if (filter.Scope == TaskScope.AssignedToMe)
            query = query.Where(t => t.AssigneeId == me);
        if (filter.OverdueOnly)
            query = query.Where(t => t.DueAt < now);
        if (filter.Kind is { } kind)
            query = query.Where(t => t.Kind == kind);
        var tasks = await query.OrderBy(t => t.DueAt).ThenBy(t => t.Id).Take(MaxRows + 1).ToListAsync(cancellationToken);
        var truncated = tasks.Count > MaxRows;
        if (truncated)
            tasks.RemoveRange(MaxRows, tasks.Count - MaxRows);

        var rows = await RowsAsync(db, tasks, cancellationToken);
        // Audited before the rows are returned: rows whose audit could not be written are never shown.
        db.RecordReads(ListCategory, rows.Select(r => r.PatientId).Distinct());
        await db.SaveChangesAsync(cancellationToken);
        return new TaskList(rows, truncated);
    }

    /// <summary>The user's care teams (the team filter, and the topics the list follows).</summary>
    public async Task<IReadOnlyList<TaskTeam>> MyTeamsAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var teamIds = db.Scope.TeamIds.ToList();
        if (teamIds.Count == 0)
            return [];
        var teams = await db.CareTeams.AsNoTracking()
            .Where(t => teamIds.Contains(t.Id))
            .Select(t => new TaskTeam(t.Id, t.Name))
            .ToListAsync(cancellationToken);
        return [.. teams.OrderBy(t => t.Name, StringComparer.CurrentCultureIgnoreCase).ThenBy(t => t.TeamId)];
    }

    /// <summary>
    /// Who the task can go to: the active members of its team (names only, nothing of the patient). Another team's task
    /// answers like a missing one: nobody.
    /// </summary>
    public async Task<IReadOnlyList<TaskAssignee>> AssigneesAsync(Guid taskId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var teamId = await OfTeams(db, db.Scope.TeamIds).Where(t => t.Id == taskId).Select(t => (Guid?)t.TeamId).FirstOrDefaultAsync(cancellationToken);
        if (teamId is not { } team)
            return [];
        var members = await ActiveMembers(db, team)
            .Select(s => new { s.Id, Name = s.GivenName + " " + s.FamilyName })
            .ToListAsync(cancellationToken);
        return [.. members.DistinctBy(m => m.Id)
            .Select(m => new TaskAssignee(m.Id, m.Name))
            .OrderBy(m => m.Name, StringComparer.CurrentCultureIgnoreCase)
            .ThenBy(m => m.StaffId)];
    }

    /// <summary>
    /// Marks the task done. A transition-contact task done is what the huddle's proposals and the census count as the
    /// transition-of-care call made (status Done, with the time it was done).
    /// </summary>
    public Task<TaskResult> CompleteAsync(Guid taskId, long version, CancellationToken cancellationToken) =>
        ChangeAsync(taskId, version, (_, task, now) =>
        {
            task.Complete(now);
            return Task.FromResult<TaskResult?>(null);
        }, cancellationToken);

    /// <summary>Cancels the task: it is no longer needed (the domain keeps no reason).</summary>
    public Task<TaskResult> CancelAsync(Guid taskId, long version, CancellationToken cancellationToken) =>
        ChangeAsync(taskId, version, (_, task, _) =>
        {
            task.Cancel();
            return Task.FromResult<TaskResult?>(null);
        }, cancellationToken);

    /// <summary>
    /// Hands the task to <paramref name="assigneeId"/>, an active member of the task's own team (checked here: the form
    /// offers only them), due at the end of the working day <paramref name="due"/> (today or later, in the app's time zone).
    /// </summary>
    public Task<TaskResult> ReassignAsync(Guid taskId, long version, Guid assigneeId, DateOnly due, CancellationToken cancellationToken) =>
        ChangeAsync(taskId, version, async (db, task, now) =>
        {
            if (assigneeId == Guid.Empty)
                return new TaskResult.Invalid(NoAssigneeMessage);
            if (!await ActiveMembers(db, task.TeamId).AnyAsync(s => s.Id == assigneeId, cancellationToken))
                return new TaskResult.Invalid(NotOnTeamMessage);
            // The date picker offers nothing else; a forged date (year 1 or 9999) is refused, not stored.
            if (due.Year is < 2000 or > 2100)
                return new TaskResult.Invalid(DueOutOfRangeMessage);
            if (due < calendar.DateOf(now))
                return new TaskResult.Invalid(DueInThePastMessage);
            task.Reassign(assigneeId, DueAt(due, now));
            return null;
        }, cancellationToken);

    /// <summary>The end of the working day <paramref name="due"/>, in UTC; the day's last minute when that has passed already (today, late).</summary>
    internal DateTimeOffset DueAt(DateOnly due, DateTimeOffset now)
    {
        var endOfDay = calendar.StartOf(due).AddDays(1).AddMinutes(-1);
        var local = due.ToDateTime(DueTimeOfDay, DateTimeKind.Unspecified);
        var dueAt = calendar.Zone.IsInvalidTime(local)
            ? endOfDay
            : new DateTimeOffset(local, calendar.Zone.GetUtcOffset(local)).ToUniversalTime();
        return dueAt >= now ? dueAt : endOfDay;
    }

    // ---------------------------------------------------------------------------------------------------------------

    /// <summary>
    /// One change of a task: load it for the caller (its team must be the user's), check the version the user saw, apply
    /// the change (null: done; a result: refused), save, publish.
    /// </summary>
    private async Task<TaskResult> ChangeAsync(Guid taskId, long version, Func<CareHubDbContext, CareTask, DateTimeOffset, Task<TaskResult?>> apply,
        CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var task = await OfTeams(db, db.Scope.TeamIds).FirstOrDefaultAsync(t => t.Id == taskId, cancellationToken);
        if (task is null)
        {
            db.RecordNotFound(TaskCategory, taskId);
            await db.SaveChangesAsync(cancellationToken);
            return new TaskResult.NotFound();
        }
        if (task.Version != version)
            return new TaskResult.Stale(StaleMessage);

        var now = clock.GetUtcNow();
        try
        {
            if (await apply(db, task, now) is { } refused)
                return refused;
        }
        catch (DomainRuleException e)
        {
            return new TaskResult.Invalid(e.Message);
        }
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            return new TaskResult.Stale(StaleMessage);
        }
        // Committed: the other screens must hear of it even if this caller has gone away.
        await bus.PublishAsync(TasksEvents.TaskChanged(task.TeamId, task.Id, task.Version, now), CancellationToken.None);
        return new TaskResult.Saved(task.Id, task.Version);
    }

    /// <summary>The tasks whose own team is one of <paramref name="teamIds"/> (the query filters already hide other teams' patients).</summary>
    private static IQueryable<CareTask> OfTeams(CareHubDbContext db, IReadOnlyCollection<Guid> teamIds)
    {
        var teams = teamIds.ToList();
        return db.Tasks.Where(t => teams.Contains(t.TeamId));
    }

    /// <summary>The teams a list covers: the one asked for if it is the user's (else none), or all the user's.</summary>
    private static List<Guid> TeamsFor(CareHubDbContext db, Guid? teamId) =>
        teamId is { } one ? (db.Scope.TeamIds.Contains(one) ? [one] : []) : [.. db.Scope.TeamIds];

    private static IQueryable<Domain.Organization.Staff> ActiveMembers(CareHubDbContext db, Guid teamId) =>
        from m in db.TeamMemberships
        where m.TeamId == teamId
        join s in db.Staff on m.StaffId equals s.Id
        where s.IsActive
        select s;

    private static async Task<List<TaskRow>> RowsAsync(CareHubDbContext db, List<CareTask> tasks, CancellationToken cancellationToken)
    {
        if (tasks.Count == 0)
            return [];
        var patientIds = tasks.Select(t => t.PatientId).Distinct().ToList();
        var teamIds = tasks.Select(t => t.TeamId).Distinct().ToList();
        var staffIds = tasks.Select(t => t.AssigneeId).Distinct().ToList();
        var patients = await db.Patients.AsNoTracking()
            .Where(p => patientIds.Contains(p.Id))
            .Select(p => new { p.Id, Name = p.FamilyName + ", " + p.GivenName })
            .ToDictionaryAsync(p => p.Id, p => p.Name, cancellationToken);
        var teams = await db.CareTeams.AsNoTracking()
            .Where(t => teamIds.Contains(t.Id))
            .Select(t => new { t.Id, t.Name })
            .ToDictionaryAsync(t => t.Id, t => t.Name, cancellationToken);
        var staff = await db.Staff.AsNoTracking()
            .Where(s => staffIds.Contains(s.Id))
            .Select(s => new { s.Id, Name = s.GivenName + " " + s.FamilyName })
            .ToDictionaryAsync(s => s.Id, s => s.Name, cancellationToken);
        return [.. tasks.Select(t => new TaskRow(t.Id, t.Version, t.PatientId, patients.GetValueOrDefault(t.PatientId) ?? string.Empty,
            t.TeamId, teams.GetValueOrDefault(t.TeamId) ?? string.Empty, t.Title, t.Kind, t.Priority, t.DueAt, t.AssigneeId,
            staff.GetValueOrDefault(t.AssigneeId) ?? "Someone"))];
    }
}
