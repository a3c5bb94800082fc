using CareHub.Domain.Audit;
using CareHub.Web.Realtime;
using Microsoft.AspNetCore.Http.Connections.Client;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

using CareHub.Tests.Infrastructure;

namespace CareHub.Web.Tests.Realtime;

/// <summary>The hub against the real app on Kestrel: real cookie sign-in, real SignalR, real SQLite and demo data.</summary>
public sealed class CareHubHubTests : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);

    private readonly CareHubServer _server = new(patients: 60);
    private Guid _staffId;
    private Guid _ownPatient;
    private Guid _otherTeamPatient;
    private Guid _ownTeam;
    private Guid _otherTeam;

    public async ValueTask InitializeAsync()
    {
        _server.StartServer();
        await using var db = _server.SystemDb();
        var memberships = await db.TeamMemberships.AsNoTracking().ToListAsync();
        var activeStaff = await db.Staff.AsNoTracking().Where(s => s.IsActive).Select(s => s.Id).ToListAsync();
        var patientTeams = await db.PatientTeams.AsNoTracking().ToListAsync();
        foreach (var staffId in activeStaff)
        {
            var teams = memberships.Where(m => m.StaffId == staffId).Select(m => m.TeamId).ToHashSet();
            var own = patientTeams.FirstOrDefault(pt => teams.Contains(pt.TeamId));
            var other = patientTeams.GroupBy(pt => pt.PatientId).FirstOrDefault(g => g.All(pt => !teams.Contains(pt.TeamId)));
            if (own is null || other is null)
                continue;
            // The foreign team is one the user is not a member of (a user can belong to several teams).
            (_staffId, _ownPatient, _ownTeam, _otherTeamPatient, _otherTeam) = (staffId, own.PatientId, own.TeamId, other.Key, other.First().TeamId);
            return;
        }
        throw new InvalidOperationException("The demo data has no user with a patient of their own and a patient of another team.");
    }

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Following_an_own_team_patient_receives_its_events_and_is_audited()
    {
        var ct = Xunit.TestContext.Current.CancellationToken;
        await using var hub = await ConnectAsync(ct);
        var received = new List<RealtimeEvent>();
        var next = new SemaphoreSlim(0);
        hub.On<RealtimeEvent>(CareHubHub.EventMethod, e =>
        {
            lock (received)
                received.Add(e);
            next.Release();
        });

        await hub.InvokeAsync("JoinTopic", Topics.Patient(_ownPatient), ct);
        var bus = _server.Services.GetRequiredService<IRealtimeBus>();
        await bus.PublishAsync(new RealtimeEvent(Topics.Patient(_otherTeamPatient), "patient.changed", _otherTeamPatient, 4, DateTimeOffset.UtcNow), ct);
        await bus.PublishAsync(new RealtimeEvent(Topics.Presence(Topics.Patient(_ownPatient)), "presence.changed", _ownPatient, 1, DateTimeOffset.UtcNow), ct);
        var published = new RealtimeEvent(Topics.Patient(_ownPatient), "patient.changed", _ownPatient, 7, DateTimeOffset.UtcNow, ItemId: Guid.NewGuid());
        await bus.PublishAsync(published, ct);

        (await next.WaitAsync(Patience, ct)).ShouldBeTrue("no event arrived");
        lock (received)
            received.ShouldBe([published]); // not the other team's, not presence

        await using var db = _server.SystemDb();
        var audit = await db.AuditEvents.AsNoTracking()
            .Where(a => a.EntityType == TopicAccess.PatientTopicCategory && a.PatientId == _ownPatient).ToListAsync(ct);
        var row = audit.ShouldHaveSingleItem();
        row.Action.ShouldBe(AuditAction.Read);
        row.UserId.ShouldBe(_staffId.ToString());
        row.Source.ShouldBe($"hub:{hub.ConnectionId}");
    }

    [Fact]
    public async Task Another_teams_patient_a_random_id_and_a_malformed_topic_are_all_just_not_found()
    {
        var ct = Xunit.TestContext.Current.CancellationToken;
        await using var hub = await ConnectAsync(ct);

        var otherTeam = await Should.ThrowAsync<HubException>(() => hub.InvokeAsync("JoinTopic", Topics.Patient(_otherTeamPatient), ct));
        var missing = await Should.ThrowAsync<HubException>(() => hub.InvokeAsync("JoinTopic", Topics.Patient(Guid.NewGuid()), ct));
        var malformed = await Should.ThrowAsync<HubException>(() => hub.InvokeAsync("JoinTopic", "patient:' OR 1=1 --", ct));
        var otherTeamsList = await Should.ThrowAsync<HubException>(() => hub.InvokeAsync("JoinTopic", Topics.Referrals(Guid.NewGuid()), ct));

        otherTeam.Message.ShouldEndWith(CareHubHub.NotFoundMessage);
        missing.Message.ShouldBe(otherTeam.Message);
        malformed.Message.ShouldBe(otherTeam.Message);
        otherTeamsList.Message.ShouldBe(otherTeam.Message);

        // The connection is still usable, and the user's own team list may be followed.
        await hub.InvokeAsync("JoinTopic", Topics.Referrals(_ownTeam), ct);
    }

    [Fact]
    public async Task Events_of_another_teams_patient_never_reach_a_client_that_tried_to_follow_it()
    {
        var ct = Xunit.TestContext.Current.CancellationToken;
        await using var hub = await ConnectAsync(ct);
        var received = new List<RealtimeEvent>();
        var next = new SemaphoreSlim(0);
        hub.On<RealtimeEvent>(CareHubHub.EventMethod, e =>
        {
            lock (received)
                received.Add(e);
            next.Release();
        });

        await Should.ThrowAsync<HubException>(() => hub.InvokeAsync("JoinTopic", Topics.Patient(_otherTeamPatient), ct));
        await hub.InvokeAsync("JoinTopic", Topics.Team(_ownTeam), ct);
        var bus = _server.Services.GetRequiredService<IRealtimeBus>();
        await bus.PublishAsync(new RealtimeEvent(Topics.Patient(_otherTeamPatient), "patient.changed", _otherTeamPatient, 2, DateTimeOffset.UtcNow), ct);
        var marker = new RealtimeEvent(Topics.Team(_ownTeam), "team.changed", _ownTeam, 3, DateTimeOffset.UtcNow);
        await bus.PublishAsync(marker, ct);

        (await next.WaitAsync(Patience, ct)).ShouldBeTrue();
        lock (received)
            received.ShouldBe([marker]);

        await using var db = _server.SystemDb();
        (await db.AuditEvents.AsNoTracking().CountAsync(a => a.PatientId == _otherTeamPatient && a.Source == $"hub:{hub.ConnectionId}", ct))
            .ShouldBe(0, "a refused topic must not record a read of the patient");
    }

    [Fact]
    public async Task A_huddle_board_is_followed_by_its_team_only_and_another_teams_board_answers_like_a_missing_one()
    {
        var ct = Xunit.TestContext.Current.CancellationToken;
        Guid ownBoard, otherBoard;
        await using (var db = _server.SystemDb())
        {
            var otherTeam = _otherTeam;
            var day = new DateOnly(2020, 1, 6);
            var own = new CareHub.Domain.Huddles.HuddleBoard(_ownTeam, day);
            var other = new CareHub.Domain.Huddles.HuddleBoard(otherTeam, day);
            db.HuddleBoards.AddRange(own, other);
            await db.SaveChangesAsync(ct);
            (ownBoard, otherBoard) = (own.Id, other.Id);
        }
        await OnlyOwnTopicDeliversAsync(Topics.Huddle(ownBoard), Topics.Huddle(otherBoard), Topics.Huddle(Guid.NewGuid()),
            new RealtimeEvent(Topics.Huddle(otherBoard), "huddle.changed", otherBoard, 2, DateTimeOffset.UtcNow),
            new RealtimeEvent(Topics.Huddle(ownBoard), "huddle.changed", ownBoard, 2, DateTimeOffset.UtcNow), "another team's board events never arrive", ct);
    }

    [Fact]
    public async Task A_care_plan_is_followed_by_its_patients_team_only_and_another_teams_plan_answers_like_a_missing_one()
    {
        var ct = Xunit.TestContext.Current.CancellationToken;
        Guid ownPlan, otherPlan;
        await using (var db = _server.SystemDb())
        {
            var own = new CareHub.Domain.CarePlans.CarePlan(_ownPatient, "Care plan", DateTimeOffset.UtcNow);
            var other = new CareHub.Domain.CarePlans.CarePlan(_otherTeamPatient, "Care plan", DateTimeOffset.UtcNow);
            db.CarePlans.AddRange(own, other);
            await db.SaveChangesAsync(ct);
            (ownPlan, otherPlan) = (own.Id, other.Id);
        }
        await OnlyOwnTopicDeliversAsync(Topics.CarePlan(ownPlan), Topics.CarePlan(otherPlan), Topics.CarePlan(Guid.NewGuid()),
            new RealtimeEvent(Topics.CarePlan(otherPlan), "careplan.changed", otherPlan, 2, DateTimeOffset.UtcNow, Guid.NewGuid()),
            new RealtimeEvent(Topics.CarePlan(ownPlan), "careplan.changed", ownPlan, 2, DateTimeOffset.UtcNow, Guid.NewGuid()), "another team's plan events never arrive", ct);
        await using var audit = _server.SystemDb();
        (await audit.AuditEvents.CountAsync(a => a.EntityType == TopicAccess.CarePlanTopicCategory && a.EntityId == ownPlan && a.Action == AuditAction.Read, ct))
            .ShouldBe(1, "following a plan is a read of the patient's plan");
    }

    [Fact]
    public async Task A_teams_referral_topic_is_followed_by_its_members_only_and_another_teams_answers_like_a_missing_one()
    {
        var ct = Xunit.TestContext.Current.CancellationToken;
        var otherTeam = _otherTeam;
        await OnlyOwnTopicDeliversAsync(Topics.Referrals(_ownTeam), Topics.Referrals(otherTeam), Topics.Referrals(Guid.NewGuid()),
            new RealtimeEvent(Topics.Referrals(otherTeam), "referral.changed", Guid.NewGuid(), 2, DateTimeOffset.UtcNow),
            new RealtimeEvent(Topics.Referrals(_ownTeam), "referral.changed", Guid.NewGuid(), 2, DateTimeOffset.UtcNow), "another team's referral events never arrive", ct);
    }

    [Fact]
    public async Task The_hub_refuses_a_connection_without_sign_in()
    {
        var ct = Xunit.TestContext.Current.CancellationToken;
        await using var hub = new HubConnectionBuilder()
            .WithUrl(new Uri(_server.BaseAddress, CareHubHub.Path), o => o.Transports = Microsoft.AspNetCore.Http.Connections.HttpTransportType.WebSockets
                | Microsoft.AspNetCore.Http.Connections.HttpTransportType.LongPolling)
            .Build();

        await Should.ThrowAsync<Exception>(() => hub.StartAsync(ct));
    }

    private async Task<HubConnection> ConnectAsync(CancellationToken ct)
    {
        using var session = await _server.SignedInClientAsync(_staffId, ct);
        var cookie = session.CookieHeader;
        var hub = new HubConnectionBuilder()
            .WithUrl(new Uri(_server.BaseAddress, CareHubHub.Path), (HttpConnectionOptions o) => o.Headers["Cookie"] = cookie)
            .Build();
        await hub.StartAsync(ct);
        return hub;
    }


    /// <summary>
    /// Joins <paramref name="own"/> after trying <paramref name="foreign"/> and <paramref name="missing"/> (both refused
    /// with the same message), publishes <paramref name="theirs"/> then <paramref name="mine"/> on the bus, and checks
    /// that only <paramref name="mine"/> arrives.
    /// </summary>
    private async Task OnlyOwnTopicDeliversAsync(string own, string foreign, string missing, RealtimeEvent theirs, RealtimeEvent mine,
        string why, CancellationToken ct)
    {
        await using var hub = await ConnectAsync(ct);
        var received = new List<RealtimeEvent>();
        var next = new SemaphoreSlim(0);
        hub.On<RealtimeEvent>(CareHubHub.EventMethod, e =>
        {
            lock (received)
                received.Add(e);
            next.Release();
        });

        var refusedForeign = await Should.ThrowAsync<HubException>(() => hub.InvokeAsync("JoinTopic", foreign, ct));
        var refusedMissing = await Should.ThrowAsync<HubException>(() => hub.InvokeAsync("JoinTopic", missing, ct));
        refusedForeign.Message.ShouldBe(refusedMissing.Message);
        await hub.InvokeAsync("JoinTopic", own, ct);

        var bus = _server.Services.GetRequiredService<IRealtimeBus>();
        await bus.PublishAsync(theirs, ct);
        await bus.PublishAsync(mine, ct);

        (await next.WaitAsync(Patience, ct)).ShouldBeTrue();
        lock (received)
            received.ShouldBe([mine], why);
    }

}
