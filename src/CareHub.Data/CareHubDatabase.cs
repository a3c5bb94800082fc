using CareHub.Data.Access;
using CareHub.Data.Seeding;
using Microsoft.EntityFrameworkCore;

namespace CareHub.Data;

/// <summary>Brings the database to the current model on start, and fills an empty one with demo data when asked.</summary>
public static class CareHubDatabase
{
    public static async Task InitializeAsync(DbContextOptions<CareHubDbContext> options, DemoDataOptions demoData, TimeProvider clock,
        IProgress<string>? progress, CancellationToken cancellationToken)
    {
        await using (var db = new CareHubDbContext(options, AccessScope.System("start-up")))
        {
            if (db.Database.IsSqlite())
            {
                // SQLite migrates at start (it cannot run an idempotent script); WAL lets readers run beside a writer.
                await db.Database.MigrateAsync(cancellationToken);
                await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
            }
            else if ((await db.Database.GetPendingMigrationsAsync(cancellationToken)).Any())
            {
                throw new CareHubConfigurationException(
                    "The SQL Server database is behind the model: apply the idempotent migration script first (dotnet ef migrations script --idempotent, see docs/adr/0003).");
            }

            if (!demoData.Enabled || await db.Facilities.AnyAsync(cancellationToken))
                return;
        }

        var seeder = new DemoDataSeeder(() => new CareHubDbContext(options, AccessScope.DemoDataLoad()), clock);
        await seeder.SeedAsync(demoData, progress, cancellationToken);
    }
}
