using System.Security.Claims;
using System.Text;
using System.Text.Json;
using CareHub.Domain.CarePlans;
using CareHub.Domain.Encounters;
using CareHub.Domain.Huddles;
using CareHub.Domain.Organization;
using CareHub.Domain.Patients;
using CareHub.Domain.Referrals;
using CareHub.Domain.Tasks;
using CareHub.Tests.Infrastructure;
using CareHub.Web.Features.CarePlans;
using CareHub.Web.Features.Huddle;
using CareHub.Web.Features.Referrals;
using CareHub.Web.Security;
using CareHub.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CareHub.Web.Tests.Security;

/// <summary>
/// Two care teams of their own in the real app's database (next to the demo data): team A with its records in every state
/// the matrix needs (a patient of A only, one merged into it, one whose plan is revoked, a patient both teams care for,
/// A's referrals in force and entered in error, A's tasks open and done, A's board with cards, a closed board, a stay on the census), and team B
/// whose coordinator tries them. Team A's records are made through the app's own services as A's coordinator.
/// </summary>
public sealed class AccessMatrixWorld
{
    private AccessMatrixWorld(CareHubServer server) => Server = server;

    public CareHubServer Server { get; }

    public required CareTeam TeamA { get; init; }
    public required CareTeam TeamB { get; init; }
    public required Staff UserA { get; init; }
    public required Staff UserB { get; init; }

    /// <summary>A patient of team A only, with an open plan, an item, a referral and a stay in hospital.</summary>
    public required Patient OnlyA { get; init; }

    /// <summary>A duplicate of team A merged into <see cref="OnlyA"/> (HL7 A40).</summary>
    public required Patient MergedA { get; init; }

    /// <summary>A patient of team A whose only plan was revoked (a closed record).</summary>
    public required Patient RevokedPlanPatientA { get; init; }

    /// <summary>A patient both teams care for; team A's referral and huddle card are on it.</summary>
    public required Patient Shared { get; init; }

    /// <summary>Team B's own patient with an open plan (the forged-child attempts use B's own plan).</summary>
    public required Patient OnlyB { get; init; }

    public required Guid PlanA { get; init; }
    public required Guid ItemA { get; init; }
    public required Guid RevokedPlanA { get; init; }
    public required Guid PlanB { get; init; }
    public required Guid ItemB { get; init; }
    public required Guid ReferralA { get; init; }
    public required Guid ReferralOnSharedA { get; init; }
    public required Guid ReferralEnteredInErrorA { get; init; }
    public required Guid ReferralB { get; init; }
    public required Guid BoardA { get; init; }
    public required Guid TopicCardA { get; init; }
    public required Guid SharedPatientCardA { get; init; }
    public required Guid ClosedBoardA { get; init; }
    public required Guid BoardB { get; init; }
    public required Guid CardB { get; init; }

    /// <summary>An open task of team A on <see cref="OnlyA"/>, assigned to A's coordinator.</summary>
    public required Guid TaskA { get; init; }

    /// <summary>Team A's task on the shared patient (made by the huddle action on A's card): B sees the patient, not the task.</summary>
    public required Guid TaskOnSharedA { get; init; }

    /// <summary>A task of team A already done (a record that can no longer change).</summary>
    public required Guid DoneTaskA { get; init; }

    /// <summary>The patients whose data user B must never get: team A's alone.</summary>
    public IReadOnlyList<Guid> APatientsOnly => [OnlyA.Id, MergedA.Id, RevokedPlanPatientA.Id];

    public static async Task<AccessMatrixWorld> CreateAsync(CareHubServer server, CancellationToken ct)
    {
        var teamA = new CareTeam($"Matrix A {Guid.NewGuid():N}"[..24], "Access matrix: the team whose records are tried");
        var teamB = new CareTeam($"Matrix B {Guid.NewGuid():N}"[..24], "Access matrix: the team that tries them");
        var userA = new Staff("Alma", "Matrixa", $"{Guid.NewGuid():N}@carehub.example", StaffRole.Coordinator, "Care coordination");
        var userB = new Staff("Boris", "Matrixb", $"{Guid.NewGuid():N}@carehub.example", StaffRole.Coordinator, "Care coordination");
        teamA.AddMember(userA);
        teamB.AddMember(userB);

        var onlyA = NewPatient("Zorander", "Aino", teamA);
        var mergedA = NewPatient("Zorander", "Aina", teamA);
        var revokedA = NewPatient("Zwicky", "Arvo", teamA);
        var shared = NewPatient("Zelazny", "Sol", teamA);
        shared.EnrolIn(teamB.Id);
        var onlyB = NewPatient("Zabini", "Bea", teamB);

        await using (var db = server.SystemDb())
        {
            db.CareTeams.AddRange(teamA, teamB);
            db.Staff.AddRange(userA, userB);
            db.Patients.AddRange(onlyA, mergedA, revokedA, shared, onlyB);
            var facility = await db.Facilities.AsNoTracking().OrderBy(f => f.Name).Select(f => f.Id).FirstAsync(ct);
            var now = DateTimeOffset.UtcNow;
            db.Encounters.Add(Encounter.Admit(onlyA.Id, facility, null, "7", EncounterClass.Inpatient, now.AddDays(-1)));
            db.Encounters.Add(Encounter.Admit(shared.Id, facility, null, "8", EncounterClass.Inpatient, now.AddDays(-1)));
            await db.SaveChangesAsync(ct);
            mergedA.MergeInto(onlyA.Id);
            await db.SaveChangesAsync(ct);
        }

        // Team A's records, made as team A's coordinator through the app's services.
        await using var scope = As(server, userA, "matrix-arrange-a");
        var plans = scope.ServiceProvider.GetRequiredService<CarePlanService>();
        var planA = await StartPlanAsync(plans, onlyA.Id, ct);
        var itemA = await AddItemAsync(plans, planA, ct);
        var revokedPlan = await StartPlanAsync(plans, revokedA.Id, ct);
        (await plans.SetStatusAsync(revokedPlan, CarePlanStatus.Revoked, ct)).ShouldBeOfType<CarePlanResult.Saved>();

        var referrals = scope.ServiceProvider.GetRequiredService<ReferralService>();
        var referralA = await CreateReferralAsync(referrals, onlyA.Id, teamA.Id, ct);
        var onSharedA = await CreateReferralAsync(referrals, shared.Id, teamA.Id, ct);
        var enteredInError = await CreateReferralAsync(referrals, onlyA.Id, teamA.Id, ct);
        (await referrals.MoveAsync(enteredInError, await VersionOfReferralAsync(server, enteredInError, ct), ReferralStatus.EnteredInError, "Wrong patient", ct))
            .ShouldBeOfType<ReferralResult.Saved>();

        var huddle = scope.ServiceProvider.GetRequiredService<HuddleService>();
        var boardA = (await huddle.OpenTodayAsync(teamA.Id, ct)).ShouldNotBeNull().BoardId;
        (await huddle.AddTopicAsync(boardA, "Staffing next week", AgendaSection.OpenInput, ct)).ShouldBeOfType<HuddleResult.Saved>();
        Guid topicCard, sharedCard, closedBoard;
        await using (var db = server.SystemDb())
        {
            topicCard = await db.HuddleCards.Where(c => c.BoardId == boardA && c.PatientId == null).Select(c => c.Id).FirstAsync(ct);
            var board = await db.HuddleBoards.SingleAsync(b => b.Id == boardA, ct);
            var card = HuddleCard.ForPatient(board, shared.Id, "Zelazny, Sol", HuddleCardReason.AddedByHand, "zz", DateTimeOffset.UtcNow);
            db.HuddleCards.Add(card);
            sharedCard = card.Id;
            // Yesterday's board of team A, closed: a record that can no longer change.
            var yesterday = new HuddleBoard(teamA.Id, DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-1));
            yesterday.Close(DateTimeOffset.UtcNow.AddDays(-1), ["Alma Matrixa"], "Nothing to decide", 0, 0);
            db.HuddleBoards.Add(yesterday);
            closedBoard = yesterday.Id;
            await db.SaveChangesAsync(ct);
        }
        (await huddle.AddActionAsync(boardA, sharedCard, "Call the daughter", userA.Id, DateOnly.FromDateTime(DateTime.UtcNow).AddDays(2), ct))
            .ShouldBeOfType<HuddleResult.Saved>();
        Guid taskA, taskOnShared, doneTaskA;
        await using (var db = server.SystemDb())
        {
            var now = DateTimeOffset.UtcNow;
            var open = new CareTask(onlyA.Id, teamA.Id, "Call about the new inhaler", userA.Id, now.AddDays(1), CareTaskPriority.High, now);
            var done = new CareTask(onlyA.Id, teamA.Id, "Book the follow-up visit", userA.Id, now.AddDays(1), CareTaskPriority.Routine, now);
            done.Complete(now);
            db.Tasks.AddRange(open, done);
            await db.SaveChangesAsync(ct);
            (taskA, doneTaskA) = (open.Id, done.Id);
            taskOnShared = await db.Tasks.Where(t => t.PatientId == shared.Id && t.TeamId == teamA.Id).Select(t => t.Id).SingleAsync(ct);
        }

        // Team B's own records, for the attempts that forge a child id onto B's own parent.
        await using var scopeB = As(server, userB, "matrix-arrange-b");
        var plansB = scopeB.ServiceProvider.GetRequiredService<CarePlanService>();
        var planB = await StartPlanAsync(plansB, onlyB.Id, ct);
        var itemB = await AddItemAsync(plansB, planB, ct);
        var referralB = await CreateReferralAsync(scopeB.ServiceProvider.GetRequiredService<ReferralService>(), onlyB.Id, teamB.Id, ct);
        var huddleB = scopeB.ServiceProvider.GetRequiredService<HuddleService>();
        var boardB = (await huddleB.OpenTodayAsync(teamB.Id, ct)).ShouldNotBeNull().BoardId;
        (await huddleB.AddTopicAsync(boardB, "Our own topic", AgendaSection.OpenInput, ct)).ShouldBeOfType<HuddleResult.Saved>();
        Guid cardB;
        await using (var db = server.SystemDb())
            cardB = await db.HuddleCards.Where(c => c.BoardId == boardB).Select(c => c.Id).FirstAsync(ct);

        return new AccessMatrixWorld(server)
        {
            TeamA = teamA, TeamB = teamB, UserA = userA, UserB = userB,
            OnlyA = onlyA, MergedA = mergedA, RevokedPlanPatientA = revokedA, Shared = shared, OnlyB = onlyB,
            PlanA = planA, ItemA = itemA, RevokedPlanA = revokedPlan, PlanB = planB, ItemB = itemB,
            ReferralA = referralA, ReferralOnSharedA = onSharedA, ReferralEnteredInErrorA = enteredInError, ReferralB = referralB,
            BoardA = boardA, TopicCardA = topicCard, SharedPatientCardA = sharedCard, ClosedBoardA = closedBoard,
            BoardB = boardB, CardB = cardB, TaskA = taskA, TaskOnSharedA = taskOnShared, DoneTaskA = doneTaskA,
        };
    }

    /// <summary>A scope of the real app as a circuit of <paramref name="staff"/> gets it, its audit source <paramref name="source"/>.</summary>
    public static AsyncServiceScope As(CareHubServer server, Staff staff, string source)
    {
        var scope = server.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<CurrentUser>().Set(Principal(staff), source);
        return scope;
    }

    public static ClaimsPrincipal Principal(Staff staff) => new(new ClaimsIdentity(
        [
            new Claim(CareHubClaims.StaffId, staff.Id.ToString()),
            new Claim(ClaimTypes.NameIdentifier, staff.Id.ToString()),
            new Claim(ClaimTypes.Name, staff.DisplayName),
            new Claim(ClaimTypes.Role, staff.Role.ToString()),
        ], "matrix"));

    /// <summary>
    /// Everything of both teams as it stands (patients, stays, plans with items and history, referrals with their
    /// timelines, tasks, boards with cards and actions), as one hash: equal before and after means nothing changed.
    /// </summary>
    public async Task<string> FingerprintAsync(CancellationToken ct)
    {
        await using var db = Server.SystemDb();
        List<Guid> patients = [OnlyA.Id, MergedA.Id, RevokedPlanPatientA.Id, Shared.Id, OnlyB.Id];
        List<Guid> teams = [TeamA.Id, TeamB.Id];
        var state = new
        {
            Patients = await db.Patients.AsNoTracking().Where(p => patients.Contains(p.Id)).OrderBy(p => p.Id)
                .Select(p => new { p.Id, p.Version, p.PreferredLanguage, p.InterpreterNeeded, p.MergedIntoId }).ToListAsync(ct),
            PatientTeams = await db.PatientTeams.AsNoTracking().Where(t => patients.Contains(t.PatientId)).OrderBy(t => t.PatientId).ThenBy(t => t.TeamId)
                .Select(t => new { t.PatientId, t.TeamId }).ToListAsync(ct),
            Encounters = await db.Encounters.AsNoTracking().Where(e => patients.Contains(e.PatientId)).OrderBy(e => e.Id)
                .Select(e => new { e.Id, e.Version, e.Status }).ToListAsync(ct),
            Plans = await db.CarePlans.AsNoTracking().Where(p => patients.Contains(p.PatientId)).OrderBy(p => p.Id)
                .Select(p => new { p.Id, p.Version, p.Status }).ToListAsync(ct),
            Items = await db.CarePlanItems.AsNoTracking().Where(i => patients.Contains(i.PatientId)).OrderBy(i => i.Id)
                .Select(i => new { i.Id, i.Version, i.Text }).ToListAsync(ct),
            Changes = await db.CarePlanChanges.AsNoTracking().CountAsync(c => patients.Contains(c.PatientId), ct),
            Referrals = await db.Referrals.AsNoTracking().Where(r => patients.Contains(r.PatientId)).OrderBy(r => r.Id)
                .Select(r => new { r.Id, r.Version, r.Status, r.OwnerId }).ToListAsync(ct),
            ReferralEvents = await db.ReferralEvents.AsNoTracking().CountAsync(e => patients.Contains(e.PatientId), ct),
            Tasks = await db.Tasks.AsNoTracking().Where(t => patients.Contains(t.PatientId) || teams.Contains(t.TeamId)).OrderBy(t => t.Id)
                .Select(t => new { t.Id, t.Version, t.Status }).ToListAsync(ct),
            Boards = await db.HuddleBoards.AsNoTracking().Where(b => teams.Contains(b.TeamId)).OrderBy(b => b.Id)
                .Select(b => new { b.Id, b.Version, b.Status, b.CurrentCardId }).ToListAsync(ct),
            Cards = await db.HuddleCards.AsNoTracking().Where(c => teams.Contains(c.TeamId)).OrderBy(c => c.Id)
                .Select(c => new { c.Id, c.Version, c.Lane, c.SortKey }).ToListAsync(ct),
            Actions = await db.HuddleActionItems.AsNoTracking().CountAsync(a => teams.Contains(a.TeamId), ct),
            Members = await db.TeamMemberships.AsNoTracking().CountAsync(m => teams.Contains(m.TeamId), ct),
        };
        return Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(state))));
    }

    private static Patient NewPatient(string family, string given, CareTeam team)
    {
        var patient = new Patient(PatientsDatabase.NewMrn(), "TEST", given, family, new DateOnly(1948, 4, 2), AdministrativeSex.Female);
        patient.EnrolIn(team.Id);
        return patient;
    }

    private static async Task<Guid> StartPlanAsync(CarePlanService plans, Guid patientId, CancellationToken ct)
    {
        (await plans.StartAsync(patientId, null, ct)).ShouldBeOfType<CarePlanResult.Saved>();
        return (await plans.OpenAsync(patientId, ct)).ShouldBeOfType<CarePlanPage.Found>().Plan.PlanId;
    }

    private static async Task<Guid> AddItemAsync(CarePlanService plans, Guid planId, CancellationToken ct) =>
        (await plans.AddItemAsync(planId, new NewCarePlanItem(CarePlanItemKind.Goal, "Walk to the mailbox daily"), ct))
            .ShouldBeOfType<CarePlanResult.Saved>().Item.ShouldNotBeNull().Id;

    private static async Task<Guid> CreateReferralAsync(ReferralService referrals, Guid patientId, Guid teamId, CancellationToken ct) =>
        (await referrals.CreateAsync(new NewReferral(patientId, teamId, ReferralType.CommunityOrganization, ReferralUrgency.Routine,
            "Eastside Food Pantry", "Food insecurity") { Send = true, ConsentGiven = true, PatientWantsHelp = true }, ct)).ShouldBeOfType<ReferralResult.Saved>().ReferralId;

    private static async Task<long> VersionOfReferralAsync(CareHubServer server, Guid id, CancellationToken ct)
    {
        await using var db = server.SystemDb();
        return await db.Referrals.Where(r => r.Id == id).Select(r => r.Version).SingleAsync(ct);
    }
}
