using CareHub.Domain.Interop;
using CareHub.Domain.Organization;
using CareHub.Interop.Acks;
using CareHub.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace CareHub.Web.Tests.Features.Census;

/// <summary>
/// The facilities the feed keeps between messages: read once, and read again exactly when a message names what the
/// kept copy cannot know yet (a unit added since, a facility added after a message naming it was refused).
/// </summary>
public sealed class AdtFacilitiesTests(PatientsDatabase database) : IClassFixture<PatientsDatabase>
{
    private readonly CensusTestBed _bed = new(database);
    private static CancellationToken Ct => CensusTestBed.Ct;
    private DateTimeOffset Now => _bed.Database.Clock.GetUtcNow();

    [Fact]
    public async Task A_facility_is_read_once_for_many_messages()
    {
        var team = await _bed.Database.TeamAsync(new PatientSeed("Kept", "Ines"), new PatientSeed("Kept", "Omar"));
        var hospital = await _bed.HospitalAsync();
        var adt = new Adt(hospital.Code.ToLowerInvariant());
        var application = _bed.Application();
        await using var processor = _bed.Processor(application);

        var first = await processor.ProcessAsync(adt.Message("A01", team[0], Now.AddHours(-3), unit: "MED"), "mllp", "test", Ct);
        var second = await processor.ProcessAsync(adt.Message("A01", team[1], Now.AddHours(-2), unit: "TELE"), "mllp", "test", Ct);
        var third = await processor.ProcessAsync(adt.Message("A02", team[0], Now.AddHours(-1), unit: "ED"), "mllp", "test", Ct);

        new[] { first, second, third }.ShouldAllBe(o => o.Status == InboundMessageStatus.Applied);
        application.Facilities.Reads.ShouldBe(1);
    }

    [Fact]
    public async Task A_unit_added_to_a_kept_facility_is_found_by_the_next_message()
    {
        var team = await _bed.Database.TeamAsync(new PatientSeed("Unit", "Rosa"));
        var hospital = await _bed.HospitalAsync();
        var adt = new Adt(hospital.Code);
        var application = _bed.Application();
        await using var processor = _bed.Processor(application);
        await processor.ProcessAsync(adt.Message("A01", team[0], Now.AddHours(-3), visit: "U1"), "mllp", "test", Ct);

        Guid cardiacId;
        await using (var db = _bed.SystemDb())
        {
            var facility = await db.Facilities.Include(f => f.Units).SingleAsync(f => f.Id == hospital.Id, Ct);
            var cardiac = facility.AddUnit("CCU", "Cardiac care", UnitKind.IntensiveCare, 8);
            // The unit's id is made in the domain, so EF is told it is new rather than left to guess from the key.
            db.Entry(cardiac).State = EntityState.Added;
            await db.SaveChangesAsync(Ct);
            cardiacId = cardiac.Id;
        }
        var transfer = await processor.ProcessAsync(adt.Message("A02", team[0], Now.AddHours(-1), unit: "CCU", bed: "3-A", visit: "U1"), "mllp", "test", Ct);

        transfer.Code.ShouldBe(AckCode.AA, transfer.Result);
        transfer.Status.ShouldBe(InboundMessageStatus.Applied);
        await using (var db = _bed.SystemDb())
            (await db.Encounters.AsNoTracking().SingleAsync(e => e.PatientId == team[0].Id, Ct)).UnitId.ShouldBe(cardiacId);
        application.Facilities.Reads.ShouldBe(2);
    }

    [Fact]
    public async Task A_facility_added_after_a_message_naming_it_was_refused_is_found_by_the_next_message()
    {
        var team = await _bed.Database.TeamAsync(new PatientSeed("Later", "Yusuf"));
        var code = $"LATE{Random.Shared.Next(1000, 9999)}";
        var adt = new Adt(code);
        var application = _bed.Application();
        await using var processor = _bed.Processor(application);
        var refused = await processor.ProcessAsync(adt.Message("A01", team[0], Now.AddHours(-2)), "mllp", "test", Ct);
        refused.Code.ShouldBe(AckCode.AE);

        var facility = new Facility(code, "Later General", FacilityKind.AcuteCareHospital);
        facility.AddUnit("MED", "Medical", UnitKind.MedicalSurgical, 10);
        await using (var db = _bed.SystemDb())
        {
            db.Facilities.Add(facility);
            await db.SaveChangesAsync(Ct);
        }
        var admitted = await processor.ProcessAsync(adt.Message("A01", team[0], Now.AddHours(-1)), "mllp", "test", Ct);

        admitted.Code.ShouldBe(AckCode.AA, admitted.Result);
        await using (var db = _bed.SystemDb())
            (await db.Encounters.AsNoTracking().SingleAsync(e => e.PatientId == team[0].Id, Ct)).FacilityId.ShouldBe(facility.Id);
    }
}
