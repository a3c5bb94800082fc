using CareHub.Data.Access;
using CareHub.Data.Auditing;
using CareHub.Data.Telemetry;
using Microsoft.EntityFrameworkCore;

namespace CareHub.Data;

/// <summary>
/// Creates one <see cref="CareHubDbContext"/> per operation for the scope of whoever asks (per circuit, per
/// hub call, per request). Effects and services take this factory, never a context.
/// </summary>
public sealed class CareHubDbContextFactory(DbContextOptions<CareHubDbContext> options, IAccessScopeProvider scopes)
    : IDbContextFactory<CareHubDbContext>
{
    public CareHubDbContext CreateDbContext() => new(options, scopes.Current);

    /// <summary>Builds the options for the configured provider, with versioning and audit in every SaveChanges.</summary>
    public static DbContextOptions<CareHubDbContext> BuildOptions(DatabaseSettings settings, TimeProvider clock)
    {
        var builder = new DbContextOptionsBuilder<CareHubDbContext>();
        UseConfiguredDatabase(builder, settings);
        builder.AddInterceptors(new VersionAndAuditInterceptor(clock), DbCommandTelemetry.Instance);
        return builder.Options;
    }

    /// <summary>
    /// Points a context at CareHub's database: the provider, the connection and, on SQL Server (Azure SQL), retry on
    /// transient faults. With retry on, a unit of work that opens its own transaction must run inside
    /// <c>Database.CreateExecutionStrategy().ExecuteAsync(...)</c> so that a retry repeats it whole. SQLite keeps EF's
    /// default, non-retrying strategy. Also used by contexts that share the database but not the model (the web app's
    /// data protection keys).
    /// </summary>
    public static DbContextOptionsBuilder UseConfiguredDatabase(DbContextOptionsBuilder builder, DatabaseSettings settings)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(settings);
        return settings.Provider switch
        {
            DatabaseProvider.SqlServer => builder.UseSqlServer(settings.ConnectionString, sql => sql
                .MigrationsAssembly(DatabaseSettings.MigrationsAssemblySqlServer)
                .EnableRetryOnFailure(maxRetryCount: 6, maxRetryDelay: TimeSpan.FromSeconds(10), errorNumbersToAdd: null)),
            _ => builder.UseSqlite(settings.ConnectionString, sqlite => sqlite
                .MigrationsAssembly(DatabaseSettings.MigrationsAssemblySqlite)),
        };
    }
}

/// <summary>What <c>dotnet ef</c> builds the context with, in each migrations project (no database is opened).</summary>
public static class DesignTimeContexts
{
    public static CareHubDbContext Create(DatabaseProvider provider)
    {
        var settings = provider == DatabaseProvider.SqlServer
            ? DatabaseSettings.Parse("SqlServer", "Server=design-time;Database=carehub;Integrated Security=True", Path.GetTempPath())
            : DatabaseSettings.Parse("Sqlite", "Data Source=design-time.db", Path.GetTempPath());
        return new CareHubDbContext(CareHubDbContextFactory.BuildOptions(settings, TimeProvider.System), AccessScope.System("dotnet-ef"));
    }
}
