namespace CareHub.Web.Features.EmergencyAccess;

/// <summary>The EmergencyAccess feature's entry point: what other features and the composition may use.</summary>
public static class EmergencyAccessFeature
{
    public const string RequestPath = "/emergency-access";
    public const string ReviewsPath = "/emergency-access/reviews";

    public static IServiceCollection AddEmergencyAccessFeature(this IServiceCollection services) =>
        services.AddScoped<EmergencyAccessService>();
}
