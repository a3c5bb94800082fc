using CareHub.Flux;

namespace CareHub.Web.Features.Patients;

public static class PatientDetailReducers
{
    [ReducerMethod]
    public static PatientDetailState OnLoad(PatientDetailState state, LoadPatientAction action) =>
        action.PatientId == state.PatientId && state.Patient is not null
            ? state with { Error = null }
            : new PatientDetailState { PatientId = action.PatientId, Status = PatientDetailStatus.Loading };

    [ReducerMethod]
    public static PatientDetailState OnLoaded(PatientDetailState state, LoadPatientSucceededAction action) =>
        // Loads run concurrently (a reload per remote change, one after a save): an older answer arriving
        // after a newer one must not put the old version back on screen.
        action.PatientId != state.PatientId || action.Patient?.Version < state.Patient?.Version
            ? state
            : state with
            {
                Patient = action.Patient,
                Status = action.Patient is null ? PatientDetailStatus.NotFound : PatientDetailStatus.Loaded,
            };

    [ReducerMethod]
    public static PatientDetailState OnFailed(PatientDetailState state, LoadPatientFailedAction action) =>
        action.PatientId != state.PatientId ? state : state with { Status = PatientDetailStatus.Failed, Error = action.Message };

    [ReducerMethod]
    public static PatientDetailState OnChangedRemotely(PatientDetailState state, PatientChangedRemotelyAction action) =>
        // While this screen is saving, the event is most likely its own change coming back.
        action.PatientId == state.PatientId && state.Patient is { } shown && action.Version > shown.Version && !state.IsSaving
            ? state with { ChangedElsewhere = true }
            : state;

    [ReducerMethod]
    public static PatientDetailState OnSave(PatientDetailState state, UpdatePatientLanguageAction action) =>
        action.PatientId != state.PatientId ? state : state with { IsSaving = true, Error = null, ChangedElsewhere = false };

    [ReducerMethod]
    public static PatientDetailState OnSaved(PatientDetailState state, UpdatePatientLanguageSucceededAction action) =>
        action.PatientId != state.PatientId ? state : state with { IsSaving = false };

    [ReducerMethod]
    public static PatientDetailState OnSaveFailed(PatientDetailState state, UpdatePatientLanguageFailedAction action) =>
        action.PatientId != state.PatientId ? state : state with { IsSaving = false, Error = action.Message };
}
