using System.Globalization;
using System.Text.RegularExpressions;
using CareHub.Domain.Huddles;

namespace CareHub.E2E.Pages;

/// <summary>
/// Today's huddle board of a team: lanes of cards that move live on every screen, the shared timer, topics,
/// closing with a summary, and the history of past huddles.
/// </summary>
public sealed partial class HuddleBoardPage(IPage page) : SignedInPage(page)
{
    public static IReadOnlyList<HuddleLane> Lanes { get; } = Enum.GetValues<HuddleLane>();

    public ILocator Board => Page.GetByTestId("huddle-board");

    public ILocator Cards => Board.GetByTestId("huddle-card");

    public ILocator CurrentCard => Cards.And(Page.Locator("[data-current=true]"));

    public ILocator Timer => Page.GetByTestId("huddle-timer");

    public ILocator Attendance => Page.GetByTestId("huddle-attendance").GetByTestId("presence-avatar");

    public ILocator Error => Page.GetByTestId("huddle-error");

    public ILocator Summary => Page.GetByTestId("huddle-summary");

    public ILocator History => Page.GetByTestId("huddle-history");

    public ILocator HistoryEntries => Page.GetByTestId("huddle-history-entry");

    public ILocator CardMenus => Board.GetByTestId("huddle-card-menu");

    public ILocator AddTopicButton => Page.GetByTestId("add-topic");

    public ILocator CloseHuddleButton => Page.GetByTestId("close-huddle");

    public ILocator NotFoundHeading => Page.GetByRole(AriaRole.Heading, new() { Name = "Not found", Level = 1 });

    /// <summary>The open card's dialog ("Details and actions…").</summary>
    public ILocator CardDialog => Page.GetByTestId("card-dialog");

    /// <summary>The open card's discussion notes field.</summary>
    public ILocator CardNotes => Page.Locator("textarea[data-testid=card-notes], [data-testid=card-notes] textarea").First;

    /// <summary>The open card's action items, as its dialog lists them.</summary>
    public ILocator CardActions => CardDialog.GetByTestId("card-action");

    /// <summary>The decisions the summary of the closed huddle shows.</summary>
    public ILocator SummaryDecisions => Summary.GetByTestId("summary-decisions");

    /// <summary>The entry of the "Past huddles" panel for the huddle of that day.</summary>
    public ILocator HistoryEntryOf(DateOnly day) =>
        HistoryEntries.And(Page.Locator($"[data-day=\"{day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}\"]"));

    /// <summary>The team whose board this is (from the address).</summary>
    public Guid TeamId => Guid.Parse(OnBoard().Match(Page.Url).Groups["team"].Value);

    public ILocator Lane(HuddleLane lane) => Board.Locator($"[data-testid=huddle-lane][data-lane={lane}]");

    public ILocator CardsIn(HuddleLane lane) => Lane(lane).GetByTestId("huddle-card");

    public ILocator Card(Guid cardId) => Board.Locator(CardSelector(cardId));

    /// <summary>Opens the Huddle page of the navigation: with one team it goes straight to that team's board of today.</summary>
    public static async Task<HuddleBoardPage> OpenForMyTeamAsync(IPage page)
    {
        await page.GotoAsync("/huddle");
        await Expect(page).ToHaveURLAsync(OnBoard());
        var board = new HuddleBoardPage(page);
        await board.ShouldBeShownAsync();
        return board;
    }

    /// <summary>Opens /huddle/{teamId} and waits until the page is live (it then shows the board or "Not found").</summary>
    public static async Task<HuddleBoardPage> OpenAsync(IPage page, Guid teamId)
    {
        await page.GotoAsync($"/huddle/{teamId}");
        var board = new HuddleBoardPage(page);
        await board.WaitUntilInteractiveAsync();
        return board;
    }

    /// <summary>The board is on screen and live.</summary>
    public async Task ShouldBeShownAsync()
    {
        await WaitUntilInteractiveAsync();
        await Expect(Board).ToBeVisibleAsync();
        await Expect(Lane(HuddleLane.ToDiscuss)).ToBeVisibleAsync();
    }

    public async Task ShouldShowNotFoundAsync()
    {
        await Expect(NotFoundHeading).ToBeVisibleAsync();
        await Expect(MainContent).ToContainTextAsync("does not exist, or it is not one your care teams can see");
        await Expect(Board).ToHaveCountAsync(0);
    }

    public async Task<Guid> BoardIdAsync() => Guid.Parse(await Board.GetAttributeAsync("data-board-id") ?? "");

    public async Task<long> VersionAsync() => long.Parse(await Board.GetAttributeAsync("data-version") ?? "", CultureInfo.InvariantCulture);

    /// <summary>The ids of the lane's cards, top to bottom, as this screen shows them now.</summary>
    public async Task<IReadOnlyList<Guid>> CardOrderAsync(HuddleLane lane) =>
        [.. (await CardsIn(lane).EvaluateAllAsync<string[]>("cards => cards.map(c => c.dataset.cardId)")).Select(Guid.Parse)];

    /// <summary>Every lane's cards, top to bottom, as this screen shows them now.</summary>
    public async Task<IReadOnlyDictionary<HuddleLane, IReadOnlyList<Guid>>> BoardOrderAsync()
    {
        var order = new Dictionary<HuddleLane, IReadOnlyList<Guid>>();
        foreach (var lane in Lanes)
            order[lane] = await CardOrderAsync(lane);
        return order;
    }

    public async Task<string> TitleOfAsync(Guid cardId) => (await Card(cardId).GetByTestId("huddle-card-title").InnerTextAsync()).Trim();

    /// <summary>The lane's cards, top to bottom, with the titles they show, as this screen shows them now.</summary>
    public async Task<IReadOnlyList<(Guid Id, string Title)>> LaneAsync(HuddleLane lane) =>
        [.. (await CardsIn(lane).EvaluateAllAsync<string[][]>(
                "cards => cards.map(c => [c.dataset.cardId, c.querySelector('[data-testid=huddle-card-title]').innerText.trim()])"))
            .Select(c => (Guid.Parse(c[0]), c[1]))];

    /// <summary>
    /// The lane shows exactly these cards in this order: one retrying assertion on the titles (so a timeout bounds
    /// the whole order), then the ids, at once, so that two cards with one title cannot pass for each other.
    /// </summary>
    public async Task ShouldShowLaneAsync(HuddleLane lane, IReadOnlyList<(Guid Id, string Title)> cards, float? timeoutMs = null)
    {
        await Expect(CardsIn(lane).GetByTestId("huddle-card-title")).ToHaveTextAsync([.. cards.Select(c => c.Title)], new() { Timeout = timeoutMs });
        (await CardOrderAsync(lane)).ShouldBe([.. cards.Select(c => c.Id)], $"the order of {lane} on {Page.Url}");
    }

    /// <summary>Adds a topic card ("Add topic"); it lands at the end of To discuss. Returns its id.</summary>
    public async Task<Guid> AddTopicAsync(string title)
    {
        await AddTopicButton.ClickAsync();
        var dialog = Page.GetByTestId("topic-dialog");
        await Expect(dialog).ToBeVisibleAsync();
        await Page.Locator("input[data-testid=topic-title], [data-testid=topic-title] input").FillAsync(title);
        var add = Page.GetByTestId("topic-add");
        await Expect(add).ToBeEnabledAsync();
        await add.ClickAsync();
        await Expect(dialog).ToBeHiddenAsync();
        var card = CardsIn(HuddleLane.ToDiscuss).Filter(new() { Has = Page.GetByTestId("huddle-card-title").GetByText(title, new() { Exact = true }) });
        await Expect(card).ToHaveCountAsync(1);
        return Guid.Parse(await card.GetAttributeAsync("data-card-id") ?? "");
    }

    /// <summary>Moves a card to the end of another lane with its menu (the keyboard way); returns when this screen shows it saved there.</summary>
    public async Task MoveCardToLaneAsync(Guid cardId, HuddleLane lane) => await (await ReadyToMoveCardToLaneAsync(cardId, lane)).LetGoAsync();

    /// <summary>
    /// Opens the card's menu with "Move to" the lane in view. Once let go, the card is in that lane (not
    /// necessarily last, when a teammate's card landed at the end at the same time).
    /// </summary>
    public async Task<HuddleMoveInHand> ReadyToMoveCardToLaneAsync(Guid cardId, HuddleLane lane)
    {
        await OpenCardMenuAsync(cardId);
        var choice = Page.GetByTestId($"card-move-to-{lane}");
        await Expect(choice).ToBeVisibleAsync();
        return new(this, choice, async () => await Expect(Lane(lane).Locator(CardSelector(cardId))).ToHaveCountAsync(1));
    }

    /// <summary>
    /// Opens the card's menu with "Move up" or "Move down" in view. Once let go, the card is on the other side of the
    /// neighbour it had when the menu opened.
    /// </summary>
    public async Task<HuddleMoveInHand> ReadyToMoveCardWithinLaneAsync(Guid cardId, bool up)
    {
        var order = (await CardOrderAsync(await LaneOfAsync(cardId))).ToList();
        var neighbour = order[order.IndexOf(cardId) + (up ? -1 : 1)];
        await OpenCardMenuAsync(cardId);
        var choice = Page.GetByTestId(up ? "card-move-up" : "card-move-down");
        await Expect(choice).ToBeEnabledAsync();
        return new(this, choice, async () =>
            await Expect(Card(neighbour).Locator($"xpath={(up ? "preceding" : "following")}::*[@data-card-id='{cardId}']")).ToHaveCountAsync(1));
    }

    /// <summary>
    /// Drags a card with the mouse onto another card (of the same lane or another one): it lands right after that
    /// card. Returns when this screen shows it there.
    /// </summary>
    public async Task MoveCardAfterAsync(Guid cardId, Guid afterCardId)
    {
        var lane = await LaneOfAsync(afterCardId);
        var version = await VersionAsync();
        await DragCardOntoAsync(cardId, afterCardId);
        // Below it in its lane (right below it unless a teammate's card landed in between meanwhile).
        await Expect(Lane(lane).Locator(CardSelector(cardId))).ToHaveCountAsync(1);
        await Expect(Card(afterCardId).Locator($"xpath=following::*[@data-card-id='{cardId}']")).ToHaveCountAsync(1);
        await ShouldShowSavedAfterAsync(version);
    }

    /// <summary>Drags a card with the mouse and drops it onto another card; what happens is up to the board.</summary>
    public async Task DragCardOntoAsync(Guid cardId, Guid ontoCardId) => await DragWithBothInViewAsync(Card(cardId), Card(ontoCardId));

    /// <summary>Makes a card the one being discussed ("Discuss now" in its menu).</summary>
    public async Task DiscussNowAsync(Guid cardId)
    {
        // The current card's "Discuss now" is disabled: it is already being discussed.
        if (await Card(cardId).GetAttributeAsync("data-current") == "true")
            return;
        await OpenCardMenuAsync(cardId);
        await Page.GetByTestId("card-discuss").ClickAsync();
        await Expect(Card(cardId)).ToHaveAttributeAsync("data-current", "true");
    }

    public async Task StartTimerAsync()
    {
        await Page.GetByTestId("timer-start").ClickAsync();
        await Expect(Timer).ToHaveAttributeAsync("data-running", "true");
    }

    public async Task PauseTimerAsync()
    {
        await Page.GetByTestId("timer-pause").ClickAsync();
        await Expect(Timer).ToHaveAttributeAsync("data-running", "false");
    }

    /// <summary>"Next card": the current card counts as discussed and the next one is highlighted. Returns the new current card.</summary>
    public async Task<Guid> NextCardAsync()
    {
        var before = await CurrentCardIdAsync();
        await Page.GetByTestId("timer-next").ClickAsync();
        if (before is { } previous)
            await Expect(Card(previous)).ToHaveAttributeAsync("data-current", "false");
        await Expect(CurrentCard).ToHaveCountAsync(1);
        return (await CurrentCardIdAsync())!.Value;
    }

    public async Task<Guid?> CurrentCardIdAsync() =>
        await CurrentCard.CountAsync() == 1 && Guid.TryParse(await CurrentCard.GetAttributeAsync("data-card-id"), out var id) ? id : null;

    /// <summary>The remaining time the timer shows, in seconds (it shows m:ss).</summary>
    public async Task<int> RemainingSecondsAsync() => ParseClock(await Timer.InnerTextAsync());

    /// <summary>Closes the huddle with its decisions; returns when the summary is shown.</summary>
    public async Task CloseAsync(string decisions)
    {
        await TypeClosingDecisionsAsync(decisions);
        await ConfirmCloseAsync();
    }

    /// <summary>"Close huddle", and the decisions typed into its dialog (not confirmed yet).</summary>
    public async Task TypeClosingDecisionsAsync(string decisions)
    {
        await CloseHuddleButton.ClickAsync();
        await Expect(Page.GetByTestId("close-dialog")).ToBeVisibleAsync();
        await Page.Locator("textarea[data-testid=close-decisions], [data-testid=close-decisions] textarea").FillAsync(decisions);
    }

    /// <summary>Confirms closing in its dialog; returns when the summary is shown.</summary>
    public async Task ConfirmCloseAsync()
    {
        await Page.GetByTestId("close-confirm").ClickAsync();
        await Expect(Page.GetByTestId("close-dialog")).ToBeHiddenAsync();
        await Expect(Summary).ToBeVisibleAsync();
    }

    /// <summary>The card the board proposed for a patient (its title links to the patient). Returns its id.</summary>
    public async Task<Guid> CardOfPatientAsync(Guid patientId)
    {
        var card = Cards.Filter(new() { Has = Page.Locator($"[data-testid=huddle-card-patient-link][href=\"/patients/{patientId}\"]") });
        await Expect(card).ToHaveCountAsync(1);
        return Guid.Parse(await card.GetAttributeAsync("data-card-id") ?? "");
    }

    /// <summary>Opens a card's dialog ("Details and actions…" in its menu).</summary>
    public async Task OpenCardAsync(Guid cardId)
    {
        await OpenCardMenuAsync(cardId);
        await Page.GetByTestId("card-open").ClickAsync();
        await Expect(CardDialog).ToBeVisibleAsync();
    }

    /// <summary>Types the open card's discussion notes and saves them; returns when they are saved.</summary>
    public async Task SaveCardNotesAsync(string notes)
    {
        await CardNotes.FillAsync(notes);
        await Page.GetByTestId("card-save").ClickAsync();
        await Expect(Page.GetByTestId("card-save")).ToBeDisabledAsync();
    }

    /// <summary>
    /// Adds an action to the open card ("New action", its owner, due tomorrow as offered); returns when the dialog
    /// lists it (on a patient card it is then also a task on the patient).
    /// </summary>
    public async Task AddCardActionAsync(string title, string owner)
    {
        var before = await CardActions.CountAsync();
        await Page.Locator("input[data-testid=card-action-title], [data-testid=card-action-title] input").FillAsync(title);
        await Page.GetByTestId("card-action-owner").ClickAsync();
        await Page.Locator(".mud-popover-open .mud-list-item").Filter(new() { HasText = owner }).First.ClickAsync();
        var add = Page.GetByTestId("card-action-add");
        await Expect(add).ToBeEnabledAsync();
        await add.ClickAsync();
        await Expect(CardActions).ToHaveCountAsync(before + 1);
    }

    /// <summary>Closes the open card's dialog.</summary>
    public async Task CloseCardAsync()
    {
        await Page.GetByTestId("card-dialog-close").ClickAsync();
        await Expect(CardDialog).ToBeHiddenAsync();
    }

    /// <summary>Opens the "Past huddles" panel.</summary>
    public async Task OpenHistoryAsync()
    {
        await History.GetByText(PastHuddles()).ClickAsync();
        await Expect(HistoryEntries.First).ToBeVisibleAsync();
    }

    /// <summary>The board shows everyone viewing it: exactly these people (each avatar is titled with the name).</summary>
    public async Task ShouldShowAttendeesAsync(IReadOnlyCollection<string> names)
    {
        await Expect(Attendance).ToHaveCountAsync(names.Count);
        foreach (var name in names)
            await Expect(Attendance.And(Page.Locator($"[title=\"{name}\"]"))).ToHaveCountAsync(1);
    }

    /// <summary>
    /// Starts noting, by the browser's clock, the moment this screen first shows the lane in exactly this order
    /// (read it with <see cref="WhenNotedAsync"/>): two screens of one browser share that clock, so the difference
    /// is how long a move took to reach the other screen.
    /// </summary>
    public async Task NoteWhenLaneShowsAsync(string mark, HuddleLane lane, IEnumerable<Guid> cardIds) =>
        await Page.EvaluateAsync(
            """
            ([mark, lane, wanted]) => {
                const seen = (window.carehubSeen ??= {});
                const check = () => {
                    const shown = [...document.querySelectorAll(`[data-testid=huddle-board] [data-testid=huddle-lane][data-lane=${lane}] [data-testid=huddle-card]`)]
                        .map(c => c.dataset.cardId).join();
                    if (seen[mark] === undefined && shown === wanted) {
                        seen[mark] = Date.now();
                        observer.disconnect();
                    }
                };
                const observer = new MutationObserver(check);
                observer.observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-card-id'] });
                check();
            }
            """, new object[] { mark, lane.ToString(), string.Join(",", cardIds) });

    /// <summary>When (the browser's clock, ms) the order noted as <paramref name="mark"/> was first shown; null when not yet.</summary>
    public async Task<double?> WhenNotedAsync(string mark) => await Page.EvaluateAsync<double?>("mark => window.carehubSeen?.[mark] ?? null", mark);

    /// <summary>The lane the card is in on this screen.</summary>
    public async Task<HuddleLane> LaneOfAsync(Guid cardId) =>
        Enum.Parse<HuddleLane>(await Card(cardId).Locator("xpath=ancestor::*[@data-testid='huddle-lane']").GetAttributeAsync("data-lane") ?? "");

    /// <summary>Opens a card's menu (its "more" button), as a mouse user does.</summary>
    public async Task OpenCardMenuAsync(Guid cardId)
    {
        await Card(cardId).Locator("[data-testid=huddle-card-menu] button").ClickAsync();
        await Expect(Page.GetByTestId("card-move-up")).ToBeVisibleAsync();
    }

    /// <summary>
    /// The screen shows a board saved after <paramref name="version"/>: the server's answer to a change made here has
    /// arrived (the move was shown at once, before it was saved), so the next gesture does not race its re-render.
    /// </summary>
    public async Task ShouldShowSavedAfterAsync(long version) =>
        await Expect(Board).ToHaveAttributeAsync("data-version", new Regex($"^(?!{version}$)\\d+$"));

    public static int ParseClock(string text)
    {
        var match = Clock().Match(text);
        if (!match.Success)
            throw new FormatException($"The timer shows \"{text}\", not m:ss.");
        return (int.Parse(match.Groups["m"].Value, CultureInfo.InvariantCulture) * 60) + int.Parse(match.Groups["s"].Value, CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// A mouse drag from one element onto another. Playwright's drag scrolls the target into view after pressing the
    /// button on the source, and the browser then drags whatever is under the pointer: so both go on screen first
    /// (the window grows for the drag when they are further apart than it is tall), as a person's auto-scrolling drag would.
    /// </summary>
    private async Task DragWithBothInViewAsync(ILocator source, ILocator target)
    {
        var viewport = Page.ViewportSize ?? new() { Width = 1366, Height = 900 };
        var spans = await Task.WhenAll(source.EvaluateAsync<double[]>(DocumentSpan), target.EvaluateAsync<double[]>(DocumentSpan));
        var top = Math.Min(spans[0][0], spans[1][0]);
        var bottom = Math.Max(spans[0][1], spans[1][1]);
        // Room above and below, for cards that teammates' moves shift meanwhile.
        var needed = (int)Math.Ceiling(bottom - top) + 500;
        if (needed > viewport.Height)
            await Page.SetViewportSizeAsync(viewport.Width, needed);
        await Page.EvaluateAsync("top => window.scrollTo(0, Math.max(0, top - 250))", top);
        try
        {
            await source.DragToAsync(target);
        }
        finally
        {
            if (needed > viewport.Height)
                await Page.SetViewportSizeAsync(viewport.Width, viewport.Height);
        }
    }

    private const string DocumentSpan = "e => { const r = e.getBoundingClientRect(); return [r.top + window.scrollY, r.bottom + window.scrollY]; }";

    private static string CardSelector(Guid cardId) => $"[data-testid=huddle-card][data-card-id=\"{cardId}\"]";

    [GeneratedRegex(@"/huddle/(?<team>[0-9a-fA-F-]{36})/?(\?.*)?$")]
    private static partial Regex OnBoard();

    [GeneratedRegex(@"^\s*(?<m>\d+):(?<s>\d{2})\s*$")]
    private static partial Regex Clock();

    [GeneratedRegex(@"^Past huddles \(\d+\)$")]
    private static partial Regex PastHuddles();
}
