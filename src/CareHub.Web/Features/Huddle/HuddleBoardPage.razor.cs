using CareHub.Flux;
using CareHub.Web.Realtime;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace CareHub.Web.Features.Huddle;

/// <summary>
/// Today's huddle board of a team. Follows the board's bus topic (each event becomes
/// <see cref="HuddleBoardChangedRemotelyAction"/>; the effect reloads through this user's access) and the board's
/// presence (who is here, who is dragging which card).
/// </summary>
public sealed partial class HuddleBoardPage
{
    private const string CardField = "card:";

    private readonly HuddleBoardSubscription _board = new();
    private readonly Lock _presenceGate = new();
    private IDisposable? _presenceSubscription;
    private string? _presenceResource;
    private Dictionary<Guid, string> _movers = [];
    private Guid? _openedFor;

    // Made once, not per render: the board's children get the same callbacks every time.
    private readonly EventCallback<CardMove> _move;
    private readonly EventCallback<HuddleCardCommand> _cardCommand;
    private readonly EventCallback<Guid?> _dragging;

    public HuddleBoardPage()
    {
        _move = EventCallback.Factory.Create<CardMove>(this, Move);
        _cardCommand = EventCallback.Factory.Create<HuddleCardCommand>(this, OnCardCommand);
        _dragging = EventCallback.Factory.Create<Guid?>(this, Dragging);
    }

    [Parameter]
    public Guid TeamId { get; set; }

    [Inject]
    private IState<HuddleBoardState> State { get; set; } = default!;

    [Inject]
    private IDispatcher Dispatcher { get; set; } = default!;

    [Inject]
    private IRealtimeBus Bus { get; set; } = default!;

    [Inject]
    private IPresenceService Presence { get; set; } = default!;

    [Inject]
    private CircuitPresence CircuitPresence { get; set; } = default!;

    [Inject]
    private IDialogService Dialogs { get; set; } = default!;

    [Inject]
    private ISnackbar Snackbar { get; set; } = default!;

    private HuddleBoardView? Board => State.Value.TeamId == TeamId ? State.Value.Board : null;

    protected override void OnInitialized()
    {
        SubscribeToAction<HuddleBoardLoadedAction>(_ => Follow());
        SubscribeToAction<HuddleChangeSucceededAction>(a =>
        {
            if (a.Change is CloseHuddleAction)
                _ = InvokeAsync(() => Snackbar.Add("Huddle closed; the summary is saved.", Severity.Success));
        });
    }

    protected override void OnParametersSet()
    {
        if (_openedFor == TeamId)
            return;
        _openedFor = TeamId;
        Dispatcher.Dispatch(new OpenHuddleBoardAction(TeamId));
        Dispatcher.Dispatch(new LoadHuddleMembersAction(TeamId));
        Dispatcher.Dispatch(new LoadHuddleHistoryAction(TeamId));
        Follow();
    }

    /// <summary>Subscribes to the shown board's topics (again when it became another board).</summary>
    private void Follow()
    {
        if (Board is not { } board)
            return;
        _board.Follow(Bus, Dispatcher, board.BoardId);
        var resource = Topics.Huddle(board.BoardId);
        lock (_presenceGate)
        {
            if (_presenceResource == resource)
                return;
            _presenceSubscription?.Dispose();
            _presenceResource = resource;
            _presenceSubscription = Bus.Subscribe(Topics.Presence(resource), _ => InvokeAsync(RefreshMovers));
        }
    }

    private void RefreshMovers()
    {
        if (_presenceResource is not { } resource)
            return;
        var movers = new Dictionary<Guid, string>();
        foreach (var entry in Presence.Get(resource))
        {
            if (entry.ConnectionId != CircuitPresence.ConnectionId && entry.Field is { } field
                && field.StartsWith(CardField, StringComparison.Ordinal) && Guid.TryParse(field.AsSpan(CardField.Length), out var cardId))
                movers[cardId] = entry.DisplayName;
        }
        if (movers.Count == 0 && _movers.Count == 0)
            return;
        _movers = movers;
        StateHasChanged();
    }

    private void Dragging(Guid? cardId)
    {
        if (_presenceResource is { } resource)
            CircuitPresence.Focus(resource, cardId is { } id ? CardField + id : null, typing: false);
    }

    private void Move(CardMove move)
    {
        if (Board is { } board)
            Dispatcher.Dispatch(new MoveHuddleCardAction(board.BoardId, move));
    }

    private async Task OnCardCommand(HuddleCardCommand command)
    {
        if (Board is not { } board || board.Cards.FirstOrDefault(c => c.Id == command.CardId) is not { } card)
            return;
        switch (command.Kind)
        {
            case HuddleCardCommandKind.MoveUp:
            case HuddleCardCommandKind.MoveDown:
                var index = board.Lane(card.Lane).TakeWhile(c => c.Id != card.Id).Count();
                var to = command.Kind == HuddleCardCommandKind.MoveUp ? index - 1 : index + 1;
                if (to >= 0)
                    Move(HuddleBoardReducers.MoveTo(board, card.Id, card.Lane, to));
                break;
            case HuddleCardCommandKind.MoveToLane when command.Lane is { } lane:
                Move(HuddleBoardReducers.MoveTo(board, card.Id, lane, -1));
                break;
            case HuddleCardCommandKind.Discuss:
                Dispatcher.Dispatch(new FocusHuddleCardAction(board.BoardId, card.Id));
                break;
            case HuddleCardCommandKind.Open:
                await HuddleCardDialog.ShowAsync(Dialogs, board.BoardId, card);
                break;
        }
    }

    private void Start()
    {
        if (Board is { } board)
            Dispatcher.Dispatch(new StartHuddleTimerAction(board.BoardId));
    }

    private void Pause()
    {
        if (Board is { } board)
            Dispatcher.Dispatch(new PauseHuddleTimerAction(board.BoardId));
    }

    private void Next()
    {
        if (Board is { } board)
            Dispatcher.Dispatch(new NextHuddleCardAction(board.BoardId));
    }

    private async Task AddTopic()
    {
        if (Board is not { } board)
            return;
        var topic = await HuddleTopicDialog.AskAsync(Dialogs);
        if (topic is not null)
            Dispatcher.Dispatch(new AddHuddleTopicAction(board.BoardId, topic.Title, topic.Section));
    }

    private async Task CloseHuddle()
    {
        if (Board is not { } board)
            return;
        var decisions = await HuddleCloseDialog.AskAsync(Dialogs, board);
        if (decisions is not null)
            Dispatcher.Dispatch(new CloseHuddleAction(board.BoardId, decisions));
    }

    private void ClearError() => Dispatcher.Dispatch(new DismissHuddleErrorAction());

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _board.Dispose();
            lock (_presenceGate)
            {
                _presenceSubscription?.Dispose();
                _presenceSubscription = null;
                _presenceResource = null;
            }
        }
        base.Dispose(disposing);
    }
}
