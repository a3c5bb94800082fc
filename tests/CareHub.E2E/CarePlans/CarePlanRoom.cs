using CareHub.Domain.CarePlans;
using CareHub.E2E.Infrastructure;
using CareHub.E2E.Pages;
using Microsoft.EntityFrameworkCore;

namespace CareHub.E2E.CarePlans;

/// <summary>
/// People of one team with the same patient's care plan open, each in their own browser. The plan is made fresh for
/// the test (a patient of the team without a plan) with goals whose text the test knows. Disposing closes the browsers.
/// </summary>
internal sealed class CarePlanRoom(IBrowserHost browser) : IAsyncDisposable
{
    private readonly Dictionary<string, IBrowserContext> _contexts = [];
    private readonly Dictionary<string, CarePlanPage> _pages = [];

    public CarePlanPage this[string person] => _pages[person];

    public Guid PatientId { get; private set; }

    public Guid PlanId { get; private set; }

    /// <summary>The goals of the plan, in the order given.</summary>
    public IReadOnlyList<Guid> Goals { get; private set; } = [];

    /// <summary>Makes a plan with these goal texts for a patient of the first person's team and opens it for everyone.</summary>
    public static async Task<CarePlanRoom> GatherAsync(IBrowserHost browser, string[] people, params string[] goals)
    {
        var room = new CarePlanRoom(browser);
        try
        {
            await room.MakePlanAsync(people[0], goals);
            var pages = await Task.WhenAll(people.Select(async person => await CarePlanPage.OpenAsync(await room.SignInAsync(person), room.PatientId)));
            for (var i = 0; i < people.Length; i++)
            {
                room._pages[people[i]] = pages[i];
                await pages[i].ShouldBeShownAsync();
            }
            return room;
        }
        catch
        {
            await room.DisposeAsync();
            throw;
        }
    }

    /// <summary>A signed-in page of someone (closed with the room).</summary>
    public async Task<IPage> SignInAsync(string person)
    {
        var context = await browser.NewContextAsync();
        lock (_contexts)
            _contexts[person + ":" + Guid.NewGuid().ToString("N")] = context;
        var page = await context.NewPageAsync();
        await (await SignInPage.OpenAsync(page)).SignInAsAsync(person);
        return page;
    }

    /// <summary>Closes a person's browser the way a laptop lid does: no goodbye.</summary>
    public async Task CloseBrowserOfAsync(string person)
    {
        var page = _pages[person];
        var entry = _contexts.First(c => c.Value == page.Page.Context);
        _contexts.Remove(entry.Key);
        await entry.Value.CloseAsync();
        _pages.Remove(person);
    }

    public async Task<string> DatabaseTextAsync(Guid itemId, CarePlanField field = CarePlanField.Text)
    {
        await using var db = browser.SystemDb();
        var item = await db.CarePlanItems.AsNoTracking().SingleAsync(i => i.Id == itemId);
        return item.ValueOf(field) ?? string.Empty;
    }

    private async Task MakePlanAsync(string person, string[] goals)
    {
        await using var db = browser.SystemDb();
        var staff = (await db.Staff.AsNoTracking().ToListAsync()).Single(s => s.DisplayName == person);
        var teamIds = await db.TeamMemberships.AsNoTracking().Where(m => m.StaffId == staff.Id).Select(m => m.TeamId).ToListAsync();
        var withPlans = db.CarePlans.Select(p => p.PatientId);
        PatientId = await db.Patients.AsNoTracking()
            // Only this person's teams' patient (not one shared with another team), so that "another team" means it.
            .Where(p => p.Teams.Any() && p.Teams.All(t => teamIds.Contains(t.TeamId)) && !withPlans.Contains(p.Id))
            .OrderBy(p => p.Mrn)
            .Select(p => p.Id)
            .FirstAsync();
        var plan = new CarePlan(PatientId, "Care plan", DateTimeOffset.UtcNow);
        plan.Activate();
        var position = 0;
        Goals = [.. goals.Select(goal => plan.AddItem(new CarePlanItemSpec(CarePlanItemKind.Goal, goal) { Category = CarePlanCategories.ShortTerm }, position++).Id)];
        db.CarePlans.Add(plan);
        await db.SaveChangesAsync();
        PlanId = plan.Id;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var context in _contexts.Values)
            await context.CloseAsync();
        _contexts.Clear();
    }
}
