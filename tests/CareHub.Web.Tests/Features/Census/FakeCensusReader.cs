using System.Collections.Concurrent;
using CareHub.Web.Features.Census;

namespace CareHub.Web.Tests.Features.Census;

/// <summary>
/// A census reader over rows held in memory: the tests change <see cref="Rows"/> and the board reads them. Row reads
/// can be held (<see cref="HoldRowReads"/>) to see how many run at once.
/// </summary>
internal sealed class FakeCensusReader : ICensusReader
{
    private readonly Lock _gate = new();
    private TaskCompletionSource _rowGate = Completed();
    private TaskCompletionSource _boardGate = Completed();
    private int _running;

    public ConcurrentDictionary<Guid, CensusRow> Rows { get; } = new();

    public IReadOnlyList<CensusTeam> Teams { get; set; } = [];

    public ConcurrentQueue<Guid> RowReads { get; } = new();

    public int BoardReads;

    public int MostRowReadsAtOnce { get; private set; }

    public void Put(params CensusRow[] rows)
    {
        foreach (var row in rows)
            Rows[row.PatientId] = row;
    }

    public void HoldRowReads() => _rowGate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

    public void ReleaseRowReads() => _rowGate.TrySetResult();

    public void HoldBoardReads() => _boardGate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

    public void ReleaseBoardReads() => _boardGate.TrySetResult();

    public async Task<CensusBoard> LoadAsync(Guid? teamId, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref BoardReads);
        // The rows as they are when the read starts (a board read is one snapshot).
        var rows = Rows.Values.Where(r => teamId is not { } team || r.TeamIds.Contains(team)).ToList();
        await _boardGate.Task.WaitAsync(cancellationToken);
        return new CensusBoard(rows, [CensusSamples.Mercy, CensusSamples.Oaks], CensusSamples.Now);
    }

    public async Task<CensusRow?> LoadRowAsync(Guid patientId, CancellationToken cancellationToken)
    {
        RowReads.Enqueue(patientId);
        lock (_gate)
        {
            _running++;
            MostRowReadsAtOnce = Math.Max(MostRowReadsAtOnce, _running);
        }
        try
        {
            await _rowGate.Task.WaitAsync(cancellationToken);
            return Rows.TryGetValue(patientId, out var row) ? row : null;
        }
        finally
        {
            lock (_gate)
                _running--;
        }
    }

    public Task<IReadOnlyList<CensusTeam>> TeamsAsync(CancellationToken cancellationToken) => Task.FromResult(Teams);

    private static TaskCompletionSource Completed()
    {
        var done = new TaskCompletionSource();
        done.SetResult();
        return done;
    }
}
