namespace CareHub.Web.Features.Patients;

/// <summary>The Patients feature's entry point: what other features and the composition may use.</summary>
public static class PatientsFeature
{
    public static IServiceCollection AddPatientsFeature(this IServiceCollection services) =>
        services.AddScoped<PatientsService>();
}
