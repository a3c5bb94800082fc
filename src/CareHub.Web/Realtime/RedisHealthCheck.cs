using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace CareHub.Web.Realtime;

/// <summary>
/// Readiness of Redis (registered only when <c>ConnectionStrings:Redis</c> is set). Redis down is Degraded, never
/// Unhealthy: care work does not need it (writes go to the database, local screens still update), so the instance
/// stays in the load balancer's rotation (/health/ready still answers 200) while live updates between instances pause.
/// </summary>
public sealed class RedisHealthCheck(RedisLink link) : IHealthCheck
{
    public const string Name = "redis";

    private static readonly TimeSpan PingTimeout = TimeSpan.FromSeconds(2);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (link.IsLive && link.Connection is { } connection)
        {
            try
            {
                var latency = await connection.GetDatabase().PingAsync().WaitAsync(PingTimeout, cancellationToken);
                return HealthCheckResult.Healthy($"Redis answers ({latency.TotalMilliseconds:0.#} ms).");
            }
            catch (Exception ex) when (ex is StackExchange.Redis.RedisException or TimeoutException or ObjectDisposedException)
            {
                return Degraded(ex);
            }
        }
        return Degraded(null);
    }

    private static HealthCheckResult Degraded(Exception? ex) => HealthCheckResult.Degraded(
        "Redis does not answer: live updates between instances are paused; care work continues.", ex);
}
