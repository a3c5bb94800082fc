using CareHub.Data;
using CareHub.Data.Access;
using CareHub.Data.Seeding;
using CareHub.Web.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace CareHub.Web.Composition;

public static class DataComposition
{
    /// <summary>
    /// The database: settings checked now (a bad one stops start-up naming the setting), one options object
    /// for the app, a context factory per circuit/request bound to the user's <see cref="AccessScope"/>, the
    /// start-up migration and demo data, and the readiness check.
    /// </summary>
    public static WebApplicationBuilder AddCareHubData(this WebApplicationBuilder builder)
    {
        var config = builder.Configuration;
        var settings = ReadDatabaseSettings(config, builder.Environment);
        RefuseSqliteInProduction(settings, config, builder.Environment);

        var demoData = ReadDemoData(config, builder.Environment);
        demoData.Validate();

        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton(settings);
        builder.Services.AddSingleton(demoData);
        builder.Services.AddSingleton(sp => CareHubDbContextFactory.BuildOptions(settings, sp.GetRequiredService<TimeProvider>()));
        builder.Services.AddScoped<CurrentUser>();
        builder.Services.AddScoped<IAccessScopeProvider>(sp => sp.GetRequiredService<CurrentUser>());
        builder.Services.AddScoped<IDbContextFactory<CareHubDbContext>, CareHubDbContextFactory>();
        builder.Services.AddHostedService<DatabaseInitializer>();
        builder.Services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database", tags: ["ready"]);
        return builder;
    }

    /// <summary>The database the app is configured for (also what <c>verify-audit</c> checks by default).</summary>
    internal static DatabaseSettings ReadDatabaseSettings(IConfiguration config, IHostEnvironment environment)
    {
        var dataFolder = Path.GetFullPath(config["Database:DataFolder"] is { Length: > 0 } folder ? folder : "App_Data",
            environment.ContentRootPath);
        return DatabaseSettings.Parse(config["Database:Provider"], config.GetConnectionString("CareHub"), dataFolder);
    }

    /// <summary>
    /// Production runs several instances on Azure SQL: one SQLite file cannot serve them (ADR 0003). A single-instance
    /// trial may still say so with <c>Database:AllowSqliteInProduction=true</c>.
    /// </summary>
    private static void RefuseSqliteInProduction(DatabaseSettings settings, IConfiguration config, IHostEnvironment environment)
    {
        if (!environment.IsProduction() || settings.Provider != DatabaseProvider.Sqlite)
            return;
        var allow = config["Database:AllowSqliteInProduction"];
        if (allow is not null && ParseBool(allow, "Database:AllowSqliteInProduction"))
            return;
        throw new CareHubConfigurationException(
            "Database:Provider is Sqlite in Production, where instances must share one database: set Database:Provider=SqlServer with " +
            "ConnectionStrings:CareHub (Azure SQL), or Database:AllowSqliteInProduction=true for a single-instance trial.");
    }

    private static DemoDataOptions ReadDemoData(IConfiguration config, IHostEnvironment environment)
    {
        var section = config.GetSection("DemoData");
        var patients = section["Patients"];
        var enabled = section["Enabled"];
        // Synthetic patients must never sit beside real ones.
        if (enabled is not null && environment.IsProduction() && ParseBool(enabled, "DemoData:Enabled"))
        {
            throw new CareHubConfigurationException(
                "DemoData:Enabled is true in Production, where synthetic patients would sit beside real ones: remove the setting or set it to false.");
        }
        return new DemoDataOptions
        {
            Enabled = enabled is null ? environment.IsDevelopment() || environment.IsEnvironment("Testing") : ParseBool(enabled, "DemoData:Enabled"),
            Patients = patients is null ? 2_000 : int.TryParse(patients, out var n) ? n
                : throw new CareHubConfigurationException($"DemoData:Patients is '{patients}'; it must be a whole number such as 2000."),
        };
    }

    internal static bool ParseBool(string value, string key) =>
        bool.TryParse(value, out var parsed) ? parsed
            : throw new CareHubConfigurationException($"{key} is '{value}'; it must be true or false.");
}

/// <summary>Migrates (SQLite) and seeds before the app takes requests, so the first page already has data.</summary>
internal sealed class DatabaseInitializer(DbContextOptions<CareHubDbContext> options, DemoDataOptions demoData, TimeProvider clock,
    ILogger<DatabaseInitializer> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) =>
        CareHubDatabase.InitializeAsync(options, demoData, clock, new Progress<string>(m => logger.LogInformation("{Progress}", m)), cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

/// <summary>Ready when the database answers.</summary>
internal sealed class DatabaseHealthCheck(DbContextOptions<CareHubDbContext> options) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        await using var db = new CareHubDbContext(options, AccessScope.System("health"));
        return await db.Database.CanConnectAsync(cancellationToken)
            ? HealthCheckResult.Healthy()
            : HealthCheckResult.Unhealthy("The database does not answer.");
    }
}
