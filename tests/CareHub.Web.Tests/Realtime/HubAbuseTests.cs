using System.Diagnostics;
using CareHub.Data;
using CareHub.Tests.Infrastructure;
using CareHub.Web.Composition;
using CareHub.Web.Realtime;
using Microsoft.AspNetCore.Components.Server;
using Microsoft.AspNetCore.Http.Connections.Client;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CareHub.Web.Tests.Realtime;

/// <summary>
/// Abuse limits of the hub (docs/security.md, issue 9) against the real app on Kestrel with real SignalR clients signed
/// in through the development sign-in: the message size limit, the per-user rate limit, the per-user connection cap,
/// and their settings. Each test starts its own server with the limits it needs.
/// </summary>
public sealed class HubAbuseTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task The_size_limit_is_the_hubs_own_and_Blazors_circuit_hub_keeps_the_default()
    {
        await using var server = new CareHubServer(patients: 10);
        server.Start();

        var hub = server.Services.GetRequiredService<IOptions<HubOptions<CareHubHub>>>().Value;
        var global = server.Services.GetRequiredService<IOptions<HubOptions>>().Value;
        var componentHub = typeof(CircuitOptions).Assembly.GetType("Microsoft.AspNetCore.Components.Server.ComponentHub", throwOnError: true)!;
        var circuitOptions = typeof(IOptions<>).MakeGenericType(typeof(HubOptions<>).MakeGenericType(componentHub));
        var circuit = (HubOptions)circuitOptions.GetProperty(nameof(IOptions<HubOptions>.Value))!.GetValue(server.Services.GetRequiredService(circuitOptions))!;

        hub.MaximumReceiveMessageSize.ShouldBe(HubGuardOptions.MaximumReceiveMessageSize);
        global.MaximumReceiveMessageSize.ShouldBe(32 * 1024);
        circuit.MaximumReceiveMessageSize.ShouldBe(32 * 1024);
    }

    [Fact]
    public async Task An_oversized_message_closes_only_that_connection_and_the_users_other_connection_keeps_working()
    {
        var ct = Xunit.TestContext.Current.CancellationToken;
        await using var server = new CareHubServer(patients: 30);
        server.Start();
        var (a, _) = await UsersAsync(server);
        await using var victim = await ConnectAsync(server, a.StaffId, ct);
        await using var other = await ConnectAsync(server, a.StaffId, ct);
        var closed = ClosedSignal(victim);

        // Under the limit (4,000 characters): an answer, not a closed connection.
        var underLimit = await Should.ThrowAsync<HubException>(() => victim.InvokeAsync("JoinTopic", new string('a', 4_000), ct));
        underLimit.Message.ShouldEndWith(CareHubHub.NotFoundMessage);
        victim.State.ShouldBe(HubConnectionState.Connected);

        // 16 KB: over the hub's 8 KB and under SignalR's 32 KB default, so only the hub's own limit can close it.
        var oversized = await Should.ThrowAsync<Exception>(() => victim.InvokeAsync("JoinTopic", new string('a', 16 * 1024), ct));
        oversized.Message.ShouldNotEndWith(CareHubHub.NotFoundMessage, customMessage: "the server must not have run the method");
        (await closed.Task.WaitAsync(Patience, ct)).ShouldBeTrue();
        victim.State.ShouldBe(HubConnectionState.Disconnected);

        other.State.ShouldBe(HubConnectionState.Connected);
        await other.InvokeAsync("JoinTopic", Topics.Team(a.TeamId), ct);
        Xunit.TestContext.Current.TestOutputHelper?.WriteLine($"oversized: {oversized.GetType().Name}: {oversized.Message}; the other connection joined");
    }

    [Fact]
    public async Task A_flood_of_calls_is_refused_after_the_burst_does_nothing_and_ends_that_connection_only()
    {
        var ct = Xunit.TestContext.Current.CancellationToken;
        const int callsPerSecond = 1, burst = 5, attemptLimit = 200;
        var logger = new CapturingLogger<HubGuardFilter>();
        await using var server = new CareHubServer(patients: 30, settings: new Dictionary<string, string?>
        {
            ["Realtime:Hub:CallsPerSecond"] = "1",
            ["Realtime:Hub:Burst"] = "5",
        }, services: s => s.AddSingleton<ILogger<HubGuardFilter>>(logger));
        server.Start();
        var (a, b) = await UsersAsync(server);
        var options = server.Services.GetRequiredService<HubGuardOptions>();
        await using var flooder = await ConnectAsync(server, a.StaffId, ct);
        await using var sameUser = await ConnectAsync(server, a.StaffId, ct);
        await using var otherUser = await ConnectAsync(server, b.StaffId, ct);
        var flooderId = flooder.ConnectionId!;
        var closed = ClosedSignal(flooder);

        int attempts = 0, joined = 0, refused = 0;
        Exception? lost = null;
        var clock = Stopwatch.StartNew();
        while (attempts < attemptLimit && lost is null)
        {
            attempts++;
            try
            {
                await flooder.InvokeAsync("JoinTopic", Topics.Patient(a.PatientId), ct);
                joined++;
            }
            catch (HubException ex) when (ex.Message.EndsWith(HubGuardFilter.TooManyRequestsMessage, StringComparison.Ordinal))
            {
                refused++;
            }
            catch (Exception ex) when (ex is not HubException)
            {
                lost = ex; // the connection is gone
            }
        }
        var elapsed = clock.Elapsed;
        Xunit.TestContext.Current.TestOutputHelper?.WriteLine(
            $"flood: {attempts} attempts, {joined} joined, {refused} refused 'Too many requests', then {lost?.GetType().Name ?? "no"} loss, in {elapsed.TotalSeconds:0.00}s");

        (await closed.Task.WaitAsync(Patience, ct)).ShouldBeTrue("the flooding connection must be aborted");
        lost.ShouldNotBeNull($"the connection survived {attempts} attempts");
        joined.ShouldBeGreaterThanOrEqualTo(burst, "the burst is allowed");
        joined.ShouldBeLessThanOrEqualTo(burst + (callsPerSecond * ((int)Math.Ceiling(elapsed.TotalSeconds) + 1)), "no more than the burst and the refill");
        refused.ShouldBeGreaterThanOrEqualTo(options.FloodRefusals - 1);
        refused.ShouldBeLessThanOrEqualTo(options.FloodRefusals);
        logger.Entries.ShouldContain(e => e.Level == LogLevel.Warning && e.Message.Contains(flooderId, StringComparison.Ordinal) && e.Message.Contains("aborted", StringComparison.Ordinal));

        // Nothing was done for a refused call: one audited read per call that was let through, none for the others.
        await using (var db = server.SystemDb())
        {
            var reads = await db.AuditEvents.AsNoTracking()
                .CountAsync(e => e.Source == $"hub:{flooderId}" && e.EntityType == TopicAccess.PatientTopicCategory, ct);
            Xunit.TestContext.Current.TestOutputHelper?.WriteLine($"audited topic reads of the flooding connection: {reads}");
            reads.ShouldBe(joined);
        }

        // Another user has a bucket of their own: a whole burst goes through at once.
        for (var i = 0; i < burst; i++)
            await otherUser.InvokeAsync("JoinTopic", Topics.Team(b.TeamId), ct);

        // The same user's other connection was not ended, and works again once the shared bucket refills.
        sameUser.State.ShouldBe(HubConnectionState.Connected);
        var tries = 0;
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            tries++;
            try
            {
                await sameUser.InvokeAsync("JoinTopic", Topics.Team(a.TeamId), ct);
                break;
            }
            catch (HubException ex) when (ex.Message.EndsWith(HubGuardFilter.TooManyRequestsMessage, StringComparison.Ordinal) && deadline.Elapsed < Patience)
            {
                await Task.Delay(250, ct);
            }
        }
        Xunit.TestContext.Current.TestOutputHelper?.WriteLine($"the user's other connection joined after {tries} tries");
        sameUser.State.ShouldBe(HubConnectionState.Connected);
        otherUser.State.ShouldBe(HubConnectionState.Connected);
    }

    [Fact]
    public async Task A_users_connection_beyond_the_cap_is_refused_while_theirs_and_others_keep_working()
    {
        var ct = Xunit.TestContext.Current.CancellationToken;
        const int cap = 3;
        var logger = new CapturingLogger<HubGuardFilter>();
        await using var server = new CareHubServer(patients: 30, settings: new Dictionary<string, string?>
        {
            ["Realtime:Hub:MaxConnectionsPerUser"] = "3",
        }, services: s => s.AddSingleton<ILogger<HubGuardFilter>>(logger));
        server.Start();
        var (a, b) = await UsersAsync(server);
        var guard = server.Services.GetRequiredService<HubGuardFilter>();
        var userA = a.StaffId.ToString("D");

        var open = new List<HubConnection>();
        try
        {
            for (var i = 0; i < cap; i++)
            {
                var hub = await ConnectAsync(server, a.StaffId, ct);
                open.Add(hub);
                await hub.InvokeAsync("JoinTopic", Topics.Team(a.TeamId), ct);
            }
            guard.ConnectionsOf(userA).ShouldBe(cap);

            // The next one is ended as it connects: its start fails, or it closes right after.
            await using (var extra = await BuildAsync(server, a.StaffId, ct))
            {
                var closed = ClosedSignal(extra);
                Exception? startError = null;
                try
                {
                    await extra.StartAsync(ct);
                }
                catch (Exception ex)
                {
                    startError = ex;
                }
                if (startError is null)
                    (await closed.Task.WaitAsync(Patience, ct)).ShouldBeTrue($"connection {cap + 1} must be refused");
                extra.State.ShouldBe(HubConnectionState.Disconnected);
                Xunit.TestContext.Current.TestOutputHelper?.WriteLine(
                    $"cap {cap}: {cap} connections accepted, connection {cap + 1} refused ({(startError is null ? "closed after start" : "start failed")})");
            }
            guard.ConnectionsOf(userA).ShouldBe(cap);
            logger.Entries.ShouldContain(e => e.Level == LogLevel.Warning && e.Message.Contains("MaxConnectionsPerUser", StringComparison.Ordinal)
                && e.Message.Contains(userA, StringComparison.Ordinal));

            // The user's open connections and another user are unaffected.
            foreach (var hub in open)
                await hub.InvokeAsync("JoinTopic", Topics.Team(a.TeamId), ct);
            await using (var another = await ConnectAsync(server, b.StaffId, ct))
                await another.InvokeAsync("JoinTopic", Topics.Team(b.TeamId), ct);

            // A connection closed frees its place.
            await open[0].DisposeAsync();
            open.RemoveAt(0);
            var deadline = Stopwatch.StartNew();
            while (guard.ConnectionsOf(userA) != cap - 1 && deadline.Elapsed < Patience)
                await Task.Delay(50, ct);
            guard.ConnectionsOf(userA).ShouldBe(cap - 1);
            var replacement = await ConnectAsync(server, a.StaffId, ct);
            open.Add(replacement);
            await replacement.InvokeAsync("JoinTopic", Topics.Team(a.TeamId), ct);
            guard.ConnectionsOf(userA).ShouldBe(cap);
        }
        finally
        {
            foreach (var hub in open)
                await hub.DisposeAsync();
        }
    }

    public static TheoryData<string, string> BadHubSettings => new()
    {
        { "Realtime:Hub:CallsPerSecond", "0" },
        { "Realtime:Hub:CallsPerSecond", "-5" },
        { "Realtime:Hub:CallsPerSecond", "ten" },
        { "Realtime:Hub:Burst", "2.5" },
        { "Realtime:Hub:Burst", "0" },
        { "Realtime:Hub:MaxConnectionsPerUser", "0" },
        { "Realtime:Hub:MaxConnectionsPerUser", "99999999999" },
    };

    [Theory]
    [MemberData(nameof(BadHubSettings))]
    public void A_bad_hub_setting_is_refused_naming_it(string key, string value)
    {
        var error = Should.Throw<CareHubConfigurationException>(() => RealtimeComposition.ReadHubGuardOptions(Config((key, value))));

        error.Message.ShouldStartWith(key);
        error.Message.ShouldContain($"'{value}'");
    }

    [Fact]
    public void A_burst_smaller_than_the_rate_is_refused_and_absent_settings_take_the_defaults()
    {
        var error = Should.Throw<CareHubConfigurationException>(() => RealtimeComposition.ReadHubGuardOptions(
            Config(("Realtime:Hub:CallsPerSecond", "20"), ("Realtime:Hub:Burst", "10"))));
        error.Message.ShouldContain("Realtime:Hub:Burst");
        error.Message.ShouldContain("Realtime:Hub:CallsPerSecond");

        var defaults = RealtimeComposition.ReadHubGuardOptions(Config());
        (defaults.CallsPerSecond, defaults.Burst, defaults.MaxConnectionsPerUser, defaults.FloodRefusals).ShouldBe((10, 30, 20, 90));
        var set = RealtimeComposition.ReadHubGuardOptions(Config(("Realtime:Hub:CallsPerSecond", "2"), ("Realtime:Hub:Burst", "4"), ("Realtime:Hub:MaxConnectionsPerUser", "7")));
        (set.CallsPerSecond, set.Burst, set.MaxConnectionsPerUser).ShouldBe((2, 4, 7));
    }

    [Fact]
    public void The_app_does_not_start_with_a_bad_hub_setting()
    {
        using var server = new CareHubServer(patients: 10, settings: new Dictionary<string, string?> { ["Realtime:Hub:Burst"] = "lots" });

        // Program catches the configuration exception, prints it and returns 2: the host is never built.
        Should.Throw<InvalidOperationException>(() => server.Start()).Message.ShouldContain("without ever building");
    }

    private static IConfiguration Config(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => KeyValuePair.Create(v.Key, (string?)v.Value))).Build();

    /// <summary>Two active users on different teams; the first with a patient of their team.</summary>
    private static async Task<((Guid StaffId, Guid TeamId, Guid PatientId) A, (Guid StaffId, Guid TeamId) B)> UsersAsync(CareHubServer server)
    {
        await using var db = server.SystemDb();
        var active = await db.Staff.AsNoTracking().Where(s => s.IsActive).Select(s => s.Id).ToListAsync();
        var memberships = await db.TeamMemberships.AsNoTracking().Where(m => active.Contains(m.StaffId)).ToListAsync();
        var patientTeams = await db.PatientTeams.AsNoTracking().ToListAsync();
        var a = memberships.First(m => patientTeams.Any(pt => pt.TeamId == m.TeamId));
        var b = memberships.First(m => m.StaffId != a.StaffId && m.TeamId != a.TeamId);
        return ((a.StaffId, a.TeamId, patientTeams.First(pt => pt.TeamId == a.TeamId).PatientId), (b.StaffId, b.TeamId));
    }

    private static async Task<HubConnection> BuildAsync(CareHubServer server, Guid staffId, CancellationToken ct)
    {
        using var session = await server.SignedInClientAsync(staffId, ct);
        var cookie = session.CookieHeader;
        return new HubConnectionBuilder()
            .WithUrl(new Uri(server.BaseAddress, CareHubHub.Path), (HttpConnectionOptions o) => o.Headers["Cookie"] = cookie)
            .Build();
    }

    private static async Task<HubConnection> ConnectAsync(CareHubServer server, Guid staffId, CancellationToken ct)
    {
        var hub = await BuildAsync(server, staffId, ct);
        await hub.StartAsync(ct);
        return hub;
    }

    private static TaskCompletionSource<bool> ClosedSignal(HubConnection hub)
    {
        var closed = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        hub.Closed += _ =>
        {
            closed.TrySetResult(true);
            return Task.CompletedTask;
        };
        return closed;
    }
}
