using CareHub.Flux;

namespace CareHub.Web.Features.Patients;

public static class PatientListReducers
{
    [ReducerMethod]
    public static PatientListState OnLoad(PatientListState state, LoadPatientsAction action) =>
        state with { Query = action.Query.Normalize(), IsLoading = true, Error = null, RequestId = state.RequestId + 1 };

    [ReducerMethod]
    public static PatientListState OnLoaded(PatientListState state, LoadPatientsSucceededAction action) =>
        action.RequestId != state.RequestId
            ? state
            : state with { Rows = [.. action.Page.Rows], Total = action.Page.Total, TotalIsAtLeast = action.Page.TotalIsAtLeast, Query = action.Page.Query, IsLoading = false };

    [ReducerMethod]
    public static PatientListState OnFailed(PatientListState state, LoadPatientsFailedAction action) =>
        action.RequestId != state.RequestId ? state : state with { IsLoading = false, Error = action.Message };
}
