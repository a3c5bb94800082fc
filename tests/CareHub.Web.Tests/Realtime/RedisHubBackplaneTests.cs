using System.Collections.Concurrent;
using CareHub.Domain.Organization;
using CareHub.Tests.Infrastructure;
using CareHub.Web.Realtime;
using Microsoft.AspNetCore.Http.Connections.Client;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace CareHub.Web.Tests.Realtime;

/// <summary>Two app instances on one Redis: an outside client of one hears the other's events once, through the backplane.</summary>
public sealed class RedisHubBackplaneTests(RedisServer redis) : IClassFixture<RedisServer>
{
    [Fact]
    public async Task A_hub_client_on_one_instance_gets_an_event_published_on_the_other_exactly_once()
    {
        var ct = Xunit.TestContext.Current.CancellationToken;
        var settings = new Dictionary<string, string?> { ["ConnectionStrings:Redis"] = redis.ConnectionString };
        await using var a = new CareHubServer(patients: 10, settings: settings).Start();
        await using var b = new CareHubServer(patients: 10, settings: settings).Start();
        var (staff, team) = await b.DemoUserAsync(StaffRole.Coordinator);
        using var session = await b.SignedInClientAsync(staff.Id, ct);
        var cookie = session.CookieHeader;
        await using var hub = new HubConnectionBuilder()
            .WithUrl(new Uri(b.BaseAddress, CareHubHub.Path), (HttpConnectionOptions o) => o.Headers["Cookie"] = cookie)
            .Build();
        var received = new ConcurrentQueue<RealtimeEvent>();
        hub.On<RealtimeEvent>(CareHubHub.EventMethod, received.Enqueue);
        await hub.StartAsync(ct);
        await hub.InvokeAsync("JoinTopic", Topics.Team(team.Id), ct);
        var busA = a.Services.GetRequiredService<IRealtimeBus>();
        var busB = b.Services.GetRequiredService<IRealtimeBus>();
        var seenOnB = new ConcurrentQueue<RealtimeEvent>();
        using var watch = busB.Subscribe(Topics.Team(team.Id), e =>
        {
            seenOnB.Enqueue(e);
            return Task.CompletedTask;
        });
        var fromA = new RealtimeEvent(Topics.Team(team.Id), "team.changed", team.Id, 1, DateTimeOffset.UtcNow);

        await busA.PublishAsync(fromA, ct);
        await Eventually.HoldsAsync(() => received.Contains(fromA) && seenOnB.Contains(fromA), "the client and B's bus got A's event");
        // B's relay has seen A's event by now; had it relayed it, that copy would arrive before B's own next event.
        var fromB = fromA with { Version = 2 };
        await busB.PublishAsync(fromB, ct);
        await Eventually.HoldsAsync(() => received.Contains(fromB), "the client got B's event");

        received.ToArray().ShouldBe([fromA, fromB]);
    }
}
