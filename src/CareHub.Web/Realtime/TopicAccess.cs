using CareHub.Data;
using CareHub.Data.Auditing;
using CareHub.Web.Security;
using Microsoft.EntityFrameworkCore;

namespace CareHub.Web.Realtime;

/// <summary>
/// May the current user follow a topic (scoped)? Decided on the server from the topic name alone, through the same
/// team filters as every other read. A malformed topic, a missing record and another team's record all answer
/// false alike, so a caller cannot tell them apart (docs/adr/0006).
/// </summary>
public sealed class TopicAccess(CurrentUser currentUser, IDbContextFactory<CareHubDbContext> contexts)
{
    public const string PatientTopicCategory = "PatientTopic";
    public const string CarePlanTopicCategory = "CarePlanTopic";

    public async Task<bool> CanFollowAsync(string? topic, CancellationToken cancellationToken = default)
    {
        if (!Topics.TryParse(topic, out var kind, out var id) || currentUser.StaffId is null)
            return false;
        var scope = currentUser.Current;
        switch (kind)
        {
            case TopicKind.Team:
            case TopicKind.Referrals:
            case TopicKind.Census:
            case TopicKind.Tasks:
                return scope.IsMemberOf(id);
            case TopicKind.Patient:
                return await PatientVisibleAsync(id, cancellationToken);
            case TopicKind.CarePlan:
                return await CarePlanVisibleAsync(id, cancellationToken);
            case TopicKind.Huddle:
            {
                await using var db = await contexts.CreateDbContextAsync(cancellationToken);
                return await db.HuddleBoards.AnyAsync(b => b.Id == id, cancellationToken);
            }
            default:
                return false;
        }
    }

    /// <summary>
    /// The same decision for a topic already followed (<see cref="HubAccessSweeper"/>): nothing is shown, so nothing is
    /// audited; the join was.
    /// </summary>
    public async Task<bool> StillFollowsAsync(string? topic, CancellationToken cancellationToken = default)
    {
        if (!Topics.TryParse(topic, out var kind, out var id) || currentUser.StaffId is null)
            return false;
        var scope = currentUser.Current;
        if (kind is TopicKind.Team or TopicKind.Referrals or TopicKind.Census or TopicKind.Tasks)
            return scope.IsMemberOf(id);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return kind switch
        {
            TopicKind.Patient => await db.Patients.AnyAsync(p => p.Id == id, cancellationToken),
            TopicKind.CarePlan => await db.CarePlans.AnyAsync(p => p.Id == id, cancellationToken),
            TopicKind.Huddle => await db.HuddleBoards.AnyAsync(b => b.Id == id, cancellationToken),
            _ => false,
        };
    }

    // Following a patient's topic is a read of that patient's data: audited like any other read.
    private async Task<bool> PatientVisibleAsync(Guid patientId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var visible = await db.Patients.AnyAsync(p => p.Id == patientId, cancellationToken);
        if (visible)
            db.RecordRead(PatientTopicCategory, patientId);
        else
            db.RecordNotFound(PatientTopicCategory, patientId);
        await db.SaveChangesAsync(cancellationToken);
        return visible;
    }

    private async Task<bool> CarePlanVisibleAsync(Guid planId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var patientId = await db.CarePlans.Where(p => p.Id == planId).Select(p => (Guid?)p.PatientId).FirstOrDefaultAsync(cancellationToken);
        if (patientId is { } owner)
            db.RecordRead(CarePlanTopicCategory, owner, planId);
        else
            db.RecordNotFound(CarePlanTopicCategory, planId);
        await db.SaveChangesAsync(cancellationToken);
        return patientId is not null;
    }
}
