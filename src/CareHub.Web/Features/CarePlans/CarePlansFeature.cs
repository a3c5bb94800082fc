namespace CareHub.Web.Features.CarePlans;

/// <summary>The care-plan feature's entry point: what other features and the composition may use.</summary>
public static class CarePlansFeature
{
    public static IServiceCollection AddCarePlansFeature(this IServiceCollection services) =>
        services.AddScoped<CarePlanService>();
}
