using CareHub.Data;
using CareHub.Flux;
using CareHub.Web.Features.CarePlans;
using CareHub.Web.Features.Census;
using CareHub.Web.Features.EmergencyAccess;
using CareHub.Web.Features.Huddle;
using CareHub.Web.Features.Patients;
using CareHub.Web.Features.Referrals;
using CareHub.Web.Features.Tasks;
using MudBlazor.Services;

namespace CareHub.Web.Composition;

public static class UiComposition
{
    /// <summary>Blazor Server (interactive everywhere), MudBlazor, the per-circuit store and the feature services.</summary>
    public static WebApplicationBuilder AddCareHubUi(this WebApplicationBuilder builder)
    {
        // Package assets (blazor.web.js, MudBlazor) come from the build output outside a publish; ASP.NET Core
        // wires that up only in Development, and the Testing environment runs from a build too.
        if (builder.Environment.IsEnvironment("Testing"))
            builder.WebHost.UseStaticWebAssets();
        RefuseDetailedErrorsOutsideDevelopment(builder.Configuration, builder.Environment);
        // Detailed circuit errors (exception text in the browser) only in Development, whatever DetailedErrors says.
        builder.Services.AddRazorComponents()
            .AddInteractiveServerComponents(o => o.DetailedErrors = builder.Environment.IsDevelopment());
        builder.Services.AddMudServices(o =>
        {
            o.SnackbarConfiguration.PositionClass = MudBlazor.Defaults.Classes.Position.BottomRight;
            o.SnackbarConfiguration.PreventDuplicates = true;
        });
        builder.Services.AddFlux(o => o.ScanAssemblies(typeof(UiComposition).Assembly));
        builder.Services.AddPatientsFeature();
        builder.Services.AddHuddleFeature();
        builder.Services.AddCarePlansFeature();
        builder.Services.AddReferralsFeature(builder.Configuration);
        builder.Services.AddCensusFeature(builder.Configuration);
        builder.Services.AddEmergencyAccessFeature();
        builder.Services.AddTasksFeature();
        return builder;
    }

    /// <summary>Exception text in the browser can show patient data: <c>DetailedErrors=true</c> stops start-up outside Development and Testing.</summary>
    private static void RefuseDetailedErrorsOutsideDevelopment(IConfiguration config, IHostEnvironment environment)
    {
        if (environment.IsDevelopment() || environment.IsEnvironment("Testing") || config["DetailedErrors"] is not { } value)
            return;
        if (DataComposition.ParseBool(value, "DetailedErrors"))
        {
            throw new CareHubConfigurationException(
                $"DetailedErrors is true, but the environment is {environment.EnvironmentName}: exception text in the browser can show patient data. Remove the setting or set it to false.");
        }
    }
}
