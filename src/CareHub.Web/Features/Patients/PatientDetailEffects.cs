using CareHub.Flux;

namespace CareHub.Web.Features.Patients;

public sealed class PatientDetailEffects(PatientsService patients, ILogger<PatientDetailEffects> logger)
{
    [EffectMethod]
    public Task Handle(LoadPatientAction action, IDispatcher dispatcher) => LoadAsync(action.PatientId, dispatcher);

    /// <summary>A remote change is reloaded through this user's own access, like any other read.</summary>
    [EffectMethod]
    public Task Handle(PatientChangedRemotelyAction action, IDispatcher dispatcher) => LoadAsync(action.PatientId, dispatcher);

    [EffectMethod]
    public async Task Handle(UpdatePatientLanguageAction action, IDispatcher dispatcher)
    {
        var result = await patients.UpdateLanguageAsync(action.PatientId, action.ExpectedVersion, action.Language, action.InterpreterNeeded, CancellationToken.None);
        switch (result)
        {
            case PatientChangeResult.Saved saved:
                dispatcher.Dispatch(new UpdatePatientLanguageSucceededAction(action.PatientId, saved.Version));
                break;
            case PatientChangeResult.Invalid invalid:
                dispatcher.Dispatch(new UpdatePatientLanguageFailedAction(action.PatientId, invalid.Message));
                return;
            case PatientChangeResult.Conflict conflict:
                dispatcher.Dispatch(new UpdatePatientLanguageFailedAction(action.PatientId, conflict.Message));
                break;
            default:
                dispatcher.Dispatch(new UpdatePatientLanguageFailedAction(action.PatientId, "This patient does not exist, or is not one your care teams can see."));
                break;
        }
        await LoadAsync(action.PatientId, dispatcher);
    }

    private async Task LoadAsync(Guid patientId, IDispatcher dispatcher)
    {
        try
        {
            dispatcher.Dispatch(new LoadPatientSucceededAction(patientId, await patients.GetAsync(patientId, CancellationToken.None)));
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogError(e, "Loading a patient failed");
            dispatcher.Dispatch(new LoadPatientFailedAction(patientId, "This patient could not be loaded. Try again in a moment."));
        }
    }
}
