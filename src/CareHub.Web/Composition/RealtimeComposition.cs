using System.Globalization;
using CareHub.Data;
using CareHub.Web.Realtime;
using Microsoft.AspNetCore.Components.Server.Circuits;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.DependencyInjection.Extensions;
using StackExchange.Redis;

namespace CareHub.Web.Composition;

public static class RealtimeComposition
{
    /// <summary>The channel prefix of the SignalR backplane in Redis (the bus uses <c>carehub:events</c>, presence <c>carehub:presence:*</c>).</summary>
    public const string SignalRChannelPrefix = "carehub:signalr";

    /// <summary>
    /// The realtime bus, presence with its sweeper and circuit handlers, and the SignalR hub for outside clients with its
    /// access check, user filter and relay (docs/adr/0007). In memory on one instance; across instances through Redis
    /// when <c>ConnectionStrings:Redis</c> is set: the bus, presence, the hub's backplane and a readiness check
    /// (docs/adr/0012). A malformed connection string stops start-up; an unreachable Redis does not.
    /// </summary>
    public static WebApplicationBuilder AddCareHubRealtime(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        var redis = ReadRedisOptions(builder.Configuration);
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(ReadPresenceOptions(builder.Configuration));
        services.AddSingleton(ReadHubGuardOptions(builder.Configuration));
        services.AddSingleton<HubGuardFilter>();
        // On this hub only: Blazor's own circuit hub keeps SignalR's defaults and needs no CurrentUser per message.
        // The guard comes first, so a refused call or connection runs nothing else.
        var signalR = services.AddSignalR().AddHubOptions<CareHubHub>(o =>
        {
            o.MaximumReceiveMessageSize = HubGuardOptions.MaximumReceiveMessageSize;
            o.AddFilter<HubGuardFilter>();
            o.AddFilter<CurrentUserHubFilter>();
        });
        if (redis is null)
        {
            services.AddSingleton<IRealtimeLink, AlwaysLiveLink>();
            services.AddSingleton<IRealtimeBus, InProcessRealtimeBus>();
            services.AddSingleton<IPresenceService, InMemoryPresenceService>();
        }
        else
        {
            // Started in this order (hosted services start in registration order): the link, then the bus's subscription.
            services.AddSingleton(sp => new RedisLink(redis, sp.GetRequiredService<ILogger<RedisLink>>()));
            services.AddSingleton<IRealtimeLink>(sp => sp.GetRequiredService<RedisLink>());
            services.AddHostedService(sp => sp.GetRequiredService<RedisLink>());
            services.AddSingleton<RedisRealtimeBus>();
            services.AddSingleton<IRealtimeBus>(sp => sp.GetRequiredService<RedisRealtimeBus>());
            services.AddHostedService(sp => sp.GetRequiredService<RedisRealtimeBus>());
            services.AddSingleton<IPresenceService, RedisPresenceService>();
            // Circuits are sticky and need no backplane; the hub's outside clients may sit on any instance.
            signalR.AddStackExchangeRedis(o =>
            {
                o.Configuration = RedisLink.ForCareHub(redis);
                o.Configuration.ChannelPrefix = RedisChannel.Literal(SignalRChannelPrefix);
            });
            services.AddHealthChecks().AddCheck<RedisHealthCheck>(RedisHealthCheck.Name, tags: ["ready"]);
        }
        services.AddHostedService<PresenceSweeper>();

        services.AddScoped<CircuitContext>();
        services.AddScoped<CircuitPresence>();
        services.AddScoped<CircuitHandler, PresenceCircuitHandler>();
        services.AddScoped<CircuitHandler, RealtimeLinkCircuitHandler>();

        services.AddScoped<TopicAccess>();
        services.AddHostedService<HubRelay>();
        services.AddSingleton<HubFollowers>();
        services.AddSingleton<HubAccessSweeper>();
        services.AddHostedService(sp => sp.GetRequiredService<HubAccessSweeper>());
        return builder;
    }

    /// <summary>
    /// <c>ConnectionStrings:Redis</c>: null when absent (one instance, in memory); otherwise parsed now, so that a
    /// malformed value stops start-up naming the setting (never echoing it: it may hold a password).
    /// </summary>
    internal static ConfigurationOptions? ReadRedisOptions(IConfiguration config)
    {
        var value = config.GetConnectionString("Redis");
        if (string.IsNullOrWhiteSpace(value))
            return null;
        const string expected = "ConnectionStrings:Redis is not a valid Redis connection string; it must look like " +
            "'redis.example.org:6380,password=...,ssl=true' (the value is not shown: it may hold a password)";
        ConfigurationOptions options;
        try
        {
            options = ConfigurationOptions.Parse(value);
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException or NotSupportedException)
        {
            throw new CareHubConfigurationException($"{expected}. {ex.Message}");
        }
        if (options.EndPoints.Count == 0)
            throw new CareHubConfigurationException($"{expected}: it names no server.");
        return RedisLink.ForCareHub(options);
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

    /// <summary>Realtime:Hub:CallsPerSecond, :Burst and :MaxConnectionsPerUser: whole numbers of at least 1, Burst at least CallsPerSecond.</summary>
    internal static HubGuardOptions ReadHubGuardOptions(IConfiguration config)
    {
        var defaults = new HubGuardOptions();
        var options = new HubGuardOptions
        {
            CallsPerSecond = ReadCount(config, "Realtime:Hub:CallsPerSecond", defaults.CallsPerSecond),
            Burst = ReadCount(config, "Realtime:Hub:Burst", defaults.Burst),
            MaxConnectionsPerUser = ReadCount(config, "Realtime:Hub:MaxConnectionsPerUser", defaults.MaxConnectionsPerUser),
        };
        if (options.Burst < options.CallsPerSecond)
        {
            throw new CareHubConfigurationException(
                $"Realtime:Hub:Burst ({options.Burst}) must be at least Realtime:Hub:CallsPerSecond ({options.CallsPerSecond}), " +
                "or a user never gets the calls per second the setting promises.");
        }
        return options;
    }

    private static int ReadCount(IConfiguration config, string key, int fallback)
    {
        const int most = 100_000;
        var value = config[key];
        if (string.IsNullOrWhiteSpace(value))
            return fallback;
        return int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) && parsed is >= 1 and <= most
            ? parsed
            : throw new CareHubConfigurationException($"{key} is '{value}'; it must be a whole number from 1 to {most}.");
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
