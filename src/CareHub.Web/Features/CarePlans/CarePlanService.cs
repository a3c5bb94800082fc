using System.Data;
using CareHub.Data;
using CareHub.Data.Auditing;
using CareHub.Domain.CarePlans;
using CareHub.Domain.Common;
using CareHub.Web.Realtime;
using CareHub.Web.Security;
using Microsoft.EntityFrameworkCore;

namespace CareHub.Web.Features.CarePlans;

/// <summary>
/// The care plans of the user's patients, written together. Every query runs through a context bound to the caller's
/// access scope (another team's plan reads as missing). Every change is one transaction that changes one field of one
/// item (or adds items), writes its history entry and moves the plan's version; the change is published after the
/// commit and acknowledged only then. Concurrent edits of one text field are merged three-way (<see cref="TextMerge"/>);
/// only overlapping edits come back as a <see cref="CarePlanResult.Conflict"/>, with both texts (docs/adr/0009).
/// </summary>
public sealed class CarePlanService(IDbContextFactory<CareHubDbContext> contexts, IRealtimeBus bus, TimeProvider clock, CurrentUser currentUser)
{
    public const string ClosedMessage = "This care plan is closed; it can no longer be changed.";
    public const string BusyMessage = "The plan kept changing while your change was being saved, so it was not saved. Try again.";
    public const string UnknownVersionMessage = "Your screen is out of date for this item; it has been reloaded. Make your change again.";
    public const string AlreadyStartedMessage = "This patient already has a care plan.";
    public const string NoSuchTemplateMessage = "That template does not exist.";
    public const string NoSuchFieldMessage = "That field does not exist.";
    public const string NoSuchKindMessage = "That kind of item does not exist.";
    public const string NotOnTeamMessage = "That person is not on this patient's care team.";

    internal const int MaxAttempts = 5;

    private const string PlanCategory = "CarePlan";
    private const string ItemCategory = "CarePlanItem";
    private const string HistoryCategory = "CarePlanHistory";
    private const string PatientCategory = "Patient";

    /// <summary>The patient's open plan (draft or active), or that there is none, or not found.</summary>
    public async Task<CarePlanPage> OpenAsync(Guid patientId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var patient = await PatientNameAsync(db, patientId, cancellationToken);
        if (patient is null)
        {
            await NotFoundAsync(db, PatientCategory, patientId, cancellationToken);
            return new CarePlanPage.NotFound();
        }
        var plan = await OpenPlanOf(db, patientId).AsNoTracking().FirstOrDefaultAsync(cancellationToken);
        if (plan is null)
        {
            db.RecordRead(PlanCategory, patientId);
            await db.SaveChangesAsync(cancellationToken);
            return new CarePlanPage.NoPlan(patientId, patient);
        }
        return new CarePlanPage.Found(await ViewAsync(db, plan, patient, cancellationToken));
    }

    /// <summary>The plan again (a screen that missed an event reloads it); null, audited, when not the user's.</summary>
    public async Task<CarePlanView?> GetPlanAsync(Guid planId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var plan = await db.CarePlans.AsNoTracking().FirstOrDefaultAsync(p => p.Id == planId, cancellationToken);
        if (plan is null)
        {
            await NotFoundAsync(db, PlanCategory, planId, cancellationToken);
            return null;
        }
        var patient = await PatientNameAsync(db, plan.PatientId, cancellationToken) ?? string.Empty;
        return await ViewAsync(db, plan, patient, cancellationToken);
    }

    /// <summary>One item as it is now (a screen heard that it changed).</summary>
    public async Task<CarePlanItemView?> GetItemAsync(Guid planId, Guid itemId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var item = await db.CarePlanItems.AsNoTracking().FirstOrDefaultAsync(i => i.Id == itemId && i.CarePlanId == planId, cancellationToken);
        if (item is null)
        {
            await NotFoundAsync(db, ItemCategory, itemId, cancellationToken);
            return null;
        }
        var view = (await ItemViewsAsync(db, [item], cancellationToken))[0];
        db.RecordRead(ItemCategory, item.PatientId, item.Id);
        await db.SaveChangesAsync(cancellationToken);
        return view;
    }

    /// <summary>Starts the patient's plan, blank or from a template (<see cref="CarePlanTemplates"/>); one open plan per patient.</summary>
    public async Task<CarePlanResult> StartAsync(Guid patientId, string? templateKey, CancellationToken cancellationToken)
    {
        var template = templateKey is null ? null : CarePlanTemplates.Find(templateKey);
        if (templateKey is not null && template is null)
            return new CarePlanResult.Invalid(NoSuchTemplateMessage);

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        // Under a retrying execution strategy (SQL Server) a transient fault repeats the whole unit, in a new transaction.
        var (result, started, now) = await db.Database.CreateExecutionStrategy().ExecuteAsync(async ct =>
        {
            // A retry starts again from the database: nothing the failed try tracked is kept.
            db.ChangeTracker.Clear();
            // Serializable: two people starting the plan at the same moment must not make two plans.
            await using var transaction = await db.Database.BeginTransactionAsync(IsolationLevel.Serializable, ct);
            if (await PatientNameAsync(db, patientId, ct) is null)
            {
                await NotFoundAsync(db, PatientCategory, patientId, ct);
                await transaction.CommitAsync(ct);
                return ((CarePlanResult)new CarePlanResult.NotFound(), (CarePlan?)null, default(DateTimeOffset));
            }
            if (await OpenPlanOf(db, patientId).AnyAsync(ct))
                return (new CarePlanResult.Invalid(AlreadyStartedMessage), null, default);

            var at = clock.GetUtcNow();
            var plan = new CarePlan(patientId, template is null ? "Care plan" : $"Care plan: {template.Name}", at);
            plan.Activate();
            db.CarePlans.Add(plan);
            if (template is not null)
                AddItems(db, plan, template.Items.Select(t => t.ToSpec(Today(at))), 0, at);
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
            return (new CarePlanResult.Saved(null, null, false, plan.Version), plan, at);
        }, cancellationToken);
        if (started is not null)
            await PublishAsync(started, null, now);
        return result;
    }

    /// <summary>Adds a template's items at the end of the plan.</summary>
    public Task<CarePlanResult> ApplyTemplateAsync(Guid planId, string templateKey, CancellationToken cancellationToken)
    {
        var template = CarePlanTemplates.Find(templateKey);
        if (template is null)
            return Task.FromResult<CarePlanResult>(new CarePlanResult.Invalid(NoSuchTemplateMessage));
        return ChangeAsync(planId, async change =>
        {
            var next = await NextPositionAsync(change.Db, planId, cancellationToken);
            AddItems(change.Db, change.Plan, template.Items.Select(t => t.ToSpec(Today(change.Now))), next, change.Now);
            return null;
        }, cancellationToken);
    }

    /// <summary>Adds one item at the end of its section.</summary>
    public Task<CarePlanResult> AddItemAsync(Guid planId, NewCarePlanItem item, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(item);
        if (!Enum.IsDefined(item.Kind))
            return Task.FromResult<CarePlanResult>(new CarePlanResult.Invalid(NoSuchKindMessage));
        return ChangeAsync(planId, async change =>
        {
            if (item.AssigneeId is { } assignee && !await OnPatientsTeamAsync(change.Db, change.Plan.PatientId, assignee, cancellationToken))
                return new CarePlanResult.Invalid(NotOnTeamMessage);
            var next = await NextPositionAsync(change.Db, planId, cancellationToken);
            var spec = new CarePlanItemSpec(item.Kind, item.Text)
            {
                Detail = item.Detail,
                Category = item.Category,
                AssigneeId = item.AssigneeId,
                Due = item.Due,
            };
            change.Item = AddItems(change.Db, change.Plan, [spec], next, change.Now)[0];
            return null;
        }, cancellationToken);
    }

    /// <summary>
    /// Saves one field of one item. When the item moved on since <see cref="FieldEdit.BaseVersion"/> and this field
    /// with it, a text field is merged three-way onto what is there now (base: the field's value at the base version,
    /// from the history); a choice field that someone else changed is a conflict unless both chose the same.
    /// </summary>
    public Task<CarePlanResult> EditAsync(Guid planId, FieldEdit edit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(edit);
        if (!Enum.IsDefined(edit.Field))
            return Task.FromResult<CarePlanResult>(new CarePlanResult.Invalid(NoSuchFieldMessage));
        if (edit.Value is { Length: > CarePlanItem.MaxTextLength })
            return Task.FromResult<CarePlanResult>(new CarePlanResult.Invalid(
                $"The text can be at most {CarePlanItem.MaxTextLength} characters (it has {edit.Value.Length})."));

        return ChangeAsync(planId, async change =>
        {
            var db = change.Db;
            var item = await db.CarePlanItems.FirstOrDefaultAsync(i => i.Id == edit.ItemId && i.CarePlanId == planId, cancellationToken);
            if (item is null)
                return change.NotFound(ItemCategory, edit.ItemId);
            if (!CarePlanItem.Applies(item.Kind, edit.Field))
                return new CarePlanResult.Invalid(CarePlanItem.NotApplicableMessage(item.Kind, edit.Field));
            if (edit.BaseVersion < 1 || edit.BaseVersion > item.Version)
                return new CarePlanResult.Invalid(UnknownVersionMessage);

            var field = edit.Field;
            var isText = CarePlanItem.IsText(field);
            var current = item.ValueOf(field);
            var value = isText ? edit.Value ?? string.Empty : NullIfBlank(edit.Value);
            var merged = false;
            if (edit.BaseVersion < item.Version)
            {
                var since = await db.CarePlanChanges.AsNoTracking()
                    .Where(c => c.ItemId == item.Id && c.Field == field && c.ItemVersion > edit.BaseVersion)
                    .OrderBy(c => c.ItemVersion)
                    .Select(c => new { c.Before, c.StaffId })
                    .ToListAsync(cancellationToken);
                if (since.Count > 0)
                {
                    // The field's value at the base version is what the first later change started from.
                    var baseValue = since[0].Before;
                    var theirName = await StaffNameAsync(db, since[^1].StaffId, cancellationToken);
                    if (isText)
                    {
                        var result = TextMerge.Merge(baseValue ?? string.Empty, value ?? string.Empty, current ?? string.Empty);
                        if (!result.IsClean)
                            return new CarePlanResult.Conflict(await ItemViewAsync(db, item, cancellationToken), field, baseValue, value, current, theirName);
                        merged = !string.Equals(result.Text, value, StringComparison.Ordinal);
                        value = result.Text;
                        // Whose words came in: the last other person to change the field (the editor's own earlier save may be later).
                        var mergedWith = since.LastOrDefault(c => c.StaffId != currentUser.StaffId)?.StaffId;
                        change.MergedWith = !merged ? null
                            : mergedWith is null || mergedWith == since[^1].StaffId ? theirName
                            : await StaffNameAsync(db, mergedWith, cancellationToken);
                    }
                    else if (!string.Equals(value, current, StringComparison.Ordinal))
                    {
                        return new CarePlanResult.Conflict(await ItemViewAsync(db, item, cancellationToken), field, baseValue, value, current, theirName);
                    }
                }
            }

            change.Item = item;
            change.Merged = merged;
            change.Value = value;
            if (string.Equals(value, current, StringComparison.Ordinal))
            {
                change.Unchanged = true;
                return null;
            }
            if (field == CarePlanField.Assignee && value is not null && Guid.TryParseExact(value, "D", out var assignee)
                && !await OnPatientsTeamAsync(db, item.PatientId, assignee, cancellationToken))
                return new CarePlanResult.Invalid(NotOnTeamMessage);

            item.Set(field, value);
            change.Value = item.ValueOf(field);
            if (string.Equals(change.Value, current, StringComparison.Ordinal))
            {
                // Stored as it already is (trimmed, or in its listed spelling): no history entry, no version step.
                change.Unchanged = true;
                return null;
            }
            db.CarePlanChanges.Add(new CarePlanChange(change.Plan, item, field, current, change.Value, currentUser.StaffId, change.Now,
                item.Version + 1, edit.BaseVersion, merged));
            return null;
        }, cancellationToken);
    }

    /// <summary>Makes the plan active, or completes or revokes it (then it is read-only).</summary>
    public Task<CarePlanResult> SetStatusAsync(Guid planId, CarePlanStatus status, CancellationToken cancellationToken)
    {
        if (!Enum.IsDefined(status) || status == CarePlanStatus.Draft)
            return Task.FromResult<CarePlanResult>(new CarePlanResult.Invalid("Choose active, completed or revoked."));
        return ChangeAsync(planId, change =>
        {
            var before = change.Plan.Status;
            switch (status)
            {
                case CarePlanStatus.Active:
                    change.Plan.Activate();
                    break;
                case CarePlanStatus.Completed:
                    change.Plan.Complete();
                    break;
                default:
                    change.Plan.Revoke();
                    break;
            }
            change.Db.CarePlanChanges.Add(new CarePlanChange(change.Plan, null, null, before.ToString(), status.ToString(),
                currentUser.StaffId, change.Now, 0, 0, merged: false));
            return Task.FromResult<CarePlanResult?>(null);
        }, cancellationToken, allowClosed: true);
    }

    /// <summary>The plan's history (or one item's), newest first; null, audited, when the plan is not the user's.</summary>
    public async Task<IReadOnlyList<CarePlanChangeView>?> HistoryAsync(Guid planId, Guid? itemId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var plan = await db.CarePlans.AsNoTracking().Where(p => p.Id == planId).Select(p => new { p.PatientId }).FirstOrDefaultAsync(cancellationToken);
        if (plan is null)
        {
            await NotFoundAsync(db, PlanCategory, planId, cancellationToken);
            return null;
        }
        var history = await HistoryViewsAsync(db, planId, itemId, cancellationToken);
        db.RecordRead(HistoryCategory, plan.PatientId, itemId ?? planId);
        await db.SaveChangesAsync(cancellationToken);
        return history;
    }

    /// <summary>Who an item can be assigned to: the active members of the patient's teams that are also the user's; none, audited, when the plan is not the user's.</summary>
    public async Task<IReadOnlyList<CarePlanAssignee>> AssigneesAsync(Guid planId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var patientId = await db.CarePlans.AsNoTracking().Where(p => p.Id == planId).Select(p => (Guid?)p.PatientId).FirstOrDefaultAsync(cancellationToken);
        if (patientId is null)
        {
            await NotFoundAsync(db, PlanCategory, planId, cancellationToken);
            return [];
        }
        var members = await TeamMembersOf(db, patientId.Value)
            .Select(m => new { m.StaffId, m.Name })
            .ToListAsync(cancellationToken);
        return [.. members.DistinctBy(m => m.StaffId)
            .Select(m => new CarePlanAssignee(m.StaffId, m.Name))
            .OrderBy(m => m.Name, StringComparer.CurrentCultureIgnoreCase)];
    }

    /// <summary>The patient's open plan with its whole history, for print or download; audited as an export.</summary>
    public async Task<CarePlanExport?> ExportAsync(Guid patientId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var patient = await PatientNameAsync(db, patientId, cancellationToken);
        var plan = patient is null ? null : await OpenPlanOf(db, patientId).AsNoTracking().FirstOrDefaultAsync(cancellationToken);
        if (plan is null || patient is null)
        {
            await NotFoundAsync(db, PlanCategory, patientId, cancellationToken);
            return null;
        }
        var view = await ViewAsync(db, plan, patient, cancellationToken, audit: false);
        var history = await HistoryViewsAsync(db, plan.Id, null, cancellationToken);
        db.RecordExport(PlanCategory, patientId, plan.Id);
        await db.SaveChangesAsync(cancellationToken);
        return new CarePlanExport(view, history, clock.GetUtcNow(), currentUser.DisplayName);
    }

    /// <summary>
    /// One change of a plan, in one transaction: load the plan for the caller, let <paramref name="apply"/> change it
    /// (or refuse with a result), move the plan's version, commit, publish. On SQLite the transaction takes the write
    /// lock first, so writers of one plan queue; elsewhere a writer that lost the race for the plan's version retries.
    /// Under a retrying execution strategy (SQL Server) a transient fault repeats the attempt whole, in a new
    /// transaction; publishing and the answer's view come after the commit, outside what is repeated.
    /// </summary>
    private async Task<CarePlanResult> ChangeAsync(Guid planId, Func<PlanChange, Task<CarePlanResult?>> apply, CancellationToken cancellationToken,
        bool allowClosed = false)
    {
        for (var attempt = 1; ; attempt++)
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            PlanAttempt outcome;
            try
            {
                outcome = await db.Database.CreateExecutionStrategy().ExecuteAsync(
                    ct => AttemptChangeAsync(db, planId, apply, allowClosed, ct), cancellationToken);
            }
            catch (DbUpdateConcurrencyException) when (attempt < MaxAttempts)
            {
                // The attempt's transaction is rolled back (disposed); the next one starts from the database again.
                await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(5, 20) * attempt), cancellationToken);
                continue;
            }
            catch (DbUpdateConcurrencyException)
            {
                return new CarePlanResult.Invalid(BusyMessage);
            }

            if (outcome.Committed is not { } change)
                return outcome.Result!;
            // Committed: the other screens must hear of it even if this caller has gone away.
            await PublishAsync(change.Plan, change.Item?.Id, change.Now);
            var itemView = change.Item is { } changed ? await ItemViewAsync(db, changed, cancellationToken) : null;
            return new CarePlanResult.Saved(itemView, change.Value, change.Merged, change.Plan.Version) { MergedWith = change.MergedWith };
        }
    }

    /// <summary>One attempt of <see cref="ChangeAsync"/> up to its commit: a result to answer, or the change committed.</summary>
    private async Task<PlanAttempt> AttemptChangeAsync(CareHubDbContext db, Guid planId, Func<PlanChange, Task<CarePlanResult?>> apply, bool allowClosed,
        CancellationToken cancellationToken)
    {
        // A retry starts again from the database: nothing the failed try tracked is kept.
        db.ChangeTracker.Clear();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var plan = await db.CarePlans.FirstOrDefaultAsync(p => p.Id == planId, cancellationToken);
        if (plan is null)
        {
            await NotFoundAsync(db, PlanCategory, planId, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return new PlanAttempt(new CarePlanResult.NotFound(), null);
        }
        if (plan.IsClosed && !allowClosed)
            return new PlanAttempt(new CarePlanResult.Invalid(ClosedMessage), null);

        var change = new PlanChange(db, plan, clock.GetUtcNow());
        try
        {
            if (await apply(change) is { } refused)
            {
                if (change.Denied is { } denied)
                {
                    await NotFoundAsync(db, denied.Category, denied.Id, cancellationToken);
                    await transaction.CommitAsync(cancellationToken);
                }
                return new PlanAttempt(refused, null);
            }
        }
        catch (DomainRuleException e)
        {
            return new PlanAttempt(new CarePlanResult.Invalid(e.Message), null);
        }

        if (change.Unchanged)
        {
            // Nothing to save (the value is already there): acknowledged as it stands, no version moves.
            return new PlanAttempt(new CarePlanResult.Saved(change.Item is { } same ? await ItemViewAsync(db, same, cancellationToken) : null,
                change.Value, change.Merged, plan.Version) { MergedWith = change.MergedWith }, null);
        }

        plan.RecordChange(change.Now);
        // Two changes in one clock tick leave the plan's columns as they were; the version must still move.
        db.Entry(plan).Property(p => p.LastChangedAt).IsModified = true;
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new PlanAttempt(null, change);
    }

    /// <summary>What one attempt came to: <see cref="Result"/> to answer as it is, or <see cref="Committed"/> to publish.</summary>
    private sealed record PlanAttempt(CarePlanResult? Result, PlanChange? Committed);

    /// <summary>One attempt at changing a plan: its context, the tracked plan, the time, and what the change touched.</summary>
    private sealed class PlanChange(CareHubDbContext db, CarePlan plan, DateTimeOffset now)
    {
        public CareHubDbContext Db { get; } = db;
        public CarePlan Plan { get; } = plan;
        public DateTimeOffset Now { get; } = now;
        public CarePlanItem? Item { get; set; }
        public string? Value { get; set; }
        public bool Merged { get; set; }
        public string? MergedWith { get; set; }
        public bool Unchanged { get; set; }
        public (string Category, Guid Id)? Denied { get; private set; }

        /// <summary>An item that is not on this plan: answered as not found, and audited without saving anything else.</summary>
        public CarePlanResult NotFound(string category, Guid id)
        {
            Denied = (category, id);
            return new CarePlanResult.NotFound();
        }
    }

    private List<CarePlanItem> AddItems(CareHubDbContext db, CarePlan plan, IEnumerable<CarePlanItemSpec> specs, int position, DateTimeOffset now)
    {
        var added = new List<CarePlanItem>();
        foreach (var spec in specs)
        {
            var item = plan.AddItem(spec, position++);
            db.CarePlanItems.Add(item);
            db.CarePlanChanges.Add(new CarePlanChange(plan, item, null, null, item.Text, currentUser.StaffId, now, item.Version, 0, merged: false));
            added.Add(item);
        }
        return added;
    }

    private async Task PublishAsync(CarePlan plan, Guid? itemId, DateTimeOffset at) =>
        await bus.PublishAsync(new RealtimeEvent(Topics.CarePlan(plan.Id), CarePlanEvents.Changed, plan.Id, plan.Version, at, itemId), CancellationToken.None);

    private async Task<CarePlanView> ViewAsync(CareHubDbContext db, CarePlan plan, string patientName, CancellationToken cancellationToken, bool audit = true)
    {
        var items = await db.CarePlanItems.AsNoTracking().Where(i => i.CarePlanId == plan.Id).ToListAsync(cancellationToken);
        var views = await ItemViewsAsync(db, items, cancellationToken);
        var team = await CareTeamAsync(db, plan.PatientId, cancellationToken);
        if (audit)
        {
            // Audited before the plan is returned: a plan whose audit could not be written is never shown.
            db.RecordRead(PlanCategory, plan.PatientId, plan.Id);
            await db.SaveChangesAsync(cancellationToken);
        }
        return new CarePlanView(plan.Id, plan.Version, plan.PatientId, patientName, plan.Title, plan.Status, plan.LastChangedAt,
            [.. views.OrderBy(v => v.Kind).ThenBy(v => v.Position).ThenBy(v => v.Id)], team);
    }

    private async Task<CarePlanItemView> ItemViewAsync(CareHubDbContext db, CarePlanItem item, CancellationToken cancellationToken) =>
        (await ItemViewsAsync(db, [item], cancellationToken))[0];

    private static async Task<List<CarePlanItemView>> ItemViewsAsync(CareHubDbContext db, IReadOnlyList<CarePlanItem> items, CancellationToken cancellationToken)
    {
        var ids = items.Select(i => i.Id).ToList();
        var lastChanges = await db.CarePlanChanges.AsNoTracking()
            .Where(c => c.ItemId != null && ids.Contains(c.ItemId.Value))
            // Projected before grouping: EF cannot bind an entity's columns after GroupBy(...).First() (KeyNotFoundException).
            .Select(c => new { c.ItemId, c.StaffId, c.At, c.ItemVersion })
            .GroupBy(c => c.ItemId)
            .Select(g => g.OrderByDescending(c => c.ItemVersion).ThenByDescending(c => c.At).First())
            .ToListAsync(cancellationToken);
        var last = lastChanges.ToDictionary(c => c.ItemId!.Value);
        var staffIds = items.Where(i => i.AssigneeId is not null).Select(i => i.AssigneeId!.Value)
            .Concat(lastChanges.Where(c => c.StaffId is not null).Select(c => c.StaffId!.Value))
            .Distinct().ToList();
        var names = await StaffNamesAsync(db, staffIds, cancellationToken);
        return [.. items.Select(i =>
        {
            var changed = last.GetValueOrDefault(i.Id);
            return new CarePlanItemView(i.Id, i.Version, i.Kind, i.Position, i.Text, i.Detail, i.Category, i.Status, i.AssigneeId,
                i.AssigneeId is { } a ? names.GetValueOrDefault(a) : null, i.Due, i.Lifecycle, i.Achievement, i.Sources, i.Reconciled,
                i.Discrepancy, changed?.At, changed?.StaffId is { } by ? names.GetValueOrDefault(by) : null);
        })];
    }

    private static async Task<List<CarePlanChangeView>> HistoryViewsAsync(CareHubDbContext db, Guid planId, Guid? itemId, CancellationToken cancellationToken)
    {
        var query = db.CarePlanChanges.AsNoTracking().Where(c => c.CarePlanId == planId);
        if (itemId is { } only)
            query = query.Where(c => c.ItemId == only);
        var changes = await query.ToListAsync(cancellationToken);
        var itemIds = changes.Where(c => c.ItemId is not null).Select(c => c.ItemId!.Value).Distinct().ToList();
        var items = await db.CarePlanItems.AsNoTracking()
            .Where(i => itemIds.Contains(i.Id))
            .Select(i => new { i.Id, i.Kind, i.Text })
            .ToDictionaryAsync(i => i.Id, cancellationToken);
        var names = await StaffNamesAsync(db, [.. changes.Where(c => c.StaffId is not null).Select(c => c.StaffId!.Value).Distinct()], cancellationToken);
        return [.. changes
            .OrderByDescending(c => c.At).ThenByDescending(c => c.ItemVersion).ThenByDescending(c => c.Id)
            .Select(c =>
            {
                var item = c.ItemId is { } id ? items.GetValueOrDefault(id) : null;
                var what = item is null ? "The plan" : $"{CarePlanText.KindName(item.Kind)}: {Excerpt(item.Text)}";
                return new CarePlanChangeView(c.Id, c.ItemId, item?.Kind, what, c.Field, c.Before, c.After,
                    c.StaffId is { } by ? names.GetValueOrDefault(by) ?? "Someone" : "CareHub", c.At, c.ItemVersion, c.Merged);
            })];
    }

    private static string Excerpt(string text) => text.Length <= 60 ? text : string.Concat(text.AsSpan(0, 57), "...");

    private static async Task<Dictionary<Guid, string>> StaffNamesAsync(CareHubDbContext db, List<Guid> staffIds, CancellationToken cancellationToken) =>
        staffIds.Count == 0
            ? []
            : await db.Staff.AsNoTracking()
                .Where(s => staffIds.Contains(s.Id))
                .Select(s => new { s.Id, Name = s.GivenName + " " + s.FamilyName })
                .ToDictionaryAsync(s => s.Id, s => s.Name, cancellationToken);

    private static async Task<string?> StaffNameAsync(CareHubDbContext db, Guid? staffId, CancellationToken cancellationToken) =>
        staffId is { } id ? (await StaffNamesAsync(db, [id], cancellationToken)).GetValueOrDefault(id) : null;

    // Init properties, not a positional record: EF translates a filter or projection on a member-init shape, not on constructor arguments.
    private sealed record TeamMember
    {
        public required Guid StaffId { get; init; }
        public required string Name { get; init; }
        public required Domain.Organization.StaffRole Role { get; init; }
        public required string TeamName { get; init; }
    }

    /// <summary>The active staff of the patient's teams; the team filter leaves only the teams the user shares.</summary>
    private static IQueryable<TeamMember> TeamMembersOf(CareHubDbContext db, Guid patientId) =>
        from pt in db.PatientTeams
        where pt.PatientId == patientId
        join t in db.CareTeams on pt.TeamId equals t.Id
        join m in db.TeamMemberships on pt.TeamId equals m.TeamId
        join s in db.Staff on m.StaffId equals s.Id
        where s.IsActive
        select new TeamMember { StaffId = s.Id, Name = s.GivenName + " " + s.FamilyName, Role = s.Role, TeamName = t.Name };

    private static async Task<IReadOnlyList<CareTeamMemberView>> CareTeamAsync(CareHubDbContext db, Guid patientId, CancellationToken cancellationToken)
    {
        var coordinator = await db.Patients.AsNoTracking().Where(p => p.Id == patientId).Select(p => p.AttributedCoordinatorId).FirstOrDefaultAsync(cancellationToken);
        var members = await TeamMembersOf(db, patientId).ToListAsync(cancellationToken);
        return [.. members
            .GroupBy(m => m.StaffId)
            .Select(g => g.First())
            .Select(m => new CareTeamMemberView(m.StaffId, m.Name, StaffText.Role(m.Role), m.TeamName, m.StaffId == coordinator))
            .OrderByDescending(m => m.IsCoordinator)
            .ThenBy(m => m.Name, StringComparer.CurrentCultureIgnoreCase)];
    }

    private static async Task<bool> OnPatientsTeamAsync(CareHubDbContext db, Guid patientId, Guid staffId, CancellationToken cancellationToken) =>
        await TeamMembersOf(db, patientId).AnyAsync(m => m.StaffId == staffId, cancellationToken);

    private static IQueryable<CarePlan> OpenPlanOf(CareHubDbContext db, Guid patientId) =>
        db.CarePlans
            .Where(p => p.PatientId == patientId && (p.Status == CarePlanStatus.Draft || p.Status == CarePlanStatus.Active))
            .OrderByDescending(p => p.CreatedAt);

    private static async Task<int> NextPositionAsync(CareHubDbContext db, Guid planId, CancellationToken cancellationToken) =>
        await db.CarePlanItems.Where(i => i.CarePlanId == planId).Select(i => (int?)i.Position).MaxAsync(cancellationToken) + 1 ?? 0;

    private static Task<string?> PatientNameAsync(CareHubDbContext db, Guid patientId, CancellationToken cancellationToken) =>
        db.Patients.AsNoTracking().Where(p => p.Id == patientId).Select(p => p.FamilyName + ", " + p.GivenName).FirstOrDefaultAsync(cancellationToken);

    private static string? NullIfBlank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static DateOnly Today(DateTimeOffset now) => DateOnly.FromDateTime(now.UtcDateTime);

    private static async Task NotFoundAsync(CareHubDbContext db, string category, Guid id, CancellationToken cancellationToken)
    {
        db.RecordNotFound(category, id);
        await db.SaveChangesAsync(cancellationToken);
    }
}
