namespace CareHub.Web.Realtime;

/// <summary>Expires presence whose heartbeat stopped (a tab that vanished without its circuit closing).</summary>
public sealed class PresenceSweeper(IPresenceService presence, PresenceOptions options, TimeProvider clock,
    ILogger<PresenceSweeper> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.SweepInterval, clock);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    var expired = presence.Sweep(clock.GetUtcNow());
                    if (expired > 0)
                        logger.LogDebug("Presence expired for {Count} connection(s).", expired);
                }
                catch (Exception ex)
                {
                    // One failed sweep must not end sweeping for the life of the app.
                    logger.LogError(ex, "The presence sweep failed; it runs again at the next tick.");
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
    }
}
