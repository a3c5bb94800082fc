namespace CareHub.Web.Features.Census;

/// <summary>The census feature's entry point: the ADT feed (MLLP listener, HTTP endpoint, processor) and the census board.</summary>
public static class CensusFeature
{
    /// <summary>Reads and checks the "Census" section (a bad value stops start-up naming the setting) and registers the feed and the board.</summary>
    public static IServiceCollection AddCensusFeature(this IServiceCollection services, IConfiguration configuration)
    {
        var options = CensusOptions.Read(configuration);
        services.AddSingleton(options);
        services.AddSingleton<AdtApplication>();
        services.AddSingleton<AdtProcessor>();
        services.AddScoped<CensusService>();
        services.AddScoped<AdtFeedService>();
        services.AddScoped<ICensusReader>(sp => sp.GetRequiredService<CensusService>());
        services.AddSingleton(sp => new CensusClock(sp.GetRequiredService<Calendar.WorkCalendar>().Zone, sp.GetRequiredService<TimeProvider>()));
        if (options.ListenerEnabled)
        {
            services.AddSingleton<MllpListener>();
            services.AddHostedService(sp => sp.GetRequiredService<MllpListener>());
        }
        return services;
    }

    public static IEndpointRouteBuilder MapCensusFeature(this IEndpointRouteBuilder endpoints) => endpoints.MapAdtHttpFeed();
}
