using CareHub.Flux;

namespace CareHub.Web.Features.Census;

public static class CensusReducers
{
    [ReducerMethod]
    public static CensusState OnLoad(CensusState state, LoadCensusAction action) =>
        // The same board read again keeps its rows on screen; another team's rows would answer the wrong question.
        state.Status == CensusStatus.Loaded && state.TeamId == action.TeamId
            ? state with { Refreshing = true, Error = null }
            : state with
            {
                TeamId = action.TeamId, Status = CensusStatus.Loading, Rows = [], Facilities = [], AsOf = null,
                Refreshing = false, Error = null,
            };

    [ReducerMethod]
    public static CensusState OnTeamsLoaded(CensusState state, CensusTeamsLoadedAction action) =>
        state with { Teams = action.Teams };

    [ReducerMethod]
    public static CensusState OnLoaded(CensusState state, CensusLoadedAction action) =>
        action.TeamId != state.TeamId
            ? state
            : state with
            {
                Status = CensusStatus.Loaded, Rows = [.. action.Board.Rows.DistinctBy(r => r.PatientId)],
                Facilities = action.Board.Facilities, AsOf = action.Board.AsOf, Refreshing = false, Error = null,
            };

    [ReducerMethod]
    public static CensusState OnLoadFailed(CensusState state, CensusLoadFailedAction action) =>
        action.TeamId != state.TeamId
            ? state
            : state with
            {
                // Rows already on screen stay; the message says they may be out of date.
                Status = state.Status == CensusStatus.Loaded ? CensusStatus.Loaded : CensusStatus.Failed,
                Refreshing = false, Error = action.Message,
            };

    [ReducerMethod]
    public static CensusState OnFilterChanged(CensusState state, CensusFilterChangedAction action) =>
        state with { Filter = action.Filter };

    [ReducerMethod]
    public static CensusState OnSortChanged(CensusState state, CensusSortChangedAction action) =>
        state with { Sort = action.Sort };

    [ReducerMethod(typeof(CensusReloadAction))]
    public static CensusState OnReload(CensusState state) =>
        state.Status == CensusStatus.Idle ? state : state with { Refreshing = true };

    [ReducerMethod]
    public static CensusState OnRowLoaded(CensusState state, CensusRowLoadedAction action)
    {
        if (state.Status != CensusStatus.Loaded)
            return state;
        var index = IndexOf(state.Rows, action.PatientId);
        if (action.Row is not { } row)
            return index < 0 ? state : state with { Rows = [.. state.Rows.Where((_, i) => i != index)] };
        if (row.PatientId != action.PatientId)
            return state;
        if (index < 0)
            return state with { Rows = [.. state.Rows, row] };
        var shown = state.Rows[index];
        // A read that finishes after a newer one of the same stay would put old figures back.
        if (shown.EncounterId == row.EncounterId && shown.Version > row.Version)
            return state;
        var rows = state.Rows.ToArray();
        rows[index] = row;
        return state with { Rows = rows };
    }

    private static int IndexOf(IReadOnlyList<CensusRow> rows, Guid patientId)
    {
        for (var i = 0; i < rows.Count; i++)
        {
            if (rows[i].PatientId == patientId)
                return i;
        }
        return -1;
    }
}
