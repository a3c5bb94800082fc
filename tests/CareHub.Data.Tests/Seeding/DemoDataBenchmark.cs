using System.Diagnostics;
using CareHub.Data.Seeding;
using Microsoft.EntityFrameworkCore;

namespace CareHub.Data.Tests.Seeding;

/// <summary>
/// How long the benchmark-size demo load takes. Explicit: run it by hand, it is not part of the normal run:
/// dotnet test tests/CareHub.Data.Tests --filter "FullyQualifiedName~DemoDataBenchmark" -- xUnit.Explicit=only
/// </summary>
public class DemoDataBenchmark(ITestOutputHelper output)
{
    [Fact(Explicit = true)]
    public async Task Seeding_50000_patients()
    {
        var stopwatch = Stopwatch.StartNew();
        await using var database = await SqliteDatabase.CreateAsync(new DemoDataOptions { Enabled = true, Patients = 50_000 });
        stopwatch.Stop();

        await using var db = database.SystemContext();
        (await db.Patients.CountAsync(TestContext.Current.CancellationToken)).ShouldBe(50_000);
        output.WriteLine($"50,000 demo patients seeded (with migration) in {stopwatch.Elapsed.TotalSeconds:F1} s");
    }
}
