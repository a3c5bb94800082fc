using CareHub.Data;
using CareHub.Web.Security;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components.Server.Circuits;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Identity.Web;

namespace CareHub.Web.Composition;

/// <summary>How people sign in: Entra ID in production, the development sign-in in Development and Testing only.</summary>
public sealed record SignInMode(bool DevelopmentSignIn)
{
    public bool EntraId => !DevelopmentSignIn;
}

public static class SecurityComposition
{
    public static WebApplicationBuilder AddCareHubSecurity(this WebApplicationBuilder builder)
    {
        var mode = ReadSignInMode(builder.Configuration, builder.Environment);
        builder.Services.AddSingleton(mode);
        builder.AddCareHubDataProtection();

        if (mode.DevelopmentSignIn)
        {
            builder.Services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme)
                .AddCookie(o =>
                {
                    o.LoginPath = DevelopmentSignIn.Path;
                    o.Cookie.Name = "carehub.auth";
                    o.Cookie.HttpOnly = true;
                    o.Cookie.SameSite = SameSiteMode.Lax;
                    o.SlidingExpiration = true;
                    o.ExpireTimeSpan = SignInSessions.CookieLifetime;
                    SignInSessions.Attach(o.Events);
                });
        }
        else
        {
            builder.Services.AddAuthentication(Microsoft.AspNetCore.Authentication.OpenIdConnect.OpenIdConnectDefaults.AuthenticationScheme)
                .AddMicrosoftIdentityWebApp(builder.Configuration.GetSection("AzureAd"));
            // The same sessions as the development sign-in: the idle logoff ends the Entra sign-in's cookie too.
            builder.Services.PostConfigure<CookieAuthenticationOptions>(CookieAuthenticationDefaults.AuthenticationScheme,
                o => SignInSessions.Attach(o.Events));
            builder.Services.AddTransient<IClaimsTransformation, StaffClaimsTransformation>();
        }

        // Everything needs a signed-in user unless it says otherwise (sign-in page, health, static files).
        builder.Services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build());
        builder.Services.AddCascadingAuthenticationState();
        builder.Services.AddScoped<CircuitHandler, CircuitUserHandler>();
        builder.Services.AddSingleton(ReadCircuitLimitOptions(builder.Configuration));
        builder.Services.AddSingleton<CircuitCounter>();
        builder.Services.AddScoped<CircuitAdmission>();
        builder.Services.AddScoped<CircuitHandler, CircuitLimitHandler>();
        builder.Services.AddScoped<UserProfiles>();

        // Issue 9: automatic logoff and membership refresh (docs/security.md).
        builder.Services.AddSingleton(SecurityOptions.Read(builder.Configuration));
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<SignInSessions>();
        builder.Services.AddScoped<IdleMonitor>();
        builder.Services.AddScoped<CircuitHandler, SessionCircuitHandler>();
        return builder;
    }

    /// <summary>Public application name of the key ring: instances that share it (and the database) share cookies.</summary>
    public const string ApplicationName = "CareHub";

    /// <summary>
    /// Data protection keys (sign-in cookies, antiforgery tokens, circuit state) in CareHub's database, shared by every
    /// instance and kept across restarts. Needs <see cref="DataComposition.AddCareHubData"/> first (the database settings).
    /// </summary>
    public static WebApplicationBuilder AddCareHubDataProtection(this WebApplicationBuilder builder)
    {
        builder.Services.AddDbContext<DataProtectionKeysDbContext>((sp, options) =>
            CareHubDbContextFactory.UseConfiguredDatabase(options, sp.GetRequiredService<DatabaseSettings>()));
        builder.Services.AddDataProtection()
            .SetApplicationName(ApplicationName)
            .PersistKeysToDbContext<DataProtectionKeysDbContext>();
        return builder;
    }

    /// <summary><c>Security:MaxCircuitsPerUser</c>: a whole number from 1 to 10,000 (default 20).</summary>
    internal static CircuitLimitOptions ReadCircuitLimitOptions(IConfiguration config)
    {
        const int most = 10_000;
        var value = config[CircuitLimitOptions.Setting];
        if (string.IsNullOrWhiteSpace(value))
            return new CircuitLimitOptions();
        return int.TryParse(value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var parsed) && parsed is >= 1 and <= most
            ? new CircuitLimitOptions { MaxCircuitsPerUser = parsed }
            : throw new CareHubConfigurationException(
                $"{CircuitLimitOptions.Setting} is '{value}'; it must be a whole number from 1 to {most} (how many tabs and windows one person may have open).");
    }

    internal static SignInMode ReadSignInMode(IConfiguration config, IHostEnvironment environment)
    {
        var setting = config["Authentication:DevelopmentSignIn"];
        var developmentAllowed = environment.IsDevelopment() || environment.IsEnvironment("Testing");
        var development = setting is null ? developmentAllowed : DataComposition.ParseBool(setting, "Authentication:DevelopmentSignIn");
        if (development && !developmentAllowed)
        {
            throw new CareHubConfigurationException(
                $"Authentication:DevelopmentSignIn is on, but the environment is {environment.EnvironmentName}. The development sign-in lets anyone pick any user, " +
                "so it runs only in Development or Testing. Turn it off and configure AzureAd (Microsoft Entra ID).");
        }
        if (!development && string.IsNullOrWhiteSpace(config["AzureAd:ClientId"]))
        {
            throw new CareHubConfigurationException(
                "No sign-in is configured: set AzureAd:Instance, AzureAd:TenantId and AzureAd:ClientId (Microsoft Entra ID), " +
                "or, in Development or Testing only, Authentication:DevelopmentSignIn=true.");
        }
        return new SignInMode(development);
    }
}
