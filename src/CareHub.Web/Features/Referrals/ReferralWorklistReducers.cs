using CareHub.Flux;

namespace CareHub.Web.Features.Referrals;

public static class ReferralWorklistReducers
{
    [ReducerMethod]
    public static ReferralWorklistState OnTeamsLoaded(ReferralWorklistState state, ReferralTeamsLoadedAction action) =>
        state with { Teams = action.Teams };

    [ReducerMethod]
    public static ReferralWorklistState OnOwnersLoaded(ReferralWorklistState state, ReferralOwnersLoadedAction action) =>
        state with { Owners = action.Owners };

    [ReducerMethod]
    public static ReferralWorklistState OnLoad(ReferralWorklistState state, LoadReferralWorklistAction action) =>
        // Rows of another filter would read as answers to this one: they go at once.
        state with
        {
            Filter = action.Filter, Status = ReferralWorklistStatus.Loading, Rows = [], NextCursor = null,
            LoadingMore = false, Refreshing = false, Error = null,
        };

    [ReducerMethod]
    public static ReferralWorklistState OnLoaded(ReferralWorklistState state, ReferralWorklistLoadedAction action) =>
        // An answer for a filter no longer shown (the person changed it meanwhile) is dropped.
        action.Filter != state.Filter
            ? state
            : state with
            {
                Rows = action.Page.Rows, NextCursor = action.Page.NextCursor, Status = ReferralWorklistStatus.Loaded,
                Refreshing = false, LoadingMore = false, Error = null,
            };

    [ReducerMethod]
    public static ReferralWorklistState OnLoadFailed(ReferralWorklistState state, ReferralWorklistLoadFailedAction action) =>
        action.Filter != state.Filter
            ? state
            : state with
            {
                // Rows already on screen stay; the message says they may be out of date.
                Status = state.Status == ReferralWorklistStatus.Loading ? ReferralWorklistStatus.Failed : state.Status,
                Refreshing = false, LoadingMore = false, Error = action.Message,
            };

    [ReducerMethod(typeof(LoadMoreReferralsAction))]
    public static ReferralWorklistState OnLoadMore(ReferralWorklistState state) =>
        state.NextCursor is null ? state : state with { LoadingMore = true };

    [ReducerMethod]
    public static ReferralWorklistState OnAppended(ReferralWorklistState state, ReferralWorklistAppendedAction action)
    {
        // Only the page that follows what is shown: after a reload or a new filter, an older "more" answer is stale.
        if (action.Filter != state.Filter || !string.Equals(action.After, state.NextCursor, StringComparison.Ordinal))
            return state;
        var shown = state.Rows.Select(r => r.Id).ToHashSet();
        return state with
        {
            Rows = [.. state.Rows, .. action.Page.Rows.Where(r => !shown.Contains(r.Id))],
            NextCursor = action.Page.NextCursor, LoadingMore = false,
        };
    }

    [ReducerMethod]
    public static ReferralWorklistState OnChangedRemotely(ReferralWorklistState state, ReferralsChangedRemotelyAction action) =>
        state.Status == ReferralWorklistStatus.Idle ? state : state with { Refreshing = true };

    [ReducerMethod]
    public static ReferralWorklistState OnMetricsLoaded(ReferralWorklistState state, ReferralMetricsLoadedAction action) =>
        action.TeamId != state.Filter.TeamId ? state : state with { Metrics = action.Metrics, MetricsError = null };

    [ReducerMethod]
    public static ReferralWorklistState OnMetricsFailed(ReferralWorklistState state, ReferralMetricsLoadFailedAction action) =>
        action.TeamId != state.Filter.TeamId ? state : state with { MetricsError = action.Message };
}
