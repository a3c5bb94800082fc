using System.Net;
using System.Reflection;
using System.Text.Json;
using System.Text.RegularExpressions;
using CareHub.Domain.Audit;
using CareHub.Domain.CarePlans;
using CareHub.Domain.Huddles;
using CareHub.Domain.Referrals;
using CareHub.Tests.Infrastructure;
using CareHub.Web.Features.CarePlans;
using CareHub.Web.Features.Census;
using CareHub.Web.Features.Huddle;
using CareHub.Web.Features.Patients;
using CareHub.Web.Features.Referrals;
using CareHub.Web.Features.Tasks;
using CareHub.Web.Realtime;
using CareHub.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Http.Connections.Client;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CareHub.Web.Tests.Security;

/// <summary>
/// Issue 9's cross-team access matrix, against the real app (Kestrel, SQLite, demo data, SignalR): team B's coordinator
/// tries team A's patients, care plans and items, referrals, huddle boards and cards, census rows, tasks (open, done, and the one a
/// huddle action made on the shared patient) and the exports, through every entry point (the services the Blazor handlers call, with forged ids; the
/// hub's methods and topics; the HTTP endpoints; the page URLs; search), with real ids, ids of merged, revoked, closed
/// and entered-in-error records, and team A's records on a patient both teams share. Every attempt is answered exactly
/// as the same call with a random id, changes nothing, publishes nothing and writes no audit row other than the one a
/// random id gets. The entry points are listed from the code (services, hub, endpoints), so a new one without an entry
/// here fails <see cref="Every_entry_point_of_the_code_is_in_the_matrix"/>.
/// </summary>
public sealed partial class AccessMatrixTests : IAsyncLifetime
{
    private static readonly CancellationToken Ct = CancellationToken.None;

    private readonly CareHubServer _server = new(patients: 20, settings: new Dictionary<string, string?>
    {
        // Many hub calls from one user in a short time: the matrix is not a flood.
        ["Realtime:Hub:CallsPerSecond"] = "10000",
        ["Realtime:Hub:Burst"] = "10000",
    });

    private AccessMatrixWorld _world = null!;

    public async ValueTask InitializeAsync()
    {
        _server.Start();
        _world = await AccessMatrixWorld.CreateAsync(_server, Ct);
    }

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    // --------------------------------------------------------------------------------------------------------------
    // The matrix of service entry points: what each Blazor handler calls, with the ids a client could send.
    // --------------------------------------------------------------------------------------------------------------

    /// <summary>One service entry point: its name (Type.Method) and how to call it with ids from the client.</summary>
    private sealed record ServiceEntry(string Name, string Operation, Func<IServiceProvider, Guid[], Task<object?>> Call);

    /// <summary>One attempt: an entry, what the ids are (real, merged...), the ids, and which of them are team A's (replaced by random ids for the baseline).</summary>
    private sealed record Attempt(ServiceEntry Entry, string IdKind, Guid[] Ids, bool[] Foreign);

    /// <summary>Service methods that take no id of a record and answer only for the caller's own teams, or are not reachable from a client.</summary>
    private static readonly Dictionary<string, string> ServiceExemptions = new()
    {
        ["HuddleService.MyTeamsAsync"] = "no id: the caller's own teams",
        ["ReferralService.MyTeamsAsync"] = "no id: the caller's own teams",
        ["CensusService.TeamsAsync"] = "no id: the caller's own teams",
        ["TasksService.MyTeamsAsync"] = "no id: the caller's own teams",
        ["CommunityResourceService.SearchAsync"] = "the directory of community organisations: no patient data",
        ["AdtFeedService.LoadAsync"] = "administrators only, counts of interface messages: no team's records",
        ["ReferralEscalationService.RunOnceAsync"] = "the background job (system scope): not reachable from a client",
        // Search entry points are tried by name and MRN below (Search_never_returns_another_teams_patients).
        ["PatientsService.SearchAsync"] = "search: tried in Search_never_returns_another_teams_patients",
        ["EmergencyAccessService.CanRequestAsync"] = "no id: whether the caller's own role may break the glass",
        ["EmergencyAccessService.CanReviewAsync"] = "no id: whether the caller manages a team",
        ["EmergencyAccessService.ReviewsAsync"] = "no id: the grants on the caller's own teams' patients; another team's grant is absent (EmergencyAccessServiceTests)",
        ["EmergencyAccessService.MarkReviewedAsync"] = "takes a grant id; another team's grant answers false like a missing one (EmergencyAccessServiceTests)",
        ["ReferralService.FindPatientsAsync"] = "search: tried in Search_never_returns_another_teams_patients",
    };

    private List<ServiceEntry> ServiceEntries()
    {
        var w = _world;
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        static T S<T>(IServiceProvider sp) where T : notnull => sp.GetRequiredService<T>();
        long Version(Guid id) => VersionOf(id);
        return
        [
            // Patients
            // Emergency access by exact MRN and birth date, as team B's coordinator (not eligible): team A's patient answers as a missing one.
            new("EmergencyAccessService.RequestAsync", "read", async (sp, id) =>
            {
                await using var system = _server.SystemDb();
                var patient = await system.Patients.AsNoTracking().Where(p => p.Id == id[0]).Select(p => new { p.Mrn, p.BirthDate }).FirstOrDefaultAsync(Ct);
                var request = new CareHub.Web.Features.EmergencyAccess.EmergencyAccessRequest(patient?.Mrn ?? $"NOSUCH{id[0]:N}"[..14],
                    (patient?.BirthDate ?? new DateOnly(1970, 1, 1)).ToString("MM/dd/yyyy", System.Globalization.CultureInfo.InvariantCulture),
                    CareHub.Domain.Access.EmergencyAccessReason.UrgentClinicalCare, "Forged emergency to read another team's patient.");
                return await S<CareHub.Web.Features.EmergencyAccess.EmergencyAccessService>(sp).RequestAsync(request, Ct);
            }),
            new("PatientsService.GetAsync", "read", async (sp, id) => await S<PatientsService>(sp).GetAsync(id[0], Ct)),
            new("PatientsService.UpdateLanguageAsync", "update", async (sp, id) => await S<PatientsService>(sp).UpdateLanguageAsync(id[0], Version(id[0]), "Spanish", true, Ct)),
            // Care plans
            new("CarePlanService.OpenAsync", "read", async (sp, id) => await S<CarePlanService>(sp).OpenAsync(id[0], Ct)),
            new("CarePlanService.GetPlanAsync", "read", async (sp, id) => await S<CarePlanService>(sp).GetPlanAsync(id[0], Ct)),
            new("CarePlanService.GetItemAsync", "read", async (sp, id) => await S<CarePlanService>(sp).GetItemAsync(id[0], id[1], Ct)),
            new("CarePlanService.HistoryAsync", "read", async (sp, id) => await S<CarePlanService>(sp).HistoryAsync(id[0], id.Length > 1 ? id[1] : null, Ct)),
            new("CarePlanService.AssigneesAsync", "read", async (sp, id) => await S<CarePlanService>(sp).AssigneesAsync(id[0], Ct)),
            new("CarePlanService.ExportAsync", "export", async (sp, id) => await S<CarePlanService>(sp).ExportAsync(id[0], Ct)),
            new("CarePlanService.StartAsync", "update", async (sp, id) => await S<CarePlanService>(sp).StartAsync(id[0], CarePlanTemplates.Diabetes.Key, Ct)),
            new("CarePlanService.ApplyTemplateAsync", "update", async (sp, id) => await S<CarePlanService>(sp).ApplyTemplateAsync(id[0], CarePlanTemplates.Copd.Key, Ct)),
            new("CarePlanService.AddItemAsync", "update", async (sp, id) => await S<CarePlanService>(sp).AddItemAsync(id[0], new NewCarePlanItem(CarePlanItemKind.Barrier, "Forged"), Ct)),
            new("CarePlanService.EditAsync", "update", async (sp, id) => await S<CarePlanService>(sp).EditAsync(id[0], new FieldEdit(id[1], CarePlanField.Text, Math.Max(1, Version(id[1])), "Forged"), Ct)),
            new("CarePlanService.SetStatusAsync", "delete", async (sp, id) => await S<CarePlanService>(sp).SetStatusAsync(id[0], CarePlanStatus.Revoked, Ct)),
            // Referrals
            new("ReferralService.GetAsync", "read", async (sp, id) => await S<ReferralService>(sp).GetAsync(id[0], Ct)),
            new("ReferralService.CreateAsync", "update", async (sp, id) => await S<ReferralService>(sp).CreateAsync(
                new NewReferral(id[0], id[1], ReferralType.CommunityOrganization, ReferralUrgency.Routine, "Forged", "Forged") { ConsentGiven = true, PatientWantsHelp = true }, Ct)),
            new("ReferralService.MoveAsync", "delete", async (sp, id) => await S<ReferralService>(sp).MoveAsync(id[0], Version(id[0]), ReferralStatus.EnteredInError, "Forged", Ct)),
            new("ReferralService.ReachAsync", "update", async (sp, id) => await S<ReferralService>(sp).ReachAsync(id[0], Version(id[0]), ReferralMilestone.AppointmentScheduled, DateTimeOffset.UtcNow.AddDays(3), null, null, Ct)),
            new("ReferralService.RecordConsentAsync", "update", async (sp, id) => await S<ReferralService>(sp).RecordConsentAsync(id[0], Version(id[0]), false, "Forged", Ct)),
            new("ReferralService.RecordPart2ConsentAsync", "update", async (sp, id) => await S<ReferralService>(sp).RecordPart2ConsentAsync(id[0], Version(id[0]),
                new Part2ConsentForm { ConsentedBy = "Forged", Recipient = "Forged", Purpose = "Forged", SignedOn = DateOnly.FromDateTime(DateTime.UtcNow) }, Ct)),
            new("ReferralService.RevokePart2ConsentAsync", "update", async (sp, id) => await S<ReferralService>(sp).RevokePart2ConsentAsync(id[0], Version(id[0]), "Forged", Ct)),
            new("ReferralService.ReassignAsync", "update", async (sp, id) => await S<ReferralService>(sp).ReassignAsync(id[0], Version(id[0]), w.UserB.Id, null, Ct)),
            new("ReferralService.WorklistAsync", "read", async (sp, id) => await S<ReferralService>(sp).WorklistAsync(new ReferralFilter { TeamId = id[0], IncludeClosed = true }, null, 50, Ct)),
            new("ReferralService.MetricsAsync", "read", async (sp, id) => await S<ReferralService>(sp).MetricsAsync(id[0], Ct)),
            new("ReferralService.OwnersAsync", "read", async (sp, id) => await S<ReferralService>(sp).OwnersAsync(id[0], Ct)),
            // Huddle
            new("HuddleService.OpenTodayAsync", "read", async (sp, id) => await S<HuddleService>(sp).OpenTodayAsync(id[0], Ct)),
            new("HuddleService.GetBoardAsync", "read", async (sp, id) => await S<HuddleService>(sp).GetBoardAsync(id[0], Ct)),
            new("HuddleService.MembersAsync", "read", async (sp, id) => await S<HuddleService>(sp).MembersAsync(id[0], Ct)),
            new("HuddleService.HistoryAsync", "read", async (sp, id) => await S<HuddleService>(sp).HistoryAsync(id[0], Ct)),
            new("HuddleService.MoveCardAsync", "update", async (sp, id) => await S<HuddleService>(sp).MoveCardAsync(id[0], new CardMove(id[1], HuddleLane.Barriers, null, null), Ct)),
            new("HuddleService.AddTopicAsync", "update", async (sp, id) => await S<HuddleService>(sp).AddTopicAsync(id[0], "Forged", AgendaSection.OpenInput, Ct)),
            new("HuddleService.UpdateCardAsync", "update", async (sp, id) => await S<HuddleService>(sp).UpdateCardAsync(id[0], id[1], Version(id[1]), "Forged", null, null, Ct)),
            new("HuddleService.AddActionAsync", "update", async (sp, id) => await S<HuddleService>(sp).AddActionAsync(id[0], id[1], "Forged", w.UserB.Id, today.AddDays(1), Ct)),
            new("HuddleService.StartTimerAsync", "update", async (sp, id) => await S<HuddleService>(sp).StartTimerAsync(id[0], Ct)),
            new("HuddleService.PauseTimerAsync", "update", async (sp, id) => await S<HuddleService>(sp).PauseTimerAsync(id[0], Ct)),
            new("HuddleService.NextCardAsync", "update", async (sp, id) => await S<HuddleService>(sp).NextCardAsync(id[0], Ct)),
            new("HuddleService.FocusCardAsync", "update", async (sp, id) => await S<HuddleService>(sp).FocusCardAsync(id[0], id[1], Ct)),
            new("HuddleService.CloseAsync", "delete", async (sp, id) => await S<HuddleService>(sp).CloseAsync(id[0], "Forged", Ct)),
            // Tasks
            new("TasksService.ListAsync", "read", async (sp, id) => await S<TasksService>(sp).ListAsync(new TaskFilter { Scope = TaskScope.MyTeams, TeamId = id[0] }, Ct)),
            new("TasksService.AssigneesAsync", "read", async (sp, id) => await S<TasksService>(sp).AssigneesAsync(id[0], Ct)),
            new("TasksService.CompleteAsync", "update", async (sp, id) => await S<TasksService>(sp).CompleteAsync(id[0], Version(id[0]), Ct)),
            new("TasksService.CancelAsync", "delete", async (sp, id) => await S<TasksService>(sp).CancelAsync(id[0], Version(id[0]), Ct)),
            new("TasksService.ReassignAsync", "update", async (sp, id) => await S<TasksService>(sp).ReassignAsync(id[0], Version(id[0]), w.UserB.Id, today.AddDays(1), Ct)),
            // Census
            new("CensusService.LoadAsync", "read", async (sp, id) => await S<CensusService>(sp).LoadAsync(id[0], Ct)),
            new("CensusService.LoadRowAsync", "read", async (sp, id) => await S<CensusService>(sp).LoadRowAsync(id[0], Ct)),
            // The interface feed (administrators only): another user's replay of a stored message.
            new("AdtFeedService.ReplayAsync", "update", async (sp, id) => await S<AdtFeedService>(sp).ReplayAsync(id[0], Ct)),
        ];
    }

    private List<Attempt> Attempts()
    {
        var w = _world;
        var entries = ServiceEntries().ToDictionary(e => e.Name);
        var attempts = new List<Attempt>();
        void Add(string name, string kind, params (Guid Id, bool Foreign)[] ids) =>
            attempts.Add(new Attempt(entries[name], kind, [.. ids.Select(i => i.Id)], [.. ids.Select(i => i.Foreign)]));
        (Guid, bool) A(Guid id) => (id, true);
        (Guid, bool) Own(Guid id) => (id, false);

        foreach (var name in new[] { "EmergencyAccessService.RequestAsync", "PatientsService.GetAsync", "PatientsService.UpdateLanguageAsync", "CarePlanService.OpenAsync",
                     "CarePlanService.ExportAsync", "CarePlanService.StartAsync", "CensusService.LoadRowAsync" })
        {
            Add(name, "real", A(w.OnlyA.Id));
            Add(name, "merged", A(w.MergedA.Id));
            Add(name, "closed (revoked plan)", A(w.RevokedPlanPatientA.Id));
        }
        foreach (var name in new[] { "CarePlanService.GetPlanAsync", "CarePlanService.AssigneesAsync", "CarePlanService.HistoryAsync",
                     "CarePlanService.ApplyTemplateAsync", "CarePlanService.AddItemAsync", "CarePlanService.SetStatusAsync" })
        {
            Add(name, "real", A(w.PlanA));
            Add(name, "closed (revoked plan)", A(w.RevokedPlanA));
        }
        foreach (var name in new[] { "CarePlanService.GetItemAsync", "CarePlanService.EditAsync", "CarePlanService.HistoryAsync" })
        {
            Add(name, "real", A(w.PlanA), A(w.ItemA));
            Add(name, "forged child (own plan, A's item)", Own(w.PlanB), A(w.ItemA));
            Add(name, "forged parent (A's plan, own item)", A(w.PlanA), Own(w.ItemB));
        }
        foreach (var name in new[] { "ReferralService.GetAsync", "ReferralService.MoveAsync", "ReferralService.ReachAsync",
                     "ReferralService.RecordConsentAsync", "ReferralService.RecordPart2ConsentAsync", "ReferralService.RevokePart2ConsentAsync",
                     "ReferralService.ReassignAsync" })
        {
            Add(name, "real", A(w.ReferralA));
            Add(name, "shared patient, other team's record", A(w.ReferralOnSharedA));
            Add(name, "entered in error", A(w.ReferralEnteredInErrorA));
        }
        Add("ReferralService.CreateAsync", "real", A(w.OnlyA.Id), A(w.TeamA.Id));
        Add("ReferralService.CreateAsync", "forged team (A's patient, own team)", A(w.OnlyA.Id), Own(w.TeamB.Id));
        Add("ReferralService.CreateAsync", "shared patient, other team's record", Own(w.Shared.Id), A(w.TeamA.Id));
        Add("ReferralService.CreateAsync", "merged", A(w.MergedA.Id), Own(w.TeamB.Id));
        foreach (var name in new[] { "TasksService.AssigneesAsync", "TasksService.CompleteAsync", "TasksService.CancelAsync", "TasksService.ReassignAsync" })
        {
            Add(name, "real", A(w.TaskA));
            Add(name, "shared patient, other team's record", A(w.TaskOnSharedA));
            Add(name, "closed (done task)", A(w.DoneTaskA));
        }
        foreach (var name in new[] { "ReferralService.WorklistAsync", "ReferralService.MetricsAsync", "ReferralService.OwnersAsync", "TasksService.ListAsync",
                     "HuddleService.OpenTodayAsync", "HuddleService.MembersAsync", "HuddleService.HistoryAsync", "CensusService.LoadAsync" })
            Add(name, "real (team)", A(w.TeamA.Id));
        foreach (var name in new[] { "HuddleService.GetBoardAsync", "HuddleService.AddTopicAsync", "HuddleService.StartTimerAsync",
                     "HuddleService.PauseTimerAsync", "HuddleService.NextCardAsync", "HuddleService.CloseAsync" })
        {
            Add(name, "real", A(w.BoardA));
            Add(name, "closed board", A(w.ClosedBoardA));
        }
        foreach (var name in new[] { "HuddleService.MoveCardAsync", "HuddleService.UpdateCardAsync", "HuddleService.AddActionAsync", "HuddleService.FocusCardAsync" })
        {
            Add(name, "real", A(w.BoardA), A(w.TopicCardA));
            Add(name, "shared patient, other team's record", A(w.BoardA), A(w.SharedPatientCardA));
            Add(name, "forged child (own board, A's card)", Own(w.BoardB), A(w.TopicCardA));
            Add(name, "forged child (own board, A's card on the shared patient)", Own(w.BoardB), A(w.SharedPatientCardA));
            Add(name, "forged parent (A's board, own card)", A(w.BoardA), Own(w.CardB));
            Add(name, "closed board", A(w.ClosedBoardA), A(w.TopicCardA));
        }
        if (InboundMessageId() is { } message)
            Add("AdtFeedService.ReplayAsync", "real (interface message)", A(message));
        return attempts;
    }

    [Fact]
    public async Task Team_B_gets_nothing_of_team_As_records_through_any_service_entry_point()
    {
        var output = Xunit.TestContext.Current.TestOutputHelper;
        var tally = new Tally();
        using var events = Listen();
        var before = await _world.FingerprintAsync(Ct);

        foreach (var attempt in Attempts())
        {
            var source = $"circuit:matrix-{Guid.NewGuid():N}";
            var randomSource = $"circuit:matrix-random-{Guid.NewGuid():N}";
            var randomIds = attempt.Ids.Select((id, i) => attempt.Foreign[i] ? Guid.NewGuid() : id).ToArray();

            var answer = await CallAsync(attempt.Entry, attempt.Ids, source);
            var fingerprint = await _world.FingerprintAsync(Ct);
            var published = events.Count;
            var missing = await CallAsync(attempt.Entry, randomIds, randomSource);

            var failures = new List<string>();
            if (Normalize(answer, attempt.Ids) != Normalize(missing, randomIds))
                failures.Add($"answered {Normalize(answer, attempt.Ids)}; a random id gets {Normalize(missing, randomIds)}");
            if (fingerprint != before)
                failures.Add("changed the database");
            if (published > 0)
                failures.Add($"published {published} event(s)");
            var audit = await AuditShapeAsync(source, attempt.Ids);
            var randomAudit = await AuditShapeAsync(randomSource, randomIds);
            if (audit != randomAudit)
                failures.Add($"audited [{audit}]; a random id is audited [{randomAudit}]");
            tally.Add("service", attempt.Entry.Operation, attempt.IdKind, $"{attempt.Entry.Name} {attempt.IdKind}", failures);
            before = fingerprint;
            events.Clear();
        }

        tally.Print(output, "service entry points");
        tally.Attempts.ShouldBeGreaterThan(100);
        tally.Successes.ShouldBeEmpty();
        await NoAuditRowOfBNamesTeamAsPatientsAsync();
    }

    [Fact]
    public async Task The_matrix_can_tell_a_success_team_As_own_coordinator_gets_the_records()
    {
        // The same comparison, for the records' own team: the reads and changes must be told apart from a random id,
        // or the matrix above could pass by comparing two empty answers.
        // (Emergency access is the exception: a coordinator may not break the glass even for a patient of their own team.)
        var readsOfA = Attempts().Where(a => a.Entry.Operation is "read" or "export" && a.IdKind is "real" or "real (team)"
            && a.Entry.Name != "EmergencyAccessService.RequestAsync").ToList();
        var told = 0;
        foreach (var attempt in readsOfA)
        {
            var randomIds = attempt.Ids.Select((id, i) => attempt.Foreign[i] ? Guid.NewGuid() : id).ToArray();
            var answer = await CallAsync(attempt.Entry, attempt.Ids, "circuit:matrix-control", _world.UserA);
            var missing = await CallAsync(attempt.Entry, randomIds, "circuit:matrix-control", _world.UserA);
            if (Normalize(answer, attempt.Ids) != Normalize(missing, randomIds))
                told++;
        }
        Xunit.TestContext.Current.TestOutputHelper?.WriteLine($"control: team A's coordinator, {readsOfA.Count} reads of A's records, {told} told apart from a random id");
        told.ShouldBe(readsOfA.Count);
    }

    [Fact]
    public async Task Search_never_returns_another_teams_patients()
    {
        var tally = new Tally();
        var w = _world;
        var terms = new List<(string Kind, string Text)>();
        foreach (var patient in new[] { w.OnlyA, w.MergedA, w.RevokedPlanPatientA })
        {
            terms.Add(("family name", patient.FamilyName));
            terms.Add(("family, given", $"{patient.FamilyName}, {patient.GivenName}"));
            terms.Add(("given name", patient.GivenName));
            terms.Add(("MRN", patient.Mrn));
            terms.Add(("MRN prefix", patient.Mrn[..4]));
        }
        var forbidden = w.APatientsOnly.ToHashSet();
        await using var scope = AccessMatrixWorld.As(_server, w.UserB, "circuit:matrix-search");
        var patients = scope.ServiceProvider.GetRequiredService<PatientsService>();
        var referrals = scope.ServiceProvider.GetRequiredService<ReferralService>();
        var census = scope.ServiceProvider.GetRequiredService<CensusService>();
        foreach (var (kind, text) in terms)
        {
            var page = await patients.SearchAsync(new PatientQuery(text, PageSize: 100), Ct);
            tally.Add("search", "read", kind, $"patient list '{text}'", page.Rows.Where(r => forbidden.Contains(r.Id)).Select(r => $"returned {r.Id}").ToList());
            var options = await referrals.FindPatientsAsync(text, Ct);
            tally.Add("search", "read", kind, $"referral patient search '{text}'", options.Where(o => forbidden.Contains(o.PatientId)).Select(o => $"returned {o.PatientId}").ToList());
        }
        var board = await census.LoadAsync(null, Ct);
        tally.Add("search", "read", "all my teams", "census of all my teams", board.Rows.Where(r => forbidden.Contains(r.PatientId)).Select(r => $"row of {r.PatientId}").ToList());
        // The shared patient is B's too: it is found, so the searches above are not empty by accident.
        (await patients.SearchAsync(new PatientQuery(w.Shared.FamilyName), Ct)).Rows.ShouldContain(r => r.Id == w.Shared.Id);
        board.Rows.ShouldContain(r => r.PatientId == w.Shared.Id);

        tally.Print(Xunit.TestContext.Current.TestOutputHelper, "search");
        tally.Successes.ShouldBeEmpty();
        await NoAuditRowOfBNamesTeamAsPatientsAsync(deniedExpected: false);
    }

    // --------------------------------------------------------------------------------------------------------------
    // The hub, the HTTP endpoints and the page URLs, over the wire as user B.
    // --------------------------------------------------------------------------------------------------------------

    [Fact]
    public async Task Team_B_gets_nothing_of_team_As_records_through_the_hub_the_endpoints_and_the_page_urls()
    {
        var w = _world;
        var tally = new Tally();
        using var events = Listen();
        var before = await _world.FingerprintAsync(Ct);
        using var session = await _server.SignedInClientAsync(w.UserB.Id, Ct);
        await using var hub = new HubConnectionBuilder()
            .WithUrl(new Uri(_server.BaseAddress, CareHubHub.Path), (HttpConnectionOptions o) => o.Headers["Cookie"] = session.CookieHeader)
            .Build();
        await hub.StartAsync(Ct);

        // Hub: every method with every kind of topic.
        var topics = new List<(string Kind, Func<Guid, string> Topic, Guid Id)>
        {
            ("real", Topics.Patient, w.OnlyA.Id), ("merged", Topics.Patient, w.MergedA.Id),
            ("real", Topics.CarePlan, w.PlanA), ("closed (revoked plan)", Topics.CarePlan, w.RevokedPlanA),
            ("real", Topics.Huddle, w.BoardA), ("closed board", Topics.Huddle, w.ClosedBoardA),
            ("real (team)", Topics.Team, w.TeamA.Id), ("real (team)", Topics.Referrals, w.TeamA.Id), ("real (team)", Topics.Census, w.TeamA.Id),
            ("real (team)", Topics.Tasks, w.TeamA.Id),
        };
        var kindsTried = topics.Select(t => Topics.TryParse(t.Topic(Guid.NewGuid()), out var kind, out _) ? kind : (TopicKind?)null).ToHashSet();
        Enum.GetValues<TopicKind>().Where(k => !kindsTried.Contains(k)).ShouldBeEmpty("every kind of topic is in the matrix");
        foreach (var method in HubMethods)
        {
            foreach (var (kind, topic, id) in topics)
            {
                var answer = await HubAnswerAsync(hub, method, topic(id));
                var missing = await HubAnswerAsync(hub, method, topic(Guid.NewGuid()));
                var failures = new List<string>();
                if (answer != missing)
                    failures.Add($"answered {answer}; a random id gets {missing}");
                tally.Add("hub", method == "JoinTopic" ? "read" : "update", kind, $"{method}({topic(id)})", failures);
            }
        }
        hub.State.ShouldBe(HubConnectionState.Connected);

        // HTTP endpoints and pages: every route with an id, with every kind of id.
        foreach (var (route, kind, id) in RouteAttempts())
        {
            var (status, body) = await GetAsync(session, route.Replace("{id}", id.ToString(), StringComparison.Ordinal), id);
            var randomId = Guid.NewGuid();
            var (randomStatus, randomBody) = await GetAsync(session, route.Replace("{id}", randomId.ToString(), StringComparison.Ordinal), randomId);
            var failures = new List<string>();
            if (status != randomStatus)
                failures.Add($"status {status}; a random id gets {randomStatus}");
            if (body != randomBody)
                failures.Add($"a body unlike a random id's: {FirstDifference(body, randomBody)}");
            tally.Add(route.Contains("/fhir", StringComparison.Ordinal) || route.EndsWith("/export", StringComparison.Ordinal) ? "http export" : "page url",
                "read", kind, $"GET {route} ({kind})", failures);
        }

        (await _world.FingerprintAsync(Ct)).ShouldBe(before, "nothing of either team changed");
        events.Count.ShouldBe(0, "nothing was published");
        tally.Print(Xunit.TestContext.Current.TestOutputHelper, "hub, HTTP endpoints and page URLs");
        tally.Successes.ShouldBeEmpty();
        await NoAuditRowOfBNamesTeamAsPatientsAsync();
    }

    private static readonly string[] HubMethods = ["JoinTopic", "LeaveTopic"];

    /// <summary>Every route of the app that takes an id, with the ids to try: (route with {id}, id kind, id).</summary>
    private List<(string Route, string Kind, Guid Id)> RouteAttempts()
    {
        var w = _world;
        var patientIds = new[] { ("real", w.OnlyA.Id), ("merged", w.MergedA.Id), ("closed (revoked plan)", w.RevokedPlanPatientA.Id) };
        var referralIds = new[] { ("real", w.ReferralA), ("shared patient, other team's record", w.ReferralOnSharedA), ("entered in error", w.ReferralEnteredInErrorA) };
        var teamIds = new[] { ("real (team)", w.TeamA.Id) };
        var list = new List<(string, string, Guid)>();
        foreach (var (route, ids) in new (string, (string, Guid)[])[]
                 {
                     ("/patients/{id}", patientIds), ("/patients/{id}/care-plan", patientIds), ("/patients/{id}/care-plan/print", patientIds),
                     ("/patients/{id}/care-plan/export", patientIds), ("/referrals/{id}", referralIds), ("/referrals/{id}/fhir", referralIds),
                     ("/huddle/{id}", teamIds), ("/huddle/{id}/wall", teamIds),
                 })
            list.AddRange(ids.Select(i => (route, i.Item1, i.Item2)));
        return list;
    }

    /// <summary>The routes with an id the matrix tries, by the app's own route pattern.</summary>
    private static readonly Dictionary<string, string> RoutesInTheMatrix = new()
    {
        ["/patients/{PatientId:guid}"] = "/patients/{id}",
        ["/patients/{PatientId:guid}/care-plan"] = "/patients/{id}/care-plan",
        ["/patients/{PatientId:guid}/care-plan/print"] = "/patients/{id}/care-plan/print",
        ["/patients/{patientId:guid}/care-plan/export"] = "/patients/{id}/care-plan/export",
        ["/referrals/{ReferralId:guid}"] = "/referrals/{id}",
        ["/referrals/{referralId:guid}/fhir"] = "/referrals/{id}/fhir",
        ["/huddle/{TeamId:guid}"] = "/huddle/{id}",
        ["/huddle/{TeamId:guid}/wall"] = "/huddle/{id}/wall",
    };

    /// <summary>Routes with no record id, and why they are not in the matrix.</summary>
    private static readonly Dictionary<string, string> RouteExemptions = new()
    {
        ["/"] = "home: no record",
        ["/not-found"] = "the not-found page",
        ["/error"] = "the error page",
        ["/emergency-access"] = "no id in the route: the request form (RequestAsync is in the service matrix)",
        ["/emergency-access/reviews"] = "no id in the route: the caller's own teams' grants (ReviewsAsync, EmergencyAccessServiceTests)",
        ["/account/signin"] = "sign-in form",
        ["/account/signin/demo"] = "development sign-in (Testing and Development only)",
        ["/account/signout"] = "sign-out",
        ["/patients"] = "the list of the caller's patients: searched in Search_never_returns_another_teams_patients",
        ["/referrals"] = "the caller's worklist: ReferralService.WorklistAsync in the service matrix",
        ["/huddle"] = "the caller's teams",
        ["/census"] = "the caller's census: CensusService.LoadAsync in the service matrix",
        ["/tasks"] = "the caller's task list: TasksService.ListAsync and the task changes in the service matrix",
        ["/interface-feed"] = "administrators only: AdtFeedService",
        ["/interop/hl7"] = "the HL7 feed over HTTP: a key of its own, no user (AdtHttpFeedTests)",
        ["/_framework"] = "Blazor's own endpoints: no data",
        ["/hubs/carehub"] = "the hub: its methods are in the matrix",
        ["/_blazor"] = "Blazor's circuit hub: its calls reach the services in the matrix",
        ["/health"] = "health checks: no data",
    };

    // --------------------------------------------------------------------------------------------------------------
    // Completeness: the entry points listed from the code.
    // --------------------------------------------------------------------------------------------------------------

    [Fact]
    public void Every_entry_point_of_the_code_is_in_the_matrix()
    {
        var web = typeof(PatientsService).Assembly;
        var serviceMethods = web.GetTypes()
            .Where(t => t.IsClass && t.IsPublic && t.Name.EndsWith("Service", StringComparison.Ordinal) && t.Namespace?.StartsWith("CareHub.Web.Features", StringComparison.Ordinal) == true)
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly)
                .Where(m => !m.IsSpecialName && m.DeclaringType == t)
                .Select(m => $"{t.Name}.{m.Name}"))
            .Distinct()
            .Order(StringComparer.Ordinal)
            .ToList();
        var inMatrix = ServiceEntries().Select(e => e.Name).ToHashSet();
        var covered = Attempts().Select(a => a.Entry.Name).ToHashSet();
        var missing = serviceMethods.Where(m => !inMatrix.Contains(m) && !ServiceExemptions.ContainsKey(m)).ToList();
        missing.ShouldBeEmpty("a public service method without an entry in the access matrix (add it to ServiceEntries and Attempts, or to ServiceExemptions with the reason)");
        inMatrix.Where(n => !covered.Contains(n) && n != "AdtFeedService.ReplayAsync").ShouldBeEmpty("an entry with no attempt");
        serviceMethods.Count.ShouldBeGreaterThan(30);

        var hubMethods = typeof(CareHubHub).GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly)
            .Where(m => !m.IsSpecialName && m.GetBaseDefinition().DeclaringType == typeof(CareHubHub)) // not Hub's own OnConnected/OnDisconnected
            .Select(m => m.Name).Order(StringComparer.Ordinal).ToList();
        hubMethods.ShouldBe(HubMethods.Order(StringComparer.Ordinal).ToList(), "a hub method without an entry in the access matrix");

        var patterns = _server.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Select(e => e.RoutePattern.RawText ?? string.Empty)
            .Select(p => p.StartsWith('/') ? p : "/" + p)
            .Where(p => !IsStaticAsset(p))
            .Distinct()
            .ToList();
        var unlisted = patterns.Where(p => !RoutesInTheMatrix.ContainsKey(p) && !RouteExemptions.Keys.Any(e => p == e || p.StartsWith(e + "/", StringComparison.Ordinal)))
            .ToList();
        unlisted.ShouldBeEmpty("a route without an entry in the access matrix (add it to RoutesInTheMatrix and RouteAttempts, or to RouteExemptions with the reason)");
        RoutesInTheMatrix.Keys.ShouldAllBe(p => patterns.Contains(p), "a route of the matrix the app no longer has");
        RouteAttempts().Select(r => r.Route).Distinct().Order(StringComparer.Ordinal)
            .ShouldBe(RoutesInTheMatrix.Values.Order(StringComparer.Ordinal), "every route of the matrix is tried");
        Xunit.TestContext.Current.TestOutputHelper?.WriteLine(
            $"entry points from the code: {serviceMethods.Count} service methods ({inMatrix.Count} in the matrix, {ServiceExemptions.Count(e => serviceMethods.Contains(e.Key))} exempt), " +
            $"{hubMethods.Count} hub methods, {patterns.Count} routes ({RoutesInTheMatrix.Count} with an id in the matrix)");
    }

    private static bool IsStaticAsset(string pattern) =>
        pattern.Contains("{**", StringComparison.Ordinal) && !pattern.StartsWith("/_blazor", StringComparison.Ordinal)
        || System.IO.Path.HasExtension(pattern.Split('/')[^1]) && !pattern.EndsWith("/fhir", StringComparison.Ordinal);

    // --------------------------------------------------------------------------------------------------------------

    private async Task<object?> CallAsync(ServiceEntry entry, Guid[] ids, string source, Domain.Organization.Staff? user = null)
    {
        await using var scope = AccessMatrixWorld.As(_server, user ?? _world.UserB, source);
        try
        {
            return await entry.Call(scope.ServiceProvider, ids);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return new Thrown(e.GetType().Name, e.Message);
        }
    }

    private sealed record Thrown(string Type, string Message);

    /// <summary>An answer as text, the ids of the call replaced by their position, so that two answers can be compared.</summary>
    private static string Normalize(object? answer, Guid[] ids)
    {
        var text = answer is null ? "null" : $"{answer.GetType().Name}:{JsonSerializer.Serialize(answer, answer.GetType())}";
        for (var i = 0; i < ids.Length; i++)
            text = text.Replace(ids[i].ToString(), $"{{id{i}}}", StringComparison.OrdinalIgnoreCase);
        // Times of the reading (ReadAt, "now") differ between two calls.
        return Timestamp().Replace(text, "{time}");
    }

    private async Task<string> AuditShapeAsync(string source, Guid[] ids)
    {
        await using var db = _server.SystemDb();
        var rows = await db.AuditEvents.AsNoTracking().Where(e => e.Source == source).OrderBy(e => e.Id)
            .Select(e => new { e.Action, e.EntityType, e.EntityId, e.PatientId }).ToListAsync(Ct);
        return string.Join("; ", rows.Select(r =>
            $"{r.Action} {r.EntityType} {(r.EntityId is { } e ? Array.IndexOf(ids, e) is var i and >= 0 ? $"id{i}" : "other" : "-")} {(r.PatientId is null ? "-" : "patient")}"));
    }

    /// <summary>No audit row of user B, from any source, names a patient of team A alone: nothing of them was read, written or exported.</summary>
    private async Task NoAuditRowOfBNamesTeamAsPatientsAsync(bool deniedExpected = true)
    {
        await using var db = _server.SystemDb();
        var userB = _world.UserB.Id.ToString();
        var forbidden = _world.APatientsOnly.Select(id => (Guid?)id).ToList();
        var rows = await db.AuditEvents.AsNoTracking()
            .Where(e => e.UserId == userB && forbidden.Contains(e.PatientId))
            .Select(e => new { e.Action, e.EntityType, e.Source }).ToListAsync(Ct);
        rows.ShouldBeEmpty();
        if (deniedExpected)
            (await db.AuditEvents.AsNoTracking().CountAsync(e => e.UserId == userB && e.Action == AuditAction.AccessDenied, Ct)).ShouldBeGreaterThan(0);
    }

    private static async Task<string> HubAnswerAsync(HubConnection hub, string method, string topic)
    {
        try
        {
            await hub.InvokeAsync(method, topic, Ct);
            return "ok";
        }
        catch (HubException e)
        {
            return $"HubException: {e.Message}";
        }
    }

    private static async Task<(HttpStatusCode Status, string Body)> GetAsync(CareHubHttpSession session, string path, Guid id)
    {
        using var response = await session.Client.GetAsync(new Uri(path, UriKind.Relative), Ct);
        var body = await response.Content.ReadAsStringAsync(Ct);
        body = body.Replace(id.ToString(), "{id}", StringComparison.OrdinalIgnoreCase);
        body = Nonce().Replace(body, "nonce=\"{nonce}\"");
        // Blazor's component markers and persisted state are data-protected per request (an invocation id and a time inside):
        // opaque to the browser, so the visible rest of the page is what is compared.
        body = BlazorMarker().Replace(body, "<!--Blazor-->");
        body = Antiforgery().Replace(body, "value=\"{token}\"");
        return (response.StatusCode, $"{response.Content.Headers.ContentType}\n{body}");
    }

    private static string FirstDifference(string a, string b)
    {
        var i = 0;
        while (i < a.Length && i < b.Length && a[i] == b[i])
            i++;
        string Around(string text) => text.Substring(Math.Max(0, i - 40), Math.Min(120, text.Length - Math.Max(0, i - 40)));
        return $"at {i}: '{Around(a)}' against '{Around(b)}'";
    }

    private long VersionOf(Guid id)
    {
        using var db = _server.SystemDb();
        return db.Patients.Where(p => p.Id == id).Select(p => (long?)p.Version).FirstOrDefault()
            ?? db.Referrals.Where(r => r.Id == id).Select(r => (long?)r.Version).FirstOrDefault()
            ?? db.CarePlanItems.Where(i => i.Id == id).Select(i => (long?)i.Version).FirstOrDefault()
            ?? db.HuddleCards.Where(c => c.Id == id).Select(c => (long?)c.Version).FirstOrDefault()
            ?? db.Tasks.Where(t => t.Id == id).Select(t => (long?)t.Version).FirstOrDefault()
            ?? 1;
    }

    private Guid? InboundMessageId()
    {
        using var db = _server.SystemDb();
        return db.InboundMessages.AsNoTracking().Select(m => (Guid?)m.Id).FirstOrDefault();
    }

    private BusListener Listen()
    {
        var w = _world;
        var bus = _server.Services.GetRequiredService<IRealtimeBus>();
        List<string> topics =
        [
            .. new[] { w.OnlyA.Id, w.MergedA.Id, w.RevokedPlanPatientA.Id, w.Shared.Id, w.OnlyB.Id }.Select(Topics.Patient),
            .. new[] { w.PlanA, w.RevokedPlanA, w.PlanB }.Select(Topics.CarePlan),
            .. new[] { w.BoardA, w.ClosedBoardA, w.BoardB }.Select(Topics.Huddle),
            .. new[] { w.TeamA.Id, w.TeamB.Id }.SelectMany(t => new[] { Topics.Team(t), Topics.Referrals(t), Topics.Census(t), Topics.Tasks(t), }),
            Topics.Notifications(w.UserA.Id), Topics.Notifications(w.UserB.Id),
        ];
        return new BusListener([.. topics.Select(t => new EventRecorder(bus, t))]);
    }

    private sealed class BusListener(List<EventRecorder> recorders) : IDisposable
    {
        public int Count => recorders.Sum(r => r.Events.Count);

        public void Clear() => recorders.ForEach(r => r.Clear());

        public void Dispose() => recorders.ForEach(r => r.Dispose());
    }

    /// <summary>Attempts and successes by entry-point kind, operation and id kind.</summary>
    private sealed class Tally
    {
        private readonly List<(string Kind, string Operation, string IdKind, bool Success)> _rows = [];

        public List<string> Successes { get; } = [];

        public int Attempts => _rows.Count;

        public void Add(string kind, string operation, string idKind, string what, IReadOnlyList<string> failures)
        {
            _rows.Add((kind, operation, idKind, failures.Count > 0));
            if (failures.Count > 0)
                Successes.Add($"{kind} {what}: {string.Join("; ", failures)}");
        }

        public void Print(Xunit.ITestOutputHelper? output, string title)
        {
            if (output is null)
                return;
            output.WriteLine($"access matrix, {title}: {_rows.Count} attempts, {_rows.Count(r => r.Success)} successes");
            foreach (var group in _rows.GroupBy(r => (r.Kind, r.Operation)).OrderBy(g => g.Key.Kind).ThenBy(g => g.Key.Operation))
                output.WriteLine($"  {group.Key.Kind,-12} {group.Key.Operation,-7} {group.Count(),4} attempts, {group.Count(r => r.Success)} successes");
            foreach (var group in _rows.GroupBy(r => r.IdKind).OrderBy(g => g.Key, StringComparer.Ordinal))
                output.WriteLine($"  id: {group.Key,-58} {group.Count(),4} attempts, {group.Count(r => r.Success)} successes");
            foreach (var success in Successes)
                output.WriteLine($"  SUCCESS (a leak): {success}");
        }
    }

    [GeneratedRegex("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?([+-]\\d{2}:\\d{2}|Z)?")]
    private static partial Regex Timestamp();

    [GeneratedRegex("nonce=\"[^\"]*\"")]
    private static partial Regex Nonce();

    [GeneratedRegex("<!--Blazor.*?-->", RegexOptions.Singleline)]
    private static partial Regex BlazorMarker();

    [GeneratedRegex("value=\"CfDJ8[^\"]*\"")]
    private static partial Regex Antiforgery();
}
