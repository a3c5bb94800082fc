using System.Diagnostics;
using CareHub.Data;
using CareHub.Data.Access;
using CareHub.Data.Seeding;
using CareHub.Domain.Organization;
using CareHub.Domain.Patients;
using CareHub.Domain.Referrals;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace CareHub.Benchmarks;

/// <summary>A clock that stands still (the worklist's "today" and the audit times).</summary>
public sealed class StillClock(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}

/// <summary>A seeded team: its coordinator and its patients.</summary>
public sealed record SeededTeam(CareTeam Team, Staff Coordinator, IReadOnlyList<Guid> PatientIds);

/// <summary>
/// A temporary SQLite file migrated with the real migrations (no demo data), teams, staff and patients made with the
/// domain types through EF, then the referrals (and the status change each open one was sent with) as raw
/// parameterized INSERTs of one transaction through prepared commands.
/// </summary>
public sealed class WorklistSeed : IAsyncDisposable
{
    public const int Teams = 20;
    public const int PatientsPerTeam = 100;

    /// <summary>Three referrals in ten are open loops; one open loop in twenty is a draft (no due day).</summary>
    public const int OpenPerTen = 3;

    public static readonly DateTimeOffset Now = new(2026, 3, 2, 15, 0, 0, TimeSpan.Zero);

    private WorklistSeed(string file)
    {
        File = file;
        var settings = DatabaseSettings.Parse("Sqlite", $"Data Source={file}", Path.GetTempPath());
        ConnectionString = settings.ConnectionString;
        Options = CareHubDbContextFactory.BuildOptions(settings, Clock);
    }

    public string File { get; }

    public string ConnectionString { get; }

    public DbContextOptions<CareHubDbContext> Options { get; }

    public TimeProvider Clock { get; } = new StillClock(Now);

    public IReadOnlyList<SeededTeam> SeededTeams { get; private set; } = [];

    public int Referrals { get; private set; }

    public int Events { get; private set; }

    public TimeSpan Took { get; private set; }

    public static async Task<WorklistSeed> CreateAsync(int referrals, CancellationToken cancellationToken)
    {
        var seed = new WorklistSeed(Path.Combine(Path.GetTempPath(), $"carehub-bench-worklist-{Guid.NewGuid():N}.db"));
        var clock = Stopwatch.StartNew();
        await CareHubDatabase.InitializeAsync(seed.Options, new DemoDataOptions { Enabled = false }, seed.Clock, progress: null, cancellationToken);
        await seed.AddTeamsAsync(cancellationToken);
        await seed.AddReferralsAsync(referrals, cancellationToken);
        seed.Took = clock.Elapsed;
        return seed;
    }

    private async Task AddTeamsAsync(CancellationToken cancellationToken)
    {
        var teams = new List<SeededTeam>();
        await using var db = new CareHubDbContext(Options, AccessScope.System("benchmark"));
        for (var t = 0; t < Teams; t++)
        {
            var team = new CareTeam($"Care team {t + 1:00}", "Benchmark team");
            var coordinator = new Staff("Casey", $"Coordinator{t + 1:00}", $"coordinator{t + 1:00}@carehub.example", StaffRole.Coordinator, "Care coordination");
            team.AddMember(coordinator);
            var patients = new List<Patient>();
            for (var p = 0; p < PatientsPerTeam; p++)
            {
                var patient = new Patient($"8{t:00}{p:000000}", "BENCH", $"Given{p}", $"Family{t:00}x{p:000}", new DateOnly(1950, 1, 1).AddDays(p * 97 % 20000),
                    p % 2 == 0 ? AdministrativeSex.Female : AdministrativeSex.Male);
                patient.EnrolIn(team.Id);
                patients.Add(patient);
            }
            db.CareTeams.Add(team);
            db.Staff.Add(coordinator);
            db.Patients.AddRange(patients);
            teams.Add(new SeededTeam(team, coordinator, [.. patients.Select(p => p.Id)]));
        }
        await db.SaveChangesAsync(cancellationToken);
        SeededTeams = teams;
    }

    private static readonly string[] Columns =
    [
        "Id", "PatientId", "TeamId", "OwnerId", "Type", "Urgency", "Status", "Destination", "Reason", "CreatedAt", "StatusChangedAt",
        "IsSensitive", "Version", "EscalationLevel", "RequestedAt", "AcceptedAt", "LoopClosedAt", "Outcome", "NextDueOn", "NextDueStage",
    ];

    private static readonly string[] EventColumns = ["Id", "ReferralId", "PatientId", "TeamId", "Kind", "FromStatus", "ToStatus", "StaffId", "At"];

    private static readonly ReferralType[] Types =
        [ReferralType.Specialty, ReferralType.BehavioralHealth, ReferralType.HomeHealth, ReferralType.DurableMedicalEquipment, ReferralType.Specialty];

    private static readonly string[] Destinations = ["Riverside Cardiology", "Northside Behavioral Health", "Visiting Nurses of the Valley", "MedEquip Supply"];

    private async Task AddReferralsAsync(int count, CancellationToken cancellationToken)
    {
        await using var connection = new SqliteConnection(ConnectionString);
        await connection.OpenAsync(cancellationToken);
        await CheckColumnsAsync(connection, "Referrals", Columns, cancellationToken);
        await CheckColumnsAsync(connection, "ReferralEvents", EventColumns, cancellationToken);
        await ExecuteAsync(connection, "PRAGMA synchronous = OFF; PRAGMA cache_size = -1000000;", cancellationToken);

        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
        await using var insert = Prepared(connection, transaction, "Referrals", Columns);
        await using var insertEvent = Prepared(connection, transaction, "ReferralEvents", EventColumns);
        var p = insert.Parameters;
        var e = insertEvent.Parameters;
        var today = DateOnly.FromDateTime(Now.UtcDateTime);
        var events = 0;
        // A year of referrals, oldest first (version-7 ids in creation order, as the domain makes them).
        var step = TimeSpan.FromDays(365) / count;
        for (var i = 0; i < count; i++)
        {
            var team = SeededTeams[i % Teams];
            var patientId = team.PatientIds[i / Teams % PatientsPerTeam];
            var createdAt = Now - TimeSpan.FromDays(365) + step * i;
            var id = Guid.CreateVersion7(createdAt);
            var open = i / Teams % 10 < OpenPerTen;
            var draft = open && i / Teams % 200 == 0;
            var requestedAt = draft ? (DateTimeOffset?)null : createdAt.AddMinutes(30);
            var status = draft ? ReferralStatus.Draft : !open ? ReferralStatus.Completed : i % 3 == 0 ? ReferralStatus.Accepted : ReferralStatus.Requested;
            var stage = status == ReferralStatus.Accepted ? ReferralClockStage.Appointment : ReferralClockStage.Acceptance;
            // Open loops due from 60 days ago to 60 days ahead, spread by a multiplicative hash.
            DateOnly? due = open && !draft ? today.AddDays((int)((uint)i * 2654435761u % 121) - 60) : null;

            p[0].Value = id;
            p[1].Value = patientId;
            p[2].Value = team.Team.Id;
            p[3].Value = team.Coordinator.Id;
            p[4].Value = Types[i % Types.Length].ToString();
            p[5].Value = (i % 7 == 0 ? ReferralUrgency.Urgent : ReferralUrgency.Routine).ToString();
            p[6].Value = status.ToString();
            p[7].Value = Destinations[i % Destinations.Length];
            p[8].Value = "Follow-up after discharge";
            p[9].Value = UtcDateTimeOffsetConverter.ToProvider(createdAt);
            p[10].Value = UtcDateTimeOffsetConverter.ToProvider(open ? requestedAt ?? createdAt : createdAt.AddDays(12));
            p[11].Value = i % 50 == 0 ? 1 : 0;
            p[12].Value = 1L;
            p[13].Value = 0;
            p[14].Value = requestedAt is { } r ? UtcDateTimeOffsetConverter.ToProvider(r) : DBNull.Value;
            p[15].Value = status is ReferralStatus.Accepted or ReferralStatus.Completed ? UtcDateTimeOffsetConverter.ToProvider(createdAt.AddDays(2)) : DBNull.Value;
            p[16].Value = open ? DBNull.Value : UtcDateTimeOffsetConverter.ToProvider(createdAt.AddDays(12));
            p[17].Value = open ? DBNull.Value : ReferralOutcome.ServiceProvided.ToString();
            p[18].Value = due is { } d ? d : DBNull.Value;
            p[19].Value = due is null ? DBNull.Value : stage.ToString();
            await insert.ExecuteNonQueryAsync(cancellationToken);

            // The holds are read from the status changes: each open, sent loop has the one it was sent with.
            if (open && requestedAt is { } sent)
            {
                e[0].Value = Guid.CreateVersion7(sent);
                e[1].Value = id;
                e[2].Value = patientId;
                e[3].Value = team.Team.Id;
                e[4].Value = nameof(ReferralEventKind.StatusChanged);
                e[5].Value = nameof(ReferralStatus.Draft);
                e[6].Value = nameof(ReferralStatus.Requested);
                e[7].Value = team.Coordinator.Id;
                e[8].Value = UtcDateTimeOffsetConverter.ToProvider(sent);
                await insertEvent.ExecuteNonQueryAsync(cancellationToken);
                events++;
                // One open loop in twenty was on hold for two days (a hold the clocks subtract).
                if (i / Teams % 20 == 1)
                {
                    foreach (var (from, to, at) in new[] { (ReferralStatus.Requested, ReferralStatus.OnHold, sent.AddDays(1)), (ReferralStatus.OnHold, ReferralStatus.Requested, sent.AddDays(3)) })
                    {
                        e[0].Value = Guid.CreateVersion7(at);
                        e[5].Value = from.ToString();
                        e[6].Value = to.ToString();
                        e[8].Value = UtcDateTimeOffsetConverter.ToProvider(at);
                        await insertEvent.ExecuteNonQueryAsync(cancellationToken);
                        events++;
                    }
                }
            }
        }
        await transaction.CommitAsync(cancellationToken);
        await ExecuteAsync(connection, "ANALYZE;", cancellationToken);
        Referrals = count;
        Events = events;
    }

    private static SqliteCommand Prepared(SqliteConnection connection, SqliteTransaction transaction, string table, string[] columns)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"INSERT INTO \"{table}\" ({string.Join(", ", columns.Select(c => $"\"{c}\""))}) " +
            $"VALUES ({string.Join(", ", columns.Select((_, i) => $"$p{i}"))})";
        for (var i = 0; i < columns.Length; i++)
            command.Parameters.Add(new SqliteParameter($"$p{i}", DBNull.Value));
        command.Prepare();
        return command;
    }

    /// <summary>Every NOT NULL column without a default must be written (a migration that adds one breaks the seed loudly).</summary>
    private static async Task CheckColumnsAsync(SqliteConnection connection, string table, string[] written, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT name, \"notnull\", dflt_value FROM pragma_table_info('{table}')";
        var missing = new List<string>();
        var all = new HashSet<string>();
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                all.Add(reader.GetString(0));
                if (reader.GetInt64(1) == 1 && reader.IsDBNull(2) && !written.Contains(reader.GetString(0)))
                    missing.Add(reader.GetString(0));
            }
        }
        var unknown = written.Where(c => !all.Contains(c)).ToList();
        if (missing.Count > 0 || unknown.Count > 0)
            throw new InvalidOperationException($"The {table} seed is out of date: not written {string.Join(", ", missing)}; unknown {string.Join(", ", unknown)}.");
    }

    public static async Task ExecuteAsync(SqliteConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public ValueTask DisposeAsync()
    {
        using (var connection = new SqliteConnection(ConnectionString))
            SqliteConnection.ClearPool(connection);
        foreach (var suffix in new[] { "", "-wal", "-shm" })
        {
            try
            {
                System.IO.File.Delete(File + suffix);
            }
            catch (IOException)
            {
                // Still open: the temp folder is cleaned by the OS.
            }
        }
        return ValueTask.CompletedTask;
    }
}
