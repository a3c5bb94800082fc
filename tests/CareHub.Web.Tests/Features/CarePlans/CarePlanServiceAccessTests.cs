using System.Collections;
using CareHub.Domain.Audit;
using CareHub.Domain.CarePlans;
using CareHub.Web.Features.CarePlans;
using CareHub.Web.Realtime;
using CareHub.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace CareHub.Web.Tests.Features.CarePlans;

/// <summary>
/// Another team's care plan, from every entry point: answered exactly as a random id is (not found, null, empty),
/// nothing of it changes, and the attempt is audited (ADR 0006).
/// </summary>
public sealed class CarePlanServiceAccessTests(PatientsDatabase database) : IClassFixture<PatientsDatabase>
{
    private readonly CarePlanTestBed _bed = new(database);

    private static CancellationToken Ct => Xunit.TestContext.Current.CancellationToken;

    /// <summary>The ids one call is made with: another team's (or the caller's own plan with another team's item), or random ones.</summary>
    private sealed record Target(Guid MyPlan, Guid Patient, Guid Plan, Guid Item);

    [Theory]
    [InlineData("open")]
    [InlineData("start")]
    [InlineData("get plan")]
    [InlineData("get item")]
    [InlineData("edit")]
    [InlineData("edit under my own plan")]
    [InlineData("add item")]
    [InlineData("apply template")]
    [InlineData("set status")]
    [InlineData("history")]
    [InlineData("item history")]
    [InlineData("export")]
    [InlineData("assignees")]
    public async Task Another_teams_plan_is_answered_exactly_like_a_random_id_changes_nothing_and_is_audited(string call)
    {
        var mine = await database.TeamAsync(new PatientSeed("Mine", "Ada"));
        var theirs = await database.TeamAsync(new PatientSeed("Theirs", "Ben"));
        var myPlan = await _bed.StartAsync(mine, template: "diabetes");
        var theirPlan = await _bed.StartAsync(theirs, template: "copd");
        var theirItem = (await _bed.PlanAsync(theirPlan)).Items.First(i => i.Kind == CarePlanItemKind.Goal).Id;
        var before = (await _bed.SnapshotAsync(myPlan), await _bed.SnapshotAsync(theirPlan));
        using var myEvents = _bed.Listen(myPlan);
        using var theirEvents = _bed.Listen(theirPlan);
        var theirSource = CarePlanTestBed.NewSource();
        var randomSource = CarePlanTestBed.NewSource();
        var other = new Target(myPlan, theirs[0].Id, theirPlan, theirItem);
        var random = new Target(myPlan, Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());

        var answer = await CallAsync(call, _bed.ServiceFor(mine.Member, theirSource), other);
        var randomAnswer = await CallAsync(call, _bed.ServiceFor(mine.Member, randomSource), random);

        Describe(answer).ShouldBe(Describe(randomAnswer));
        Describe(answer).ShouldBeOneOf("null", "empty", "NotFound { }");
        (await _bed.SnapshotAsync(myPlan), await _bed.SnapshotAsync(theirPlan)).ShouldBe(before);
        myEvents.Events.ShouldBeEmpty();
        theirEvents.Events.ShouldBeEmpty();
        var audit = await _bed.AuditOfAsync(theirSource);
        var randomAudit = await _bed.AuditOfAsync(randomSource);
        audit.ShouldNotBeEmpty();
        audit.ShouldAllBe(a => a.Action == AuditAction.AccessDenied && a.PatientId == null && a.UserId == mine.Member.Id.ToString());
        audit.Select(a => a.EntityType).ShouldBe(randomAudit.Select(a => a.EntityType));
        audit.Select(a => a.EntityId!.Value).ShouldBeSubsetOf([theirs[0].Id, theirPlan, theirItem]);
        randomAudit.Select(a => a.EntityId!.Value).ShouldBeSubsetOf([random.Patient, random.Plan, random.Item]);
    }

    [Fact]
    public async Task Another_teams_plan_topic_cannot_be_followed_like_a_random_one_and_the_own_can()
    {
        var mine = await database.TeamAsync(new PatientSeed("Mine", "Ada"));
        var theirs = await database.TeamAsync(new PatientSeed("Theirs", "Ben"));
        var myPlan = await _bed.StartAsync(mine);
        var theirPlan = await _bed.StartAsync(theirs);
        var source = CarePlanTestBed.NewSource();
        var access = _bed.TopicAccessFor(mine.Member, source);
        var randomPlan = Guid.NewGuid();

        var other = await access.CanFollowAsync(Topics.CarePlan(theirPlan), Ct);
        var random = await access.CanFollowAsync(Topics.CarePlan(randomPlan), Ct);
        var own = await access.CanFollowAsync(Topics.CarePlan(myPlan), Ct);
        var theirMember = await _bed.TopicAccessFor(theirs.Member).CanFollowAsync(Topics.CarePlan(theirPlan), Ct);

        (other, random, own, theirMember).ShouldBe((false, false, true, true));
        var audit = await _bed.AuditOfAsync(source);
        audit.Select(a => (a.Action, a.EntityId, a.PatientId)).ShouldBe(
        [
            (AuditAction.AccessDenied, (Guid?)theirPlan, (Guid?)null),
            (AuditAction.AccessDenied, randomPlan, null),
            (AuditAction.Read, myPlan, mine[0].Id),
        ]);
        audit.ShouldAllBe(a => a.EntityType == TopicAccess.CarePlanTopicCategory);
    }

    [Fact]
    public async Task A_member_of_both_teams_sees_both_plans_and_a_member_who_left_sees_neither()
    {
        var first = await database.TeamAsync(new PatientSeed("First", "Ada"));
        var second = await database.TeamAsync(new PatientSeed("Second", "Ben"));
        var both = await _bed.AddMemberAsync(first, "Bo", "Both");
        await JoinAsync(second, both);
        var firstPlan = await _bed.StartAsync(first);
        var secondPlan = await _bed.StartAsync(second);
        var service = _bed.ServiceFor(both);

        (await service.GetPlanAsync(firstPlan, Ct)).ShouldNotBeNull();
        (await service.GetPlanAsync(secondPlan, Ct)).ShouldNotBeNull();
        var assignees = await service.AssigneesAsync(secondPlan, Ct);
        assignees.Select(a => a.StaffId).ShouldBe([both.Id, second.Member.Id], ignoreOrder: true);

        await using (var db = database.SystemDb())
        {
            var staff = await db.Staff.FindAsync([both.Id], Ct);
            staff.ShouldNotBeNull().Deactivate();
            await db.SaveChangesAsync(Ct);
        }
        var left = _bed.ServiceFor(both);
        (await left.GetPlanAsync(firstPlan, Ct)).ShouldBeNull();
        (await left.OpenAsync(second[0].Id, Ct)).ShouldBe(new CarePlanPage.NotFound());
    }

    private async Task JoinAsync(TestTeam team, Domain.Organization.Staff staff)
    {
        await using var db = database.SystemDb();
        var stored = await db.CareTeams.Include(t => t.Members).SingleAsync(t => t.Id == team.Team.Id, Ct);
        stored.AddMember(staff);
        await db.SaveChangesAsync(Ct);
    }

    private static async Task<object?> CallAsync(string call, CarePlanService service, Target target) => call switch
    {
        "open" => await service.OpenAsync(target.Patient, Ct),
        "start" => await service.StartAsync(target.Patient, "copd", Ct),
        "get plan" => await service.GetPlanAsync(target.Plan, Ct),
        "get item" => await service.GetItemAsync(target.Plan, target.Item, Ct),
        "edit" => await service.EditAsync(target.Plan, new FieldEdit(target.Item, CarePlanField.Text, 1, "Changed by another team"), Ct),
        "edit under my own plan" => await service.EditAsync(target.MyPlan, new FieldEdit(target.Item, CarePlanField.Text, 1, "Changed by another team"), Ct),
        "add item" => await service.AddItemAsync(target.Plan, new NewCarePlanItem(CarePlanItemKind.Problem, "Planted by another team"), Ct),
        "apply template" => await service.ApplyTemplateAsync(target.Plan, "depression", Ct),
        "set status" => await service.SetStatusAsync(target.Plan, CarePlanStatus.Revoked, Ct),
        "history" => await service.HistoryAsync(target.Plan, null, Ct),
        "item history" => await service.HistoryAsync(target.Plan, target.Item, Ct),
        "export" => await service.ExportAsync(target.Patient, Ct),
        "assignees" => await service.AssigneesAsync(target.Plan, Ct),
        _ => throw new ArgumentOutOfRangeException(nameof(call), call, "No such call."),
    };

    private static string Describe(object? answer) => answer switch
    {
        null => "null",
        ICollection { Count: 0 } => "empty",
        ICollection collection => $"{collection.Count} entries",
        _ => answer.ToString() ?? "",
    };
}
