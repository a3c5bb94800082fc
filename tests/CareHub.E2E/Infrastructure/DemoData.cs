using CareHub.Domain.Organization;
using CareHub.Domain.Patients;
using CareHub.Domain.Tasks;
using CareHub.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace CareHub.E2E.Infrastructure;

/// <summary>A demo user as the sign-in page lists them, with the teams that decide what they see.</summary>
public sealed record DemoPerson(Guid StaffId, string Name, StaffRole Role, IReadOnlyList<Guid> TeamIds, string TeamName);

/// <summary>
/// Facts about the seeded demo data, read straight from the database (the system scope, never the app's
/// access rules), so a browser test can say what the screen ought to show.
/// </summary>
public sealed class DemoData(CareHubServer server)
{
    /// <summary>The first demo coordinator who is on exactly one care team.</summary>
    public async Task<DemoPerson> CoordinatorAsync()
    {
        var (staff, team) = await server.DemoUserAsync(StaffRole.Coordinator);
        return new(staff.Id, staff.DisplayName, staff.Role, [team.Id], team.Name);
    }

    /// <summary>Someone else on exactly the same teams as <paramref name="person"/>, in the same role when there is one.</summary>
    public async Task<DemoPerson> TeammateOfAsync(DemoPerson person)
    {
        await using var db = server.SystemDb();
        var memberships = await db.TeamMemberships.AsNoTracking().ToListAsync();
        var candidates = await db.Staff.AsNoTracking().Where(s => s.IsActive && s.Id != person.StaffId)
            .OrderBy(s => s.FamilyName).ThenBy(s => s.GivenName).ToListAsync();
        candidates = [.. candidates.OrderBy(s => s.Role == person.Role ? 0 : 1)];
        var mate = candidates.First(s =>
            memberships.Where(m => m.StaffId == s.Id).Select(m => m.TeamId).Order().SequenceEqual(person.TeamIds.Order()));
        return person with { StaffId = mate.Id, Name = mate.DisplayName, Role = mate.Role };
    }

    /// <summary>How many patients are enrolled in at least one of the person's teams.</summary>
    public async Task<int> PatientCountOfAsync(DemoPerson person)
    {
        await using var db = server.SystemDb();
        return await db.Patients.CountAsync(p => p.Teams.Any(t => person.TeamIds.Contains(t.TeamId)));
    }

    /// <summary>
    /// A patient of the person's teams whose name is not shared with another of their patients, and whose
    /// family name is plain letters (so a search by it is unambiguous). <paramref name="skip"/> picks another.
    /// </summary>
    public async Task<Patient> PatientOfAsync(DemoPerson person, int skip = 0)
    {
        await using var db = server.SystemDb();
        var patients = await db.Patients.AsNoTracking().Where(p => p.Teams.Any(t => person.TeamIds.Contains(t.TeamId)))
            .OrderBy(p => p.Mrn).ToListAsync();
        return patients
            .Where(p => p.FamilyName.All(char.IsAsciiLetter) && patients.Count(o => o.DisplayName == p.DisplayName) == 1)
            .Skip(skip).First();
    }

    /// <summary>A patient enrolled only in teams the person is not on.</summary>
    public async Task<Patient> PatientOfOtherTeamsAsync(DemoPerson person)
    {
        await using var db = server.SystemDb();
        return await db.Patients.AsNoTracking().Where(p => p.Teams.Any() && !p.Teams.Any(t => person.TeamIds.Contains(t.TeamId)))
            .OrderBy(p => p.Mrn).FirstAsync();
    }

    /// <summary>
    /// A demo coordinator on exactly one team, with a teammate, who has an open task of <paramref name="kind"/> assigned to
    /// them on that team; the coordinator and the task due first.
    /// </summary>
    public async Task<(DemoPerson Person, CareTask Task)> CoordinatorWithOpenTaskAsync(CareTaskKind kind)
    {
        await using var db = server.SystemDb();
        var memberships = await db.TeamMemberships.AsNoTracking().ToListAsync();
        var staff = await db.Staff.AsNoTracking().Where(s => s.IsActive).OrderBy(s => s.FamilyName).ThenBy(s => s.GivenName).ToListAsync();
        var active = staff.Select(s => s.Id).ToHashSet();
        var tasks = await db.Tasks.AsNoTracking().Where(t => t.Status == CareTaskStatus.Open && t.Kind == kind).ToListAsync();
        foreach (var coordinator in staff.Where(s => s.Role == StaffRole.Coordinator))
        {
            var teams = memberships.Where(m => m.StaffId == coordinator.Id).Select(m => m.TeamId).ToList();
            if (teams.Count != 1 || !memberships.Any(m => m.TeamId == teams[0] && m.StaffId != coordinator.Id && active.Contains(m.StaffId)
                    && memberships.Count(o => o.StaffId == m.StaffId) == 1))
                continue;
            var task = tasks.Where(t => t.AssigneeId == coordinator.Id && t.TeamId == teams[0]).OrderBy(t => t.DueAt).FirstOrDefault();
            if (task is null)
                continue;
            var team = await db.CareTeams.AsNoTracking().SingleAsync(t => t.Id == teams[0]);
            return (new DemoPerson(coordinator.Id, coordinator.DisplayName, coordinator.Role, teams, team.Name), task);
        }
        throw new InvalidOperationException($"No demo coordinator has an open {kind} task.");
    }
}
