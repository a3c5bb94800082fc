using System.Globalization;
using CareHub.Data;
using CareHub.Web.Realtime;
using Microsoft.AspNetCore.Components.Server.Circuits;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CareHub.Web.Composition;

public static class RealtimeComposition
{
    /// <summary>
    /// The realtime bus (in process), presence with its sweeper and circuit handler, and the SignalR hub for outside
    /// clients with its access check, user filter and relay (docs/adr/0007).
    /// </summary>
    public static WebApplicationBuilder AddCareHubRealtime(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(ReadPresenceOptions(builder.Configuration));
        services.AddSingleton<IRealtimeBus, InProcessRealtimeBus>();
        services.AddSingleton<IPresenceService, InMemoryPresenceService>();
        services.AddHostedService<PresenceSweeper>();

        services.AddScoped<CircuitContext>();
        services.AddScoped<CircuitPresence>();
        services.AddScoped<CircuitHandler, PresenceCircuitHandler>();

        services.AddScoped<TopicAccess>();
        // The filter is on this hub only: Blazor's own circuit hub does not need a CurrentUser per message.
        services.AddSignalR().AddHubOptions<CareHubHub>(o => o.AddFilter<CurrentUserHubFilter>());
        services.AddHostedService<HubRelay>();
        return builder;
    }

    public static WebApplication MapCareHubRealtime(this WebApplication app)
    {
        app.MapHub<CareHubHub>(CareHubHub.Path);
        return app;
    }

    internal static PresenceOptions ReadPresenceOptions(IConfiguration config)
    {
        var defaults = new PresenceOptions();
        var options = new PresenceOptions
        {
            TimeToLive = ReadDuration(config, "Realtime:Presence:TimeToLive", defaults.TimeToLive),
            HeartbeatInterval = ReadDuration(config, "Realtime:Presence:HeartbeatInterval", defaults.HeartbeatInterval),
            SweepInterval = ReadDuration(config, "Realtime:Presence:SweepInterval", defaults.SweepInterval),
        };
        if (options.HeartbeatInterval >= options.TimeToLive)
        {
            throw new CareHubConfigurationException(
                $"Realtime:Presence:HeartbeatInterval ({options.HeartbeatInterval}) must be shorter than Realtime:Presence:TimeToLive " +
                $"({options.TimeToLive}), or everybody's presence expires between heartbeats.");
        }
        return options;
    }

    private static TimeSpan ReadDuration(IConfiguration config, string key, TimeSpan fallback)
    {
        var value = config[key];
        if (string.IsNullOrWhiteSpace(value))
            return fallback;
        return TimeSpan.TryParse(value, CultureInfo.InvariantCulture, out var parsed) && parsed > TimeSpan.Zero
            ? parsed
            : throw new CareHubConfigurationException($"{key} is '{value}'; it must be a positive duration such as 00:00:30.");
    }
}
