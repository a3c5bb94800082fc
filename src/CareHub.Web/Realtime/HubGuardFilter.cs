using System.Collections.Concurrent;
using System.Threading.RateLimiting;
using CareHub.Web.Security;
using Microsoft.AspNetCore.SignalR;

namespace CareHub.Web.Realtime;

/// <summary>
/// Abuse limits of <see cref="CareHubHub"/> on this instance (a singleton, docs/security.md): a token bucket per user
/// (by staff id) over every hub call of all their connections; a call over the limit fails with
/// <see cref="TooManyRequestsMessage"/> and runs nothing; a connection that keeps calling while refused is aborted; a
/// user's connections beyond <see cref="HubGuardOptions.MaxConnectionsPerUser"/> are aborted as they connect.
/// Logs carry staff and connection ids only.
/// </summary>
public sealed partial class HubGuardFilter : IHubFilter, IDisposable
{
    public const string TooManyRequestsMessage = "Too many requests: slow down.";

    private static readonly object CountedKey = new();
    private static readonly object FloodKey = new();

    private readonly HubGuardOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<HubGuardFilter> _logger;
    private readonly PartitionedRateLimiter<string> _calls;
    private readonly ConcurrentDictionary<string, int> _connections = new(StringComparer.Ordinal);

    public HubGuardFilter(HubGuardOptions options, TimeProvider time, ILogger<HubGuardFilter> logger)
    {
        _options = options;
        _time = time;
        _logger = logger;
        _calls = PartitionedRateLimiter.Create<string, string>(user => RateLimitPartition.GetTokenBucketLimiter(user, _ => new TokenBucketRateLimiterOptions
        {
            TokenLimit = options.Burst,
            TokensPerPeriod = options.CallsPerSecond,
            ReplenishmentPeriod = TimeSpan.FromSeconds(1),
            QueueLimit = 0,
            AutoReplenishment = true,
        }), StringComparer.Ordinal);
    }

    /// <summary>The user's hub connections counted on this instance now (for tests and diagnostics).</summary>
    public int ConnectionsOf(string userKey) => _connections.TryGetValue(userKey, out var count) ? count : 0;

    /// <summary>The key limits are kept under: the staff id, else the SignalR user id, else the connection alone.</summary>
    public static string UserKey(HubCallerContext caller) =>
        caller.User?.GetStaffId()?.ToString("D") ?? caller.UserIdentifier ?? $"connection:{caller.ConnectionId}";

    public async ValueTask<object?> InvokeMethodAsync(HubInvocationContext invocationContext, Func<HubInvocationContext, ValueTask<object?>> next)
    {
        var caller = invocationContext.Context;
        var user = UserKey(caller);
        using var lease = _calls.AttemptAcquire(user);
        if (lease.IsAcquired)
            return await next(invocationContext);

        if (!caller.Items.TryGetValue(FloodKey, out var counter) || counter is not FloodCounter flood)
            caller.Items[FloodKey] = flood = new FloodCounter();
        if (flood.Refuse(_time.GetUtcNow(), _options.FloodWindow) >= _options.FloodRefusals)
        {
            LogFloodAborted(user, caller.ConnectionId, _options.FloodRefusals, _options.FloodWindow);
            caller.Abort();
        }
        throw new HubException(TooManyRequestsMessage);
    }

    public Task OnConnectedAsync(HubLifetimeContext context, Func<HubLifetimeContext, Task> next)
    {
        var caller = context.Context;
        var user = UserKey(caller);
        var count = _connections.AddOrUpdate(user, 1, static (_, n) => n + 1);
        if (count > _options.MaxConnectionsPerUser)
        {
            Release(user);
            LogConnectionRefused(user, caller.ConnectionId, _options.MaxConnectionsPerUser);
            // Not an exception: SignalR would log it as a server error. The hub's OnConnectedAsync never runs.
            caller.Abort();
            return Task.CompletedTask;
        }
        caller.Items[CountedKey] = true;
        return next(context);
    }

    public Task OnDisconnectedAsync(HubLifetimeContext context, Exception? exception, Func<HubLifetimeContext, Exception?, Task> next)
    {
        if (context.Context.Items.Remove(CountedKey))
            Release(UserKey(context.Context));
        return next(context, exception);
    }

    public void Dispose() => _calls.Dispose();

    private void Release(string user)
    {
        while (_connections.TryGetValue(user, out var count))
        {
            if (count <= 1 ? _connections.TryRemove(KeyValuePair.Create(user, count)) : _connections.TryUpdate(user, count - 1, count))
                return;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Hub connection {ConnectionId} of staff {StaffId} refused: already {Limit} connections on this instance (Realtime:Hub:MaxConnectionsPerUser).")]
    private partial void LogConnectionRefused(string staffId, string connectionId, int limit);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Hub connection {ConnectionId} of staff {StaffId} aborted: {Refusals} calls refused for the rate limit within {Window}.")]
    private partial void LogFloodAborted(string staffId, string connectionId, int refusals, TimeSpan window);

    /// <summary>Refusals of one connection within a window that starts at the first refusal.</summary>
    private sealed class FloodCounter
    {
        private readonly Lock _gate = new();
        private DateTimeOffset _windowStart;
        private int _refusals;

        public int Refuse(DateTimeOffset now, TimeSpan window)
        {
            lock (_gate)
            {
                if (_refusals == 0 || now - _windowStart > window)
                    (_windowStart, _refusals) = (now, 0);
                return ++_refusals;
            }
        }
    }
}
