using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace CareHub.Data.Tests.Migrations;

/// <summary>Both migration sets stay in step with the model (docs/adr/0003).</summary>
public class MigrationsTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.SqlServer)]
    public void The_migrations_of_each_provider_are_in_step_with_the_model(DatabaseProvider provider)
    {
        using var db = DesignTimeContexts.Create(provider);

        db.Database.HasPendingModelChanges().ShouldBeFalse(
            $"the model has changed since the last {provider} migration: run ./scripts/add-migration.sh NAME");
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite, DatabaseSettings.MigrationsAssemblySqlite)]
    [InlineData(DatabaseProvider.SqlServer, DatabaseSettings.MigrationsAssemblySqlServer)]
    public void Each_provider_has_its_own_migrations(DatabaseProvider provider, string assembly)
    {
        using var db = DesignTimeContexts.Create(provider);

        db.Database.GetMigrations().ShouldNotBeEmpty();
        db.GetService<IMigrationsAssembly>().Assembly.GetName().Name.ShouldBe(assembly);
    }

    [Fact]
    public void Both_migration_sets_hold_the_same_migrations_in_the_same_order()
    {
        using var sqlite = DesignTimeContexts.Create(DatabaseProvider.Sqlite);
        using var sqlServer = DesignTimeContexts.Create(DatabaseProvider.SqlServer);

        // Ids are "<timestamp>_<Name>"; the two sets are generated a few seconds apart.
        static string[] Names(DbContext db) => [.. db.Database.GetMigrations().Select(id => id[(id.IndexOf('_', StringComparison.Ordinal) + 1)..])];

        Names(sqlServer).ShouldBe(Names(sqlite));
    }

    [Fact]
    public void The_SQL_Server_idempotent_script_is_generated_and_kept_for_CI()
    {
        using var db = DesignTimeContexts.Create(DatabaseProvider.SqlServer);

        var script = db.GetService<IMigrator>().GenerateScript(options: MigrationsSqlGenerationOptions.Idempotent);

        script.ShouldContain("IF NOT EXISTS");
        script.ShouldContain("CREATE TABLE [Patients]");
        script.ShouldContain("CREATE TRIGGER [AuditEvents_AppendOnly]");
        script.ShouldContain("CREATE TABLE [AuditEvents]");
        foreach (var migration in db.Database.GetMigrations())
            script.ShouldContain($"N'{migration}'");

        var artifacts = Path.Combine(RepositoryRoot(), "artifacts");
        Directory.CreateDirectory(artifacts);
        var path = Path.Combine(artifacts, "sqlserver-idempotent.sql");
        File.WriteAllText(path, script);
        File.ReadAllText(path).ShouldBe(script);
    }

    [Fact]
    public async Task Migrating_an_empty_SQLite_file_creates_every_table_of_the_model()
    {
        await using var database = await SqliteDatabase.CreateAsync();
        await using var db = database.SystemContext();

        var expected = db.Model.GetEntityTypes().Select(e => e.GetTableName()!).Distinct().ToList();
        var tables = await db.Database.SqlQueryRaw<string>("SELECT name AS Value FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
            .ToListAsync(Token);

        // EF Core's own bookkeeping tables (history, lock) start with __EF.
        tables.Where(t => !t.StartsWith("__EF", StringComparison.Ordinal)).ShouldBe(expected, ignoreOrder: true);
        tables.ShouldContain("__EFMigrationsHistory");
        (await db.Database.GetPendingMigrationsAsync(Token)).ShouldBeEmpty();
        (await db.Database.GetAppliedMigrationsAsync(Token)).ShouldBe(db.Database.GetMigrations());
    }

    [Fact]
    public async Task The_patient_search_prefixes_use_the_NOCASE_indexes_that_live_outside_the_model()
    {
        // Raw SQL in the PatientSearchNoCaseIndexes migration: a later rebuild of Patients would drop them silently.
        await using var database = await SqliteDatabase.CreateAsync();
        await using var connection = new SqliteConnection(database.ConnectionString);
        await connection.OpenAsync(Token);

        await using var explain = connection.CreateCommand();
        explain.CommandText = "EXPLAIN QUERY PLAN SELECT COUNT(*) FROM \"Patients\" WHERE \"SortName\" LIKE $p ESCAPE '\\' OR \"GivenName\" LIKE $p ESCAPE '\\' OR \"Mrn\" LIKE $m ESCAPE '\\'";
        explain.Parameters.AddWithValue("$p", "gar%");
        explain.Parameters.AddWithValue("$m", "123%");
        var plan = new List<string>();
        await using (var reader = await explain.ExecuteReaderAsync(Token))
        {
            while (await reader.ReadAsync(Token))
                plan.Add(reader.GetString(3));
        }

        var text = string.Join(" / ", plan);
        text.ShouldContain("IX_Patients_SortName_NoCase");
        text.ShouldContain("IX_Patients_GivenName_NoCase");
        text.ShouldContain("IX_Patients_Mrn_NoCase");
        text.ShouldNotContain("SCAN");
    }

    [Fact]
    public async Task Migrating_twice_is_harmless()
    {
        await using var database = await SqliteDatabase.CreateAsync();

        await database.InitializeAsync();

        await using var db = database.SystemContext();
        (await db.Database.GetPendingMigrationsAsync(Token)).ShouldBeEmpty();
    }

    [Fact]
    public async Task The_SQLite_database_runs_in_WAL_mode_so_readers_run_beside_a_writer()
    {
        await using var database = await SqliteDatabase.CreateAsync();
        await using var connection = new SqliteConnection(database.ConnectionString);
        await connection.OpenAsync(Token);
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode;";

        (await command.ExecuteScalarAsync(Token)).ShouldBe("wal");
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "CareHub.sln")))
                return dir.FullName;
        }
        throw new DirectoryNotFoundException($"No CareHub.sln above {AppContext.BaseDirectory}.");
    }
}
