using CareHub.Web.Components;
using CareHub.Web.Features.CarePlans;
using CareHub.Web.Features.Census;
using CareHub.Web.Features.Referrals;
using CareHub.Web.Security;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;

namespace CareHub.Web.Composition;

public static class PipelineComposition
{
    public static WebApplication UseCareHubPipeline(this WebApplication app)
    {
        app.UseMiddleware<SecurityHeadersMiddleware>();
        if (!app.Environment.IsDevelopment() && !app.Environment.IsEnvironment("Testing"))
        {
            app.UseExceptionHandler("/error", createScopeForErrors: true);
            app.UseHsts();
            app.UseHttpsRedirection();
        }
        app.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true);
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseMiddleware<HttpUserMiddleware>();
        app.UseAntiforgery();
        return app;
    }

    public static WebApplication MapCareHubEndpoints(this WebApplication app)
    {
        app.MapStaticAssets().AllowAnonymous();
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false }).AllowAnonymous();
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains("ready") }).AllowAnonymous();

        var mode = app.Services.GetRequiredService<SignInMode>();
        if (mode.DevelopmentSignIn)
            app.MapDevelopmentSignIn();
        app.MapCareHubSignOut(mode.EntraId);
        app.MapCareHubRealtime();
        app.MapCarePlansFeature();
        app.MapReferralFhirExport();
        app.MapCensusFeature();

        app.MapRazorComponents<App>()
            .AddInteractiveServerRenderMode();
        return app;
    }
}
