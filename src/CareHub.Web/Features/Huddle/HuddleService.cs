using CareHub.Web.Auditing;
using CareHub.Data;
using CareHub.Data.Auditing;
using CareHub.Domain.Common;
using CareHub.Domain.Encounters;
using CareHub.Domain.Huddles;
using CareHub.Domain.Organization;
using CareHub.Domain.Tasks;
using CareHub.Web.Features.Tasks;
using CareHub.Web.Realtime;
using CareHub.Web.Security;
using Microsoft.EntityFrameworkCore;

namespace CareHub.Web.Features.Huddle;

/// <summary>
/// The huddle boards of the user's care teams. Every query goes through a context created for the caller's access
/// scope, ids from the client are checked against the board they claim to belong to, and every change bumps the
/// board's version: changes to one board are serialised by that version (a writer that lost the race reloads and
/// applies its intent again), and the new version is published after the commit.
/// </summary>
public sealed class HuddleService(IDbContextFactory<CareHubDbContext> contexts, IRealtimeBus bus, IPresenceService presence,
    TimeProvider clock, CurrentUser currentUser, HuddleBoardSnapshots snapshots, ReadAuditWriter readAudit)
{
    public const string ClosedMessage = "This huddle is closed; its board can no longer be changed.";
    public const string StaleCardMessage =
        "Someone else changed this card while you were editing it; the board now shows their change. Make your change again if it is still needed.";
    public const string LastCardMessage = "That was the last card.";
    public const string BusyMessage = "The board kept changing while your change was being saved, so it was not saved. Try again.";
    public const string NoSuchLaneMessage = "That lane does not exist on this board.";
    public const string NoSuchSectionMessage = "That agenda section does not exist.";
    public const string DueOutOfRangeMessage = "The due date must be between 2000 and 2100.";

    /// <summary>The first try and three more after losing a race to another writer of the same board.</summary>
    internal const int MaxAttempts = 4;

    /// <summary>Order keys longer than this are rewritten for the whole lane (they grow when cards keep landing in one gap).</summary>
    internal const int LongestOrderKey = 48;

    private const string BoardCategory = "HuddleBoard";
    private const string CardCategory = "HuddleCard";

    private static readonly HuddleLane[] DiscussionLanes = [HuddleLane.ToDiscuss, HuddleLane.Barriers, HuddleLane.Actions];

    public async Task<IReadOnlyList<HuddleTeam>> MyTeamsAsync(CancellationToken cancellationToken)
    {
        var teamIds = currentUser.Current.TeamIds.ToList();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.CareTeams.AsNoTracking()
            .Where(t => teamIds.Contains(t.Id))
            .OrderBy(t => t.Name)
            .Select(t => new HuddleTeam(t.Id, t.Name))
            .ToListAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<HuddleMember>> MembersAsync(Guid teamId, CancellationToken cancellationToken)
    {
        if (!currentUser.Current.IsMemberOf(teamId))
            return [];
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var members = await ActiveMembers(db, teamId)
            .Select(s => new { s.Id, s.GivenName, s.FamilyName })
            .ToListAsync(cancellationToken);
        return [.. members
            .Select(s => new HuddleMember(s.Id, $"{s.GivenName} {s.FamilyName}"))
            .OrderBy(m => m.Name, StringComparer.CurrentCultureIgnoreCase)
            .ThenBy(m => m.StaffId)];
    }

    /// <summary>
    /// Today's board of the team (the clock's UTC date), created on first opening with yesterday's unresolved cards
    /// and the patients the data proposes. Null, audited as a denied access, when the team is not the user's.
    /// </summary>
    public async Task<HuddleBoardView?> OpenTodayAsync(Guid teamId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (!currentUser.Current.IsMemberOf(teamId) || !await db.CareTeams.AnyAsync(t => t.Id == teamId, cancellationToken))
            return await NotFoundAsync(db, BoardCategory, teamId, cancellationToken);

        var today = Today();
        var board = await db.HuddleBoards.AsNoTracking().FirstOrDefaultAsync(b => b.TeamId == teamId && b.Day == today, cancellationToken)
            ?? await CreateBoardAsync(teamId, today, cancellationToken);
        return await ViewAsync(db, board, cancellationToken);
    }

    public async Task<HuddleBoardView?> GetBoardAsync(Guid boardId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var board = await db.HuddleBoards.AsNoTracking().FirstOrDefaultAsync(b => b.Id == boardId, cancellationToken);
        if (board is null || !currentUser.Current.IsMemberOf(board.TeamId))
            return await NotFoundAsync(db, BoardCategory, boardId, cancellationToken);
        return await ViewAsync(db, board, cancellationToken);
    }

    /// <summary>
    /// Puts a card in a lane between the two cards the mover saw around the drop point. The order key is computed
    /// here from the cards as they are now, so a move that raced another one still lands next to its neighbours.
    /// </summary>
    public Task<HuddleResult> MoveCardAsync(Guid boardId, CardMove move, CancellationToken cancellationToken) =>
        ChangeAsync(boardId, async change =>
        {
            var cards = await change.Db.HuddleCards.Where(c => c.BoardId == boardId).ToListAsync(cancellationToken);
            var card = cards.Find(c => c.Id == move.CardId);
            if (card is null)
                return change.NotFound(CardCategory, move.CardId);
            if (!Enum.IsDefined(move.Lane))
                return new HuddleResult.Invalid(NoSuchLaneMessage);

            var lane = InBoardOrder(cards.Where(c => c.Lane == move.Lane && c.Id != card.Id)).ToList();
            var (index, key) = Place(lane, move.AfterCardId, move.BeforeCardId);
            if (key is null)
            {
                // No room left between the neighbours (equal or overlong keys): rewrite the lane's keys in its order.
                lane.Insert(index, card);
                var keys = FractionalIndex.Sequence(lane.Count);
                for (var i = 0; i < lane.Count; i++)
                {
                    if (lane[i] == card || !string.Equals(lane[i].SortKey, keys[i], StringComparison.Ordinal))
                        lane[i].MoveTo(move.Lane, keys[i]);
                }
            }
            else
            {
                card.MoveTo(move.Lane, key);
            }
            change.ItemId = card.Id;
            return null;
        }, cancellationToken);

    /// <summary>Adds a topic card at the end of "To discuss".</summary>
    public Task<HuddleResult> AddTopicAsync(Guid boardId, string title, AgendaSection section, CancellationToken cancellationToken) =>
        ChangeAsync(boardId, async change =>
        {
            if (!Enum.IsDefined(section))
                return new HuddleResult.Invalid(NoSuchSectionMessage);
            var keys = await change.Db.HuddleCards.AsNoTracking()
                .Where(c => c.BoardId == boardId && c.Lane == HuddleLane.ToDiscuss)
                .Select(c => c.SortKey)
                .ToListAsync(cancellationToken);
            var last = keys.Count == 0 ? null : keys.Max(StringComparer.Ordinal);
            var card = HuddleCard.ForTopic(change.Board, title, section, FractionalIndex.Between(last, null), change.Now);
            change.Db.HuddleCards.Add(card);
            change.ItemId = card.Id;
            return null;
        }, cancellationToken);

    /// <summary>
    /// Sets a card's discussion notes, owner and due date (each the card's new value; null clears it), if nobody
    /// changed the card since <paramref name="expectedCardVersion"/>.
    /// </summary>
    public Task<HuddleResult> UpdateCardAsync(Guid boardId, Guid cardId, long expectedCardVersion, string? notes, Guid? ownerId, DateOnly? due,
        CancellationToken cancellationToken) =>
        ChangeAsync(boardId, async change =>
        {
            var card = await change.Db.HuddleCards.FirstOrDefaultAsync(c => c.Id == cardId && c.BoardId == boardId, cancellationToken);
            if (card is null)
                return change.NotFound(CardCategory, cardId);
            if (card.Version != expectedCardVersion)
                return new HuddleResult.Invalid(StaleCardMessage);
            // The date picker offers nothing else; a forged one (year 1 or 9999) is refused, not stored.
            if (due is { } cardDue && !IsPlausibleDue(cardDue))
                return new HuddleResult.Invalid(DueOutOfRangeMessage);
            if (ownerId is { } owner && owner != Guid.Empty && await NotOnTeamAsync(change.Db, change.Board.TeamId, owner, cancellationToken) is { } notOnTeam)
                return notOnTeam;
            card.EditNotes(notes);
            card.Assign(ownerId, due);
            change.ItemId = card.Id;
            return null;
        }, cancellationToken);

    /// <summary>
    /// Adds an action to a card; on a patient card the action also becomes a routine task on the patient, assigned
    /// to the owner and due at 17:00 UTC on the due date.
    /// </summary>
    public Task<HuddleResult> AddActionAsync(Guid boardId, Guid cardId, string title, Guid ownerId, DateOnly due, CancellationToken cancellationToken) =>
        ChangeAsync(boardId, async change =>
        {
            var card = await change.Db.HuddleCards.AsNoTracking().FirstOrDefaultAsync(c => c.Id == cardId && c.BoardId == boardId, cancellationToken);
            if (card is null)
                return change.NotFound(CardCategory, cardId);
            if (ownerId != Guid.Empty && await NotOnTeamAsync(change.Db, change.Board.TeamId, ownerId, cancellationToken) is { } notOnTeam)
                return notOnTeam;
            if (!IsPlausibleDue(due))
                return new HuddleResult.Invalid(DueOutOfRangeMessage);
            var action = new HuddleActionItem(card, title, ownerId, due, DateOnly.FromDateTime(change.Now.UtcDateTime), change.Now);
            if (card.PatientId is { } patientId)
            {
                var task = CareTask.ForHuddleAction(patientId, change.Board.TeamId, action.Title, ownerId, TaskDueAt(due, change.Now), change.Now);
                change.Db.Tasks.Add(task);
                change.Tasks.Add(task);
                action.LinkTask(task.Id);
            }
            change.Db.HuddleActionItems.Add(action);
            change.ItemId = card.Id;
            return null;
        }, cancellationToken);

    /// <summary>Starts or resumes the shared timer, on the first card still to discuss when no card is current.</summary>
    public Task<HuddleResult> StartTimerAsync(Guid boardId, CancellationToken cancellationToken) =>
        ChangeAsync(boardId, async change =>
        {
            Guid? first = null;
            if (change.Board.CurrentCardId is null)
            {
                var cards = InBoardOrder(await CardsAsync(change, cancellationToken)).ToList();
                first = (cards.Find(c => c.Lane == HuddleLane.ToDiscuss && !c.Discussed)
                    ?? cards.Find(c => DiscussionLanes.Contains(c.Lane) && !c.Discussed)
                    ?? cards.Find(c => c.Lane == HuddleLane.ToDiscuss))?.Id;
            }
            change.Board.StartTimer(first, change.Now);
            return null;
        }, cancellationToken);

    public Task<HuddleResult> PauseTimerAsync(Guid boardId, CancellationToken cancellationToken) =>
        ChangeAsync(boardId, change =>
        {
            change.Board.PauseTimer(change.Now);
            return Task.FromResult<HuddleResult?>(null);
        }, cancellationToken);

    /// <summary>
    /// Marks the current card discussed and moves the huddle to the next card not yet discussed, in board order
    /// across To discuss, Barriers and Actions (after the current card first, then from the top).
    /// </summary>
    public Task<HuddleResult> NextCardAsync(Guid boardId, CancellationToken cancellationToken) =>
        ChangeAsync(boardId, async change =>
        {
            var cards = InBoardOrder((await change.Db.HuddleCards.Where(c => c.BoardId == boardId).ToListAsync(cancellationToken))
                .Where(c => DiscussionLanes.Contains(c.Lane) || c.Id == change.Board.CurrentCardId)).ToList();
            var current = cards.Find(c => c.Id == change.Board.CurrentCardId);
            var waiting = cards.Where(c => DiscussionLanes.Contains(c.Lane) && !c.Discussed && c != current);
            var next = (current is null ? null : waiting.FirstOrDefault(c => cards.IndexOf(c) > cards.IndexOf(current)))
                ?? waiting.FirstOrDefault();
            if (next is null)
                return new HuddleResult.Invalid(LastCardMessage);
            current?.MarkDiscussed();
            change.Board.FocusCard(next.Id, change.Now);
            change.ItemId = next.Id;
            return null;
        }, cancellationToken);

    public Task<HuddleResult> FocusCardAsync(Guid boardId, Guid cardId, CancellationToken cancellationToken) =>
        ChangeAsync(boardId, async change =>
        {
            if (!await change.Db.HuddleCards.AnyAsync(c => c.Id == cardId && c.BoardId == boardId, cancellationToken))
                return change.NotFound(CardCategory, cardId);
            change.Board.FocusCard(cardId, change.Now);
            change.ItemId = cardId;
            return null;
        }, cancellationToken);

    /// <summary>
    /// Closes the huddle with its summary: everyone viewing the board now and the person closing it, the cards
    /// discussed (the current one included), the decisions and the actions created.
    /// </summary>
    public Task<HuddleResult> CloseAsync(Guid boardId, string? decisions, CancellationToken cancellationToken) =>
        ChangeAsync(boardId, async change =>
        {
            var cards = await CardsAsync(change, cancellationToken);
            var discussed = cards.Count(c => c.Discussed || c.Id == change.Board.CurrentCardId);
            var actions = await change.Db.HuddleActionItems.CountAsync(a => a.BoardId == boardId, cancellationToken);
            var attendees = presence.Get(Topics.Huddle(boardId)).Select(p => p.DisplayName).ToList();
            attendees.Add(await ClosingUserNameAsync(change.Db, cancellationToken));
            change.Board.RecordChange(change.Now);
            change.Board.Close(change.Now, attendees, decisions, discussed, actions);
            return null;
        }, cancellationToken);

    /// <summary>The team's closed huddles, newest first (the last 30).</summary>
    public async Task<IReadOnlyList<HuddleHistoryEntry>> HistoryAsync(Guid teamId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (!currentUser.Current.IsMemberOf(teamId))
        {
            await NotFoundAsync(db, BoardCategory, teamId, cancellationToken);
            return [];
        }
        var boards = await db.HuddleBoards.AsNoTracking()
            .Where(b => b.TeamId == teamId && b.Status == HuddleBoardStatus.Closed)
            .OrderByDescending(b => b.Day)
            .Take(30)
            .ToListAsync(cancellationToken);
        return [.. boards.Select(b => new HuddleHistoryEntry(b.Id, b.Day, Summary(b)!))];
    }

    /// <summary>
    /// Loads the board for the caller, lets <paramref name="apply"/> change it (or refuse with a result), records the
    /// change on the board and commits. A writer that lost the race for the board's version loads the board again and
    /// applies the same intent to what is there now.
    /// </summary>
    private async Task<HuddleResult> ChangeAsync(Guid boardId, Func<BoardChange, Task<HuddleResult?>> apply, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            var board = await db.HuddleBoards.FirstOrDefaultAsync(b => b.Id == boardId, cancellationToken);
            if (board is null || !currentUser.Current.IsMemberOf(board.TeamId))
            {
                await NotFoundAsync(db, BoardCategory, boardId, cancellationToken);
                return new HuddleResult.NotFound();
            }
            if (board.Status == HuddleBoardStatus.Closed)
                return new HuddleResult.Invalid(ClosedMessage);

            var change = new BoardChange(db, board, clock.GetUtcNow());
            try
            {
                if (await apply(change) is { } refused)
                {
                    if (change.Denied is { } denied)
                        await NotFoundAsync(db, denied.Category, denied.Id, cancellationToken);
                    return refused;
                }
                if (board.Status == HuddleBoardStatus.Open)
                    board.RecordChange(change.Now);
            }
            catch (DomainRuleException e)
            {
                return new HuddleResult.Invalid(e.Message);
            }
            // Two changes in one clock tick leave the board's columns as they were; the version must still move.
            db.Entry(board).Property(b => b.LastChangedAt).IsModified = true;

            try
            {
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateConcurrencyException) when (attempt < MaxAttempts)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(5, 20) * attempt), cancellationToken);
                continue;
            }
            catch (DbUpdateConcurrencyException)
            {
                return new HuddleResult.Invalid(BusyMessage);
            }

            // Committed: the other screens must hear of it even if this caller has gone away.
            await bus.PublishAsync(new RealtimeEvent(Topics.Huddle(boardId), HuddleEvents.BoardChanged, boardId, board.Version, change.Now, change.ItemId),
                CancellationToken.None);
            // A patient card's action is also a task: the team's open task lists show it at once.
            foreach (var task in change.Tasks)
                await bus.PublishAsync(TasksEvents.TaskChanged(task.TeamId, task.Id, task.Version, change.Now), CancellationToken.None);
            return new HuddleResult.Saved(board.Version);
        }
    }

    /// <summary>One attempt at changing a board: its context, the tracked board and the time of the change.</summary>
    private sealed class BoardChange(CareHubDbContext db, HuddleBoard board, DateTimeOffset now)
    {
        public CareHubDbContext Db { get; } = db;
        public HuddleBoard Board { get; } = board;
        public DateTimeOffset Now { get; } = now;
        public Guid? ItemId { get; set; }
        public (string Category, Guid Id)? Denied { get; private set; }

        /// <summary>Tasks this change made (an action on a patient card), announced to their team's task lists after the commit.</summary>
        public List<CareTask> Tasks { get; } = [];

        /// <summary>A card that is not on this board: answered as not found, and audited without saving anything else.</summary>
        public HuddleResult NotFound(string category, Guid id)
        {
            Denied = (category, id);
            return new HuddleResult.NotFound();
        }
    }

    private async Task<HuddleBoard> CreateBoardAsync(Guid teamId, DateOnly today, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var now = clock.GetUtcNow();
        var board = new HuddleBoard(teamId, today);

        var byLane = new Dictionary<HuddleLane, List<Func<string, HuddleCard>>>();
        void Add(HuddleLane lane, Func<string, HuddleCard> create)
        {
            if (!byLane.TryGetValue(lane, out var list))
                byLane[lane] = list = [];
            list.Add(create);
        }

        var previous = await db.HuddleBoards.AsNoTracking()
            .Where(b => b.TeamId == teamId && b.Day < today)
            .OrderByDescending(b => b.Day)
            .FirstOrDefaultAsync(cancellationToken);
        var carried = previous is null
            ? []
            : InBoardOrder(await db.HuddleCards.AsNoTracking()
                .Where(c => c.BoardId == previous.Id && c.Lane != HuddleLane.Done)
                .ToListAsync(cancellationToken)).ToList();
        foreach (var card in carried)
            Add(card.Lane, key => card.CarryOverTo(board, key, now));

        var onBoard = carried.Where(c => c.PatientId is not null).Select(c => c.PatientId!.Value).ToHashSet();
        foreach (var proposal in await HuddleProposals.ForTeamAsync(db, teamId, now, onBoard, cancellationToken))
            Add(HuddleLane.ToDiscuss, key => HuddleCard.ForPatient(board, proposal.PatientId, proposal.Title, proposal.Reason, key, now));

        db.HuddleBoards.Add(board);
        foreach (var (_, creators) in byLane)
        {
            var keys = FractionalIndex.Sequence(creators.Count);
            db.HuddleCards.AddRange(creators.Select((create, i) => create(keys[i])));
        }

        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return board;
        }
        catch (DbUpdateException)
        {
            // Someone else opened the board at the same moment and the unique (team, day) index kept theirs: one
            // board per team and day, and theirs is it. Any other failure leaves no board, and is rethrown.
            await using var again = await contexts.CreateDbContextAsync(cancellationToken);
            var theirs = await again.HuddleBoards.AsNoTracking().FirstOrDefaultAsync(b => b.TeamId == teamId && b.Day == today, cancellationToken);
            if (theirs is null)
                throw;
            return theirs;
        }
    }

    private async Task<HuddleBoardView> ViewAsync(CareHubDbContext db, HuddleBoard board, CancellationToken cancellationToken)
    {
        // The content at this version is read once for every screen that reloads it (HuddleBoardSnapshots); the board
        // row itself was read under this person's scope, and this person's read is audited before the board is returned.
        var content = await snapshots.GetAsync(board.Id, board.Version, board.TeamId, snapshot => ContentAsync(snapshot, board, CancellationToken.None))
            .WaitAsync(cancellationToken);
        await readAudit.RecordReadsAsync(db.Scope, BoardCategory, content.PatientIds, cancellationToken);

        var now = clock.GetUtcNow();
        return new HuddleBoardView(board.Id, board.Version, board.TeamId, content.TeamName, board.Day, board.Status, board.TimeBoxSeconds,
            board.CurrentCardId, board.IsTimerRunning, (long)board.RemainingAt(now).TotalMilliseconds, now, content.WallShowsInitialsOnly,
            content.Cards, Summary(board));
    }

    private sealed record BoardContent(string TeamName, bool WallShowsInitialsOnly, IReadOnlyList<HuddleCardView> Cards, IReadOnlyList<Guid> PatientIds);

    private static async Task<BoardContent> ContentAsync(CareHubDbContext db, HuddleBoard board, CancellationToken cancellationToken)
    {
        var team = await db.CareTeams.AsNoTracking()
            .Where(t => t.Id == board.TeamId)
            .Select(t => new { t.Name, t.WallShowsInitialsOnly })
            .SingleAsync(cancellationToken);
        var cards = InBoardOrder(await db.HuddleCards.AsNoTracking().Where(c => c.BoardId == board.Id).ToListAsync(cancellationToken)).ToList();
        var actions = (await db.HuddleActionItems.AsNoTracking().Where(a => a.BoardId == board.Id).ToListAsync(cancellationToken))
            .OrderBy(a => a.CreatedAt).ThenBy(a => a.Id)
            .ToLookup(a => a.CardId);

        var staffIds = cards.Where(c => c.OwnerId is not null).Select(c => c.OwnerId!.Value)
            .Concat(actions.SelectMany(g => g).Select(a => a.OwnerId))
            .Distinct().ToList();
        var staff = await db.Staff.AsNoTracking()
            .Where(s => staffIds.Contains(s.Id))
            .Select(s => new { s.Id, s.GivenName, s.FamilyName })
            .ToDictionaryAsync(s => s.Id, s => $"{s.GivenName} {s.FamilyName}", cancellationToken);

        var patientIds = cards.Where(c => c.PatientId is not null).Select(c => c.PatientId!.Value).Distinct().ToList();
        var patients = await db.Patients.AsNoTracking()
            .Where(p => patientIds.Contains(p.Id))
            .Select(p => new { p.Id, p.GivenName, p.FamilyName })
            .ToDictionaryAsync(p => p.Id, p => (p.GivenName, p.FamilyName), cancellationToken);
        var stays = await CurrentStaysAsync(db, patientIds, cancellationToken);

        var views = cards.Select(c =>
        {
            var stay = c.PatientId is { } id ? stays.GetValueOrDefault(id) : null;
            var wallTitle = c.PatientId is { } patientId && team.WallShowsInitialsOnly
                ? WallLabel(patients.TryGetValue(patientId, out var name) ? name : NameFromTitle(c.Title), stay?.Bed)
                : c.Title;
            return new HuddleCardView(c.Id, c.Version, c.Kind, c.PatientId, c.Title, wallTitle, stay?.Location, c.Reason, c.Section, c.Lane,
                c.SortKey, c.OwnerId, c.OwnerId is { } owner ? staff.GetValueOrDefault(owner) : null, c.Due, c.Notes, c.CarriedOver, c.Discussed,
                [.. actions[c.Id].Select(a => new HuddleActionView(a.Id, a.Title, staff.GetValueOrDefault(a.OwnerId) ?? "Unknown", a.Due, a.TaskId))]);
        }).ToList();
        return new BoardContent(team.Name, team.WallShowsInitialsOnly, views, patientIds);
    }

    private sealed record Stay(string Location, string? Bed);

    private static async Task<Dictionary<Guid, Stay>> CurrentStaysAsync(CareHubDbContext db, List<Guid> patientIds, CancellationToken cancellationToken)
    {
        var stays = await (
            from e in db.Encounters.AsNoTracking()
            where patientIds.Contains(e.PatientId) && e.Status == EncounterStatus.InProgress
            join f in db.Facilities on e.FacilityId equals f.Id
            join u in db.Units on e.UnitId equals u.Id into units
            from u in units.DefaultIfEmpty()
            select new { e.PatientId, Facility = f.Name, Unit = u != null ? u.Name : null, e.Bed, e.AdmittedAt })
            .ToListAsync(cancellationToken);
        return stays.GroupBy(s => s.PatientId).ToDictionary(g => g.Key, g =>
        {
            var stay = g.OrderByDescending(s => s.AdmittedAt).First();
            string?[] parts = [stay.Facility, stay.Unit, stay.Bed is null ? null : $"bed {stay.Bed}"];
            return new Stay(string.Join(" · ", parts.Where(p => !string.IsNullOrWhiteSpace(p))), stay.Bed);
        });
    }

    /// <summary>"A. O. · bed 4W-12A": what passers-by may see of a patient on the wall.</summary>
    private static string WallLabel((string Given, string Family) name, string? bed)
    {
        var initials = string.Join(" ", new[] { name.Given, name.Family }
            .Where(n => !string.IsNullOrWhiteSpace(n))
            .Select(n => $"{char.ToUpperInvariant(n.Trim()[0])}."));
        return bed is null ? initials : $"{initials} · bed {bed}";
    }

    private static (string Given, string Family) NameFromTitle(string title) =>
        title.Split(',', 2) is [var family, var given] ? (given.Trim(), family.Trim()) : ("", title);

    private static HuddleSummaryView? Summary(HuddleBoard board) =>
        board is { Status: HuddleBoardStatus.Closed, ClosedAt: { } closedAt }
            ? new HuddleSummaryView(closedAt, board.Attendees, board.Decisions, board.CardsDiscussed, board.ActionsCreated)
            : null;

    /// <summary>Board order: lanes left to right, then the order key (ordinal), then the id, the same on every screen.</summary>
    private static IEnumerable<HuddleCard> InBoardOrder(IEnumerable<HuddleCard> cards) =>
        cards.OrderBy(c => c.Lane).ThenBy(c => c.SortKey, StringComparer.Ordinal).ThenBy(c => c.Id);

    /// <summary>
    /// Where a card lands in <paramref name="lane"/> (in board order, without the card): between the two neighbours
    /// the mover saw when they are still there and in that order; otherwise right after the card it was dropped after,
    /// or right before the card it was dropped before, or at the end. A null key means there is no room: rewrite the lane.
    /// </summary>
    private static (int Index, string? Key) Place(List<HuddleCard> lane, Guid? afterId, Guid? beforeId)
    {
        var after = afterId is { } a ? lane.FindIndex(c => c.Id == a) : -1;
        var before = beforeId is { } b ? lane.FindIndex(c => c.Id == b) : -1;
        if (after >= 0 && before > after && Ordered(lane[after].SortKey, lane[before].SortKey))
            return (after + 1, Fit(FractionalIndex.Between(lane[after].SortKey, lane[before].SortKey)));

        var index = after >= 0 ? after + 1 : before >= 0 ? before : lane.Count;
        var lower = index > 0 ? lane[index - 1].SortKey : null;
        var upper = index < lane.Count ? lane[index].SortKey : null;
        if (lower is not null && upper is not null && !Ordered(lower, upper))
            return (index, null);
        return (index, Fit(FractionalIndex.Between(lower, upper)));
    }

    private static bool Ordered(string lower, string upper) => string.CompareOrdinal(lower, upper) < 0;

    private static string? Fit(string key) => key.Length <= LongestOrderKey ? key : null;

    private static Task<List<HuddleCard>> CardsAsync(BoardChange change, CancellationToken cancellationToken) =>
        change.Db.HuddleCards.AsNoTracking().Where(c => c.BoardId == change.Board.Id).ToListAsync(cancellationToken);

    private static IQueryable<Staff> ActiveMembers(CareHubDbContext db, Guid teamId) =>
        from m in db.TeamMemberships
        where m.TeamId == teamId
        join s in db.Staff on m.StaffId equals s.Id
        where s.IsActive
        select s;

    private static async Task<HuddleResult?> NotOnTeamAsync(CareHubDbContext db, Guid teamId, Guid staffId, CancellationToken cancellationToken)
    {
        if (await ActiveMembers(db, teamId).AnyAsync(s => s.Id == staffId, cancellationToken))
            return null;
        var name = await db.Staff.AsNoTracking().Where(s => s.Id == staffId)
            .Select(s => s.GivenName + " " + s.FamilyName).FirstOrDefaultAsync(cancellationToken);
        return new HuddleResult.Invalid($"{name ?? "That person"} is not on this team.");
    }

    private async Task<string> ClosingUserNameAsync(CareHubDbContext db, CancellationToken cancellationToken)
    {
        if (currentUser.StaffId is { } staffId
            && await db.Staff.AsNoTracking().Where(s => s.Id == staffId).Select(s => s.GivenName + " " + s.FamilyName)
                .FirstOrDefaultAsync(cancellationToken) is { } name)
            return name;
        return currentUser.DisplayName;
    }

    /// <summary>17:00 UTC on the due date; later today when that has passed (an action may be due today).</summary>
    private static bool IsPlausibleDue(DateOnly due) => due.Year is >= 2000 and <= 2100;

    private static DateTimeOffset TaskDueAt(DateOnly due, DateTimeOffset now)
    {
        var dueAt = new DateTimeOffset(due.ToDateTime(new TimeOnly(17, 0)), TimeSpan.Zero);
        return dueAt >= now ? dueAt : new DateTimeOffset(due.ToDateTime(new TimeOnly(23, 59)), TimeSpan.Zero);
    }

    private static async Task<HuddleBoardView?> NotFoundAsync(CareHubDbContext db, string category, Guid id, CancellationToken cancellationToken)
    {
        db.RecordNotFound(category, id);
        await db.SaveChangesAsync(cancellationToken);
        return null;
    }

    private DateOnly Today() => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
}
