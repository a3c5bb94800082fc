using CareHub.Web.Security;
using Microsoft.AspNetCore.SignalR;

namespace CareHub.Web.Realtime;

/// <summary>
/// Hub groups are checked when a connection joins; a person can lose a team afterwards. Every
/// <see cref="SecurityOptions.MembershipRefreshInterval"/>, and at once when a revocation is announced
/// (<see cref="Topics.AccessRevoked"/>), each connection's topics are checked again through the same
/// <see cref="TopicAccess"/> as a join, and the connection leaves the groups it may no longer follow: their events
/// stop, and joining again answers "Not found.". A connection whose sign-in session was ended by the idle logoff leaves
/// every topic. The re-check shows no data, so it writes no audit rows.
/// </summary>
public sealed class HubAccessSweeper(
    HubFollowers followers,
    IServiceScopeFactory scopes,
    IHubContext<CareHubHub> hub,
    IRealtimeBus bus,
    SignInSessions sessions,
    SecurityOptions options,
    TimeProvider time,
    ILogger<HubAccessSweeper> logger) : BackgroundService
{
    private readonly SemaphoreSlim _wake = new(0, 1);
    private IDisposable? _revocations;

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        _revocations = bus.Subscribe(Topics.AccessRevoked, _ =>
        {
            if (_wake.CurrentCount == 0)
            {
                try
                {
                    _wake.Release();
                }
                catch (SemaphoreFullException)
                {
                    // Already woken.
                }
            }
            return Task.CompletedTask;
        });
        return base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                using var delay = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
                var slept = Task.Delay(options.MembershipRefreshInterval, time, delay.Token);
                await Task.WhenAny(slept, _wake.WaitAsync(delay.Token));
                await delay.CancelAsync();
                stoppingToken.ThrowIfCancellationRequested();
                await SweepAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogWarning(ex, "Could not check the hub connections' topics again; next try in {Interval}.", options.MembershipRefreshInterval);
            }
        }
    }

    /// <summary>Checks every connection's topics once; returns how many memberships of groups were ended.</summary>
    public async Task<int> SweepAsync(CancellationToken cancellationToken)
    {
        var removed = 0;
        foreach (var (connectionId, user, topics) in followers.Snapshot())
        {
            await using var scope = scopes.CreateAsyncScope();
            scope.ServiceProvider.GetRequiredService<CurrentUser>().Set(user, $"hub:{connectionId}");
            var access = scope.ServiceProvider.GetRequiredService<TopicAccess>();
            var ended = user.GetSessionId() is { } sessionId && sessions.IsEnded(sessionId);
            foreach (var topic in topics)
            {
                if (!ended && await access.StillFollowsAsync(topic, cancellationToken))
                    continue;
                await hub.Groups.RemoveFromGroupAsync(connectionId, topic, cancellationToken);
                followers.Left(connectionId, topic);
                removed++;
            }
        }
        if (removed > 0)
            logger.LogInformation("Removed {Count} hub topic subscriptions whose user may no longer follow them.", removed);
        return removed;
    }

    public override void Dispose()
    {
        _revocations?.Dispose();
        _wake.Dispose();
        base.Dispose();
    }
}
