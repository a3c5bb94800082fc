using CareHub.Flux;

namespace CareHub.Web.Features.Referrals;

/// <summary>
/// Reads the worklist, its teams, people and metrics through <see cref="ReferralService"/> (the user's own access).
/// Remote changes come in bursts (a save, its escalation, a colleague's next click): they are gathered for
/// <see cref="Debounce"/> and answered with one reload of the rows shown and the metrics.
/// </summary>
public sealed class ReferralWorklistEffects(ReferralService referrals, IState<ReferralWorklistState> state, ILogger<ReferralWorklistEffects> logger)
    : IDisposable
{
    public static readonly TimeSpan Debounce = TimeSpan.FromMilliseconds(150);

    private readonly Lock _gate = new();
    private CancellationTokenSource? _pending;

    private ReferralService Referrals => referrals;

    [EffectMethod(typeof(LoadReferralTeamsAction))]
    public async Task LoadTeams(IDispatcher dispatcher)
    {
        try
        {
            var teams = await Referrals.MyTeamsAsync(CancellationToken.None);
            dispatcher.Dispatch(new ReferralTeamsLoadedAction(teams));
            var owners = new List<ReferralOwner>();
            foreach (var team in teams)
                owners.AddRange(await Referrals.OwnersAsync(team.TeamId, CancellationToken.None));
            dispatcher.Dispatch(new ReferralOwnersLoadedAction(
                [.. owners.DistinctBy(o => o.StaffId).OrderBy(o => o.Name, StringComparer.CurrentCultureIgnoreCase)]));
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogError(e, "Loading the user's referral teams failed");
            dispatcher.Dispatch(new ReferralTeamsLoadedAction([]));
        }
    }

    [EffectMethod]
    public async Task Handle(LoadReferralWorklistAction action, IDispatcher dispatcher)
    {
        try
        {
            var page = await Referrals.WorklistAsync(action.Filter, null, ReferralWorklistState.PageSize, CancellationToken.None);
            dispatcher.Dispatch(new ReferralWorklistLoadedAction(action.Filter, page));
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogError(e, "Loading the referral worklist failed");
            dispatcher.Dispatch(new ReferralWorklistLoadFailedAction(action.Filter, "The referrals could not be loaded. Try again in a moment."));
        }
    }

    [EffectMethod(typeof(LoadMoreReferralsAction))]
    public async Task LoadMore(IDispatcher dispatcher)
    {
        var shown = state.Value;
        if (shown.NextCursor is not { } cursor)
            return;
        try
        {
            var page = await Referrals.WorklistAsync(shown.Filter, cursor, ReferralWorklistState.PageSize, CancellationToken.None);
            dispatcher.Dispatch(new ReferralWorklistAppendedAction(shown.Filter, cursor, page));
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogError(e, "Loading more referrals failed");
            dispatcher.Dispatch(new ReferralWorklistLoadFailedAction(shown.Filter, "More referrals could not be loaded. Try again in a moment."));
        }
    }

    [EffectMethod(typeof(ReferralsChangedRemotelyAction))]
    public async Task ChangedRemotely(IDispatcher dispatcher)
    {
        CancellationTokenSource mine;
        lock (_gate)
        {
            _pending?.Cancel();
            _pending?.Dispose();
            _pending = mine = new CancellationTokenSource();
        }
        try
        {
            await Task.Delay(Debounce, mine.Token);
        }
        catch (OperationCanceledException)
        {
            return; // a later event reloads
        }
        if (state.Value.Status == ReferralWorklistStatus.Idle)
            return;
        dispatcher.Dispatch(new ReloadReferralWorklistAction());
        dispatcher.Dispatch(new LoadReferralMetricsAction(state.Value.Filter.TeamId));
    }

    /// <summary>Reads again, from the first page, at least as many rows as are shown, so a reload never shortens the list.</summary>
    [EffectMethod(typeof(ReloadReferralWorklistAction))]
    public async Task Reload(IDispatcher dispatcher)
    {
        var shown = state.Value;
        var wanted = Math.Max(shown.Rows.Count, ReferralWorklistState.PageSize);
        try
        {
            var rows = new List<ReferralRow>(wanted);
            string? cursor = null;
            do
            {
                var size = Math.Min(ReferralService.MaxPageSize, Math.Max(ReferralWorklistState.PageSize, wanted - rows.Count));
                var page = await Referrals.WorklistAsync(shown.Filter, cursor, size, CancellationToken.None);
                rows.AddRange(page.Rows);
                cursor = page.NextCursor;
            }
            while (cursor is not null && rows.Count < wanted);
            dispatcher.Dispatch(new ReferralWorklistLoadedAction(shown.Filter, new ReferralPage(rows, cursor)));
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogError(e, "Reloading the referral worklist failed");
            dispatcher.Dispatch(new ReferralWorklistLoadFailedAction(shown.Filter,
                "The referrals could not be refreshed; what you see may be out of date. Reload the page."));
        }
    }

    [EffectMethod]
    public async Task Handle(LoadReferralMetricsAction action, IDispatcher dispatcher)
    {
        try
        {
            dispatcher.Dispatch(new ReferralMetricsLoadedAction(action.TeamId, await Referrals.MetricsAsync(action.TeamId, CancellationToken.None)));
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogError(e, "Loading the referral metrics failed");
            dispatcher.Dispatch(new ReferralMetricsLoadFailedAction(action.TeamId, "The figures could not be loaded. Try again in a moment."));
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _pending?.Cancel();
            _pending?.Dispose();
            _pending = null;
        }
    }
}
