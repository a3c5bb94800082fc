using CareHub.Domain.Encounters;
using Microsoft.EntityFrameworkCore;

namespace CareHub.Data.Tests.Storage;

/// <summary>Instants compare and sort by time in SQL whatever offset the code that wrote them used.</summary>
public sealed class InstantStorageTests(SqliteDatabase database) : IClassFixture<SqliteDatabase>
{
    private static readonly TimeSpan Eastern = TimeSpan.FromHours(-5);

    [Fact]
    public async Task An_instant_written_with_an_offset_compares_by_time_with_a_UTC_instant()
    {
        var ct = TestContext.Current.CancellationToken;
        var team = TestData.Team();
        var patient = TestData.Patient(team.Id);
        var facility = TestData.Facility();
        // 23:30 in New York on 1 March is 04:30 UTC on 2 March: later than 03:30 UTC, although its clock reads earlier.
        var lateEvening = new DateTimeOffset(2026, 3, 1, 23, 30, 0, Eastern);
        var earlyUtc = new DateTimeOffset(2026, 3, 2, 3, 30, 0, TimeSpan.Zero);
        var late = Encounter.Admit(patient.Id, facility.Id, null, null, EncounterClass.Emergency, lateEvening);
        var early = Encounter.Admit(patient.Id, facility.Id, null, null, EncounterClass.Emergency, earlyUtc);
        await using (var db = database.SystemContext())
        {
            db.AddRange(team, facility, patient, late, early);
            await db.SaveChangesAsync(ct);
        }

        await using var read = database.SystemContext();
        var after = new DateTimeOffset(2026, 3, 2, 4, 0, 0, TimeSpan.Zero);
        (await read.Encounters.Where(e => e.PatientId == patient.Id && e.AdmittedAt >= after).Select(e => e.Id).ToListAsync(ct)).ShouldBe([late.Id]);
        // The same bound written in Eastern time selects the same rows.
        (await read.Encounters.Where(e => e.PatientId == patient.Id && e.AdmittedAt >= after.ToOffset(Eastern)).Select(e => e.Id).ToListAsync(ct)).ShouldBe([late.Id]);
        (await read.Encounters.Where(e => e.PatientId == patient.Id).OrderBy(e => e.AdmittedAt).Select(e => e.Id).ToListAsync(ct)).ShouldBe([early.Id, late.Id]);
        var stored = await read.Encounters.AsNoTracking().SingleAsync(e => e.Id == late.Id, ct);
        stored.AdmittedAt.ShouldBe(lateEvening);
        stored.AdmittedAt.Offset.ShouldBe(TimeSpan.Zero);
    }
}
