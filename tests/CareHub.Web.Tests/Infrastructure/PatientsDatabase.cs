using System.Security.Claims;
using CareHub.Data;
using CareHub.Data.Access;
using CareHub.Data.Seeding;
using CareHub.Domain.Organization;
using CareHub.Domain.Patients;
using CareHub.Web.Features.Patients;
using CareHub.Web.Realtime;
using CareHub.Web.Security;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;

namespace CareHub.Web.Tests.Infrastructure;

/// <summary>A clock that stands still, so ages and audit times are known.</summary>
public sealed class FixedClock(DateTimeOffset now) : TimeProvider
{
    public static readonly DateTimeOffset Default = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);

    public FixedClock() : this(Default)
    {
    }

    public override DateTimeOffset GetUtcNow() => now;
}

/// <summary>
/// A real SQLite file, migrated the way the app migrates it, without demo data: each test builds its own small
/// team (<see cref="TeamAsync"/>) with fresh ids, so the tests of a class can share one database.
/// </summary>
public sealed class PatientsDatabase : IAsyncLifetime
{
    private readonly string _file = Path.Combine(Path.GetTempPath(), $"carehub-web-tests-{Guid.NewGuid():N}.db");

    public PatientsDatabase()
    {
        var settings = DatabaseSettings.Parse("Sqlite", $"Data Source={_file}", Path.GetTempPath());
        ConnectionString = settings.ConnectionString;
        Options = CareHubDbContextFactory.BuildOptions(settings, Clock);
    }

    public TimeProvider Clock { get; } = new FixedClock();

    public string ConnectionString { get; }

    public DbContextOptions<CareHubDbContext> Options { get; }

    public InProcessRealtimeBus Bus { get; } = new(NullLogger<InProcessRealtimeBus>.Instance);

    public async ValueTask InitializeAsync() =>
        await CareHubDatabase.InitializeAsync(Options, new DemoDataOptions { Enabled = false }, Clock, progress: null, CancellationToken.None);

    public CareHubDbContext SystemDb() => new(Options, AccessScope.System("test"));

    /// <summary>The scope of <paramref name="team"/>'s member, as the app builds it for a circuit.</summary>
    public static AccessScope ScopeOf(TestTeam team, string? source = null) =>
        new(team.Member.Id.ToString(), [team.Team.Id], source ?? $"circuit:{Guid.NewGuid():N}");

    /// <summary>The service as a circuit of <paramref name="scope"/>'s user gets it.</summary>
    public PatientsService ServiceFor(AccessScope scope) =>
        new(new CareHubDbContextFactory(Options, new FixedAccessScopeProvider(scope)), Bus, Clock);

    /// <summary>A new team with one coordinator and the given patients (family, given, MRN, birth date).</summary>
    public async Task<TestTeam> TeamAsync(params PatientSeed[] patients)
    {
        var team = new CareTeam($"Team {Guid.NewGuid():N}", "A test team");
        var member = new Staff("Casey", $"Member{Guid.NewGuid():N}"[..20], $"{Guid.NewGuid():N}@carehub.example", StaffRole.Coordinator, "Care coordination");
        team.AddMember(member);
        var created = new List<Patient>();
        foreach (var seed in patients)
        {
            var patient = new Patient(seed.Mrn ?? NewMrn(), "TEST", seed.Given, seed.Family, seed.BirthDate ?? new DateOnly(1950, 6, 15), AdministrativeSex.Female);
            patient.EnrolIn(team.Id);
            created.Add(patient);
        }
        await using var db = SystemDb();
        db.CareTeams.Add(team);
        db.Staff.Add(member);
        db.Patients.AddRange(created);
        await db.SaveChangesAsync();
        return new TestTeam(team, member, created);
    }

    /// <summary>A random MRN of nine digits starting with 9 (the demo data's do not), unique enough for shared databases.</summary>
    public static string NewMrn() => "9" + Random.Shared.NextInt64(10_000_000, 99_999_999).ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>A signed-in principal as the development sign-in issues it.</summary>
    public static ClaimsPrincipal Principal(Staff staff) => new(new ClaimsIdentity(
        [
            new Claim(CareHubClaims.StaffId, staff.Id.ToString()),
            new Claim(ClaimTypes.NameIdentifier, staff.Id.ToString()),
            new Claim(ClaimTypes.Name, staff.DisplayName),
            new Claim(ClaimTypes.Role, staff.Role.ToString()),
        ], "test"));

    public ValueTask DisposeAsync()
    {
        using (var connection = new SqliteConnection(ConnectionString))
            SqliteConnection.ClearPool(connection);
        foreach (var suffix in new[] { "", "-wal", "-shm" })
        {
            try
            {
                File.Delete(_file + suffix);
            }
            catch (IOException)
            {
                // Still open on a slow machine: the temp folder is cleaned by the OS.
            }
        }
        return ValueTask.CompletedTask;
    }
}

public sealed record PatientSeed(string Family, string Given, string? Mrn = null, DateOnly? BirthDate = null);

public sealed record TestTeam(CareTeam Team, Staff Member, IReadOnlyList<Patient> Patients)
{
    public Patient this[int index] => Patients[index];
}
