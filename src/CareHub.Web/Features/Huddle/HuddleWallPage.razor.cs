using CareHub.Flux;
using CareHub.Web.Realtime;
using Microsoft.AspNetCore.Components;

namespace CareHub.Web.Features.Huddle;

/// <summary>
/// The wall display. It keeps nothing that grows: the store holds one board, no history is loaded, the TV does not
/// join presence (it is not an attendee). A minute ticker opens the next day's board after midnight, retries a
/// failed load, and restarts the page after an error (<see cref="HuddleWallRestart"/>); the reconnect script reloads it after a server restart.
/// </summary>
public sealed partial class HuddleWallPage
{
    private static readonly TimeSpan CheckEvery = TimeSpan.FromSeconds(30);

    private readonly HuddleBoardSubscription _board = new();
    private readonly CancellationTokenSource _stop = new();
    private PeriodicTimer? _ticker;
    private Guid? _openedFor;
    private DateOnly _openedOn;

    [Parameter]
    public Guid TeamId { get; set; }

    [Inject]
    private IState<HuddleBoardState> State { get; set; } = default!;

    [Inject]
    private IDispatcher Dispatcher { get; set; } = default!;

    [Inject]
    private IRealtimeBus Bus { get; set; } = default!;

    [Inject]
    private TimeProvider Clock { get; set; } = default!;

    private HuddleBoardView? Board => State.Value.TeamId == TeamId ? State.Value.Board : null;

    protected override void OnInitialized() => SubscribeToAction<HuddleBoardLoadedAction>(_ => Follow());

    protected override void OnParametersSet()
    {
        if (_openedFor == TeamId)
            return;
        _openedFor = TeamId;
        Open();
    }

    protected override void OnAfterRender(bool firstRender)
    {
        if (!firstRender)
            return;
        _ticker = new PeriodicTimer(CheckEvery, Clock);
        _ = CheckAsync(_ticker);
    }

    private void Open()
    {
        _openedOn = Today();
        Dispatcher.Dispatch(new OpenHuddleBoardAction(TeamId));
        Follow();
    }

    private void Follow()
    {
        if (Board is { } board)
            _board.Follow(Bus, Dispatcher, board.BoardId);
    }

    private async Task CheckAsync(PeriodicTimer ticker)
    {
        try
        {
            while (await ticker.WaitForNextTickAsync(_stop.Token))
            {
                await InvokeAsync(() =>
                {
                    // A new day: today's board (created and proposed on first open). A failed load: again.
                    if (Today() != _openedOn || State.Value.Status == HuddleBoardLoadStatus.Failed)
                        Open();
                });
            }
        }
        catch (OperationCanceledException)
        {
            // Disposed.
        }
        catch (ObjectDisposedException)
        {
            // The circuit went away.
        }
    }

    private DateOnly Today() => DateOnly.FromDateTime(Clock.GetLocalNow().DateTime);

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _stop.Cancel();
            _ticker?.Dispose();
            _stop.Dispose();
            _board.Dispose();
        }
        base.Dispose(disposing);
    }
}
