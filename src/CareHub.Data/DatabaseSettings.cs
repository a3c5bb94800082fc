using Microsoft.Data.SqlClient;
using Microsoft.Data.Sqlite;

namespace CareHub.Data;

public enum DatabaseProvider
{
    Sqlite,
    SqlServer,
}

/// <summary>A configuration setting is missing or wrong; the message names the setting and what to write.</summary>
public sealed class CareHubConfigurationException : Exception
{
    public CareHubConfigurationException(string message) : base(message) { }

    public CareHubConfigurationException() { }

    public CareHubConfigurationException(string message, Exception innerException) : base(message, innerException) { }
}

/// <summary>
/// The database settings, checked once at start-up: <c>Database:Provider</c> (Sqlite, the embedded default,
/// or SqlServer), <c>ConnectionStrings:CareHub</c> and, for SQLite without a connection string,
/// <c>Database:DataFolder</c> (the file is carehub.db there).
/// </summary>
public sealed record DatabaseSettings(DatabaseProvider Provider, string ConnectionString)
{
    public const string MigrationsAssemblySqlite = "CareHub.Data.Migrations.Sqlite";
    public const string MigrationsAssemblySqlServer = "CareHub.Data.Migrations.SqlServer";

    public static DatabaseSettings Parse(string? provider, string? connectionString, string dataFolder)
    {
        var parsedProvider = ParseProvider(provider);
        if (parsedProvider == DatabaseProvider.SqlServer)
        {
            if (string.IsNullOrWhiteSpace(connectionString))
                throw new CareHubConfigurationException(
                    "ConnectionStrings:CareHub is required when Database:Provider is SqlServer.");
            return new(parsedProvider, CheckSqlServer(connectionString));
        }

        if (string.IsNullOrWhiteSpace(connectionString))
        {
            Directory.CreateDirectory(dataFolder);
            connectionString = new SqliteConnectionStringBuilder { DataSource = Path.Combine(dataFolder, "carehub.db") }.ToString();
        }
        return new(parsedProvider, CheckSqlite(connectionString));
    }

    private static DatabaseProvider ParseProvider(string? provider)
    {
        if (string.IsNullOrWhiteSpace(provider))
            return DatabaseProvider.Sqlite;
        // By name only: Enum.TryParse would also take "1" or "Sqlite,SqlServer" (and turn them into SqlServer).
        foreach (var known in Enum.GetValues<DatabaseProvider>())
        {
            if (string.Equals(known.ToString(), provider.Trim(), StringComparison.OrdinalIgnoreCase))
                return known;
        }
        throw new CareHubConfigurationException(
            $"Database:Provider is '{provider}', which CareHub does not know. Use Sqlite (the embedded default) or SqlServer.");
    }

    private static string CheckSqlite(string connectionString)
    {
        try
        {
            var builder = new SqliteConnectionStringBuilder(connectionString);
            if (string.IsNullOrWhiteSpace(builder.DataSource))
                throw new CareHubConfigurationException("ConnectionStrings:CareHub has no Data Source: name the SQLite file, e.g. Data Source=App_Data/carehub.db.");
            return builder.ToString();
        }
        catch (Exception e) when (e is ArgumentException or FormatException or KeyNotFoundException)
        {
            throw new CareHubConfigurationException(
                $"ConnectionStrings:CareHub is not a valid SQLite connection string ({e.Message}). Example: Data Source=App_Data/carehub.db", e);
        }
    }

    private static string CheckSqlServer(string connectionString)
    {
        try
        {
            var builder = new SqlConnectionStringBuilder(connectionString);
            if (string.IsNullOrWhiteSpace(builder.DataSource))
                throw new CareHubConfigurationException("ConnectionStrings:CareHub has no Server: name the SQL Server, e.g. Server=tcp:carehub.database.windows.net;Database=carehub;Authentication=Active Directory Default.");
            return builder.ConnectionString;
        }
        catch (Exception e) when (e is ArgumentException or FormatException or KeyNotFoundException or InvalidOperationException)
        {
            throw new CareHubConfigurationException(
                $"ConnectionStrings:CareHub is not a valid SQL Server connection string ({e.Message}).", e);
        }
    }
}
