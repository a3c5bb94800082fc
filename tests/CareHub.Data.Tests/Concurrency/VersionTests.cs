using CareHub.Domain.CarePlans;
using CareHub.Domain.Patients;
using Microsoft.EntityFrameworkCore;

namespace CareHub.Data.Tests.Concurrency;

/// <summary>The application-managed Version: bumped on every update, checked on every update (docs/adr/0003).</summary>
public class VersionTests(SqliteDatabase database) : IClassFixture<SqliteDatabase>
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private async Task<Patient> SavedPatientAsync()
    {
        await using var db = database.SystemContext();
        var team = TestData.Team();
        var patient = TestData.Patient(team.Id);
        db.AddRange(team, patient);
        await db.SaveChangesAsync(Token);
        return patient;
    }

    private async Task<Patient> LoadAsync(CareHubDbContext db, Guid id) =>
        await db.Patients.SingleAsync(p => p.Id == id, Token);

    private async Task<Patient> StoredAsync(Guid id)
    {
        await using var db = database.SystemContext();
        return await db.Patients.AsNoTracking().SingleAsync(p => p.Id == id, Token);
    }

    [Fact]
    public async Task A_new_record_starts_at_version_1()
    {
        var patient = await SavedPatientAsync();

        patient.Version.ShouldBe(1);
        (await StoredAsync(patient.Id)).Version.ShouldBe(1);
    }

    [Fact]
    public async Task Each_update_increments_the_version_by_one()
    {
        var patient = await SavedPatientAsync();

        await using var db = database.SystemContext();
        var loaded = await LoadAsync(db, patient.Id);
        loaded.SetLanguage("Spanish", interpreterNeeded: false);
        await db.SaveChangesAsync(Token);
        loaded.Version.ShouldBe(2);
        loaded.SetLanguage("Spanish", interpreterNeeded: true);
        await db.SaveChangesAsync(Token);

        loaded.Version.ShouldBe(3);
        (await StoredAsync(patient.Id)).Version.ShouldBe(3);
    }

    [Fact]
    public async Task Saving_without_a_change_leaves_the_version_alone()
    {
        var patient = await SavedPatientAsync();

        await using (var db = database.SystemContext())
        {
            var loaded = await LoadAsync(db, patient.Id);
            loaded.SetLanguage(loaded.PreferredLanguage, loaded.InterpreterNeeded);
            await db.SaveChangesAsync(Token);
        }

        (await StoredAsync(patient.Id)).Version.ShouldBe(1);
    }

    [Fact]
    public async Task The_second_of_two_concurrent_writers_gets_a_conflict_and_the_first_change_is_kept()
    {
        var patient = await SavedPatientAsync();
        await using var first = database.SystemContext();
        await using var second = database.SystemContext();
        var mine = await LoadAsync(first, patient.Id);
        var theirs = await LoadAsync(second, patient.Id);

        mine.SetPrimaryCareProvider("Dr. Helen Marsh");
        await first.SaveChangesAsync(Token);
        theirs.SetCoverage(PayerType.Medicaid, "State Medicaid Managed Care");

        await Should.ThrowAsync<DbUpdateConcurrencyException>(() => second.SaveChangesAsync(Token));

        var stored = await StoredAsync(patient.Id);
        stored.PrimaryCareProvider.ShouldBe("Dr. Helen Marsh");
        stored.Payer.ShouldBe(PayerType.Uninsured);
        stored.Version.ShouldBe(2);
    }

    [Fact]
    public async Task A_writer_that_reloads_after_a_conflict_can_save_on_top_of_the_first_change()
    {
        var patient = await SavedPatientAsync();
        await using var first = database.SystemContext();
        await using var second = database.SystemContext();
        var mine = await LoadAsync(first, patient.Id);
        var theirs = await LoadAsync(second, patient.Id);
        mine.SetPrimaryCareProvider("Dr. Helen Marsh");
        await first.SaveChangesAsync(Token);
        theirs.SetPrimaryCareProvider("Dr. Omar Siddiqui");
        await Should.ThrowAsync<DbUpdateConcurrencyException>(() => second.SaveChangesAsync(Token));

        await second.Entry(theirs).ReloadAsync(Token);
        theirs.PrimaryCareProvider.ShouldBe("Dr. Helen Marsh");
        theirs.SetPrimaryCareProvider("Dr. Omar Siddiqui");
        await second.SaveChangesAsync(Token);

        var stored = await StoredAsync(patient.Id);
        (stored.PrimaryCareProvider, stored.Version).ShouldBe(("Dr. Omar Siddiqui", 3L));
    }

    [Fact]
    public async Task Edits_to_different_items_of_one_care_plan_do_not_conflict()
    {
        var patient = await SavedPatientAsync();
        Guid goalId, barrierId, planId;
        await using (var db = database.SystemContext())
        {
            var plan = new CarePlan(patient.Id, "Care plan", TestData.Now);
            goalId = plan.AddItem(CarePlanItemKind.Goal, "HbA1c below 8%", null, null).Id;
            barrierId = plan.AddItem(CarePlanItemKind.Barrier, "Food insecurity", null, null).Id;
            db.CarePlans.Add(plan);
            await db.SaveChangesAsync(Token);
            planId = plan.Id;
        }
        await using var coordinator = database.SystemContext();
        await using var socialWorker = database.SystemContext();
        var goal = await coordinator.CarePlanItems.SingleAsync(i => i.Id == goalId, Token);
        var barrier = await socialWorker.CarePlanItems.SingleAsync(i => i.Id == barrierId, Token);

        goal.Edit("HbA1c below 7.5%");
        barrier.Edit("Food insecurity: referred to Eastside Food Pantry");
        await coordinator.SaveChangesAsync(Token);
        await socialWorker.SaveChangesAsync(Token);

        await using var check = database.SystemContext();
        var items = await check.CarePlanItems.Where(i => i.CarePlanId == planId).ToDictionaryAsync(i => i.Id, Token);
        (items[goalId].Text, items[goalId].Version).ShouldBe(("HbA1c below 7.5%", 2L));
        (items[barrierId].Text, items[barrierId].Version).ShouldBe(("Food insecurity: referred to Eastside Food Pantry", 2L));
        (await check.CarePlans.SingleAsync(p => p.Id == planId, Token)).Version.ShouldBe(1);
    }

    [Fact]
    public async Task Two_edits_of_the_same_care_plan_item_conflict()
    {
        var patient = await SavedPatientAsync();
        Guid goalId;
        await using (var db = database.SystemContext())
        {
            var plan = new CarePlan(patient.Id, "Care plan", TestData.Now);
            goalId = plan.AddItem(CarePlanItemKind.Goal, "HbA1c below 8%", null, null).Id;
            db.CarePlans.Add(plan);
            await db.SaveChangesAsync(Token);
        }
        await using var first = database.SystemContext();
        await using var second = database.SystemContext();
        var mine = await first.CarePlanItems.SingleAsync(i => i.Id == goalId, Token);
        var theirs = await second.CarePlanItems.SingleAsync(i => i.Id == goalId, Token);

        mine.Edit("HbA1c below 7.5%");
        await first.SaveChangesAsync(Token);
        theirs.Edit("HbA1c below 7%");

        await Should.ThrowAsync<DbUpdateConcurrencyException>(() => second.SaveChangesAsync(Token));
        await using var check = database.SystemContext();
        (await check.CarePlanItems.SingleAsync(i => i.Id == goalId, Token)).Text.ShouldBe("HbA1c below 7.5%");
    }
}
