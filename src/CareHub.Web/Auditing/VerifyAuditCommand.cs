using CareHub.Data;
using CareHub.Data.Auditing;
using CareHub.Web.Composition;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace CareHub.Web.Auditing;

/// <summary>
/// <c>CareHub.Web verify-audit [--database FILE] [--expect-head SEQUENCE:HASH]</c>: recomputes the audit hash chain of
/// a database and prints what is wrong, before any web host is built. Without <c>--database</c> it checks the database
/// the app is configured for (appsettings, environment, command line, as the app reads them). Exit code 0: intact;
/// 1: the chain is broken; 2: the command or a setting is wrong.
/// </summary>
public static class VerifyAuditCommand
{
    public const string Name = "verify-audit";

    private const string Usage =
        "Usage: dotnet run --project src/CareHub.Web -- verify-audit [--database FILE.db] [--expect-head SEQUENCE:HASH]";

    public static bool Handles(string[] args) => args is [Name, ..];

    public static async Task<int> RunAsync(string[] args, TextWriter output, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        try
        {
            var (settings, anchor) = Parse(args[1..]);
            var options = CareHubDbContextFactory.BuildOptions(settings, TimeProvider.System);
            await using (var db = new CareHubDbContext(options, Data.Access.AccessScope.System(Name)))
            {
                if ((await db.Database.GetPendingMigrationsAsync(cancellationToken)).Any())
                    throw new CareHubConfigurationException(
                        "The database is behind this version of CareHub, so it has no audit chain to check yet: start CareHub once (SQLite) or apply the migration script (SQL Server).");
            }
            var report = await new AuditChainVerifier(options).VerifyAsync(anchor, cancellationToken);
            await output.WriteAsync(report.Describe());
            return report.IsIntact ? 0 : 1;
        }
        catch (CareHubConfigurationException e)
        {
            await output.WriteLineAsync($"verify-audit: {e.Message}");
            await output.WriteLineAsync(Usage);
            return 2;
        }
    }

    private static (DatabaseSettings Settings, AuditChainAnchor? Anchor) Parse(string[] args)
    {
        string? database = null;
        AuditChainAnchor? anchor = null;
        var rest = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--database" when i + 1 < args.Length:
                    database = args[++i];
                    break;
                case "--expect-head" when i + 1 < args.Length:
                    anchor = AuditChainAnchor.Parse(args[++i]);
                    break;
                case "--database" or "--expect-head":
                    throw new CareHubConfigurationException($"{args[i]} needs a value.");
                default:
                    // Anything else is configuration, as for the app (e.g. --Database:Provider SqlServer).
                    if (!args[i].StartsWith("--", StringComparison.Ordinal) || !args[i].Contains(':', StringComparison.Ordinal))
                        throw new CareHubConfigurationException($"'{args[i]}' is not an option of verify-audit.");
                    rest.Add(args[i]);
                    if (!args[i].Contains('=', StringComparison.Ordinal) && i + 1 < args.Length)
                        rest.Add(args[++i]);
                    break;
            }
        }

        if (database is not null)
        {
            var file = Path.GetFullPath(database);
            if (!File.Exists(file))
                throw new CareHubConfigurationException($"There is no database file at {file}.");
            return (DatabaseSettings.Parse("Sqlite", new SqliteConnectionStringBuilder { DataSource = file }.ToString(), Path.GetTempPath()), anchor);
        }

        var builder = WebApplication.CreateBuilder([.. rest]);
        var settings = DataComposition.ReadDatabaseSettings(builder.Configuration, builder.Environment);
        if (settings.Provider == DatabaseProvider.Sqlite
            && new SqliteConnectionStringBuilder(settings.ConnectionString).DataSource is var path && !File.Exists(path))
            throw new CareHubConfigurationException($"There is no database file at {path}: name one with --database.");
        return (settings, anchor);
    }
}
