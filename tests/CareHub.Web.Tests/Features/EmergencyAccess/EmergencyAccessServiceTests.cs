using CareHub.Domain.Access;
using CareHub.Domain.Audit;
using CareHub.Domain.Organization;
using CareHub.Domain.Patients;
using CareHub.Tests.Infrastructure;
using CareHub.Web.Features.EmergencyAccess;
using CareHub.Web.Features.Patients;
using CareHub.Web.Realtime;
using CareHub.Web.Security;
using CareHub.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace CareHub.Web.Tests.Features.EmergencyAccess;

/// <summary>
/// Break-the-glass against the real app and SQLite, on a fake clock (so expiry is a step of the clock, not a wait):
/// who may, how the patient is found, what it opens and for how long, what is audited, and the managers' review.
/// </summary>
public sealed class EmergencyAccessServiceTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);
    private readonly CareHubServer _server;
    private Staff _physician = null!;
    private CareTeam _physicianTeam = null!;
    private Staff _manager = null!;
    private CareTeam _patientTeam = null!;
    private Patient _patient = null!;
    private Patient _teammate = null!;

    public EmergencyAccessServiceTests() =>
        _server = new CareHubServer(patients: 60, services: s => s.AddSingleton<TimeProvider>(_time));

    public async ValueTask InitializeAsync()
    {
        _server.Start();
        (_physician, _physicianTeam) = await _server.DemoUserAsync(StaffRole.Physician);
        await using var db = _server.SystemDb();
        // A manager of a team the physician is not on (managers may lead several teams).
        var managers = await db.Staff.AsNoTracking().Where(s => s.Role == StaffRole.Manager && s.IsActive).OrderBy(s => s.FamilyName).ToListAsync();
        var teams = await db.CareTeams.AsNoTracking().Include(t => t.Members).OrderBy(t => t.Name).ToListAsync();
        (_manager, _patientTeam) = managers.SelectMany(m => teams.Where(t => t.Id != _physicianTeam.Id && t.Members.Any(x => x.StaffId == m.Id)).Select(t => (m, t))).First();
        var outside = await db.Patients.AsNoTracking()
            .Where(p => p.MergedIntoId == null && p.Teams.Any(t => t.TeamId == _patientTeam.Id) && !p.Teams.Any(t => t.TeamId == _physicianTeam.Id))
            .OrderBy(p => p.Mrn).Take(2).ToListAsync();
        (_patient, _teammate) = (outside[0], outside[1]);
    }

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task A_physician_opens_exactly_one_patient_of_another_team_audited_and_the_teams_manager_is_told()
    {
        var ct = Xunit.TestContext.Current.CancellationToken;
        using var notices = new EventRecorder(_server.Services.GetRequiredService<IRealtimeBus>(), Topics.Notifications(_manager.Id));
        await using var circuit = Circuit(_physician, out var service, out var patients);
        (await patients.GetAsync(_patient.Id, ct)).ShouldBeNull("the patient of another team is visible before any emergency access");

        var outcome = await service.RequestAsync(Request(_patient), ct);

        var granted = outcome.ShouldBeOfType<EmergencyAccessOutcome.Granted>();
        granted.PatientId.ShouldBe(_patient.Id);
        granted.ExpiresAt.ShouldBe(_time.GetUtcNow() + TimeSpan.FromMinutes(60));
        (await patients.GetAsync(_patient.Id, ct)).ShouldNotBeNull().Name.ShouldBe(_patient.DisplayName);
        (await patients.GetAsync(_teammate.Id, ct)).ShouldBeNull("emergency access opened more than the one patient");
        notices.Events.ShouldHaveSingleItem().Kind.ShouldBe(EmergencyAccessEvents.Granted);

        await using var db = _server.SystemDb();
        var audit = await db.AuditEvents.AsNoTracking().Where(a => a.UserId == _physician.Id.ToString() && a.PatientId == _patient.Id).ToListAsync(ct);
        audit.ShouldContain(a => a.Action == AuditAction.Create && a.EntityType == nameof(EmergencyAccessGrant));
        audit.ShouldContain(a => a.Action == AuditAction.Read && a.EntityType == "Emergency:Patient");
        audit.ShouldNotContain(a => a.Action == AuditAction.Read && a.EntityType == "Patient", "a read under emergency access looks like an ordinary read");
        var grant = await db.EmergencyAccessGrants.AsNoTracking().SingleAsync(g => g.StaffId == _physician.Id && g.PatientId == _patient.Id, ct);
        grant.Reason.ShouldBe(EmergencyAccessReason.PatientInEmergencyDepartment);
    }

    [Fact]
    public async Task A_change_made_under_emergency_access_is_audited_as_emergency_work()
    {
        var ct = Xunit.TestContext.Current.CancellationToken;
        await using var circuit = Circuit(_physician, out var service, out var patients);
        (await service.RequestAsync(Request(_patient), ct)).ShouldBeOfType<EmergencyAccessOutcome.Granted>();
        var shown = (await patients.GetAsync(_patient.Id, ct)).ShouldNotBeNull();

        var changed = await patients.UpdateLanguageAsync(_patient.Id, shown.Version, "Somali", interpreterNeeded: true, ct);

        changed.ShouldBeOfType<PatientChangeResult.Saved>();
        await using var db = _server.SystemDb();
        var writes = await db.AuditEvents.AsNoTracking()
            .Where(a => a.UserId == _physician.Id.ToString() && a.PatientId == _patient.Id && a.Action == AuditAction.Update).ToListAsync(ct);
        writes.ShouldHaveSingleItem().EntityType.ShouldBe("Emergency:Patient");
    }

    [Fact]
    public async Task Access_ends_when_the_grant_expires()
    {
        var ct = Xunit.TestContext.Current.CancellationToken;
        await using var circuit = Circuit(_physician, out var service, out var patients);
        (await service.RequestAsync(Request(_teammate), ct)).ShouldBeOfType<EmergencyAccessOutcome.Granted>();
        (await patients.GetAsync(_teammate.Id, ct)).ShouldNotBeNull();

        _time.Advance(TimeSpan.FromMinutes(59));
        (await patients.GetAsync(_teammate.Id, ct)).ShouldNotBeNull();

        _time.Advance(TimeSpan.FromMinutes(1));
        (await patients.GetAsync(_teammate.Id, ct)).ShouldBeNull("the patient is still visible after the grant expired");
    }

    [Fact]
    public async Task A_wrong_date_of_birth_a_wrong_mrn_and_a_partial_mrn_all_answer_like_a_missing_patient()
    {
        var ct = Xunit.TestContext.Current.CancellationToken;
        await using var circuit = Circuit(_physician, out var service, out var patients);

        var wrongBirthDate = await service.RequestAsync(Request(_patient) with { BirthDate = _patient.BirthDate.AddDays(1).ToString("MM/dd/yyyy") }, ct);
        var wrongMrn = await service.RequestAsync(Request(_patient) with { Mrn = "0" + _patient.Mrn }, ct);
        var partial = await service.RequestAsync(Request(_patient) with { Mrn = _patient.Mrn[..^1] }, ct);

        wrongBirthDate.ShouldBeOfType<EmergencyAccessOutcome.NotFound>();
        wrongMrn.ShouldBe(wrongBirthDate);
        partial.ShouldBe(wrongBirthDate);
        (await patients.GetAsync(_patient.Id, ct)).ShouldBeNull();
        await using var db = _server.SystemDb();
        (await db.EmergencyAccessGrants.CountAsync(g => g.StaffId == _physician.Id && g.PatientId == _patient.Id && g.ExpiresAt > _time.GetUtcNow(), ct))
            .ShouldBe(0);
        (await db.AuditEvents.CountAsync(a => a.UserId == _physician.Id.ToString() && a.Action == AuditAction.AccessDenied
            && a.EntityType == EmergencyAccessService.RequestCategory, ct)).ShouldBeGreaterThanOrEqualTo(3);
    }

    [Fact]
    public async Task A_coordinator_is_refused_and_nothing_is_opened()
    {
        var ct = Xunit.TestContext.Current.CancellationToken;
        var (coordinator, _) = await _server.DemoUserAsync(StaffRole.Coordinator);
        await using var circuit = Circuit(coordinator, out var service, out var patients);

        (await service.CanRequestAsync(ct)).ShouldBeFalse();
        var outcome = await service.RequestAsync(Request(_patient), ct);

        outcome.ShouldBeOfType<EmergencyAccessOutcome.Refused>().Message.ShouldContain("physicians and nurse case managers");
        await using var db = _server.SystemDb();
        (await db.EmergencyAccessGrants.AnyAsync(g => g.StaffId == coordinator.Id, ct)).ShouldBeFalse();
    }

    [Fact]
    public async Task The_server_checks_the_reason_and_the_explanation_whatever_the_browser_sent()
    {
        var ct = Xunit.TestContext.Current.CancellationToken;
        await using var circuit = Circuit(_physician, out var service, out _);

        var forged = await service.RequestAsync(Request(_patient) with { Reason = (EmergencyAccessReason)77, Explanation = "x" }, ct);
        var oversized = await service.RequestAsync(Request(_patient) with { Explanation = new string('a', 5_000) }, ct);

        var errors = forged.ShouldBeOfType<EmergencyAccessOutcome.Invalid>().Errors;
        errors["reason"].ShouldBe("Choose why you need this record.");
        errors["explanation"].ShouldBe("Explain in a few more words (at least 10 characters).");
        oversized.ShouldBeOfType<EmergencyAccessOutcome.Invalid>().Errors["explanation"].ShouldContain("at most 500 characters");
    }

    [Fact]
    public async Task The_patients_manager_reviews_it_and_nobody_else_can()
    {
        var ct = Xunit.TestContext.Current.CancellationToken;
        Guid grantId;
        await using (var physicianCircuit = Circuit(_physician, out var service, out _))
        {
            (await service.RequestAsync(Request(_patient), ct)).ShouldBeOfType<EmergencyAccessOutcome.Granted>();
            (await service.ReviewsAsync(ct)).ShouldBeNull("a physician sees the managers' review list");
            await using var db = _server.SystemDb();
            grantId = await db.EmergencyAccessGrants.Where(g => g.StaffId == _physician.Id && g.PatientId == _patient.Id)
                .OrderByDescending(g => g.GrantedAt).Select(g => g.Id).FirstAsync(ct);
            (await service.MarkReviewedAsync(grantId, ct)).ShouldBeFalse();
        }

        var otherManager = await OtherManagerAsync();
        await using (var otherCircuit = Circuit(otherManager, out var other, out _))
        {
            (await other.ReviewsAsync(ct)).ShouldNotBeNull().ShouldNotContain(r => r.GrantId == grantId);
            (await other.MarkReviewedAsync(grantId, ct)).ShouldBeFalse();
        }

        await using var managerCircuit = Circuit(_manager, out var reviews, out _);
        var row = (await reviews.ReviewsAsync(ct)).ShouldNotBeNull().Single(r => r.GrantId == grantId);
        row.StaffName.ShouldBe(_physician.DisplayName);
        row.PatientName.ShouldBe(_patient.DisplayName);
        row.Reason.ShouldBe(EmergencyAccessReason.PatientInEmergencyDepartment);
        row.ReviewedAt.ShouldBeNull();

        (await reviews.MarkReviewedAsync(grantId, ct)).ShouldBeTrue();

        var reviewed = (await reviews.ReviewsAsync(ct)).ShouldNotBeNull().Single(r => r.GrantId == grantId);
        reviewed.ReviewedBy.ShouldBe(_manager.DisplayName);
        await using var audit = _server.SystemDb();
        (await audit.AuditEvents.AnyAsync(a => a.UserId == _manager.Id.ToString() && a.Action == AuditAction.Read
            && a.EntityType == EmergencyAccessService.ReviewCategory && a.PatientId == _patient.Id, ct)).ShouldBeTrue();
    }

    /// <summary>A manager on none of the patient's teams.</summary>
    private async Task<Staff> OtherManagerAsync()
    {
        await using var db = _server.SystemDb();
        var patientTeams = await db.PatientTeams.Where(t => t.PatientId == _patient.Id).Select(t => t.TeamId).ToListAsync();
        var managers = await db.Staff.AsNoTracking().Where(s => s.Role == StaffRole.Manager && s.IsActive).ToListAsync();
        var memberships = await db.TeamMemberships.AsNoTracking().ToListAsync();
        return managers.First(m => memberships.Any(x => x.StaffId == m.Id) && !memberships.Any(x => x.StaffId == m.Id && patientTeams.Contains(x.TeamId)));
    }

    private static EmergencyAccessRequest Request(Patient patient) => new(patient.Mrn, patient.BirthDate.ToString("MM/dd/yyyy",
        System.Globalization.CultureInfo.InvariantCulture), EmergencyAccessReason.PatientInEmergencyDepartment, "Seen in the ED, unresponsive; team unreachable");

    private AsyncServiceScope Circuit(Staff staff, out EmergencyAccessService service, out PatientsService patients)
    {
        var scope = _server.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<CurrentUser>().Set(PatientsDatabase.Principal(staff), $"circuit:{Guid.NewGuid():N}");
        service = scope.ServiceProvider.GetRequiredService<EmergencyAccessService>();
        patients = scope.ServiceProvider.GetRequiredService<PatientsService>();
        return scope;
    }
}
