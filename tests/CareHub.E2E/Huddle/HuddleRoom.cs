using CareHub.Domain.Huddles;
using CareHub.E2E.Infrastructure;
using CareHub.E2E.Pages;
using HuddleEvents = CareHub.Web.Features.Huddle.HuddleEvents;
using CareHub.Web.Realtime;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CareHub.E2E.Huddle;

/// <summary>
/// People of one team in a huddle, each in their own browser (context) with the team's board open. Disposing the
/// room closes their browsers.
/// </summary>
internal sealed class HuddleRoom(CareHubBrowser browser) : IAsyncDisposable
{
    private readonly List<IBrowserContext> _contexts = [];
    private readonly Dictionary<string, HuddleBoardPage> _boards = [];

    public HuddleBoardPage this[string person] => _boards[person];

    public IReadOnlyCollection<HuddleBoardPage> Boards => _boards.Values;

    /// <summary>Signs these people in, all at once, and opens their team's board for each.</summary>
    public static async Task<HuddleRoom> GatherAsync(CareHubBrowser browser, params string[] people)
    {
        var room = new HuddleRoom(browser);
        try
        {
            var boards = await Task.WhenAll(people.Select(async person => await HuddleBoardPage.OpenForMyTeamAsync(await room.SignInAsync(person))));
            for (var i = 0; i < people.Length; i++)
                room._boards[people[i]] = boards[i];
            return room;
        }
        catch
        {
            await room.DisposeAsync();
            throw;
        }
    }

    /// <summary>For the pictures: a patient card from the demo data in each lane that has no card yet.</summary>
    public static async Task SpreadPatientCardsAsync(HuddleBoardPage board)
    {
        foreach (var lane in new[] { HuddleLane.Barriers, HuddleLane.Actions, HuddleLane.Done })
        {
            if (await board.CardsIn(lane).CountAsync() > 0)
                continue;
            var patientCards = board.CardsIn(HuddleLane.ToDiscuss).Filter(new() { Has = board.Page.GetByTestId("huddle-card-patient-link") });
            var card = await patientCards.CountAsync() > 1 ? patientCards.Nth(1) : board.CardsIn(HuddleLane.ToDiscuss).Last;
            await board.MoveCardToLaneAsync(Guid.Parse(await card.GetAttributeAsync("data-card-id") ?? ""), lane);
        }
    }

    /// <summary>A signed-in page of someone else (a wall display, a member of another team), closed with the room.</summary>
    public async Task<IPage> SignInAsync(string person)
    {
        var context = await browser.NewContextAsync();
        lock (_contexts)
            _contexts.Add(context);
        var page = await context.NewPageAsync();
        await (await SignInPage.OpenAsync(page)).SignInAsAsync(person);
        return page;
    }

    /// <summary>The board's lanes as the database orders them: lane, then order key (ordinal), then id.</summary>
    public async Task<IReadOnlyDictionary<HuddleLane, IReadOnlyList<Guid>>> DatabaseOrderAsync(Guid boardId)
    {
        await using var db = browser.Server.SystemDb();
        var cards = await db.HuddleCards.AsNoTracking().Where(c => c.BoardId == boardId).Select(c => new { c.Id, c.Lane, c.SortKey }).ToListAsync();
        return HuddleBoardPage.Lanes.ToDictionary(lane => lane, lane => (IReadOnlyList<Guid>)[.. cards
            .Where(c => c.Lane == lane)
            .OrderBy(c => c.SortKey, StringComparer.Ordinal)
            .ThenBy(c => c.Id)
            .Select(c => c.Id)]);
    }

    public async Task<long> DatabaseVersionAsync(Guid boardId)
    {
        await using var db = browser.Server.SystemDb();
        return await db.HuddleBoards.AsNoTracking().Where(b => b.Id == boardId).Select(b => b.Version).SingleAsync();
    }

    /// <summary>The patients on the board ("Family, Given" and the initials the wall may show), by card.</summary>
    public async Task<IReadOnlyList<(Guid CardId, string FullName, string Initials)>> PatientCardsAsync(Guid boardId)
    {
        await using var db = browser.Server.SystemDb();
        var cards = await (
            from c in db.HuddleCards.AsNoTracking()
            where c.BoardId == boardId && c.PatientId != null
            join p in db.Patients.AsNoTracking() on c.PatientId equals p.Id
            select new { c.Id, p.FamilyName, p.GivenName }).ToListAsync();
        return [.. cards.Select(c => (c.Id, $"{c.FamilyName}, {c.GivenName}", $"{char.ToUpperInvariant(c.GivenName[0])}. {char.ToUpperInvariant(c.FamilyName[0])}."))];
    }

    /// <summary>
    /// Whether a publication on the board's bus topic comes back within <paramref name="timeout"/>: the in-process bus
    /// calls every subscriber (each screen showing the board) on the publisher's thread, so a screen whose circuit
    /// hangs holds up every publication, and every change, of the board. The probe's version (0) is older than any
    /// board, so a live screen ignores it.
    /// </summary>
    public async Task<bool> BoardTopicAnswersAsync(Guid boardId, TimeSpan timeout)
    {
        var bus = browser.Server.Services.GetRequiredService<IRealtimeBus>();
        var probe = Task.Run(() => bus.PublishAsync(
            new RealtimeEvent(Topics.Huddle(boardId), HuddleEvents.BoardChanged, boardId, 0, DateTimeOffset.UtcNow), CancellationToken.None));
        return await Task.WhenAny(probe, Task.Delay(timeout)) == probe;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var context in _contexts)
            await context.CloseAsync();
        _contexts.Clear();
    }
}
