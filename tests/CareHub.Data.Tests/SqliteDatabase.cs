using CareHub.Data.Access;
using CareHub.Data.Seeding;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace CareHub.Data.Tests;

/// <summary>
/// A real SQLite file in the temp folder, migrated the way the app migrates it on start, and deleted with its
/// WAL files when disposed. Use it per test, or as a class fixture with fresh ids in each test.
/// </summary>
public sealed class SqliteDatabase : IAsyncLifetime
{
    private readonly DemoDataOptions _demoData;

    public SqliteDatabase() : this(new DemoDataOptions { Enabled = false }, TimeProvider.System)
    {
    }

    private SqliteDatabase(DemoDataOptions demoData, TimeProvider clock)
    {
        _demoData = demoData;
        Clock = clock;
        FilePath = Path.Combine(Path.GetTempPath(), $"carehub-test-{Guid.NewGuid():N}.db");
        var settings = DatabaseSettings.Parse("Sqlite", $"Data Source={FilePath}", Path.GetTempPath());
        ConnectionString = settings.ConnectionString;
        Options = CareHubDbContextFactory.BuildOptions(settings, clock);
    }

    public TimeProvider Clock { get; }

    public string FilePath { get; }

    public string ConnectionString { get; }

    public DbContextOptions<CareHubDbContext> Options { get; }

    /// <summary>A migrated database, seeded with demo data when <paramref name="demoData"/> is enabled.</summary>
    public static async Task<SqliteDatabase> CreateAsync(DemoDataOptions? demoData = null, TimeProvider? clock = null)
    {
        var database = new SqliteDatabase(demoData ?? new DemoDataOptions { Enabled = false }, clock ?? TimeProvider.System);
        await database.InitializeAsync();
        return database;
    }

    public async ValueTask InitializeAsync() =>
        await CareHubDatabase.InitializeAsync(Options, _demoData, Clock, progress: null, TestContext.Current.CancellationToken);

    public CareHubDbContext Context(AccessScope scope) => new(Options, scope);

    public CareHubDbContext SystemContext() => Context(AccessScope.System("tests"));

    /// <summary>A context for a signed-in user of the given teams.</summary>
    public CareHubDbContext UserContext(string userId, params Guid[] teamIds) =>
        Context(new AccessScope(userId, teamIds, $"circuit-{userId}"));

    public ValueTask DisposeAsync()
    {
        // Pooled connections keep the file open; close them before deleting it.
        using (var connection = new SqliteConnection(ConnectionString))
            SqliteConnection.ClearPool(connection);
        foreach (var suffix in new[] { "", "-wal", "-shm" })
            File.Delete(FilePath + suffix);
        return ValueTask.CompletedTask;
    }
}
