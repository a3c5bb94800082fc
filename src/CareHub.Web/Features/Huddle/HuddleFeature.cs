namespace CareHub.Web.Features.Huddle;

/// <summary>The Huddle feature's entry point: what other features and the composition may use.</summary>
public static class HuddleFeature
{
    public static IServiceCollection AddHuddleFeature(this IServiceCollection services) =>
        services.AddScoped<HuddleService>()
            .AddSingleton<HuddleBoardSnapshots>();
}
