using CareHub.Domain.Audit;
using CareHub.Domain.Organization;
using CareHub.Tests.Infrastructure;
using CareHub.Web.Features.Patients;
using CareHub.Web.Realtime;
using CareHub.Web.Security;
using CareHub.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CareHub.Web.Tests.Features.Patients;

/// <summary>
/// Two circuits of the real app (two DI scopes of the started server, each with its own signed-in user) see each
/// other's committed change through the bus, each reading it through its own access.
/// </summary>
[Collection(SharedServerCollection.Name)]
public sealed class PatientsAcrossCircuitsTests(SharedServer shared)
{
    private readonly CareHubServer _server = shared.Server;

    private static CancellationToken Ct => Xunit.TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_change_saved_in_one_circuit_reaches_another_circuit_of_the_same_team()
    {
        var (alice, team) = await _server.DemoUserAsync(StaffRole.Coordinator);
        var (bob, patientId) = await ColleagueAndPatientAsync(alice, team);
        using var circuitA = Circuit(alice, "circuit:A");
        using var circuitB = Circuit(bob, "circuit:B");
        var patientsA = circuitA.ServiceProvider.GetRequiredService<PatientsService>();
        var patientsB = circuitB.ServiceProvider.GetRequiredService<PatientsService>();
        var shownInB = (await patientsB.GetAsync(patientId, Ct)).ShouldNotBeNull();
        var heardInB = new TaskCompletionSource<RealtimeEvent>(TaskCreationOptions.RunContinuationsAsynchronously);
        var language = shownInB.PreferredLanguage == "Haitian Creole" ? "Vietnamese" : "Haitian Creole";
        using var subscription = circuitB.ServiceProvider.GetRequiredService<IRealtimeBus>().Subscribe(Topics.Patient(patientId), e =>
        {
            heardInB.TrySetResult(e);
            return Task.CompletedTask;
        });

        var saved = (await patientsA.UpdateLanguageAsync(patientId, shownInB.Version, language, true, Ct)).ShouldBeOfType<PatientChangeResult.Saved>();
        var heard = await heardInB.Task.WaitAsync(TimeSpan.FromSeconds(10), Ct);
        var reloadedInB = (await patientsB.GetAsync(patientId, Ct)).ShouldNotBeNull();

        heard.Version.ShouldBe(saved.Version);
        reloadedInB.Version.ShouldBe(saved.Version);
        reloadedInB.PreferredLanguage.ShouldBe(language);
        reloadedInB.InterpreterNeeded.ShouldBeTrue();
        await using var db = _server.SystemDb();
        var audit = await db.AuditEvents.AsNoTracking().Where(a => a.PatientId == patientId && (a.Source == "circuit:A" || a.Source == "circuit:B"))
            .Select(a => new { a.Source, a.Action, a.UserId }).ToListAsync(Ct);
        audit.ShouldContain(new { Source = "circuit:A", Action = AuditAction.Update, UserId = alice.Id.ToString() });
        audit.Count(a => a.Source == "circuit:B" && a.Action == AuditAction.Read && a.UserId == bob.Id.ToString()).ShouldBe(2);
    }

    [Fact]
    public async Task A_circuit_of_another_team_hears_nothing_it_could_read_and_reads_not_found()
    {
        var (alice, team) = await _server.DemoUserAsync(StaffRole.Coordinator);
        var (_, patientId) = await ColleagueAndPatientAsync(alice, team);
        var outsider = await OutsiderAsync(patientId);
        using var circuitA = Circuit(alice, "circuit:A2");
        using var circuitC = Circuit(outsider, "circuit:C");
        var shown = (await circuitA.ServiceProvider.GetRequiredService<PatientsService>().GetAsync(patientId, Ct)).ShouldNotBeNull();

        (await circuitA.ServiceProvider.GetRequiredService<PatientsService>().UpdateLanguageAsync(patientId, shown.Version, "Somali", false, Ct))
            .ShouldBeOfType<PatientChangeResult.Saved>();

        (await circuitC.ServiceProvider.GetRequiredService<PatientsService>().GetAsync(patientId, Ct)).ShouldBeNull();
        (await circuitC.ServiceProvider.GetRequiredService<PatientsService>().UpdateLanguageAsync(patientId, shown.Version + 1, "French", false, Ct))
            .ShouldBeOfType<PatientChangeResult.NotFound>();
    }

    private IServiceScope Circuit(Staff user, string source)
    {
        var scope = _server.Services.CreateScope();
        scope.ServiceProvider.GetRequiredService<CurrentUser>().Set(PatientsDatabase.Principal(user), source);
        return scope;
    }

    private async Task<(Staff Colleague, Guid PatientId)> ColleagueAndPatientAsync(Staff user, CareTeam team)
    {
        await using var db = _server.SystemDb();
        var colleagueId = await db.TeamMemberships.Where(m => m.TeamId == team.Id && m.StaffId != user.Id)
            .Join(db.Staff.Where(s => s.IsActive), m => m.StaffId, s => s.Id, (m, _) => m.StaffId).FirstAsync(Ct);
        var colleague = await db.Staff.AsNoTracking().SingleAsync(s => s.Id == colleagueId, Ct);
        var patientId = await db.PatientTeams.Where(t => t.TeamId == team.Id).OrderBy(t => t.PatientId).Select(t => t.PatientId).FirstAsync(Ct);
        return (colleague, patientId);
    }

    private async Task<Staff> OutsiderAsync(Guid patientId)
    {
        await using var db = _server.SystemDb();
        var patientTeams = await db.PatientTeams.Where(t => t.PatientId == patientId).Select(t => t.TeamId).ToListAsync(Ct);
        var outsiderId = await db.TeamMemberships.Where(m => !patientTeams.Contains(m.TeamId))
            .Where(m => !db.TeamMemberships.Any(o => o.StaffId == m.StaffId && patientTeams.Contains(o.TeamId)))
            .Join(db.Staff.Where(s => s.IsActive), m => m.StaffId, s => s.Id, (m, _) => m.StaffId).FirstAsync(Ct);
        return await db.Staff.AsNoTracking().SingleAsync(s => s.Id == outsiderId, Ct);
    }
}
