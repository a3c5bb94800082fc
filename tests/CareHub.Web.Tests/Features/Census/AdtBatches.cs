using System.Diagnostics;
using CareHub.Web.Features.Census;
using CareHub.Web.Telemetry;
using Microsoft.Data.Sqlite;

namespace CareHub.Web.Tests.Features.Census;

/// <summary>
/// Sends messages so that the processor takes them as one batch, and says how it batched them. A first message (text
/// that is not HL7, answered AR) is held at the database's write lock, which the test takes, until the others are queued
/// behind it; then the lock goes and the writer takes every message waiting at once. The batches are read from the
/// processor's own spans (<see cref="CensusTelemetry.BatchActivity"/>), picked out by a trace of the test's own that
/// every message was sent under.
/// </summary>
public sealed class AdtBatches : IDisposable
{
    private const string TestSourceName = "CareHub.Web.Tests.AdtBatches";
    private static readonly ActivitySource Test = new(TestSourceName);

    private readonly ActivityListener _listener;
    private readonly ActivityTraceId _trace;
    private readonly Activity _root;
    private readonly List<int> _sizes = [];
    private readonly TaskCompletionSource _blockerTaken = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _started;

    public AdtBatches()
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name is CensusTelemetry.Name or TestSourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStarted = a =>
            {
                if (a.OperationName == CensusTelemetry.BatchActivity && a.Links.Any(l => l.Context.TraceId == _trace))
                {
                    _blockerTaken.TrySetResult();
                    Interlocked.Increment(ref _started);
                }
            },
            ActivityStopped = a =>
            {
                if (a.OperationName == CensusTelemetry.BatchActivity && a.Links.Any(l => l.Context.TraceId == _trace))
                {
                    lock (_sizes)
                        _sizes.Add((int)a.GetTagItem(CensusTelemetry.BatchSizeTag)!);
                }
            },
        };
        ActivitySource.AddActivityListener(_listener);
        _root = Test.StartActivity("send-as-one-batch") ?? throw new InvalidOperationException("The test's span did not start.");
        _trace = _root.TraceId;
        Activity.Current = null;
    }

    /// <summary>The sizes of the batches that carried this test's messages, in the order they finished.</summary>
    public IReadOnlyList<int> Sizes
    {
        get
        {
            lock (_sizes)
                return [.. _sizes];
        }
    }

    /// <summary>Sends <paramref name="messages"/> (in this order, from one sender) so that the processor applies them as one batch; their outcomes in the same order.</summary>
    public Task<AdtOutcome[]> SendAsOneBatchAsync(AdtProcessor processor, string connectionString, CancellationToken cancellationToken, params string[] messages) =>
        SendAsOneBatchAsync(processor, connectionString, [.. messages.Select(m => (m, "test"))], cancellationToken);

    /// <summary>Sends each message from its own sender (MLLP), all in one batch, in this order; their outcomes in the same order.</summary>
    public async Task<AdtOutcome[]> SendAsOneBatchAsync(AdtProcessor processor, string connectionString, IReadOnlyList<(string Text, string Source)> messages,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(processor);
        await using var holder = new SqliteConnection(connectionString);
        await holder.OpenAsync(cancellationToken);
        await using (var begin = holder.CreateCommand())
        {
            begin.CommandText = "BEGIN IMMEDIATE;";
            await begin.ExecuteNonQueryAsync(cancellationToken);
        }
        Task<AdtOutcome> blocker;
        var sent = new Task<AdtOutcome>[messages.Count];
        try
        {
            Activity.Current = _root;
            blocker = processor.ProcessAsync("held at the write lock", "test", "test", cancellationToken);
            await _blockerTaken.Task.WaitAsync(cancellationToken);
            Activity.Current = _root;
            for (var i = 0; i < messages.Count; i++)
                sent[i] = processor.ProcessAsync(messages[i].Text, "mllp", messages[i].Source, cancellationToken);
        }
        finally
        {
            Activity.Current = null;
            await using var rollback = holder.CreateCommand();
            rollback.CommandText = "ROLLBACK;";
            await rollback.ExecuteNonQueryAsync(cancellationToken);
        }
        await blocker;
        return await Task.WhenAll(sent);
    }

    /// <summary>
    /// Replays one stored message through each of <paramref name="processors"/> (as several instances would) so that every
    /// replay has been asked for, and checked, before any is applied: the database's write lock is held until each
    /// processor's writer has taken its replay. Their outcomes in the same order.
    /// </summary>
    public async Task<AdtOutcome?[]> ReplayAtOnceAsync(IReadOnlyList<AdtProcessor> processors, Guid messageId, string connectionString,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(processors);
        await using var holder = new SqliteConnection(connectionString);
        await holder.OpenAsync(cancellationToken);
        await using (var begin = holder.CreateCommand())
        {
            begin.CommandText = "BEGIN IMMEDIATE;";
            await begin.ExecuteNonQueryAsync(cancellationToken);
        }
        var replays = new Task<AdtOutcome?>[processors.Count];
        try
        {
            Activity.Current = _root;
            for (var i = 0; i < processors.Count; i++)
                replays[i] = processors[i].ReplayAsync(messageId, $"replay-by:test-{i}", cancellationToken);
            Activity.Current = null;
            // Each writer starts its batch once it has the replay, and then waits for the lock.
            while (Volatile.Read(ref _started) < processors.Count)
            {
                if (replays.FirstOrDefault(r => r.IsCompleted) is { } early)
                    await early;
                await Task.Delay(10, cancellationToken);
            }
        }
        finally
        {
            Activity.Current = null;
            await using var rollback = holder.CreateCommand();
            rollback.CommandText = "ROLLBACK;";
            await rollback.ExecuteNonQueryAsync(cancellationToken);
        }
        return await Task.WhenAll(replays);
    }

    public void Dispose()
    {
        _root.Dispose();
        _listener.Dispose();
    }
}
