using System.Diagnostics;
using System.Globalization;
using CareHub.E2E.CarePlans;
using CareHub.E2E.Infrastructure;

namespace CareHub.E2E.ScaleOut;

/// <summary>
/// Two people in one care plan, each on their own app instance behind the sticky balancer: what one does reaches the
/// other through Redis; a Redis outage stops nobody's work and the screens converge when it returns; and when an
/// instance dies its people land on the other with every acknowledged edit.
/// </summary>
[Collection(ScaleOutCollection.Name)]
public sealed class ScaleOutJourneyTests(ScaleOutCluster cluster, ITestOutputHelper output)
{
    private const string Maria = "Maria Alvarez";
    private const string Devon = "Devon Okafor";

    [Fact]
    public async Task Edits_and_presence_cross_instances_survive_a_Redis_outage_and_the_loss_of_an_instance()
    {
        await using var room = await CarePlanRoom.GatherAsync(cluster, [Maria, Devon], "Walks 10 minutes a day", "Checks blood sugar every morning");
        var (maria, devon) = (room[Maria], room[Devon]);
        var (walking, sugar) = (room.Goals[0], room.Goals[1]);
        var mariaOn = await ScaleOutCluster.InstanceOfAsync(maria.Page);
        var devonOn = await ScaleOutCluster.InstanceOfAsync(devon.Page);
        output.WriteLine($"Maria on instance {mariaOn}, Devon on instance {devonOn}");
        mariaOn.ShouldNotBe(devonOn, "the balancer sends a new browser round robin: each person should be on their own instance");

        // Presence and an edit cross from one instance to the other within a second.
        await maria.ShouldShowViewersAsync([Devon, Maria], 1_000);
        await devon.ShouldShowViewersAsync([Devon, Maria], 1_000);
        await maria.TypeAtAsync(walking, "text", 0, "Daily: ");
        await maria.ShouldBeSavedAsync(walking, "text");
        var clock = Stopwatch.StartNew();
        await devon.ShouldShowTextAsync(walking, "text", "Daily: Walks 10 minutes a day", 1_000);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Edit on {mariaOn} shown on {devonOn} {clock.ElapsedMilliseconds} ms after Maria's screen said saved"));
        await Screenshots.SaveAsync(devon.Page, "scaleout-devon.png");

        // Redis down for 30 seconds: both keep working, every change is saved.
        await cluster.Redis.StopAsync();
        var outage = Stopwatch.StartNew();
        await maria.TypeAtAsync(walking, "text", -1, " after lunch");
        await devon.TypeAtAsync(sugar, "text", -1, " before breakfast");
        await maria.ShouldBeSavedAsync(walking, "text");
        await devon.ShouldBeSavedAsync(sugar, "text");
        (await room.DatabaseTextAsync(walking)).ShouldBe("Daily: Walks 10 minutes a day after lunch");
        (await room.DatabaseTextAsync(sugar)).ShouldBe("Checks blood sugar every morning before breakfast");
        if (outage.Elapsed < TimeSpan.FromSeconds(30))
            await Task.Delay(TimeSpan.FromSeconds(30) - outage.Elapsed, TestContext.Current.CancellationToken);
        await cluster.Redis.StartAgainAsync();

        // Back: both screens show both changes within ten seconds, by themselves.
        await devon.ShouldShowTextAsync(walking, "text", "Daily: Walks 10 minutes a day after lunch", 10_000);
        await maria.ShouldShowTextAsync(sugar, "text", "Checks blood sugar every morning before breakfast", 10_000);

        // Maria's instance dies right after her edit was acknowledged: she lands on the other instance with it.
        await maria.TypeAtAsync(sugar, "text", 0, "Always ");
        await maria.ShouldBeSavedAsync(sugar, "text");
        await maria.Page.EvaluateAsync("() => { window.carehubBeforeFailover = true; }");
        await cluster.Instances[mariaOn].KillAsync();
        var failover = Stopwatch.StartNew();
        // Her browser finds its circuit gone, the balancer sends it to the other instance, the page loads again there.
        await maria.Page.WaitForFunctionAsync("() => window.carehubBeforeFailover === undefined", null, new() { Timeout = 60_000 });
        await maria.ShouldBeShownAsync();
        await maria.ShouldShowTextAsync(sugar, "text", "Always Checks blood sugar every morning before breakfast", 15_000);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Maria back on a page {failover.ElapsedMilliseconds} ms after her instance died"));
        (await ScaleOutCluster.InstanceOfAsync(maria.Page)).ShouldBe(devonOn);
        (await room.DatabaseTextAsync(sugar)).ShouldBe("Always Checks blood sugar every morning before breakfast");
        await Screenshots.SaveAsync(maria.Page, "scaleout-maria-after-failover.png");
    }
}
