using System.Collections.Concurrent;
using System.Data.Common;
using System.Diagnostics;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace CareHub.Data.Telemetry;

/// <summary>
/// One <c>db.query</c> activity per database command, from the <see cref="SourceName"/> source. It records the database
/// system and the command's operation kind (SELECT, INSERT...) ONLY: never the SQL text, never a parameter, never an
/// error message (a constraint message can quote a value). Costs nothing when nobody listens to the source.
/// </summary>
public sealed class DbCommandTelemetry : DbCommandInterceptor
{
    public const string SourceName = "CareHub.Data";
    public const string ActivityName = "db.query";

    private static readonly ActivitySource Source = new(SourceName);

    private static readonly HashSet<string> Operations = new(StringComparer.Ordinal)
    {
        "SELECT", "INSERT", "UPDATE", "DELETE", "MERGE", "WITH", "CREATE", "ALTER", "DROP", "PRAGMA",
        "BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE", "EXEC", "EXECUTE", "SET", "DECLARE", "IF",
    };

    private readonly ConcurrentDictionary<Guid, Activity> _running = new();

    /// <summary>The one instance the options use (it holds only the commands running now).</summary>
    public static DbCommandTelemetry Instance { get; } = new();

    /// <summary>The first keyword of <paramref name="commandText"/> when it is a known one, else "OTHER"; nothing else of the text.</summary>
    public static string OperationOf(string? commandText)
    {
        if (string.IsNullOrEmpty(commandText))
            return "OTHER";
        var text = commandText.AsSpan().TrimStart();
        var end = 0;
        while (end < text.Length && end < 16 && char.IsAsciiLetter(text[end]))
            end++;
        var word = text[..end].ToString().ToUpperInvariant();
        return Operations.Contains(word) ? word : "OTHER";
    }

    /// <summary>The OpenTelemetry <c>db.system</c> value for a provider's command type.</summary>
    public static string SystemOf(DbCommand command) => command.GetType().FullName switch
    {
        { } name when name.StartsWith("Microsoft.Data.Sqlite", StringComparison.Ordinal) => "sqlite",
        { } name when name.StartsWith("Microsoft.Data.SqlClient", StringComparison.Ordinal) => "mssql",
        _ => "other_sql",
    };

    public override InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result)
    {
        Start(command, eventData);
        return result;
    }

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData,
        InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        Start(command, eventData);
        return ValueTask.FromResult(result);
    }

    public override InterceptionResult<int> NonQueryExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<int> result)
    {
        Start(command, eventData);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData,
        InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Start(command, eventData);
        return ValueTask.FromResult(result);
    }

    public override InterceptionResult<object> ScalarExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<object> result)
    {
        Start(command, eventData);
        return result;
    }

    public override ValueTask<InterceptionResult<object>> ScalarExecutingAsync(DbCommand command, CommandEventData eventData,
        InterceptionResult<object> result, CancellationToken cancellationToken = default)
    {
        Start(command, eventData);
        return ValueTask.FromResult(result);
    }

    public override DbDataReader ReaderExecuted(DbCommand command, CommandExecutedEventData eventData, DbDataReader result)
    {
        Stop(eventData.CommandId, null);
        return result;
    }

    public override ValueTask<DbDataReader> ReaderExecutedAsync(DbCommand command, CommandExecutedEventData eventData, DbDataReader result,
        CancellationToken cancellationToken = default)
    {
        Stop(eventData.CommandId, null);
        return ValueTask.FromResult(result);
    }

    public override int NonQueryExecuted(DbCommand command, CommandExecutedEventData eventData, int result)
    {
        Stop(eventData.CommandId, null);
        return result;
    }

    public override ValueTask<int> NonQueryExecutedAsync(DbCommand command, CommandExecutedEventData eventData, int result,
        CancellationToken cancellationToken = default)
    {
        Stop(eventData.CommandId, null);
        return ValueTask.FromResult(result);
    }

    public override object? ScalarExecuted(DbCommand command, CommandExecutedEventData eventData, object? result)
    {
        Stop(eventData.CommandId, null);
        return result;
    }

    public override ValueTask<object?> ScalarExecutedAsync(DbCommand command, CommandExecutedEventData eventData, object? result,
        CancellationToken cancellationToken = default)
    {
        Stop(eventData.CommandId, null);
        return ValueTask.FromResult(result);
    }

    public override void CommandFailed(DbCommand command, CommandErrorEventData eventData) => Stop(eventData.CommandId, eventData.Exception);

    public override Task CommandFailedAsync(DbCommand command, CommandErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        Stop(eventData.CommandId, eventData.Exception);
        return Task.CompletedTask;
    }

    public override void CommandCanceled(DbCommand command, CommandEndEventData eventData) => Stop(eventData.CommandId, null, canceled: true);

    public override Task CommandCanceledAsync(DbCommand command, CommandEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Stop(eventData.CommandId, null, canceled: true);
        return Task.CompletedTask;
    }

    private void Start(DbCommand command, CommandEventData eventData)
    {
        if (!Source.HasListeners())
            return;
        var operation = OperationOf(command.CommandText);
        var activity = Source.StartActivity(ActivityName, ActivityKind.Client);
        if (activity is null)
            return;
        // The span's display name is the operation alone: "SELECT", never the statement.
        activity.DisplayName = operation;
        if (activity.IsAllDataRequested)
        {
            activity.SetTag("db.system", SystemOf(command));
            activity.SetTag("db.operation.name", operation);
        }
        // Started in the interceptor, it must not stay current for the caller: the command's own context goes on.
        Activity.Current = activity.Parent;
        _running[eventData.CommandId] = activity;
    }

    private void Stop(Guid commandId, Exception? error, bool canceled = false)
    {
        if (!_running.TryRemove(commandId, out var activity))
            return;
        if (error is not null)
        {
            // The type only: database messages can quote the values that broke a constraint.
            activity.SetTag("error.type", error.GetType().FullName);
            activity.SetStatus(ActivityStatusCode.Error);
        }
        else if (canceled)
        {
            activity.SetTag("error.type", "canceled");
            activity.SetStatus(ActivityStatusCode.Error);
        }
        activity.Stop();
    }
}
