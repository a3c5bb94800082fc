using CareHub.Data.Access;
using CareHub.Domain.Audit;
using CareHub.Domain.CarePlans;
using Microsoft.EntityFrameworkCore;

namespace CareHub.Data.Tests.CarePlans;

/// <summary>
/// A care plan's history is the legal record of who changed what: append-only, like the audit trail. One item edit is
/// one audit row (the item's); the history entry and the plan's version-only touch are bookkeeping (docs/adr/0009).
/// </summary>
public class CarePlanHistoryTests(SqliteDatabase database) : IClassFixture<SqliteDatabase>
{
    private const string AppendOnlyMessage = "Care plan history is append-only: an entry cannot be changed or deleted.";

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    /// <summary>A team, a coordinator on it, a patient of it, and an active plan with one goal and one edit of it in the history.</summary>
    private async Task<Stored> PlanWithHistoryAsync()
    {
        await using var db = database.SystemContext();
        var team = TestData.Team();
        var staff = TestData.Staff();
        team.AddMember(staff);
        var patient = TestData.Patient(team.Id);
        var plan = new CarePlan(patient.Id, "Care plan", TestData.Now);
        plan.Activate();
        var item = plan.AddItem(CarePlanItemKind.Goal, "Walks every day", null, null);
        var change = new CarePlanChange(plan, item, CarePlanField.Detail, "", "Thirty minutes", staff.Id, TestData.Now, 2, 1, merged: false);
        db.AddRange(team, staff, patient, plan, change);
        await db.SaveChangesAsync(Token);
        return new Stored(team.Id, staff.Id, patient.Id, plan.Id, item.Id, change.Id);
    }

    private sealed record Stored(Guid TeamId, Guid StaffId, Guid PatientId, Guid PlanId, Guid ItemId, Guid ChangeId);

    private CareHubDbContext Member(Stored stored, string source) =>
        database.Context(new AccessScope(stored.StaffId.ToString(), [stored.TeamId], source));

    private async Task<CarePlanChange> StoredChangeAsync(Guid id)
    {
        await using var db = database.SystemContext();
        return await db.CarePlanChanges.AsNoTracking().SingleAsync(c => c.Id == id, Token);
    }

    [Fact]
    public async Task A_history_entry_cannot_be_changed_even_by_a_member_of_the_team()
    {
        var stored = await PlanWithHistoryAsync();

        await using (var db = Member(stored, $"circuit-{Guid.NewGuid():N}"))
        {
            var change = await db.CarePlanChanges.SingleAsync(c => c.Id == stored.ChangeId, Token);
            db.Entry(change).Property(c => c.After).CurrentValue = "Ten minutes";

            var refused = await Should.ThrowAsync<InvalidOperationException>(() => db.SaveChangesAsync(Token));

            refused.Message.ShouldBe(AppendOnlyMessage);
        }

        (await StoredChangeAsync(stored.ChangeId)).After.ShouldBe("Thirty minutes");
    }

    [Fact]
    public async Task A_history_entry_cannot_be_deleted_even_by_system_work()
    {
        var stored = await PlanWithHistoryAsync();

        await using (var db = database.SystemContext())
        {
            var change = await db.CarePlanChanges.SingleAsync(c => c.Id == stored.ChangeId, Token);
            db.CarePlanChanges.Remove(change);

            var refused = await Should.ThrowAsync<InvalidOperationException>(() => db.SaveChangesAsync(Token));

            refused.Message.ShouldBe(AppendOnlyMessage);
        }

        (await StoredChangeAsync(stored.ChangeId)).ShouldNotBeNull();
    }

    [Fact]
    public async Task A_refused_history_change_saves_nothing_else_of_the_same_save()
    {
        var stored = await PlanWithHistoryAsync();

        await using (var db = Member(stored, $"circuit-{Guid.NewGuid():N}"))
        {
            var item = await db.CarePlanItems.SingleAsync(i => i.Id == stored.ItemId, Token);
            var change = await db.CarePlanChanges.SingleAsync(c => c.Id == stored.ChangeId, Token);
            item.Set(CarePlanField.Text, "Walks to the shop");
            db.Entry(change).Property(c => c.Before).CurrentValue = "Rewritten";

            await Should.ThrowAsync<InvalidOperationException>(() => db.SaveChangesAsync(Token));
        }

        await using var check = database.SystemContext();
        var stillThere = await check.CarePlanItems.AsNoTracking().SingleAsync(i => i.Id == stored.ItemId, Token);
        (stillThere.Text, stillThere.Version).ShouldBe(("Walks every day", 1L));
        (await check.AuditEvents.CountAsync(a => a.PatientId == stored.PatientId && a.Action == AuditAction.Update, Token)).ShouldBe(0);
    }

    [Fact]
    public async Task An_item_edit_with_its_history_entry_and_the_plans_version_step_writes_exactly_one_audit_row()
    {
        var stored = await PlanWithHistoryAsync();
        var source = $"circuit-{Guid.NewGuid():N}";
        var later = TestData.Now.AddMinutes(5);

        await using (var db = Member(stored, source))
        {
            // What the care-plan service does for one edit, in one save.
            var plan = await db.CarePlans.SingleAsync(p => p.Id == stored.PlanId, Token);
            var item = await db.CarePlanItems.SingleAsync(i => i.Id == stored.ItemId, Token);
            var before = item.Text;
            item.Set(CarePlanField.Text, "Walks to the shop and back");
            db.CarePlanChanges.Add(new CarePlanChange(plan, item, CarePlanField.Text, before, item.Text, stored.StaffId, later, item.Version + 1, item.Version, merged: false));
            plan.RecordChange(later);
            db.Entry(plan).Property(p => p.LastChangedAt).IsModified = true;
            await db.SaveChangesAsync(Token);
        }

        await using var check = database.SystemContext();
        var audit = await check.AuditEvents.AsNoTracking().Where(a => a.Source == source).ToListAsync(Token);
        var row = audit.ShouldHaveSingleItem();
        (row.Action, row.EntityType, row.EntityId, row.PatientId, row.UserId)
            .ShouldBe((AuditAction.Update, nameof(CarePlanItem), (Guid?)stored.ItemId, (Guid?)stored.PatientId, stored.StaffId.ToString()));
        var plan2 = await check.CarePlans.AsNoTracking().SingleAsync(p => p.Id == stored.PlanId, Token);
        (plan2.Version, plan2.LastChangedAt).ShouldBe((2L, later));
        (await check.CarePlanItems.AsNoTracking().SingleAsync(i => i.Id == stored.ItemId, Token)).Version.ShouldBe(2);
        (await check.CarePlanChanges.CountAsync(c => c.ItemId == stored.ItemId, Token)).ShouldBe(2);
    }

    [Fact]
    public async Task A_plans_version_moves_without_an_audit_row_when_only_its_change_time_is_touched_in_the_same_tick()
    {
        var stored = await PlanWithHistoryAsync();
        var source = $"circuit-{Guid.NewGuid():N}";

        await using (var db = Member(stored, source))
        {
            var plan = await db.CarePlans.SingleAsync(p => p.Id == stored.PlanId, Token);
            plan.RecordChange(TestData.Now);
            db.Entry(plan).Property(p => p.LastChangedAt).IsModified = true;
            await db.SaveChangesAsync(Token);
        }

        await using var check = database.SystemContext();
        (await check.CarePlans.AsNoTracking().SingleAsync(p => p.Id == stored.PlanId, Token)).Version.ShouldBe(2);
        (await check.AuditEvents.CountAsync(a => a.Source == source, Token)).ShouldBe(0);
    }

    [Fact]
    public async Task Completing_a_plan_is_audited_as_an_update_of_the_plan()
    {
        var stored = await PlanWithHistoryAsync();
        var source = $"circuit-{Guid.NewGuid():N}";

        await using (var db = Member(stored, source))
        {
            var plan = await db.CarePlans.SingleAsync(p => p.Id == stored.PlanId, Token);
            plan.Complete();
            db.CarePlanChanges.Add(new CarePlanChange(plan, null, null, "Active", "Completed", stored.StaffId, TestData.Now, 0, 0, merged: false));
            await db.SaveChangesAsync(Token);
        }

        await using var check = database.SystemContext();
        var row = (await check.AuditEvents.AsNoTracking().Where(a => a.Source == source).ToListAsync(Token)).ShouldHaveSingleItem();
        (row.Action, row.EntityType, row.EntityId).ShouldBe((AuditAction.Update, nameof(CarePlan), (Guid?)stored.PlanId));
    }
}
