using CareHub.Data;
using CareHub.Data.Auditing;
using Microsoft.EntityFrameworkCore;

namespace CareHub.Web.Auditing;

/// <summary>
/// Links new audit rows into the hash chain every <see cref="AuditOptions.SealInterval"/> (docs/adr/0013), off the
/// request path. After each pass that sealed something it logs the chain's head (a seal number and a hash, no patient
/// data): kept by the log store, outside the database, it is the anchor that `verify-audit --expect-head` checks.
/// </summary>
internal sealed class AuditSealingService(DbContextOptions<CareHubDbContext> options, TimeProvider clock, AuditOptions settings,
    ILogger<AuditSealingService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var sealer = new AuditSealer(options, clock);
        using var timer = new PeriodicTimer(settings.SealInterval, clock);
        do
        {
            try
            {
                var result = await sealer.SealPendingAsync(stoppingToken);
                if (result.Sealed > 0)
                    logger.LogInformation("Audit chain sealed {Sealed} rows; head is seal {HeadSequence} = {HeadHash}", result.Sealed, result.HeadSequence, result.HeadHash);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // Another instance sealed the same rows first, or the database is away: the next pass catches up.
                logger.LogWarning("Audit sealing pass failed ({Error}); the next pass retries", e.GetType().Name);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
