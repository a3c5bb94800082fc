using System.Collections.Concurrent;
using CareHub.Flux;
using CareHub.Web.Features.Census;
using Microsoft.Extensions.Logging.Abstractions;
using static CareHub.Web.Tests.Features.Census.CensusSamples;

namespace CareHub.Web.Tests.Features.Census;

/// <summary>The census effects against a fake reader, with the reducers applied to every action they dispatch.</summary>
public sealed class CensusEffectsTests : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    private readonly FakeCensusReader _reader = new();
    private readonly Store _store = new();
    private readonly CensusEffects _effects;

    public CensusEffectsTests()
    {
        _effects = new CensusEffects(_store, NullLogger<CensusEffects>.Instance, _reader);
        _store.Effects = _effects;
    }

    [Fact]
    public async Task Changes_to_one_patient_arriving_together_read_that_row_at_most_twice_never_at_once()
    {
        var row = Row();
        _reader.Put(row);
        await _store.LoadAsync();
        _reader.HoldRowReads();

        var burst = Enumerable.Range(0, 10).Select(_ => _store.Run(new CensusPatientChangedAction(row.PatientId))).ToList();
        _reader.Rows[row.PatientId] = row with { Bed = "1", Version = 2 };
        _reader.ReleaseRowReads();
        await Task.WhenAll(burst).WaitAsync(Patience, TestContext.Current.CancellationToken);

        _reader.RowReads.Count.ShouldBe(2);
        _reader.MostRowReadsAtOnce.ShouldBe(1);
        _store.State.Rows.Single().Bed.ShouldBe("1");
    }

    [Fact]
    public async Task A_burst_for_many_patients_reads_only_a_few_rows_at_once()
    {
        var rows = Enumerable.Range(0, 20).Select(i => Row($"Patient {i}")).ToArray();
        _reader.Put(rows);
        await _store.LoadAsync();
        _reader.HoldRowReads();

        var burst = rows.Select(r => _store.Run(new CensusPatientChangedAction(r.PatientId))).ToList();
        await Task.Delay(100, TestContext.Current.CancellationToken);
        _reader.ReleaseRowReads();
        await Task.WhenAll(burst).WaitAsync(Patience, TestContext.Current.CancellationToken);

        _reader.RowReads.Count.ShouldBe(20);
        _reader.MostRowReadsAtOnce.ShouldBe(CensusEffects.MaxParallelReads);
    }

    [Fact]
    public async Task A_patient_who_left_the_census_is_taken_off_the_board()
    {
        var row = Row();
        _reader.Put(row, Row("Bello, Ada"));
        await _store.LoadAsync();

        _reader.Rows.TryRemove(row.PatientId, out _);
        await _store.Run(new CensusPatientChangedAction(row.PatientId));

        _store.State.Rows.Select(r => r.Name).ShouldBe(["Bello, Ada"]);
    }

    [Fact]
    public async Task A_change_while_the_board_is_read_is_read_again_after_it()
    {
        var row = Row();
        _reader.Put(row);
        _reader.HoldBoardReads();
        var loading = _store.Run(new LoadCensusAction(null));
        await WaitUntil(() => _reader.BoardReads == 1);

        // The board read started before this change: its row is the old one.
        _reader.Rows[row.PatientId] = row with { Bed = "99", Version = 2 };
        await _store.Run(new CensusPatientChangedAction(row.PatientId));
        _reader.ReleaseBoardReads();
        await loading.WaitAsync(Patience, TestContext.Current.CancellationToken);
        await _store.Idle().WaitAsync(Patience, TestContext.Current.CancellationToken);

        _store.State.Rows.Single().Bed.ShouldBe("99");
    }

    [Fact]
    public async Task A_reload_reads_the_whole_board_again_for_the_team_shown()
    {
        _reader.Put(Row("Team A"), Row("Team B", teamId: TeamB));
        await _store.Run(new LoadCensusAction(TeamB));
        _reader.Put(Row("Team B later", teamId: TeamB));

        await _store.Run(new CensusReloadAction());

        _store.State.Rows.Select(r => r.Name).ShouldBe(["Team B", "Team B later"], ignoreOrder: true);
        _store.State.Refreshing.ShouldBeFalse();
    }

    [Fact]
    public async Task The_users_teams_are_read_with_the_board()
    {
        _reader.Teams = [new CensusTeam(TeamA, "North"), new CensusTeam(TeamB, "South")];

        await _store.LoadAsync();

        _store.State.Teams.Select(t => t.Name).ShouldBe(["North", "South"]);
    }

    [Fact]
    public async Task Without_a_reader_the_board_says_the_census_could_not_be_read()
    {
        var store = new Store();
        using var effects = new CensusEffects(store, NullLogger<CensusEffects>.Instance);
        store.Effects = effects;

        await store.Run(new LoadCensusAction(null));

        store.State.Status.ShouldBe(CensusStatus.Failed);
        store.State.Error.ShouldNotBeNull().ShouldContain("could not be read");
    }

    private static async Task WaitUntil(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException();
            await Task.Delay(10, TestContext.Current.CancellationToken);
        }
    }

    public void Dispose() => _effects.Dispose();

    /// <summary>
    /// Just enough of a store: applies the census reducers to each action and runs the census effects; actions the
    /// effects dispatch go the same way, and <see cref="Idle"/> waits until every effect started has finished.
    /// </summary>
    private sealed class Store : IState<CensusState>, IDispatcher
    {
        private readonly Lock _gate = new();
        private readonly ConcurrentBag<Task> _running = [];

        public CensusEffects? Effects { get; set; }

        public CensusState State { get; private set; } = new();

        public CensusState Value => State;

        public event EventHandler? StateChanged;

        public void Dispatch(object action) => _running.Add(Run(action));

        public async Task LoadAsync()
        {
            await Run(new LoadCensusAction(null));
            await Idle();
        }

        public Task Run(object action)
        {
            lock (_gate)
                State = Reduce(State, action);
            StateChanged?.Invoke(this, EventArgs.Empty);
            return action switch
            {
                LoadCensusAction a => Effects!.Handle(a, this),
                CensusReloadAction => Effects!.Reload(this),
                CensusPatientChangedAction a => Effects!.Handle(a, this),
                _ => Task.CompletedTask,
            };
        }

        public async Task Idle()
        {
            while (_running.Any(t => !t.IsCompleted))
                await Task.WhenAll(_running);
        }

        private static CensusState Reduce(CensusState state, object action) => action switch
        {
            LoadCensusAction a => CensusReducers.OnLoad(state, a),
            CensusTeamsLoadedAction a => CensusReducers.OnTeamsLoaded(state, a),
            CensusLoadedAction a => CensusReducers.OnLoaded(state, a),
            CensusLoadFailedAction a => CensusReducers.OnLoadFailed(state, a),
            CensusReloadAction => CensusReducers.OnReload(state),
            CensusRowLoadedAction a => CensusReducers.OnRowLoaded(state, a),
            _ => state,
        };
    }
}
