using CareHub.Data;
using CareHub.Data.Auditing;
using CareHub.Domain.Common;
using CareHub.Domain.Organization;
using CareHub.Domain.Referrals;
using CareHub.Web.Realtime;
using CareHub.Web.Security;
using Microsoft.EntityFrameworkCore;

namespace CareHub.Web.Features.Referrals;

/// <summary>
/// The referrals of the user's care teams: worklist, detail with timeline, changes on the clock, metrics. Every query
/// runs through a context bound to the caller's access scope and is narrowed to the referrals of the user's own teams,
/// so another team's referral reads exactly like a missing one (and the attempt is audited). Reads are audited before
/// they are returned; a change is one SaveChanges (the referral, its timeline entry, the audit row and the version
/// bump), checked against the version the user saw, and published after the commit.
/// </summary>
public sealed class ReferralService(IDbContextFactory<CareHubDbContext> contexts, IRealtimeBus bus, TimeProvider clock,
    CurrentUser currentUser, ReferralClockContext clocks)
{
    public const int MaxPageSize = 200;
    public const int MaxPatientMatches = 20;
    public const int MaxSearchLength = 100;

    /// <summary>How many weeks the metrics look back (sent and closed per week; finished referrals and closure times).</summary>
    public const int MetricsWeeks = 12;

    public const int MetricsTopDestinations = 8;

    public const string StaleMessage = "Someone else changed this referral a moment ago; it has been reloaded. Check it and try again.";
    public const string NoOwnerMessage = "Choose who owns the referral.";
    public const string AppointmentOutOfRangeMessage = "The appointment date must be between 2000 and 2100.";

    private const string ReferralCategory = "Referral";
    private const string WorklistCategory = "ReferralWorklist";
    private const string PatientCategory = "Patient";
    private const string PatientSearchCategory = "ReferralPatientSearch";

    /// <summary>A page of the worklist sorted by the clock (next due day, then id), after <paramref name="cursor"/>.</summary>
    public async Task<ReferralPage> WorklistAsync(ReferralFilter filter, string? cursor, int pageSize, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(filter);
        pageSize = Math.Clamp(pageSize, 1, MaxPageSize);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var teams = TeamsFor(db, filter.TeamId);
        if (teams.Count == 0)
            return new ReferralPage([], null);

        var now = clock.GetUtcNow();
        var today = ReferralQueries.LocalDate(now, clocks.Zone);
        var query = Filtered(ReferralQueries.OfTeams(db, teams).AsNoTracking(), filter, today);
        var after = ReferralQueries.ReadCursor(cursor);

        // Two index-ordered runs instead of one "nulls last" sort: the referrals with a due day, then those without.
        var page = new List<Referral>(pageSize + 1);
        if (after is null || after.DueOn is not null)
            page.AddRange(await DatedPageAsync(db, teams, filter, query, after, pageSize + 1, cancellationToken));
        if (page.Count <= pageSize && !filter.OverdueOnly)
        {
            var undated = query.Where(r => r.NextDueOn == null);
            if (after is { DueOn: null, Id: var id })
                undated = undated.Where(r => r.Id.CompareTo(id) > 0);
            page.AddRange(await undated.OrderBy(r => r.Id).Take(pageSize + 1 - page.Count).ToListAsync(cancellationToken));
        }

        string? next = null;
        if (page.Count > pageSize)
        {
            page.RemoveRange(pageSize, page.Count - pageSize);
            next = ReferralQueries.WriteCursor(page[^1].NextDueOn, page[^1].Id);
        }

        var holds = await HoldsAsync(db, page, cancellationToken);
        var rows = await RowsAsync(db, page, now, holds, cancellationToken);
        // Audited before the rows are returned: rows whose audit could not be written are never shown.
        db.RecordReads(WorklistCategory, rows.Select(r => r.PatientId).Distinct());
        await db.SaveChangesAsync(cancellationToken);
        return new ReferralPage(rows, next);
    }

    public async Task<ReferralDetail?> GetAsync(Guid referralId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var referral = await ReferralQueries.OfTeams(db, db.Scope.TeamIds).AsNoTracking()
            .Include(r => r.Events)
            .FirstOrDefaultAsync(r => r.Id == referralId, cancellationToken);
        if (referral is null)
        {
            await NotFoundAsync(db, ReferralCategory, referralId, cancellationToken);
            return null;
        }

        var now = clock.GetUtcNow();
        var row = (await RowsAsync(db, [referral], now, holds: null, cancellationToken))[0];
        var hidden = row.DetailsHidden;
        var events = referral.Events.OrderBy(e => e.At).ThenBy(e => Rank(e.Kind)).ThenBy(e => e.Id).ToList();
        var names = await ReferralQueries.StaffNamesAsync(db, events.Where(e => e.StaffId is not null).Select(e => e.StaffId!.Value), cancellationToken);
        var lastAppointment = events.LastOrDefault(e => e.Milestone == ReferralMilestone.AppointmentScheduled);
        var lastReassign = events.LastOrDefault(e => e.Kind == ReferralEventKind.Reassigned);
        var timeline = events.Select(e => new ReferralTimelineEntry(
            e.Id, e.Kind, What(referral, e, e == lastAppointment, e == lastReassign, row.OwnerName, hidden), hidden ? null : e.Note,
            e.StaffId is { } by ? names.GetValueOrDefault(by) ?? "Someone" : "CareHub", e.At, e.FromStatus, e.ToStatus, e.Milestone)).ToList();

        var today = ReferralQueries.LocalDate(now, clocks.Zone);
        var detail = new ReferralDetail(row, hidden ? null : referral.Reason, referral.ConsentRecordedAt, referral.PatientWantsHelp,
            hidden ? null : referral.AppointmentAt, referral.SeenAt, referral.ResultReceivedAt, referral.LoopClosedAt, timeline,
            AllowedMoves(referral), AllowedMilestones(referral), referral.NeedsConsent)
        {
            Part2Consent = referral.IsSensitive && !hidden ? await Part2ConsentOfAsync(db, referral, today, cancellationToken) : null,
        };
        db.RecordRead(ReferralCategory, referral.PatientId, referral.Id);
        await db.SaveChangesAsync(cancellationToken);
        return detail;
    }

    public async Task<ReferralResult> CreateAsync(NewReferral referral, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(referral);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        // The team must be the user's and the patient on it (and visible): anything else reads as a missing patient.
        if (!db.Scope.TeamIds.Contains(referral.TeamId)
            || !await db.PatientTeams.AnyAsync(pt => pt.PatientId == referral.PatientId && pt.TeamId == referral.TeamId, cancellationToken)
            || !await db.Patients.AnyAsync(p => p.Id == referral.PatientId, cancellationToken))
        {
            await NotFoundAsync(db, PatientCategory, referral.PatientId, cancellationToken);
            return new ReferralResult.NotFound();
        }
        if ((referral.OwnerId ?? currentUser.StaffId) is not { } ownerId || ownerId == Guid.Empty)
            return new ReferralResult.Invalid(NoOwnerMessage);
        if (await NotOnTeamAsync(db, referral.TeamId, ownerId, cancellationToken) is { } notOnTeam)
            return notOnTeam;

        var now = clock.GetUtcNow();
        var by = currentUser.StaffId;
        Referral created;
        try
        {
            created = new Referral(referral.PatientId, referral.TeamId, ownerId, referral.Type, referral.Urgency,
                referral.Destination, referral.Reason, now);
            if (created.NeedsConsent && referral.ConsentGiven)
                created.RecordConsent(referral.PatientWantsHelp ?? false, now, by, null);
            if (referral.Send)
                created.MoveTo(ReferralStatus.Requested, now, by, referral.Note);
        }
        catch (DomainRuleException e)
        {
            return new ReferralResult.Invalid(e.Message);
        }
        created.PlanNextDue(clocks.Compute(created, now));
        db.Referrals.Add(created);
        await db.SaveChangesAsync(cancellationToken);
        await PublishAsync(created, now);
        return new ReferralResult.Saved(created.Id, created.Version);
    }

    public Task<ReferralResult> MoveAsync(Guid referralId, long version, ReferralStatus to, string? note, CancellationToken cancellationToken) =>
        ChangeAsync(referralId, version, (_, referral, now) =>
            Task.FromResult<Change>(new(referral.MoveTo(to, now, currentUser.StaffId, note))), cancellationToken);

    public Task<ReferralResult> ReachAsync(Guid referralId, long version, ReferralMilestone milestone, DateTimeOffset? appointmentAt,
        ReferralOutcome? outcome, string? note, CancellationToken cancellationToken) =>
        ChangeAsync(referralId, version, (_, referral, now) =>
            // The date picker offers nothing else; a forged date (year 1 or 9999) is refused, not stored.
            Task.FromResult<Change>(appointmentAt is { Year: < 2000 or > 2100 }
                ? new(new ReferralResult.Invalid(AppointmentOutOfRangeMessage))
                : new(referral.Reach(milestone, now, currentUser.StaffId, note, appointmentAt, outcome))), cancellationToken);

    public Task<ReferralResult> RecordConsentAsync(Guid referralId, long version, bool patientWantsHelp, string? note, CancellationToken cancellationToken) =>
        ChangeAsync(referralId, version, (_, referral, now) =>
            Task.FromResult<Change>(new(referral.RecordConsent(patientWantsHelp, now, currentUser.StaffId, note))), cancellationToken);

    /// <summary>
    /// Records the patient's consent to disclose a Part 2 record (ADR 0014). Only someone who sees the referral's details may
    /// record it (its owner; while a consent holds, the team's clinicians too); to anyone else the referral reads as missing,
    /// like another team's (they cannot know what they would be consenting for). The referral's row, its timeline entry and
    /// the audit row of the change commit together.
    /// </summary>
    public Task<ReferralResult> RecordPart2ConsentAsync(Guid referralId, long version, Part2ConsentForm consent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(consent);
        return ChangeAsync(referralId, version, async (db, referral, now) =>
        {
            if (await Part2RefusalAsync(db, referral, now, cancellationToken) is { } refused)
                return new Change(refused);
            if (currentUser.StaffId is not { } by)
                return new Change(new ReferralResult.NotFound());
            if (consent.SignedOn is not { } signedOn)
                return new Change(new ReferralResult.Invalid("Enter the day the patient signed the consent."));
            if (!consent.UntilRevoked && consent.ExpiresOn is null)
                return new Change(new ReferralResult.Invalid("Enter the last day the consent holds, or choose \"until the patient revokes it\"."));
            var today = ReferralQueries.LocalDate(now, clocks.Zone);
            return new Change(referral.RecordPart2Consent(consent.ConsentedBy ?? string.Empty, consent.Recipient ?? string.Empty,
                consent.Purpose ?? string.Empty, signedOn, consent.UntilRevoked ? null : consent.ExpiresOn, today, now, by));
        }, cancellationToken);
    }

    /// <summary>Records that the patient revoked their Part 2 consent (checked like <see cref="RecordPart2ConsentAsync"/>).</summary>
    public Task<ReferralResult> RevokePart2ConsentAsync(Guid referralId, long version, string? note, CancellationToken cancellationToken) =>
        ChangeAsync(referralId, version, async (db, referral, now) =>
        {
            if (await Part2RefusalAsync(db, referral, now, cancellationToken) is { } refused)
                return new Change(refused);
            if (currentUser.StaffId is not { } by)
                return new Change(new ReferralResult.NotFound());
            return new Change(referral.RevokePart2Consent(now, by, note));
        }, cancellationToken);

    public Task<ReferralResult> ReassignAsync(Guid referralId, long version, Guid ownerId, string? note, CancellationToken cancellationToken) =>
        ChangeAsync(referralId, version, async (db, referral, now) =>
        {
            if (ownerId == Guid.Empty)
                return new Change(new ReferralResult.Invalid(NoOwnerMessage));
            if (await NotOnTeamAsync(db, referral.TeamId, ownerId, cancellationToken) is { } notOnTeam)
                return new Change(notOnTeam);
            if (ownerId == referral.OwnerId)
            {
                var name = (await ReferralQueries.StaffNamesAsync(db, [ownerId], cancellationToken)).GetValueOrDefault(ownerId);
                return new Change(new ReferralResult.Invalid($"{name ?? "That person"} already owns this referral."));
            }
            return new Change(referral.Reassign(ownerId, now, currentUser.StaffId, note));
        }, cancellationToken);

    /// <summary>
    /// The figures of one team (or all the user's teams when null). Open, overdue and due soon are the referrals under way
    /// now (not finished, not entered in error; a finished referral whose loop is still to close counts as finished);
    /// finished, closed loops, closure rate and median days to close are over the referrals that finished in the last
    /// <see cref="MetricsWeeks"/> weeks; the weeks count referrals sent and loops closed.
    /// </summary>
    public async Task<ReferralMetrics> MetricsAsync(Guid? teamId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var teams = TeamsFor(db, teamId);
        var now = clock.GetUtcNow();
        var today = ReferralQueries.LocalDate(now, clocks.Zone);
        var thisMonday = today.AddDays(-(((int)today.DayOfWeek + 6) % 7));
        var firstMonday = thisMonday.AddDays(-7 * (MetricsWeeks - 1));
        var emptyWeeks = Enumerable.Range(0, MetricsWeeks).Select(w => new ReferralMetricsWeek(firstMonday.AddDays(7 * w), 0, 0)).ToList();
        if (teams.Count == 0)
            return new ReferralMetrics(0, 0, 0, 0, 0, null, null, [], [], emptyWeeks);

        var since = ReferralQueries.StartOf(firstMonday, clocks.Zone);
        var dueSoonBy = clocks.Calendar.AddBusinessDays(today, clocks.Policy.DueSoonDays);
        var viewer = await ViewerAsync(db, cancellationToken);
        var me = viewer?.Id ?? Guid.Empty;
        var referrals = ReferralQueries.OfTeams(db, teams).AsNoTracking();
        var finished = ReferralQueries.FinishedStatuses;
        var closedStatuses = ReferralQueries.ClosedStatuses;

        // Counted in SQL, grouped by what the breakdowns need; the closed loops of the period come back for the medians.
        var open = await referrals.Where(r => r.LoopClosedAt == null && !closedStatuses.Contains(r.Status))
            .GroupBy(r => new { r.Type, r.Destination, r.IsSensitive, Mine = r.OwnerId == me })
            .Select(g => new Counts(g.Key.Type, g.Key.Destination, g.Key.IsSensitive, g.Key.Mine,
                g.Count(),
                g.Count(r => r.NextDueOn != null && r.NextDueOn < today),
                g.Count(r => r.NextDueOn != null && r.NextDueOn >= today && r.NextDueOn <= dueSoonBy),
                0, 0))
            .ToListAsync(cancellationToken);
        var done = await referrals
            .Where(r => finished.Contains(r.Status) && r.StatusChangedAt >= since)
            .GroupBy(r => new { r.Type, r.Destination, r.IsSensitive, Mine = r.OwnerId == me })
            .Select(g => new Counts(g.Key.Type, g.Key.Destination, g.Key.IsSensitive, g.Key.Mine,
                0, 0, 0, g.Count(), g.Count(r => r.LoopClosedAt != null)))
            .ToListAsync(cancellationToken);
        var closed = (await referrals
            .Where(r => finished.Contains(r.Status) && r.StatusChangedAt >= since && r.LoopClosedAt != null && r.RequestedAt != null)
            .Select(r => new { r.Type, r.Destination, r.IsSensitive, r.OwnerId, r.RequestedAt, r.LoopClosedAt })
            .ToListAsync(cancellationToken))
            .Select(r => new ClosedLoop(r.Type, DestinationFor(r.Destination, r.IsSensitive, r.OwnerId == me, viewer),
                (r.LoopClosedAt!.Value - r.RequestedAt!.Value).TotalDays))
            .ToList();
        var sent = await referrals.Where(r => r.RequestedAt != null && r.RequestedAt >= since)
            .Select(r => r.RequestedAt!.Value).ToListAsync(cancellationToken);
        var loopsClosed = await referrals.Where(r => r.LoopClosedAt != null && r.LoopClosedAt >= since)
            .Select(r => r.LoopClosedAt!.Value).ToListAsync(cancellationToken);

        var all = open.Concat(done).ToList();
        var byType = all.GroupBy(c => c.Type).OrderBy(g => g.Key)
            .Select(g => Group(ReferralQueries.TypeName(g.Key), g, closed.Where(c => c.Type == g.Key)))
            .ToList();
        var byDestination = all
            .GroupBy(c => DestinationFor(c.Destination, c.IsSensitive, c.Mine, viewer), StringComparer.Ordinal)
            .Select(g => (Volume: g.Sum(c => c.Open + c.Finished), Group: Group(g.Key, g, closed.Where(c => c.Destination == g.Key))))
            .OrderByDescending(g => g.Volume).ThenBy(g => g.Group.Name, StringComparer.CurrentCultureIgnoreCase)
            .Take(MetricsTopDestinations)
            .Select(g => g.Group)
            .ToList();
        var weeks = emptyWeeks.Select(w => w with
        {
            Sent = sent.Count(at => WeekOf(at) == w.Monday),
            LoopsClosed = loopsClosed.Count(at => WeekOf(at) == w.Monday),
        }).ToList();

        var total = Group("All", all, closed);
        return new ReferralMetrics(total.Open, total.Overdue, all.Sum(c => c.DueSoon), total.ClosedLoops, total.Finished, total.ClosureRate,
            total.MedianDaysToClose, byType, byDestination, weeks);

        DateOnly WeekOf(DateTimeOffset at)
        {
            var day = ReferralQueries.LocalDate(at, clocks.Zone);
            return day.AddDays(-(((int)day.DayOfWeek + 6) % 7));
        }
    }

    /// <summary>The user's teams (for the team filter and the new-referral form).</summary>
    public async Task<IReadOnlyList<ReferralTeam>> MyTeamsAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var teamIds = db.Scope.TeamIds.ToList();
        if (teamIds.Count == 0)
            return [];
        var teams = await db.CareTeams.AsNoTracking()
            .Where(t => teamIds.Contains(t.Id))
            .Select(t => new ReferralTeam(t.Id, t.Name))
            .ToListAsync(cancellationToken);
        return [.. teams.OrderBy(t => t.Name, StringComparer.CurrentCultureIgnoreCase).ThenBy(t => t.TeamId)];
    }

    /// <summary>Who can own a referral of the team: its active members.</summary>
    public async Task<IReadOnlyList<ReferralOwner>> OwnersAsync(Guid teamId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (!db.Scope.TeamIds.Contains(teamId))
            return [];
        var members = await ReferralQueries.ActiveMembers(db, teamId)
            .Select(s => new { s.Id, Name = s.GivenName + " " + s.FamilyName })
            .ToListAsync(cancellationToken);
        return [.. members
            .DistinctBy(m => m.Id)
            .Select(m => new ReferralOwner(m.Id, m.Name))
            .OrderBy(m => m.Name, StringComparer.CurrentCultureIgnoreCase)
            .ThenBy(m => m.StaffId)];
    }

    /// <summary>The user's team patients whose name or MRN starts with <paramref name="text"/> (at most 20), for the new-referral form.</summary>
    public async Task<IReadOnlyList<ReferralPatientOption>> FindPatientsAsync(string text, CancellationToken cancellationToken)
    {
        var search = text?.Trim();
        if (string.IsNullOrEmpty(search) || search.Length > MaxSearchLength)
            return [];
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (db.Scope.TeamIds.Count == 0)
            return [];
        var patients = await MatchingPatients(db.Patients.AsNoTracking().Where(p => p.MergedIntoId == null), search)
            .OrderBy(p => p.SortName).ThenBy(p => p.Id)
            .Take(MaxPatientMatches)
            .Select(p => new { p.Id, p.FamilyName, p.GivenName, p.Mrn })
            .ToListAsync(cancellationToken);
        if (patients.Count == 0)
            return [];
        var ids = patients.Select(p => p.Id).ToList();
        // The membership filter leaves only the user's own teams.
        var teams = await (
            from pt in db.PatientTeams
            where ids.Contains(pt.PatientId)
            join t in db.CareTeams on pt.TeamId equals t.Id
            select new { pt.PatientId, t.Id, t.Name }).ToListAsync(cancellationToken);
        var options = patients.Select(p => new ReferralPatientOption(p.Id, $"{p.FamilyName}, {p.GivenName}", p.Mrn,
            [.. teams.Where(t => t.PatientId == p.Id)
                .Select(t => new ReferralTeam(t.Id, t.Name))
                .OrderBy(t => t.Name, StringComparer.CurrentCultureIgnoreCase)])).ToList();
        db.RecordReads(PatientSearchCategory, ids);
        await db.SaveChangesAsync(cancellationToken);
        return options;
    }

    // ---------------------------------------------------------------------------------------------------------------

    /// <summary>What a change did: the timeline entry it recorded, or why nothing was done.</summary>
    private sealed record Change(ReferralEvent? Entry, ReferralResult? Refused = null)
    {
        public Change(ReferralResult refused) : this(null, refused)
        {
        }
    }

    /// <summary>
    /// One change of a referral: load it for the caller (tracked, with its timeline for the holds), check the version the
    /// user saw, apply the domain method, plan the next due day with fresh clocks, save, publish.
    /// </summary>
    private async Task<ReferralResult> ChangeAsync(Guid referralId, long version, Func<CareHubDbContext, Referral, DateTimeOffset, Task<Change>> apply,
        CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var referral = await ReferralQueries.OfTeams(db, db.Scope.TeamIds)
            .Include(r => r.Events)
            .FirstOrDefaultAsync(r => r.Id == referralId, cancellationToken);
        if (referral is null)
        {
            await NotFoundAsync(db, ReferralCategory, referralId, cancellationToken);
            return new ReferralResult.NotFound();
        }
        if (referral.Version != version)
            return new ReferralResult.Stale(StaleMessage);

        var now = clock.GetUtcNow();
        Change change;
        try
        {
            change = await apply(db, referral, now);
        }
        catch (DomainRuleException e)
        {
            return new ReferralResult.Invalid(e.Message);
        }
        if (change.Refused is { } refused)
            return refused;

        if (change.Entry is { } entry)
            db.ReferralEvents.Add(entry);
        referral.PlanNextDue(clocks.Compute(referral, now));
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            return new ReferralResult.Stale(StaleMessage);
        }
        await PublishAsync(referral, now);
        return new ReferralResult.Saved(referral.Id, referral.Version);
    }

    private async Task PublishAsync(Referral referral, DateTimeOffset at) =>
        // Committed: the other screens must hear of it even if this caller has gone away.
        await bus.PublishAsync(new RealtimeEvent(Topics.Referrals(referral.TeamId), ReferralsEvents.Changed, referral.Id, referral.Version, at),
            CancellationToken.None);

    /// <summary>The teams a query covers: the one asked for if it is the user's (else none), or all the user's.</summary>
    private static List<Guid> TeamsFor(CareHubDbContext db, Guid? teamId) =>
        teamId is { } one ? (db.Scope.TeamIds.Contains(one) ? [one] : []) : [.. db.Scope.TeamIds];

    /// <summary>
    /// The worklist's first run as it is sent to the database: the referrals with a due day after <paramref name="after"/>,
    /// in (due day, id) order, without their timelines (<see cref="HoldsAsync"/> reads the page's holds; the benchmark
    /// measures the two queries on their own).
    /// </summary>
    internal static IQueryable<Referral> DatedRun(CareHubDbContext db, ReferralFilter filter, DateOnly today, ReferralQueries.Cursor? after, int take)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var teams = TeamsFor(db, filter.TeamId);
        return DatedRun(Filtered(ReferralQueries.OfTeams(db, teams).AsNoTracking(), filter, today), after, take);
    }

    /// <summary>The dated run of a page as the worklist reads it (the benchmark measures it with <see cref="HoldsAsync"/>).</summary>
    internal static Task<List<Referral>> DatedPageAsync(CareHubDbContext db, ReferralFilter filter, DateOnly today, ReferralQueries.Cursor? after, int take,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var teams = TeamsFor(db, filter.TeamId);
        return DatedPageAsync(db, teams, filter, Filtered(ReferralQueries.OfTeams(db, teams).AsNoTracking(), filter, today), after, take, cancellationToken);
    }

    /// <summary>
    /// The dated run of a page: compiled for the worklist's default view (the open loops of one or all of the user's teams,
    /// no other filter), built from <paramref name="filtered"/> otherwise. Both send the same SQL; the compiled one skips
    /// building and looking up the query on every call.
    /// </summary>
    internal static async Task<List<Referral>> DatedPageAsync(CareHubDbContext db, List<Guid> teams, ReferralFilter filter, IQueryable<Referral> filtered,
        ReferralQueries.Cursor? after, int take, CancellationToken cancellationToken)
    {
        if (filter is not { IncludeClosed: false, Statuses: null or { Count: 0 }, Type: null, Urgency: null, OwnerId: null, OverdueOnly: false })
            return await DatedRun(filtered, after, take).ToListAsync(cancellationToken);
        var run = after is { DueOn: { } due, Id: var id } ? OpenDatedAfter(db, teams, due, id, take) : OpenDatedFirst(db, teams, take);
        var page = new List<Referral>(take);
        await foreach (var referral in run.WithCancellation(cancellationToken))
            page.Add(referral);
        return page;
    }

    /// <summary>The first page of the default view's dated run: <see cref="ReferralQueries.OfTeams"/>, open loops, (due day, id) order.</summary>
    private static readonly Func<CareHubDbContext, List<Guid>, int, IAsyncEnumerable<Referral>> OpenDatedFirst = EF.CompileAsyncQuery(
        (CareHubDbContext db, List<Guid> teams, int take) => db.Referrals.Where(r => teams.Contains(r.TeamId)).AsNoTracking()
            .Where(r => r.LoopClosedAt == null && r.Status != ReferralStatus.EnteredInError)
            .Where(r => r.NextDueOn != null)
            .OrderBy(r => r.NextDueOn).ThenBy(r => r.Id).Take(take));

    /// <summary>A later page of the default view's dated run, after its keyset cursor (see <see cref="DatedRun(IQueryable{Referral}, ReferralQueries.Cursor?, int)"/>).</summary>
    private static readonly Func<CareHubDbContext, List<Guid>, DateOnly, Guid, int, IAsyncEnumerable<Referral>> OpenDatedAfter = EF.CompileAsyncQuery(
        (CareHubDbContext db, List<Guid> teams, DateOnly due, Guid id, int take) => db.Referrals.Where(r => teams.Contains(r.TeamId)).AsNoTracking()
            .Where(r => r.LoopClosedAt == null && r.Status != ReferralStatus.EnteredInError)
            .Where(r => r.NextDueOn != null)
            .Where(r => r.NextDueOn > due || (r.NextDueOn == due && r.Id.CompareTo(id) > 0))
            .OrderBy(r => r.NextDueOn).ThenBy(r => r.Id).Take(take));

    private static IQueryable<Referral> DatedRun(IQueryable<Referral> query, ReferralQueries.Cursor? after, int take)
    {
        var dated = query.Where(r => r.NextDueOn != null);
        if (after is { DueOn: { } due, Id: var id })
            dated = dated.Where(r => r.NextDueOn > due || (r.NextDueOn == due && r.Id.CompareTo(id) > 0));
        return dated.OrderBy(r => r.NextDueOn).ThenBy(r => r.Id).Take(take);
    }

    private static IQueryable<Referral> Filtered(IQueryable<Referral> query, ReferralFilter filter, DateOnly today)
    {
        if (!filter.IncludeClosed)
            query = query.OpenLoops();
        if (filter.Statuses is { Count: > 0 } statuses)
        {
            var wanted = statuses.Distinct().ToList();
            query = query.Where(r => wanted.Contains(r.Status));
        }
        if (filter.Type is { } type)
            query = query.Where(r => r.Type == type);
        if (filter.Urgency is { } urgency)
            query = query.Where(r => r.Urgency == urgency);
        if (filter.OwnerId is { } owner)
            query = query.Where(r => r.OwnerId == owner);
        if (filter.OverdueOnly)
            query = query.Where(r => r.NextDueOn != null && r.NextDueOn < today);
        return query;
    }

    /// <summary>
    /// The status changes the holds of <paramref name="referralIds"/> are read from, and only those: into a hold and out of
    /// it (<see cref="Referral.HoldsFrom"/>), oldest first. A second, narrow query instead of an Include on the page: most
    /// referrals are never on hold, and EF's shaper for an Include cost the worklist query as much as its SQL.
    /// </summary>
    internal static IQueryable<HoldChange> HoldChanges(CareHubDbContext db, IReadOnlyCollection<Guid> referralIds)
    {
        var ids = referralIds.ToList();
        return db.ReferralEvents.AsNoTracking()
            .Where(e => ids.Contains(e.ReferralId) && e.Kind == ReferralEventKind.StatusChanged
                && (e.ToStatus == ReferralStatus.OnHold || e.FromStatus == ReferralStatus.OnHold))
            .OrderBy(e => e.ReferralId).ThenBy(e => e.At).ThenBy(e => e.Id)
            .Select(e => new HoldChange(e.ReferralId, e.FromStatus, e.ToStatus, e.At));
    }

    /// <summary><see cref="HoldChanges"/> compiled (the worklist reads it for every page).</summary>
    private static readonly Func<CareHubDbContext, List<Guid>, IAsyncEnumerable<HoldChange>> HoldChangesOf = EF.CompileAsyncQuery(
        (CareHubDbContext db, List<Guid> ids) => db.ReferralEvents.AsNoTracking()
            .Where(e => ids.Contains(e.ReferralId) && e.Kind == ReferralEventKind.StatusChanged
                && (e.ToStatus == ReferralStatus.OnHold || e.FromStatus == ReferralStatus.OnHold))
            .OrderBy(e => e.ReferralId).ThenBy(e => e.At).ThenBy(e => e.Id)
            .Select(e => new HoldChange(e.ReferralId, e.FromStatus, e.ToStatus, e.At)));

    /// <summary>The holds of each referral of a page that has any (a referral never on hold is absent).</summary>
    internal static async Task<Dictionary<Guid, IReadOnlyList<(DateTimeOffset From, DateTimeOffset? To)>>> HoldsAsync(CareHubDbContext db,
        IReadOnlyList<Referral> page, CancellationToken cancellationToken)
    {
        if (page.Count == 0)
            return [];
        var changes = new List<HoldChange>();
        await foreach (var change in HoldChangesOf(db, [.. page.Select(r => r.Id)]).WithCancellation(cancellationToken))
            changes.Add(change);
        return changes.GroupBy(c => c.ReferralId)
            .ToDictionary(g => g.Key, g => Referral.HoldsFrom(g.Select(c => new ReferralStatusChange(c.FromStatus, c.ToStatus, c.At))));
    }

    /// <summary>A status change into or out of a hold, as <see cref="HoldChanges"/> reads it.</summary>
    internal sealed record HoldChange(Guid ReferralId, ReferralStatus? FromStatus, ReferralStatus? ToStatus, DateTimeOffset At);

    private sealed record Viewer(Guid Id, StaffRole Role);

    /// <summary>Not a Part 2 record (nothing to consent to here), or one the caller may not see: either reads as missing.</summary>
    private async Task<ReferralResult?> Part2RefusalAsync(CareHubDbContext db, Referral referral, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (!referral.IsSensitive)
            return new ReferralResult.Invalid("Only a substance use treatment referral needs this consent (42 CFR Part 2).");
        var viewer = await ViewerAsync(db, cancellationToken);
        if (Hidden(referral, viewer, ReferralQueries.LocalDate(now, clocks.Zone)))
        {
            db.RecordNotFound(ReferralCategory, referral.Id);
            await db.SaveChangesAsync(cancellationToken);
            return new ReferralResult.NotFound();
        }
        return null;
    }

    private static async Task<Part2ConsentView?> Part2ConsentOfAsync(CareHubDbContext db, Referral referral, DateOnly today, CancellationToken cancellationToken)
    {
        if (referral.Part2ConsentRecordedAt is not { } recordedAt)
            return new Part2ConsentView(Part2ConsentState.None, null, null, null, null, null, null, null, null, null);
        var staff = new[] { referral.Part2ConsentRecordedBy, referral.Part2ConsentRevokedBy }.OfType<Guid>();
        var names = await ReferralQueries.StaffNamesAsync(db, staff, cancellationToken);
        var state = referral.HasActivePart2Consent(today) ? Part2ConsentState.Active
            : referral.Part2ConsentRevokedAt is not null ? Part2ConsentState.Revoked
            : referral.Part2ConsentExpiresOn is { } ends && ends < today ? Part2ConsentState.Expired
            : Part2ConsentState.NotYetValid;
        return new Part2ConsentView(state, referral.Part2ConsentedBy, referral.Part2ConsentRecipient, referral.Part2ConsentPurpose,
            referral.Part2ConsentSignedOn, referral.Part2ConsentExpiresOn,
            referral.Part2ConsentRecordedBy is { } by ? names.GetValueOrDefault(by) ?? "Someone" : null, recordedAt,
            referral.Part2ConsentRevokedBy is { } revoker ? names.GetValueOrDefault(revoker) ?? "Someone" : null, referral.Part2ConsentRevokedAt);
    }

    private async Task<Viewer?> ViewerAsync(CareHubDbContext db, CancellationToken cancellationToken)
    {
        if (currentUser.StaffId is not { } staffId)
            return null;
        var role = await db.Staff.AsNoTracking().Where(s => s.Id == staffId).Select(s => (StaffRole?)s.Role).FirstOrDefaultAsync(cancellationToken);
        return role is { } known ? new Viewer(staffId, known) : null;
    }

    private static bool Hidden(Referral referral, Viewer? viewer, DateOnly today) =>
        referral.IsSensitive && (viewer is null || !referral.DetailsVisibleTo(viewer.Id, viewer.Role, today));

    // Figures are grouped in SQL across referrals, each with its own consent: a Part 2 destination is named only to the
    // referrals' owner (the holder of the record), never on the strength of another referral's consent.
    private static string DestinationFor(string destination, bool sensitive, bool mine, Viewer? viewer) =>
        !sensitive || (viewer is not null && mine)
            ? destination
            : ReferralQueries.Restricted;

    /// <summary>
    /// The rows of <paramref name="referrals"/>; their clocks subtract <paramref name="holds"/> (read apart, see
    /// <see cref="HoldsAsync"/>; a referral absent from it was never on hold), or, when null, the holds of each referral's
    /// own timeline.
    /// </summary>
    private async Task<List<ReferralRow>> RowsAsync(CareHubDbContext db, IReadOnlyList<Referral> referrals, DateTimeOffset now,
        IReadOnlyDictionary<Guid, IReadOnlyList<(DateTimeOffset From, DateTimeOffset? To)>>? holds, CancellationToken cancellationToken)
    {
        if (referrals.Count == 0)
            return [];
        var viewer = await ViewerAsync(db, cancellationToken);
        var today = ReferralQueries.LocalDate(now, clocks.Zone);
        var patientIds = referrals.Select(r => r.PatientId).Distinct().ToList();
        var teamIds = referrals.Select(r => r.TeamId).Distinct().ToList();
        var patients = await db.Patients.AsNoTracking()
            .Where(p => patientIds.Contains(p.Id))
            .Select(p => new { p.Id, Name = p.FamilyName + ", " + p.GivenName })
            .ToDictionaryAsync(p => p.Id, p => p.Name, cancellationToken);
        var teams = await db.CareTeams.AsNoTracking()
            .Where(t => teamIds.Contains(t.Id))
            .Select(t => new { t.Id, t.Name })
            .ToDictionaryAsync(t => t.Id, t => t.Name, cancellationToken);
        var owners = await ReferralQueries.StaffNamesAsync(db, referrals.Select(r => r.OwnerId), cancellationToken);
        return [.. referrals.Select(r =>
        {
            var hidden = Hidden(r, viewer, today);
            return new ReferralRow(r.Id, r.Version, r.PatientId, patients.GetValueOrDefault(r.PatientId) ?? string.Empty, r.TeamId,
                teams.GetValueOrDefault(r.TeamId) ?? string.Empty, r.Type, r.Urgency, r.Status, hidden ? ReferralQueries.Restricted : r.Destination,
                r.IsSensitive, hidden, r.OwnerId, owners.GetValueOrDefault(r.OwnerId) ?? "Someone", r.CreatedAt, r.RequestedAt,
                holds is null ? clocks.Compute(r, now) : clocks.Compute(r, now, holds.GetValueOrDefault(r.Id) ?? []), r.IsLoopClosed, r.Outcome);
        })];
    }

    private static async Task<ReferralResult.Invalid?> NotOnTeamAsync(CareHubDbContext db, Guid teamId, Guid staffId, CancellationToken cancellationToken)
    {
        if (await ReferralQueries.ActiveMembers(db, teamId).AnyAsync(s => s.Id == staffId, cancellationToken))
            return null;
        var name = (await ReferralQueries.StaffNamesAsync(db, [staffId], cancellationToken)).GetValueOrDefault(staffId);
        return new ReferralResult.Invalid($"{name ?? "That person"} is not on this team.");
    }

    /// <summary>The statuses the referral can move to now: the life cycle's, less those a domain rule would refuse.</summary>
    internal static List<ReferralStatus> AllowedMoves(Referral referral) =>
    [
        .. Enum.GetValues<ReferralStatus>().Where(to => Referral.CanMove(referral.Status, to)
            && !(to == ReferralStatus.Requested && referral.NeedsConsent && (referral.ConsentRecordedAt is null || referral.PatientWantsHelp is null))),
    ];

    /// <summary>The milestones the referral can reach now (the rules of <see cref="Referral.Reach"/>).</summary>
    internal static List<ReferralMilestone> AllowedMilestones(Referral referral)
    {
        var milestones = new List<ReferralMilestone>();
        if (referral.IsLoopClosed || referral.Status == ReferralStatus.EnteredInError)
            return milestones;
        var status = referral.Status;
        if (status is ReferralStatus.Accepted or ReferralStatus.InProgress && referral.SeenAt is null)
            milestones.Add(ReferralMilestone.AppointmentScheduled);
        if (referral.AppointmentScheduledAt is not null && referral.SeenAt is null
            && status is ReferralStatus.Accepted or ReferralStatus.InProgress or ReferralStatus.Completed)
            milestones.Add(ReferralMilestone.PatientSeen);
        if (referral.SeenAt is not null && referral.ResultReceivedAt is null)
            milestones.Add(ReferralMilestone.ResultReceived);
        if ((status == ReferralStatus.Completed && referral.ResultReceivedAt is not null)
            || status is ReferralStatus.Rejected or ReferralStatus.Failed or ReferralStatus.Cancelled)
            milestones.Add(ReferralMilestone.LoopClosed);
        return milestones;
    }

    // Entries of one instant (a referral created with its consent and sent at once) in the order they happen.
    private static int Rank(ReferralEventKind kind) => kind switch
    {
        ReferralEventKind.Created => 0,
        ReferralEventKind.ConsentRecorded => 1,
        ReferralEventKind.StatusChanged => 2,
        ReferralEventKind.Milestone => 3,
        ReferralEventKind.Reassigned => 4,
        _ => 5,
    };

    private string What(Referral referral, ReferralEvent e, bool lastAppointment, bool lastReassign, string ownerName, bool hidden) => e.Kind switch
    {
        ReferralEventKind.Created => "Created as a draft",
        ReferralEventKind.StatusChanged => ReferralQueries.StatusChange(e.FromStatus, e.ToStatus),
        ReferralEventKind.ConsentRecorded => "Consent recorded",
        ReferralEventKind.Reassigned => lastReassign ? $"Reassigned to {ownerName}" : "Reassigned",
        ReferralEventKind.Escalated => "Escalated",
        ReferralEventKind.Part2ConsentRecorded => "Consent to share (42 CFR Part 2) recorded",
        ReferralEventKind.Part2ConsentRevoked => "Consent to share (42 CFR Part 2) revoked",
        ReferralEventKind.Milestone => e.Milestone switch
        {
            ReferralMilestone.AppointmentScheduled when !lastAppointment => "Appointment scheduled (later rescheduled)",
            ReferralMilestone.AppointmentScheduled when !hidden && referral.AppointmentAt is { } at =>
                $"Appointment scheduled for {ReferralQueries.Day(at, clocks.Zone)}",
            ReferralMilestone.AppointmentScheduled => "Appointment scheduled",
            ReferralMilestone.PatientSeen => "Patient seen",
            ReferralMilestone.ResultReceived => "Result received",
            ReferralMilestone.LoopClosed => referral.Outcome is { } outcome
                ? $"Loop closed: {ReferralQueries.OutcomeName(outcome)}"
                : "Loop closed",
            _ => "Milestone reached",
        },
        _ => "Changed",
    };

    private static IQueryable<Domain.Patients.Patient> MatchingPatients(IQueryable<Domain.Patients.Patient> patients, string search)
    {
        // "Garcia,Ana" and "garcia ,  ana" mean what lists show: "Garcia, Ana".
        if (search.Split(',', 2) is [var family, var given])
            search = $"{family.Trim()}, {given.Trim()}";
        var escaped = search.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal)
            .Replace("_", "\\_", StringComparison.Ordinal);
        if (search.All(char.IsDigit))
            return patients.Where(p => EF.Functions.Like(p.Mrn, escaped + "%", "\\"));
        return patients.Where(p => EF.Functions.Like(p.SortName, escaped + "%", "\\")
            || EF.Functions.Like(p.GivenName, escaped + "%", "\\")
            || EF.Functions.Like(p.Mrn, escaped + "%", "\\"));
    }

    private static async Task NotFoundAsync(CareHubDbContext db, string category, Guid id, CancellationToken cancellationToken)
    {
        db.RecordNotFound(category, id);
        await db.SaveChangesAsync(cancellationToken);
    }

    private sealed record Counts(ReferralType Type, string Destination, bool IsSensitive, bool Mine, int Open, int Overdue, int DueSoon,
        int Finished, int ClosedLoops);

    private sealed record ClosedLoop(ReferralType Type, string Destination, double Days);

    private static ReferralMetricsGroup Group(string name, IEnumerable<Counts> counts, IEnumerable<ClosedLoop> closed)
    {
        var list = counts.ToList();
        var finished = list.Sum(c => c.Finished);
        var closedLoops = list.Sum(c => c.ClosedLoops);
        return new ReferralMetricsGroup(name, list.Sum(c => c.Open), list.Sum(c => c.Overdue), closedLoops, finished,
            finished == 0 ? null : (double)closedLoops / finished, Median(closed.Select(c => c.Days)));
    }

    private static double? Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        if (sorted.Count == 0)
            return null;
        var middle = sorted.Count / 2;
        return sorted.Count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }
}

public sealed record ReferralTeam(Guid TeamId, string Name);

public sealed record ReferralOwner(Guid StaffId, string Name);

/// <summary>A patient to refer: name, MRN and the user's teams the patient is on.</summary>
public sealed record ReferralPatientOption(Guid PatientId, string Name, string Mrn, IReadOnlyList<ReferralTeam> Teams);

/// <summary>The business calendar, time zone and clock policy every referral clock is computed with (singleton, from configuration).</summary>
public sealed class ReferralClockContext(Domain.Common.BusinessCalendar calendar, TimeZoneInfo zone, ReferralClockPolicy policy, int managerEscalationAfterDays)
{
    public Domain.Common.BusinessCalendar Calendar { get; } = calendar;
    public TimeZoneInfo Zone { get; } = zone;
    public ReferralClockPolicy Policy { get; } = policy;
    public int ManagerEscalationAfterDays { get; } = managerEscalationAfterDays;

    public ReferralClockSet Compute(Referral referral, DateTimeOffset now) =>
        ReferralClocks.Compute(referral.ClockInput(), Policy, Calendar, Zone, now);

    /// <summary>The clocks of a referral loaded without its timeline, with its holds read apart.</summary>
    public ReferralClockSet Compute(Referral referral, DateTimeOffset now, IReadOnlyList<(DateTimeOffset From, DateTimeOffset? To)> holds) =>
        ReferralClocks.Compute(referral.ClockInput(holds), Policy, Calendar, Zone, now);
}
