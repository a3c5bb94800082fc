using CareHub.Flux;

namespace CareHub.Web.Features.Huddle;

/// <summary>
/// Calls <see cref="HuddleService"/> for every request and reloads the board afterwards, through the user's own
/// access. A change made on this screen comes back twice (its answer and its bus event): only the first reloads.
/// </summary>
public sealed class HuddleBoardEffects(HuddleService huddles, IState<HuddleBoardState> state, ILogger<HuddleBoardEffects> logger)
{
    private const string NotFound = "This board does not exist, or it is not one of your care teams' boards.";

    [EffectMethod(typeof(LoadHuddleTeamsAction))]
    public async Task LoadTeams(IDispatcher dispatcher)
    {
        try
        {
            dispatcher.Dispatch(new HuddleTeamsLoadedAction(await huddles.MyTeamsAsync(CancellationToken.None)));
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogError(e, "Loading the user's huddle teams failed");
            dispatcher.Dispatch(new LoadHuddleTeamsFailedAction("Your care teams could not be loaded. Try again in a moment."));
        }
    }

    [EffectMethod]
    public async Task Handle(OpenHuddleBoardAction action, IDispatcher dispatcher)
    {
        try
        {
            dispatcher.Dispatch(new HuddleBoardLoadedAction(action.TeamId, await huddles.OpenTodayAsync(action.TeamId, CancellationToken.None)));
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogError(e, "Opening a huddle board failed");
            dispatcher.Dispatch(new HuddleBoardLoadFailedAction(action.TeamId, "The huddle board could not be opened. Try again in a moment."));
        }
    }

    [EffectMethod]
    public Task Handle(HuddleBoardChangedRemotelyAction action, IDispatcher dispatcher) =>
        state.Value.Board is { } shown && shown.BoardId == action.BoardId && shown.Version >= action.Version
            ? Task.CompletedTask
            : ReloadAsync(action.BoardId, dispatcher);

    [EffectMethod]
    public Task Handle(ReloadHuddleBoardAction action, IDispatcher dispatcher) => ReloadAsync(action.BoardId, dispatcher);

    [EffectMethod]
    public async Task Handle(LoadHuddleMembersAction action, IDispatcher dispatcher)
    {
        try
        {
            dispatcher.Dispatch(new HuddleMembersLoadedAction(action.TeamId, await huddles.MembersAsync(action.TeamId, CancellationToken.None)));
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogError(e, "Loading a huddle team's members failed");
        }
    }

    [EffectMethod]
    public async Task Handle(LoadHuddleHistoryAction action, IDispatcher dispatcher)
    {
        try
        {
            dispatcher.Dispatch(new HuddleHistoryLoadedAction(action.TeamId, await huddles.HistoryAsync(action.TeamId, CancellationToken.None)));
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogError(e, "Loading a huddle team's history failed");
        }
    }

    [EffectMethod]
    public Task Handle(MoveHuddleCardAction action, IDispatcher dispatcher) =>
        ChangeAsync(action.BoardId, action, ct => huddles.MoveCardAsync(action.BoardId, action.Move, ct), dispatcher);

    [EffectMethod]
    public Task Handle(AddHuddleTopicAction action, IDispatcher dispatcher) =>
        ChangeAsync(action.BoardId, action, ct => huddles.AddTopicAsync(action.BoardId, action.Title, action.Section, ct), dispatcher);

    [EffectMethod]
    public Task Handle(UpdateHuddleCardAction action, IDispatcher dispatcher) =>
        ChangeAsync(action.BoardId, action, ct => huddles.UpdateCardAsync(action.BoardId, action.CardId, action.ExpectedCardVersion,
            action.Notes, action.OwnerId, action.Due, ct), dispatcher);

    [EffectMethod]
    public Task Handle(AddHuddleActionItemAction action, IDispatcher dispatcher) =>
        ChangeAsync(action.BoardId, action, ct => huddles.AddActionAsync(action.BoardId, action.CardId, action.Title, action.OwnerId, action.Due, ct), dispatcher);

    [EffectMethod]
    public Task Handle(StartHuddleTimerAction action, IDispatcher dispatcher) =>
        ChangeAsync(action.BoardId, action, ct => huddles.StartTimerAsync(action.BoardId, ct), dispatcher);

    [EffectMethod]
    public Task Handle(PauseHuddleTimerAction action, IDispatcher dispatcher) =>
        ChangeAsync(action.BoardId, action, ct => huddles.PauseTimerAsync(action.BoardId, ct), dispatcher);

    [EffectMethod]
    public Task Handle(NextHuddleCardAction action, IDispatcher dispatcher) =>
        ChangeAsync(action.BoardId, action, ct => huddles.NextCardAsync(action.BoardId, ct), dispatcher);

    [EffectMethod]
    public Task Handle(FocusHuddleCardAction action, IDispatcher dispatcher) =>
        ChangeAsync(action.BoardId, action, ct => huddles.FocusCardAsync(action.BoardId, action.CardId, ct), dispatcher);

    [EffectMethod]
    public async Task Handle(CloseHuddleAction action, IDispatcher dispatcher)
    {
        await ChangeAsync(action.BoardId, action, ct => huddles.CloseAsync(action.BoardId, action.Decisions, ct), dispatcher);
        if (state.Value.Board is { } board && board.BoardId == action.BoardId)
            dispatcher.Dispatch(new LoadHuddleHistoryAction(board.TeamId));
    }

    private async Task ChangeAsync(Guid boardId, object change, Func<CancellationToken, Task<HuddleResult>> save, IDispatcher dispatcher)
    {
        HuddleResult result;
        try
        {
            result = await save(CancellationToken.None);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogError(e, "Saving a change to huddle board {BoardId} failed", boardId);
            result = new HuddleResult.Invalid("The change could not be saved. Try again in a moment.");
        }

        switch (result)
        {
            case HuddleResult.Saved saved:
                dispatcher.Dispatch(new HuddleChangeSucceededAction(boardId, change, saved.BoardVersion));
                // The bus event of this change may have reloaded the board already.
                if (state.Value.Board is { } shown && shown.BoardId == boardId && shown.Version >= saved.BoardVersion)
                    return;
                break;
            case HuddleResult.Invalid invalid:
                dispatcher.Dispatch(new HuddleChangeFailedAction(boardId, change, invalid.Message));
                break;
            default:
                dispatcher.Dispatch(new HuddleChangeFailedAction(boardId, change, NotFound));
                break;
        }
        // After a refusal too: the board this screen showed (a card moved here at once) may not be the board as it is.
        await ReloadAsync(boardId, dispatcher);
    }

    private async Task ReloadAsync(Guid boardId, IDispatcher dispatcher)
    {
        var teamId = state.Value.TeamId;
        if (teamId is null)
            return;
        try
        {
            var board = await huddles.GetBoardAsync(boardId, CancellationToken.None);
            dispatcher.Dispatch(new HuddleBoardLoadedAction(board?.TeamId ?? teamId.Value, board));
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogError(e, "Reloading huddle board {BoardId} failed", boardId);
            dispatcher.Dispatch(new HuddleBoardLoadFailedAction(teamId.Value, "The board could not be refreshed; what you see may be out of date. Reload the page."));
        }
    }
}
