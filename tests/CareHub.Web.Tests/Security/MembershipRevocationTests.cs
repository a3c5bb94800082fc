using CareHub.Domain.Organization;
using CareHub.Tests.Infrastructure;
using CareHub.Web.Features.Patients;
using CareHub.Web.Realtime;
using CareHub.Web.Security;
using CareHub.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Http.Connections.Client;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CareHub.Web.Tests.Security;

/// <summary>
/// A removed team membership ends in what is already open: hub connections leave that team's topics, and a circuit's
/// services answer "not found" for its patients, within Security:MembershipRefreshInterval (1 s here). Real Kestrel,
/// real SignalR, real SQLite.
/// </summary>
public sealed class MembershipRevocationTests : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);

    private readonly CareHubServer _server = new(patients: 60, settings: new Dictionary<string, string?>
    {
        [SecurityOptions.MembershipRefreshIntervalKey] = "00:00:01",
    });

    public ValueTask InitializeAsync()
    {
        _server.Start();
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task An_open_hub_connection_stops_receiving_the_lost_teams_events_and_joining_again_is_not_found()
    {
        var ct = Xunit.TestContext.Current.CancellationToken;
        var (staff, lostTeam) = await _server.DemoUserAsync(StaffRole.Coordinator);
        var keptTeam = await AddToAnotherTeamAsync(staff, lostTeam.Id);
        var lostPatient = await PatientOnlyOfAsync(lostTeam.Id, keptTeam.Id);
        await using var hub = await ConnectAsync(staff.Id, ct);
        var received = new List<RealtimeEvent>();
        var next = new SemaphoreSlim(0);
        hub.On<RealtimeEvent>(CareHubHub.EventMethod, e =>
        {
            lock (received)
                received.Add(e);
            next.Release();
        });
        string[] lostTopics = [Topics.Team(lostTeam.Id), Topics.Referrals(lostTeam.Id), Topics.Census(lostTeam.Id), Topics.Patient(lostPatient)];
        foreach (var topic in lostTopics)
            await hub.InvokeAsync("JoinTopic", topic, ct);
        await hub.InvokeAsync("JoinTopic", Topics.Team(keptTeam.Id), ct);

        await RemoveMembershipAsync(staff.Id, lostTeam.Id);
        await MembershipRevocation.PublishAsync(_server.Services.GetRequiredService<IRealtimeBus>(), staff.Id, TimeProvider.System, ct);
        await WaitUntilAsync(() => !FollowedBy(hub.ConnectionId!).Intersect(lostTopics).Any(), "the connection still follows the lost team's topics");

        var bus = _server.Services.GetRequiredService<IRealtimeBus>();
        foreach (var topic in lostTopics)
            await bus.PublishAsync(new RealtimeEvent(topic, "test.changed", lostTeam.Id, 9, DateTimeOffset.UtcNow), ct);
        var marker = new RealtimeEvent(Topics.Team(keptTeam.Id), "team.changed", keptTeam.Id, 10, DateTimeOffset.UtcNow);
        await bus.PublishAsync(marker, ct);
        (await next.WaitAsync(Patience, ct)).ShouldBeTrue("the kept team's event did not arrive");
        lock (received)
            received.ShouldBe([marker]);

        foreach (var topic in lostTopics)
        {
            var error = await Should.ThrowAsync<HubException>(() => hub.InvokeAsync("JoinTopic", topic, ct));
            error.Message.ShouldEndWith(CareHubHub.NotFoundMessage);
        }
    }

    [Fact]
    public async Task A_service_call_in_an_open_circuit_scope_answers_not_found_once_the_membership_is_gone()
    {
        var ct = Xunit.TestContext.Current.CancellationToken;
        var (staff, team) = await _server.DemoUserAsync(StaffRole.Nurse);
        var patientId = await PatientOnlyOfAsync(team.Id, Guid.Empty);
        await using var circuit = _server.Services.CreateAsyncScope();
        circuit.ServiceProvider.GetRequiredService<CurrentUser>().Set(PatientsDatabase.Principal(staff), "circuit:membership-test");
        var patients = circuit.ServiceProvider.GetRequiredService<PatientsService>();
        (await patients.GetAsync(patientId, ct)).ShouldNotBeNull();

        // No announcement: the refresh interval alone ends it (a revocation made on another instance, or lost).
        await RemoveMembershipAsync(staff.Id, team.Id);

        var started = System.Diagnostics.Stopwatch.StartNew();
        var deadline = DateTime.UtcNow + Patience;
        PatientDetail? seen;
        do
        {
            seen = await patients.GetAsync(patientId, ct);
            if (seen is not null)
                await Task.Delay(200, ct);
        }
        while (seen is not null && DateTime.UtcNow < deadline);
        seen.ShouldBeNull("the circuit still reads a patient of a team the person left");
        Xunit.TestContext.Current.TestOutputHelper?.WriteLine($"Not found {started.ElapsedMilliseconds} ms after the removal (refresh interval 1 s).");
        (await patients.GetAsync(Guid.NewGuid(), ct)).ShouldBeNull();
        circuit.ServiceProvider.GetRequiredService<CurrentUser>().Current.TeamIds.ShouldNotContain(team.Id);
    }

    [Fact]
    public async Task A_hub_connection_of_a_session_ended_by_the_idle_logoff_leaves_every_topic_and_joins_nothing()
    {
        var ct = Xunit.TestContext.Current.CancellationToken;
        var (staff, team) = await _server.DemoUserAsync(StaffRole.SocialWorker);
        using var session = await _server.SignedInClientAsync(staff.Id, ct);
        var cookie = session.CookieHeader;
        await using var hub = new HubConnectionBuilder()
            .WithUrl(new Uri(_server.BaseAddress, CareHubHub.Path), (HttpConnectionOptions o) => o.Headers["Cookie"] = cookie)
            .Build();
        await hub.StartAsync(ct);
        await hub.InvokeAsync("JoinTopic", Topics.Team(team.Id), ct);
        FollowedBy(hub.ConnectionId!).ShouldContain(Topics.Team(team.Id));

        var cookies = _server.Services.GetRequiredService<IOptionsMonitor<CookieAuthenticationOptions>>().Get(CookieAuthenticationDefaults.AuthenticationScheme);
        var sessionId = cookies.TicketDataFormat.Unprotect(session.Cookies.GetCookies(session.BaseAddress)[CareHubServer.AuthCookie]!.Value)!
            .Principal.GetSessionId().ShouldNotBeNull();
        _server.Services.GetRequiredService<SignInSessions>().End(sessionId);

        await WaitUntilAsync(() => !FollowedBy(hub.ConnectionId!).Any(), "the connection of an ended session still follows its topics");
        var error = await Should.ThrowAsync<HubException>(() => hub.InvokeAsync("JoinTopic", Topics.Team(team.Id), ct));
        error.Message.ShouldEndWith(CareHubHub.NotFoundMessage);
    }

    private IEnumerable<string> FollowedBy(string connectionId) =>
        _server.Services.GetRequiredService<HubFollowers>().Snapshot().Where(c => c.ConnectionId == connectionId).SelectMany(c => c.Topics);

    /// <summary>Waits (at most <see cref="Patience"/>) and reports how long it took, as a figure, never as an assertion.</summary>
    private static async Task WaitUntilAsync(Func<bool> condition, string why)
    {
        var started = System.Diagnostics.Stopwatch.StartNew();
        var deadline = DateTime.UtcNow + Patience;
        while (!condition())
        {
            DateTime.UtcNow.ShouldBeLessThan(deadline, why);
            await Task.Delay(100);
        }
        Xunit.TestContext.Current.TestOutputHelper?.WriteLine($"Took {started.ElapsedMilliseconds} ms (refresh interval 1 s).");
    }

    private async Task<CareTeam> AddToAnotherTeamAsync(Staff staff, Guid currentTeamId)
    {
        await using var db = _server.SystemDb();
        var team = await db.CareTeams.Include(t => t.Members).Where(t => t.Id != currentTeamId).OrderBy(t => t.Name).FirstAsync();
        team.AddMember(await db.Staff.SingleAsync(s => s.Id == staff.Id));
        await db.SaveChangesAsync();
        return team;
    }

    private async Task RemoveMembershipAsync(Guid staffId, Guid teamId)
    {
        await using var db = _server.SystemDb();
        var team = await db.CareTeams.Include(t => t.Members).SingleAsync(t => t.Id == teamId);
        team.RemoveMember(staffId);
        await db.SaveChangesAsync();
    }

    private async Task<Guid> PatientOnlyOfAsync(Guid teamId, Guid notTeamId)
    {
        await using var db = _server.SystemDb();
        var links = await db.PatientTeams.AsNoTracking().ToListAsync();
        return links.GroupBy(l => l.PatientId)
            .First(g => g.Any(l => l.TeamId == teamId) && g.All(l => l.TeamId != notTeamId)).Key;
    }

    private async Task<HubConnection> ConnectAsync(Guid staffId, CancellationToken ct)
    {
        using var session = await _server.SignedInClientAsync(staffId, ct);
        var cookie = session.CookieHeader;
        var hub = new HubConnectionBuilder()
            .WithUrl(new Uri(_server.BaseAddress, CareHubHub.Path), (HttpConnectionOptions o) => o.Headers["Cookie"] = cookie)
            .Build();
        await hub.StartAsync(ct);
        return hub;
    }
}
