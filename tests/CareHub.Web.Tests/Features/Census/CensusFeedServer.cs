using CareHub.Data;
using CareHub.Data.Access;
using CareHub.Domain.Encounters;
using CareHub.Tests.Infrastructure;
using CareHub.Web.Calendar;
using CareHub.Web.Features.Census;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CareHub.Web.Tests.Features.Census;

/// <summary>
/// The real app on Kestrel with the ADT feed on: the MLLP listener on a free port, the HTTP feed with a test key, new
/// patients joining the Senior Transitions Team. Each test takes its own demo patients (<see cref="NextPatientAsync"/>):
/// ones on exactly one team with no stay in progress and no recent discharge, so the census shows only what the test sent.
/// </summary>
public sealed class CensusFeedServer : IAsyncLifetime
{
    public const string FeedKey = "test-feed-key-0123456789abcdefgh";
    public const string NewPatientTeam = "Senior Transitions Team";

    private readonly SemaphoreSlim _pick = new(1, 1);
    private readonly HashSet<Guid> _taken = [];

    public CareHubServer Server { get; } = new(settings: new Dictionary<string, string?>
    {
        ["Census:Listener:Enabled"] = "true",
        ["Census:Listener:Address"] = "127.0.0.1",
        ["Census:Listener:Port"] = "0",
        ["Census:HttpFeedKey"] = FeedKey,
        ["Census:NewPatientTeam"] = NewPatientTeam,
    });

    /// <summary>The port the MLLP listener bound.</summary>
    public int MllpPort { get; private set; }

    public async ValueTask InitializeAsync()
    {
        Server.Start();
        var bound = await Server.Services.GetRequiredService<MllpListener>().Bound.WaitAsync(TimeSpan.FromSeconds(60));
        MllpPort = bound.Port;
    }

    public ValueTask DisposeAsync() => Server.DisposeAsync();

    /// <summary>A demo patient no other test has taken: on exactly one team, not in a facility, not discharged in the last two days.</summary>
    public async Task<(FeedPatient Patient, Guid PatientId, Guid TeamId)> NextPatientAsync()
    {
        await _pick.WaitAsync();
        try
        {
            await using var db = Server.SystemDb();
            var recent = DateTimeOffset.UtcNow.AddDays(-2);
            var candidates = await db.Patients.AsNoTracking().Include(p => p.Teams)
                .Where(p => p.Mrn.StartsWith("4") && p.AssigningAuthority == "CHS" && p.MergedIntoId == null && p.Teams.Count == 1)
                .Where(p => !db.Encounters.Any(e => e.PatientId == p.Id
                    && (e.Status == EncounterStatus.InProgress || e.Status == EncounterStatus.Planned || e.DischargedAt >= recent)))
                .OrderBy(p => p.Mrn)
                .ToListAsync();
            var patient = candidates.First(p => !_taken.Contains(p.Id));
            _taken.Add(patient.Id);
            var sex = patient.Sex == Domain.Patients.AdministrativeSex.Male ? "M" : "F";
            return (new FeedPatient(patient.Mrn, patient.FamilyName, patient.GivenName, patient.BirthDate, sex), patient.Id, patient.Teams[0].TeamId);
        }
        finally
        {
            _pick.Release();
        }
    }

    /// <summary>A staff member on <paramref name="teamId"/>.</summary>
    public async Task<Guid> MemberOfAsync(Guid teamId)
    {
        await using var db = Server.SystemDb();
        return await db.TeamMemberships.Where(m => m.TeamId == teamId).OrderBy(m => m.StaffId).Select(m => m.StaffId).FirstAsync();
    }

    /// <summary>A staff member on some team, but not on <paramref name="teamId"/>.</summary>
    public async Task<Guid> OutsiderOfAsync(Guid teamId)
    {
        await using var db = Server.SystemDb();
        var members = db.TeamMemberships.Where(m => m.TeamId == teamId).Select(m => m.StaffId);
        return await db.TeamMemberships.Where(m => !members.Contains(m.StaffId)).OrderBy(m => m.StaffId).Select(m => m.StaffId).FirstAsync();
    }

    /// <summary>The census <paramref name="staffId"/> sees: the app's <see cref="CensusService"/> through that user's access scope.</summary>
    public async Task<CensusBoard> CensusAsAsync(Guid staffId, CancellationToken cancellationToken)
    {
        List<Guid> teams;
        await using (var db = Server.SystemDb())
            teams = await db.TeamMemberships.Where(m => m.StaffId == staffId).Select(m => m.TeamId).ToListAsync(cancellationToken);
        var scope = new AccessScope(staffId.ToString(), teams, "test");
        var contexts = new CareHubDbContextFactory(Server.Services.GetRequiredService<DbContextOptions<CareHubDbContext>>(), new FixedAccessScopeProvider(scope));
        var census = new CensusService(contexts, Server.Services.GetRequiredService<WorkCalendar>(), TimeProvider.System);
        return await census.LoadAsync(null, cancellationToken);
    }
}

[CollectionDefinition(Name)]
public sealed class CensusFeedServerCollection : ICollectionFixture<CensusFeedServer>
{
    public const string Name = "Census feed server";
}
