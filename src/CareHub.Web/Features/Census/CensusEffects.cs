using CareHub.Flux;

namespace CareHub.Web.Features.Census;

/// <summary>
/// Reads the census through <see cref="ICensusReader"/> (the user's own access). A live change reads one patient's row:
/// at most one read per patient at a time (changes arriving meanwhile are answered by one more read after it) and at
/// most <see cref="MaxParallelReads"/> reads at once, so a burst of ADT messages never floods the database. A change
/// that arrives while the whole board is being read is read again after it, since the board may predate it.
/// The reader is optional only so that a component test of another feature can build the store without it (the feature
/// always registers it); without one the board says it could not be read.
/// </summary>
internal sealed class CensusEffects(IState<CensusState> state, ILogger<CensusEffects> logger, ICensusReader? reader = null) : IDisposable
{
    public const int MaxParallelReads = 4;

    private const string NotAvailable = "The census could not be read.";

    private readonly Lock _gate = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly SemaphoreSlim _reads = new(MaxParallelReads);

    /// <summary>Patients whose row is being read; true when another change arrived meanwhile.</summary>
    private readonly Dictionary<Guid, bool> _reading = [];

    /// <summary>Patients that changed while the board was read; non-null while a board read is in flight.</summary>
    private HashSet<Guid>? _changedDuringLoad;

    private int _loads;
    private bool _reloadAgain;

    [EffectMethod]
    public async Task Handle(LoadCensusAction action, IDispatcher dispatcher)
    {
        if (reader is null)
        {
            dispatcher.Dispatch(new CensusLoadFailedAction(action.TeamId, NotAvailable));
            return;
        }
        try
        {
            dispatcher.Dispatch(new CensusTeamsLoadedAction(await reader.TeamsAsync(_stopping.Token)));
        }
        catch (Exception e) when (IsStopping(e))
        {
            return;
        }
        catch (Exception e)
        {
            // The board works without team names: it follows its rows' teams instead.
            logger.LogWarning(e, "Reading the user's census teams failed");
        }
        await LoadBoardAsync(action.TeamId, dispatcher);
    }

    [EffectMethod(typeof(CensusReloadAction))]
    public async Task Reload(IDispatcher dispatcher)
    {
        if (reader is null || state.Value.Status == CensusStatus.Idle)
            return;
        lock (_gate)
        {
            if (_loads > 0)
            {
                // The read in flight may have started before what made this reload necessary: one more after it.
                _reloadAgain = true;
                return;
            }
        }
        await LoadBoardAsync(state.Value.TeamId, dispatcher);
    }

    [EffectMethod]
    public async Task Handle(CensusPatientChangedAction action, IDispatcher dispatcher)
    {
        if (reader is null || state.Value.Status == CensusStatus.Idle)
            return;
        var patientId = action.PatientId;
        lock (_gate)
        {
            if (_changedDuringLoad is { } later)
            {
                later.Add(patientId);
                return;
            }
            if (_reading.ContainsKey(patientId))
            {
                _reading[patientId] = true;
                return;
            }
            _reading[patientId] = false;
        }
        var again = true;
        while (again)
        {
            try
            {
                await _reads.WaitAsync(_stopping.Token);
                try
                {
                    var row = await reader.LoadRowAsync(patientId, _stopping.Token);
                    dispatcher.Dispatch(new CensusRowLoadedAction(patientId, row));
                }
                finally
                {
                    _reads.Release();
                }
            }
            catch (Exception e) when (IsStopping(e))
            {
                return; // the circuit is gone
            }
            catch (Exception e)
            {
                logger.LogError(e, "Reading census row of patient {PatientId} failed", patientId);
                dispatcher.Dispatch(new CensusLoadFailedAction(state.Value.TeamId,
                    "A change to the census could not be shown; what you see may be out of date. Reload the page."));
            }
            lock (_gate)
            {
                again = _reading[patientId];
                if (again)
                    _reading[patientId] = false;
                else
                    _reading.Remove(patientId);
            }
        }
    }

    private async Task LoadBoardAsync(Guid? teamId, IDispatcher dispatcher)
    {
        lock (_gate)
        {
            _loads++;
            _changedDuringLoad ??= [];
        }
        try
        {
            var board = await reader!.LoadAsync(teamId, _stopping.Token);
            dispatcher.Dispatch(new CensusLoadedAction(teamId, board));
        }
        catch (Exception e) when (IsStopping(e))
        {
            return;
        }
        catch (Exception e)
        {
            logger.LogError(e, "Reading the census failed");
            dispatcher.Dispatch(new CensusLoadFailedAction(teamId, state.Value.Status == CensusStatus.Loaded
                ? "The census could not be refreshed; what you see may be out of date. Reload the page."
                : "The census could not be loaded. Try again in a moment."));
        }
        finally
        {
            Finished(dispatcher);
        }
    }

    private void Finished(IDispatcher dispatcher)
    {
        HashSet<Guid>? changed = null;
        var reload = false;
        lock (_gate)
        {
            if (--_loads == 0)
            {
                changed = _changedDuringLoad;
                _changedDuringLoad = null;
                reload = _reloadAgain;
                _reloadAgain = false;
            }
        }
        if (_stopping.IsCancellationRequested)
            return;
        if (reload)
        {
            dispatcher.Dispatch(new CensusReloadAction());
            return; // the reload reads every row anyway
        }
        foreach (var patientId in changed ?? [])
            dispatcher.Dispatch(new CensusPatientChangedAction(patientId));
    }

    private static bool IsStopping(Exception e) => e is OperationCanceledException or ObjectDisposedException;

    public void Dispose()
    {
        _stopping.Cancel();
        _stopping.Dispose();
        _reads.Dispose();
    }
}
