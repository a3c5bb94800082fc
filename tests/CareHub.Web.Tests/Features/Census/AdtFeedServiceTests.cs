using CareHub.Domain.Audit;
using CareHub.Domain.Interop;
using CareHub.Domain.Organization;
using CareHub.Interop.Acks;
using CareHub.Web.Features.Census;
using CareHub.Web.Security;
using CareHub.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CareHub.Web.Tests.Features.Census;

/// <summary>The interface analyst's view of the feed: only the Admin role, failed messages listed, applied again after a fix.</summary>
public sealed class AdtFeedServiceTests(PatientsDatabase database) : IClassFixture<PatientsDatabase>
{
    private readonly CensusTestBed _bed = new(database);
    private static CancellationToken Ct => CensusTestBed.Ct;

    private AdtFeedService ServiceFor(Staff staff, AdtProcessor processor)
    {
        var user = new CurrentUser(_bed.Database.Options, new ServiceCollection().BuildServiceProvider());
        user.Set(PatientsDatabase.Principal(staff), "circuit:test");
        return new AdtFeedService(_bed.Database.Options, processor, user, _bed.Database.Clock);
    }

    private static Staff Person(StaffRole role) => new("Nina", $"K{Guid.NewGuid():N}"[..12], $"{Guid.NewGuid():N}@carehub.example", role, "Clinical informatics");

    [Fact]
    public async Task Only_an_admin_sees_the_feed_or_applies_a_message_again()
    {
        await using var processor = _bed.Processor();
        var refused = await processor.ProcessAsync("not HL7 at all", "http", "test", Ct);

        var coordinator = ServiceFor(Person(StaffRole.Coordinator), processor);

        coordinator.IsAllowed.ShouldBeFalse();
        (await coordinator.LoadAsync(Ct)).ShouldBeNull();
        (await coordinator.ReplayAsync(refused.MessageId, Ct)).ShouldBeNull();
    }

    [Fact]
    public async Task A_failed_message_is_listed_with_its_reason_and_applies_once_the_facility_exists()
    {
        var team = await _bed.Database.TeamAsync(new PatientSeed("Feed", "Fiona"));
        var code = $"F{Random.Shared.Next(100_000, 999_999)}";
        await using var processor = _bed.Processor();
        var refused = await processor.ProcessAsync(new Adt(code).Message("A01", team[0], _bed.Database.Clock.GetUtcNow()), "mllp", "test", Ct);
        var admin = Person(StaffRole.Admin);
        var feed = ServiceFor(admin, processor);

        var summary = (await feed.LoadAsync(Ct)).ShouldNotBeNull();

        var listed = summary.NeedAttention.Single(m => m.Id == refused.MessageId);
        listed.Status.ShouldBe(InboundMessageStatus.Failed);
        listed.Result!.ShouldContain($"Facility '{code}' is not known");
        listed.CanReplay.ShouldBeTrue();
        summary.Since[InboundMessageStatus.Failed].ShouldBeGreaterThanOrEqualTo(1);

        var facility = new Facility(code, "Feed Hospital", FacilityKind.AcuteCareHospital);
        facility.AddUnit("MED", "Medical", UnitKind.MedicalSurgical, 10);
        await using (var db = _bed.SystemDb())
        {
            db.Facilities.Add(facility);
            await db.SaveChangesAsync(Ct);
        }
        var outcome = (await feed.ReplayAsync(refused.MessageId, Ct)).ShouldNotBeNull();

        outcome.Code.ShouldBe(AckCode.AA, outcome.Result);
        (await feed.LoadAsync(Ct))!.NeedAttention.ShouldNotContain(m => m.Id == refused.MessageId);
        await using var check = _bed.SystemDb();
        (await check.AuditEvents.AsNoTracking().Where(a => a.PatientId == team[0].Id && a.Action == AuditAction.Create).Select(a => a.Source).ToListAsync(Ct))
            .ShouldContain($"replay-by:{admin.Id}");
    }
}
