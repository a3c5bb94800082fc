using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Yarp.ReverseProxy.Configuration;

namespace CareHub.E2E.ScaleOut;

/// <summary>
/// A sticky load balancer (YARP) on a free port of 127.0.0.1 in front of the app instances: round robin for a new
/// browser, then a cookie keeps it on its instance (Blazor Server circuits live on one instance); an instance whose
/// /health/live stops answering is taken out, and its browsers go to another. Every response says which instance
/// served it (X-Served-By), so a test knows where each browser is.
/// </summary>
public sealed class StickyLoadBalancer : IAsyncDisposable
{
    public const string ServedBy = "X-Served-By";

    private readonly WebApplication _app;

    private StickyLoadBalancer(WebApplication app, Uri address)
    {
        _app = app;
        Address = address;
    }

    public Uri Address { get; }

    public static async Task<StickyLoadBalancer> StartAsync(IReadOnlyDictionary<string, Uri> instances)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        var cluster = new ClusterConfig
        {
            ClusterId = "carehub",
            LoadBalancingPolicy = "RoundRobin",
            SessionAffinity = new SessionAffinityConfig
            {
                Enabled = true,
                Policy = "Cookie",
                FailurePolicy = "Redistribute",
                AffinityKeyName = ".CareHub.Affinity",
            },
            HealthCheck = new HealthCheckConfig
            {
                Active = new ActiveHealthCheckConfig
                {
                    Enabled = true,
                    Interval = TimeSpan.FromSeconds(1),
                    Timeout = TimeSpan.FromSeconds(1),
                    Policy = "ConsecutiveFailures",
                    Path = "/health/live",
                },
            },
            Destinations = instances.ToDictionary(i => i.Key, i => new DestinationConfig { Address = i.Value.ToString() }),
        };
        var route = new RouteConfig { RouteId = "all", ClusterId = "carehub", Match = new RouteMatch { Path = "{**path}" } };
        builder.Services.AddReverseProxy().LoadFromMemory([route], [cluster]);

        var app = builder.Build();
        app.MapReverseProxy(proxy =>
        {
            proxy.Use(async (context, next) =>
            {
                context.Response.OnStarting(() =>
                {
                    if (context.GetReverseProxyFeature().ProxiedDestination?.DestinationId is { } id)
                        context.Response.Headers[ServedBy] = id;
                    return Task.CompletedTask;
                });
                await next();
            });
            proxy.UseSessionAffinity();
            proxy.UseLoadBalancing();
            proxy.UsePassiveHealthChecks();
        });
        await app.StartAsync();
        var address = app.Urls.First();
        return new StickyLoadBalancer(app, new Uri(address.EndsWith('/') ? address : address + "/"));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
