using Microsoft.AspNetCore.Components;

namespace CareHub.Web.Features.Huddle;

/// <summary>
/// Shows the remaining time (m:ss) of the current card and, when <see cref="ShowControls"/>, start / pause / next.
/// While the timer runs, a ticker re-renders this component alone, and only when the shown text changes.
/// </summary>
public sealed partial class HuddleTimer : ComponentBase, IDisposable
{
    private static readonly TimeSpan TickEvery = TimeSpan.FromMilliseconds(250);

    private readonly CancellationTokenSource _stop = new();
    private PeriodicTimer? _ticker;
    private string _shown = "";

    [Parameter, EditorRequired]
    public HuddleBoardView Board { get; set; } = default!;

    [Parameter]
    public bool ShowControls { get; set; } = true;

    [Parameter]
    public bool Disabled { get; set; }

    /// <summary>Show the current card by its wall title (initials and bed when the team keeps the wall private).</summary>
    [Parameter]
    public bool UseWallTitles { get; set; }

    [Parameter]
    public string? Class { get; set; }

    /// <summary>The test id of the m:ss text (the wall calls it "wall-timer").</summary>
    [Parameter]
    public string TimeTestId { get; set; } = "huddle-timer";

    [Parameter]
    public EventCallback OnStart { get; set; }

    [Parameter]
    public EventCallback OnPause { get; set; }

    [Parameter]
    public EventCallback OnNext { get; set; }

    [Inject]
    private TimeProvider Clock { get; set; } = default!;

    private string Classes => $"huddle-timer{(Board.TimerRunning ? " huddle-timer-running" : "")}{(Remaining == 0 && Board.CurrentCardId is not null ? " huddle-timer-up" : "")} {Class}".TrimEnd();

    private long Remaining => Board.RemainingMsAt(Clock.GetUtcNow());

    private string CurrentTitle => Board.Cards.FirstOrDefault(c => c.Id == Board.CurrentCardId) is { } card
        ? UseWallTitles ? card.WallTitle : card.Title
        : Board.Cards.Count == 0 ? "No cards yet" : "Not started";

    private string AriaLabel => $"{(Board.TimerRunning ? "Running" : "Paused")}: {_shown} left{(Board.CurrentCardId is null ? "" : $" on {CurrentTitle}")}";

    protected override void OnParametersSet() => _shown = HuddleText.Clock(Remaining);

    protected override void OnAfterRender(bool firstRender)
    {
        if (firstRender)
        {
            _ticker = new PeriodicTimer(TickEvery, Clock);
            _ = TickAsync(_ticker);
        }
    }

    private async Task TickAsync(PeriodicTimer ticker)
    {
        try
        {
            while (await ticker.WaitForNextTickAsync(_stop.Token))
            {
                if (!Board.TimerRunning)
                    continue;
                var text = HuddleText.Clock(Remaining);
                if (text == _shown)
                    continue;
                await InvokeAsync(() =>
                {
                    _shown = HuddleText.Clock(Remaining);
                    StateHasChanged();
                });
            }
        }
        catch (OperationCanceledException)
        {
            // Disposed.
        }
        catch (ObjectDisposedException)
        {
            // The circuit went away between a tick and its render.
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _ticker?.Dispose();
        _stop.Dispose();
    }
}
