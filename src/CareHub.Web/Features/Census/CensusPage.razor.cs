using System.Globalization;
using CareHub.Flux;
using CareHub.Web.Realtime;
using CareHub.Web.Security;
using Microsoft.AspNetCore.Components;

namespace CareHub.Web.Features.Census;

/// <summary>
/// The live census of the user's teams, for a manager's wall screen or a coordinator's laptop: figures on top (each a
/// filter), in-house counts by facility and unit, then every row, filtered and ordered in memory and virtualised.
/// Follows <c>census:{teamId}</c> of each of the user's teams: an event names one patient, whose row alone is read again;
/// when the connection comes back the whole board is (bus delivery is at most once).
/// </summary>
public sealed partial class CensusPage
{
    private readonly CensusSubscription _teams = new();
    private CensusClock? _clock;
    private volatile bool _disposed;

    // The view and figures are computed again only when what they depend on changed (not on every render).
    private (IReadOnlyList<CensusRow> Rows, CensusFilter Filter, CensusSort Sort, DateOnly Day)? _viewOf;
    private CensusRow[] _view = [];
    private (IReadOnlyList<CensusRow> Rows, DateOnly Day)? _summaryOf;
    private CensusSummary _summary = CensusSummary.Empty;

    [Inject]
    private IState<CensusState> State { get; set; } = default!;

    [Inject]
    private IDispatcher Dispatcher { get; set; } = default!;

    [Inject]
    private IRealtimeBus Bus { get; set; } = default!;

    [Inject]
    private CircuitContext Circuit { get; set; } = default!;

    [Inject]
    private CurrentUser User { get; set; } = default!;

    [Inject]
    private IServiceProvider Services { get; set; } = default!;

    private CensusRow[] View
    {
        get
        {
            var key = (State.Value.Rows, State.Value.Filter, State.Value.Sort, _clock!.Today);
            if (_viewOf is not { } of || !ReferenceEquals(of.Rows, key.Rows) || of.Filter != key.Filter || of.Sort != key.Sort || of.Day != key.Today)
            {
                _view = CensusView.Show(key.Rows, key.Filter, key.Sort, key.Today, _clock.Zone, User.StaffId);
                _viewOf = key;
            }
            return _view;
        }
    }

    private CensusSummary Summary
    {
        get
        {
            var today = _clock!.Today;
            if (_summaryOf is not { } of || !ReferenceEquals(of.Rows, State.Value.Rows) || of.Day != today)
            {
                _summary = CensusSummary.From(State.Value.Rows, today, _clock.Zone);
                _summaryOf = (State.Value.Rows, today);
            }
            return _summary;
        }
    }

    private string CountText => View.Length == State.Value.Rows.Count
        ? string.Create(CultureInfo.InvariantCulture, $"{View.Length} patients")
        : string.Create(CultureInfo.InvariantCulture, $"{View.Length} of {State.Value.Rows.Count} patients");

    /// <summary>The teams to offer: named ones when the reader names them (a choice only among more than one).</summary>
    private IReadOnlyList<CensusTeam> Teams => State.Value.Teams;

    protected override void OnInitialized()
    {
        _clock = Services.GetRequiredService<CensusClock>();
        SubscribeToAction<CensusTeamsLoadedAction>(a => Follow(a.Teams.Select(t => t.TeamId)));
        SubscribeToAction<CensusLoadedAction>(a =>
        {
            // Teams the reader did not name (or a team added since) are followed from the rows; the board is read
            // once more, as an event published before the subscription would be missed.
            if (Follow(_teams.TeamIds.Concat(a.Board.Rows.SelectMany(r => r.TeamIds))))
                Dispatcher.Dispatch(new CensusReloadAction());
        });
        Circuit.Reconnected += OnReconnected;
        Dispatcher.Dispatch(new LoadCensusAction(null));
    }

    private bool Follow(IEnumerable<Guid> teamIds) => !_disposed && _teams.Follow(Bus, Dispatcher, teamIds);

    private void ChangeFilter(CensusFilter filter) => Dispatcher.Dispatch(new CensusFilterChangedAction(filter));

    private void ChangeSort(CensusSort sort) => Dispatcher.Dispatch(new CensusSortChangedAction(sort));

    // Raised on the circuit handler's thread; dispatching is thread-safe and the store re-renders through InvokeAsync.
    private void OnReconnected(object? sender, EventArgs e)
    {
        if (!_disposed)
            Dispatcher.Dispatch(new CensusReloadAction());
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _disposed = true;
            Circuit.Reconnected -= OnReconnected;
            _teams.Dispose();
        }
        base.Dispose(disposing);
    }
}
