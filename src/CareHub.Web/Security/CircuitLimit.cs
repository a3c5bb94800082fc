using Microsoft.AspNetCore.Components.Server.Circuits;

namespace CareHub.Web.Security;

/// <summary><c>Security:MaxCircuitsPerUser</c>: how many Blazor circuits (open tabs and windows) one person may have on an instance.</summary>
public sealed record CircuitLimitOptions
{
    public const string Setting = "Security:MaxCircuitsPerUser";

    public int MaxCircuitsPerUser { get; init; } = 20;
}

/// <summary>The open circuits of each person on this instance (singleton). Blazor's circuit hub has no per-user limit of its own.</summary>
public sealed class CircuitCounter
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, int> _open = new(StringComparer.Ordinal);

    /// <summary>Counts one more circuit of <paramref name="user"/> unless they already have <paramref name="max"/>.</summary>
    public bool TryOpen(string user, int max, out int open)
    {
        lock (_gate)
        {
            open = _open.GetValueOrDefault(user);
            if (open >= max)
                return false;
            _open[user] = ++open;
            return true;
        }
    }

    public void Close(string user)
    {
        lock (_gate)
        {
            if (!_open.TryGetValue(user, out var open))
                return;
            if (open <= 1)
                _open.Remove(user);
            else
                _open[user] = open - 1;
        }
    }

    public int OpenOf(string user)
    {
        lock (_gate)
            return _open.GetValueOrDefault(user);
    }
}

/// <summary>Whether this circuit was let in (scoped): a refused circuit shows <see cref="Message"/> and nothing else.</summary>
public sealed class CircuitAdmission
{
    public bool Refused { get; private set; }

    public string? Message { get; private set; }

    internal void Refuse(string message)
    {
        Refused = true;
        Message = message;
    }
}

/// <summary>
/// Refuses a person's circuit beyond <see cref="CircuitLimitOptions.MaxCircuitsPerUser"/> on this instance: the refused
/// circuit renders only a message saying why (Routes), reads no data and is not counted; a warning names the staff id
/// only. Runs after <see cref="CircuitUserHandler"/>, which tells it who the person is.
/// </summary>
public sealed partial class CircuitLimitHandler(CircuitCounter counter, CircuitLimitOptions options, CurrentUser user, CircuitAdmission admission,
    ILogger<CircuitLimitHandler> logger) : CircuitHandler
{
    private string? _counted;

    public override int Order => -90;

    public override Task OnCircuitOpenedAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        Open();
        return Task.CompletedTask;
    }

    public override Task OnCircuitClosedAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        Close();
        return Task.CompletedTask;
    }

    /// <summary>The circuit opened: count it, or refuse it when the person already has their allowance open.</summary>
    internal void Open()
    {
        // Nobody signed in (the sign-in page): nothing to count, and nothing of anyone's to show.
        if (user.StaffId is not { } staffId)
            return;
        var key = staffId.ToString("D");
        if (counter.TryOpen(key, options.MaxCircuitsPerUser, out var open))
        {
            _counted = key;
            return;
        }
        admission.Refuse(RefusedMessage(options.MaxCircuitsPerUser));
        LogRefused(logger, key, open, CircuitLimitOptions.Setting, options.MaxCircuitsPerUser);
    }

    internal void Close()
    {
        if (Interlocked.Exchange(ref _counted, null) is { } key)
            counter.Close(key);
    }

    public static string RefusedMessage(int max) =>
        $"You have too many CareHub tabs or windows open at once ({max} is the most). Close the ones you no longer need, then reload this page.";

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "Circuit refused: staff {StaffId} already has {Open} open circuits on this instance ({Setting} is {Max}).")]
    private static partial void LogRefused(ILogger logger, string staffId, int open, string setting, int max);
}
