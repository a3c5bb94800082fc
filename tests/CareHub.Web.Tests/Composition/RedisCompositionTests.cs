using System.Net;
using CareHub.Data;
using CareHub.Tests.Infrastructure;
using CareHub.Web.Composition;
using CareHub.Web.Realtime;
using CareHub.Web.Tests.Realtime;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.StackExchangeRedis;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace CareHub.Web.Tests.Composition;

/// <summary>What <c>ConnectionStrings:Redis</c> switches on, with a real Redis, an unreachable one and none.</summary>
public sealed class RedisCompositionTests(RedisServer redis) : IClassFixture<RedisServer>
{
    public static TheoryData<string> Malformed => new()
    {
        "127.0.0.1:6379,connectTimeout=soon",
        "127.0.0.1:6379,noSuchOption=1",
        "abortConnect=false",
    };

    [Theory]
    [MemberData(nameof(Malformed))]
    public void A_malformed_Redis_connection_string_is_refused_naming_the_setting_without_echoing_it(string value)
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["ConnectionStrings:Redis"] = value }).Build();

        var error = Should.Throw<CareHubConfigurationException>(() => RealtimeComposition.ReadRedisOptions(config));

        error.Message.ShouldStartWith("ConnectionStrings:Redis is not a valid Redis connection string");
        error.Message.ShouldNotContain(value);
    }

    [Fact]
    public void Without_a_Redis_connection_string_everything_stays_in_memory_and_always_live()
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["ConnectionStrings:Redis"] = " " }).Build();
        RealtimeComposition.ReadRedisOptions(config).ShouldBeNull();

        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Testing" });
        builder.AddCareHubRealtime();
        using var services = builder.Services.BuildServiceProvider();

        services.GetRequiredService<IRealtimeBus>().ShouldBeOfType<InProcessRealtimeBus>();
        services.GetRequiredService<IPresenceService>().ShouldBeOfType<InMemoryPresenceService>();
        services.GetRequiredService<IRealtimeLink>().IsLive.ShouldBeTrue();
        services.GetRequiredService<HubLifetimeManager<CareHubHub>>().ShouldBeOfType<DefaultHubLifetimeManager<CareHubHub>>();
    }

    [Fact]
    public async Task With_Redis_configured_the_app_uses_it_for_the_bus_presence_and_the_hub_and_is_ready()
    {
        using var server = new CareHubServer(patients: 10, settings: new Dictionary<string, string?> { ["ConnectionStrings:Redis"] = redis.ConnectionString });
        server.Start();

        // The app's bus is the Redis bus inside the telemetry wrapper; the connection completes in the background.
        var bus = server.Services.GetRequiredService<IRealtimeBus>().ShouldBeOfType<CareHub.Web.Telemetry.InstrumentedRealtimeBus>()
            .Inner.ShouldBeOfType<RedisRealtimeBus>();
        server.Services.GetRequiredService<IPresenceService>().ShouldBeOfType<RedisPresenceService>();
        var link = server.Services.GetRequiredService<IRealtimeLink>();
        await Eventually.HoldsAsync(() => link.IsLive && bus.IsSubscribed, "the app is connected to Redis and subscribed");
        server.Services.GetRequiredService<HubLifetimeManager<CareHubHub>>().ShouldBeOfType<RedisHubLifetimeManager<CareHubHub>>();
        var report = await ReadyReportAsync(server);
        report.Entries[RedisHealthCheck.Name].Status.ShouldBe(HealthStatus.Healthy);
        (await GetReadyAsync(server)).ShouldBe((HttpStatusCode.OK, "Healthy"));
    }

    [Fact]
    public async Task An_unreachable_Redis_does_not_stop_start_up_and_ready_is_Degraded_but_answers_200()
    {
        var unreachable = $"127.0.0.1:{FreePort()},connectTimeout=1000";
        using var server = new CareHubServer(patients: 10, settings: new Dictionary<string, string?> { ["ConnectionStrings:Redis"] = unreachable });
        server.Start();

        server.Services.GetRequiredService<IRealtimeLink>().IsLive.ShouldBeFalse();
        var report = await ReadyReportAsync(server);
        report.Entries[RedisHealthCheck.Name].Status.ShouldBe(HealthStatus.Degraded);
        report.Entries[RedisHealthCheck.Name].Description.ShouldNotBeNull().ShouldContain("Redis");
        report.Entries["database"].Status.ShouldBe(HealthStatus.Healthy);
        (await GetReadyAsync(server)).ShouldBe((HttpStatusCode.OK, "Degraded"));
    }

    private static Task<HealthReport> ReadyReportAsync(CareHubServer server) =>
        server.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync(c => c.Tags.Contains("ready"), Xunit.TestContext.Current.CancellationToken);

    private static async Task<(HttpStatusCode, string)> GetReadyAsync(CareHubServer server)
    {
        using var session = server.AnonymousClient();
        using var response = await session.Client.GetAsync(new Uri("/health/ready", UriKind.Relative), Xunit.TestContext.Current.CancellationToken);
        return (response.StatusCode, await response.Content.ReadAsStringAsync(Xunit.TestContext.Current.CancellationToken));
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
