extern alias web;
using System.Diagnostics;
using System.Globalization;
using CareHub.Data;
using CareHub.Data.Access;
using CareHub.Data.Seeding;
using CareHub.Domain.Patients;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using web::CareHub.Web.Features.Patients;
using web::CareHub.Web.Realtime;

namespace CareHub.Benchmarks;

/// <summary>
/// Patient search at 50,000 demo patients: a temp SQLite file migrated and seeded by the real seeder, then the real
/// <see cref="PatientsService.SearchAsync"/> (count, page, current stays, audit of the rows shown) for a user of every
/// demo team, over a mix of searches. No baseline is required; the raw SQL of the name-prefix query is reported for context.
/// </summary>
public sealed class SearchScenario : IScenario
{
    public const int Patients = 50_000;
    public const double TargetP50Ms = 5;
    private const int WarmUp = 40;
    private const int Searches = 300;

    public string Key => "search";

    public async Task<IReadOnlyList<Figure>> RunAsync(SuiteOptions options, CancellationToken cancellationToken)
    {
        var file = Path.Combine(Path.GetTempPath(), $"carehub-bench-search-{Guid.NewGuid():N}.db");
        var settings = DatabaseSettings.Parse("Sqlite", $"Data Source={file}", Path.GetTempPath());
        var dbOptions = CareHubDbContextFactory.BuildOptions(settings, TimeProvider.System);
        try
        {
            var seeding = Stopwatch.StartNew();
            await CareHubDatabase.InitializeAsync(dbOptions, new DemoDataOptions { Enabled = true, Patients = Patients }, TimeProvider.System,
                progress: null, cancellationToken);
            seeding.Stop();

            List<Guid> teams;
            List<(string Family, string Given, string Mrn)> sample;
            string table;
            int seeded;
            await using (var db = new CareHubDbContext(dbOptions, AccessScope.System("benchmark")))
            {
                teams = await db.CareTeams.Select(t => t.Id).ToListAsync(cancellationToken);
                seeded = await db.Patients.CountAsync(cancellationToken);
                // Every 500th patient by id: names and MRNs that exist, spread over the alphabet.
                var everyone = await db.Patients.AsNoTracking().OrderBy(p => p.Id).Select(p => new { p.FamilyName, p.GivenName, p.Mrn }).ToListAsync(cancellationToken);
                sample = everyone.Where((_, i) => i % 500 == 0).Select(p => (p.FamilyName, p.GivenName, p.Mrn)).ToList();
                table = db.Model.FindEntityType(typeof(Patient))!.GetTableName()!;
            }

            var scope = new AccessScope("benchmark", teams, "benchmark");
            var service = new PatientsService(new CareHubDbContextFactory(dbOptions, new FixedAccessScopeProvider(scope)),
                new InProcessRealtimeBus(NullLogger<InProcessRealtimeBus>.Instance), TimeProvider.System);

            // The mix: a family-name prefix, "Family, Given", an MRN prefix, the first page (no search), in turn.
            var queries = Enumerable.Range(0, WarmUp + Searches).Select(i =>
            {
                var (family, given, mrn) = sample[i % sample.Count];
                return (i % 4) switch
                {
                    0 => new PatientQuery(family[..Math.Min(3, family.Length)]),
                    1 => new PatientQuery($"{family}, {given}"),
                    2 => new PatientQuery(mrn[..Math.Min(5, mrn.Length)]),
                    _ => new PatientQuery(),
                };
            }).ToList();

            var byKind = new List<double>[4];
            for (var k = 0; k < 4; k++)
                byKind[k] = [];
            var all = new List<double>(Searches);
            long rows = 0, empty = 0;
            for (var i = 0; i < queries.Count; i++)
            {
                var start = Stopwatch.GetTimestamp();
                var page = await service.SearchAsync(queries[i], cancellationToken);
                var ms = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
                if (i < WarmUp)
                    continue;
                all.Add(ms);
                byKind[i % 4].Add(ms);
                rows += page.Rows.Count;
                if (page.Rows.Count == 0)
                    empty++;
            }

            var raw = RawNamePrefix(settings.ConnectionString, table, queries.Where((_, i) => i % 4 == 0).Select(q => q.Search!).ToList());
            var p50 = Percentile(all, 0.50);
            var p99 = Percentile(all, 0.99);
            var valid = seeded == Patients && empty == 0;
            var notes = string.Create(CultureInfo.InvariantCulture,
                $"{seeded} patients seeded in {seeding.Elapsed.TotalSeconds:0.0} s (migration included); {Searches} searches after {WarmUp} warm-up, " +
                $"user of all {teams.Count} demo teams; p50 by kind: family prefix {Percentile(byKind[0], 0.5):0.0} ms, \"Family, Given\" {Percentile(byKind[1], 0.5):0.0} ms, " +
                $"MRN prefix {Percentile(byKind[2], 0.5):0.0} ms, first page {Percentile(byKind[3], 0.5):0.0} ms; {rows} rows returned, {empty} empty pages; " +
                $"raw SQL of the name-prefix search (count + first page of 25, no access filter): p50 {raw.P50Ms:0.00} ms, plan: {raw.Plan}{(valid ? string.Empty : "; INVALID: the database is not the 50,000 patients seeded, or a search of an existing patient found nothing")}");
            return
            [
                new Figure($"Patient search p50 ({Figure.Number(Patients, "N0")} patients, mixed searches)",
                    $"{p50.ToString("0.0", CultureInfo.InvariantCulture)} ms (p99 {p99.ToString("0.0", CultureInfo.InvariantCulture)} ms)",
                    $"- (raw SQL name prefix {raw.P50Ms.ToString("0.00", CultureInfo.InvariantCulture)} ms)", "-",
                    $"<= {Figure.Number(TargetP50Ms, "0")} ms", !valid ? Verdict.Invalid : p50 <= TargetP50Ms ? Verdict.Met : Verdict.Missed, notes),
            ];
        }
        finally
        {
            using (var connection = new SqliteConnection(settings.ConnectionString))
                SqliteConnection.ClearPool(connection);
            foreach (var suffix in new[] { "", "-wal", "-shm" })
            {
                try
                {
                    File.Delete(file + suffix);
                }
                catch (IOException)
                {
                    // The temp folder is cleaned by the OS.
                }
            }
        }
    }

    /// <summary>The name-prefix search as plain SQL on one open connection: the count, then the first page.</summary>
    private static (double P50Ms, string Plan) RawNamePrefix(string connectionString, string table, List<string> prefixes)
    {
        using var connection = new SqliteConnection(connectionString);
        connection.Open();
        var where = $"\"MergedIntoId\" IS NULL AND (\"SortName\" LIKE $p ESCAPE '\\' OR \"GivenName\" LIKE $p ESCAPE '\\')";
        using var count = connection.CreateCommand();
        count.CommandText = $"SELECT COUNT(*) FROM \"{table}\" WHERE {where}";
        count.Parameters.Add("$p", SqliteType.Text);
        using var page = connection.CreateCommand();
        page.CommandText = $"SELECT \"Id\", \"GivenName\", \"FamilyName\", \"Mrn\" FROM \"{table}\" WHERE {where} ORDER BY \"SortName\", \"Id\" LIMIT 25";
        page.Parameters.Add("$p", SqliteType.Text);
        using var explain = connection.CreateCommand();
        explain.CommandText = "EXPLAIN QUERY PLAN " + count.CommandText;
        explain.Parameters.AddWithValue("$p", prefixes[0] + "%");
        var plan = new List<string>();
        using (var reader = explain.ExecuteReader())
        {
            while (reader.Read())
                plan.Add(reader.GetString(3));
        }

        var times = new List<double>();
        for (var round = 0; round < 3; round++)
        {
            foreach (var prefix in prefixes)
            {
                var start = Stopwatch.GetTimestamp();
                count.Parameters[0].Value = prefix + "%";
                count.ExecuteScalar();
                page.Parameters[0].Value = prefix + "%";
                using (var reader = page.ExecuteReader())
                {
                    while (reader.Read())
                    {
                    }
                }
                if (round > 0)
                    times.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            }
        }
        return (Percentile(times, 0.5), string.Join(" / ", plan));
    }

    private static double Percentile(List<double> values, double p)
    {
        if (values.Count == 0)
            return double.NaN;
        var sorted = values.Order().ToList();
        return sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];
    }
}
