using CareHub.Flux;

namespace CareHub.Web.Features.Patients;

public sealed class PatientListEffects(PatientsService patients, IState<PatientListState> state, ILogger<PatientListEffects> logger)
{
    [EffectMethod]
    public async Task Handle(LoadPatientsAction action, IDispatcher dispatcher)
    {
        var requestId = state.Value.RequestId;
        try
        {
            var page = await patients.SearchAsync(action.Query, CancellationToken.None);
            dispatcher.Dispatch(new LoadPatientsSucceededAction(requestId, page));
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // No patient data in logs: the exception type and message of the data layer only.
            logger.LogError(e, "Loading the patient list failed");
            dispatcher.Dispatch(new LoadPatientsFailedAction(requestId, "The patient list could not be loaded. Try again in a moment."));
        }
    }
}
