using System.Text.RegularExpressions;
using CareHub.Domain.CarePlans;
using CareHub.Domain.Huddles;
using CareHub.Domain.Referrals;
using CareHub.Tests.Infrastructure;
using CareHub.Web.Features.CarePlans;
using CareHub.Web.Features.Census;
using CareHub.Web.Features.Huddle;
using CareHub.Web.Features.Patients;
using CareHub.Web.Features.Referrals;
using CareHub.Web.Features.Tasks;
using CareHub.Web.Realtime;
using CareHub.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CareHub.Web.Tests.Security;

/// <summary>
/// Tampered form values (issue 9), as a data-driven set over the services of Patients, Care plans, Huddle, Referrals, Tasks
/// and Census, against the real app: values that were not offered (an enum value out of range, a status move that is not
/// allowed, an assignee of another team, a date far out of range), a disabled button's action invoked anyway (the
/// service called in the state the button was disabled for), and every free-text field beyond its limit. Each is refused
/// by the server with a sentence a care coordinator understands; nothing is stored and nothing is published.
/// </summary>
public sealed partial class TamperedInputTests : IAsyncLifetime
{
    private static readonly CancellationToken Ct = CancellationToken.None;
    private static readonly DateOnly FarFuture = new(9999, 12, 31);

    private readonly CareHubServer _server = new(patients: 10);
    private AccessMatrixWorld _world = null!;
    private Guid _acceptedReferral;

    public async ValueTask InitializeAsync()
    {
        _server.Start();
        _world = await AccessMatrixWorld.CreateAsync(_server, Ct);
        await using var scope = AccessMatrixWorld.As(_server, _world.UserA, "tamper-arrange");
        var referrals = scope.ServiceProvider.GetRequiredService<ReferralService>();
        _acceptedReferral = (await referrals.CreateAsync(new NewReferral(_world.OnlyA.Id, _world.TeamA.Id, ReferralType.Specialty,
            ReferralUrgency.Routine, "Cardiology clinic", "Heart failure follow-up") { Send = true }, Ct)).ShouldBeOfType<ReferralResult.Saved>().ReferralId;
        (await referrals.MoveAsync(_acceptedReferral, await VersionAsync(_acceptedReferral), ReferralStatus.Accepted, null, Ct)).ShouldBeOfType<ReferralResult.Saved>();
    }

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    /// <summary>A tampered call: the feature, what was tampered with, and the call as team A's coordinator makes it.</summary>
    private sealed record Tamper(string Feature, string Kind, string What, Func<IServiceProvider, Task<object?>> Call);

    private IEnumerable<Tamper> Tampers()
    {
        var w = _world;
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        static T S<T>(IServiceProvider sp) where T : notnull => sp.GetRequiredService<T>();
        string Long(int length) => new('x', length);

        // Patients
        yield return new("Patients", "oversized text", "preferred language of 51 characters", async sp =>
            await S<PatientsService>(sp).UpdateLanguageAsync(w.OnlyA.Id, await VersionAsync(w.OnlyA.Id), Long(51), true, Ct));
        yield return new("Patients", "value not offered", "a blank preferred language", async sp =>
            await S<PatientsService>(sp).UpdateLanguageAsync(w.OnlyA.Id, await VersionAsync(w.OnlyA.Id), "   ", true, Ct));
        yield return new("Patients", "disabled button", "saving over a version that is not the current one", async sp =>
            await S<PatientsService>(sp).UpdateLanguageAsync(w.OnlyA.Id, await VersionAsync(w.OnlyA.Id) - 1, "Spanish", true, Ct));

        // Care plans
        yield return new("CarePlans", "value not offered", "an item kind out of range", async sp =>
            await S<CarePlanService>(sp).AddItemAsync(w.PlanA, new NewCarePlanItem((CarePlanItemKind)99, "Tampered"), Ct));
        yield return new("CarePlans", "oversized text", "item text of 4,001 characters", async sp =>
            await S<CarePlanService>(sp).AddItemAsync(w.PlanA, new NewCarePlanItem(CarePlanItemKind.Problem, Long(CarePlanItem.MaxTextLength + 1)), Ct));
        yield return new("CarePlans", "oversized text", "item detail of 4,001 characters", async sp =>
            await S<CarePlanService>(sp).AddItemAsync(w.PlanA, new NewCarePlanItem(CarePlanItemKind.Problem, "Ok") { Detail = Long(CarePlanItem.MaxTextLength + 1) }, Ct));
        yield return new("CarePlans", "assignee of another team", "a new item assigned to team B's coordinator", async sp =>
            await S<CarePlanService>(sp).AddItemAsync(w.PlanA, new NewCarePlanItem(CarePlanItemKind.Goal, "Tampered") { AssigneeId = w.UserB.Id }, Ct));
        yield return new("CarePlans", "date far out of range", "a new item due on 31 December 9999", async sp =>
            await S<CarePlanService>(sp).AddItemAsync(w.PlanA, new NewCarePlanItem(CarePlanItemKind.Goal, "Tampered") { Due = FarFuture }, Ct));
        yield return new("CarePlans", "value not offered", "a field out of range", async sp =>
            await S<CarePlanService>(sp).EditAsync(w.PlanA, new FieldEdit(w.ItemA, (CarePlanField)99, await VersionAsync(w.ItemA), "Tampered"), Ct));
        yield return new("CarePlans", "value not offered", "a field the kind does not have (reconciled, on a goal)", async sp =>
            await S<CarePlanService>(sp).EditAsync(w.PlanA, new FieldEdit(w.ItemA, CarePlanField.Reconciled, await VersionAsync(w.ItemA), "true"), Ct));
        yield return new("CarePlans", "value not offered", "a status that is not in the list", async sp =>
            await S<CarePlanService>(sp).EditAsync(w.PlanA, new FieldEdit(w.ItemA, CarePlanField.Status, await VersionAsync(w.ItemA), "Exploded"), Ct));
        yield return new("CarePlans", "value not offered", "a goal lifecycle that is not in the list", async sp =>
            await S<CarePlanService>(sp).EditAsync(w.PlanA, new FieldEdit(w.ItemA, CarePlanField.Lifecycle, await VersionAsync(w.ItemA), "Vanished"), Ct));
        yield return new("CarePlans", "oversized text", "edited text of 4,001 characters", async sp =>
            await S<CarePlanService>(sp).EditAsync(w.PlanA, new FieldEdit(w.ItemA, CarePlanField.Text, await VersionAsync(w.ItemA), Long(CarePlanItem.MaxTextLength + 1)), Ct));
        yield return new("CarePlans", "assignee of another team", "an item reassigned to team B's coordinator", async sp =>
            await S<CarePlanService>(sp).EditAsync(w.PlanA, new FieldEdit(w.ItemA, CarePlanField.Assignee, await VersionAsync(w.ItemA), w.UserB.Id.ToString()), Ct));
        yield return new("CarePlans", "date far out of range", "an item due on 31 December 9999", async sp =>
            await S<CarePlanService>(sp).EditAsync(w.PlanA, new FieldEdit(w.ItemA, CarePlanField.Due, await VersionAsync(w.ItemA), "9999-12-31"), Ct));
        yield return new("CarePlans", "date far out of range", "an item due on 1 January 1900", async sp =>
            await S<CarePlanService>(sp).EditAsync(w.PlanA, new FieldEdit(w.ItemA, CarePlanField.Due, await VersionAsync(w.ItemA), "1900-01-01"), Ct));
        yield return new("CarePlans", "value not offered", "a base version the item never had", async sp =>
            await S<CarePlanService>(sp).EditAsync(w.PlanA, new FieldEdit(w.ItemA, CarePlanField.Text, 999, "Tampered"), Ct));
        yield return new("CarePlans", "value not offered", "a plan status of draft", async sp =>
            await S<CarePlanService>(sp).SetStatusAsync(w.PlanA, CarePlanStatus.Draft, Ct));
        yield return new("CarePlans", "value not offered", "a plan status out of range", async sp =>
            await S<CarePlanService>(sp).SetStatusAsync(w.PlanA, (CarePlanStatus)99, Ct));
        yield return new("CarePlans", "value not offered", "a template that does not exist", async sp =>
            await S<CarePlanService>(sp).ApplyTemplateAsync(w.PlanA, "<script>", Ct));
        yield return new("CarePlans", "disabled button", "starting a plan for a patient who has one", async sp =>
            await S<CarePlanService>(sp).StartAsync(w.OnlyA.Id, null, Ct));
        yield return new("CarePlans", "disabled button", "adding an item to a revoked plan", async sp =>
            await S<CarePlanService>(sp).AddItemAsync(w.RevokedPlanA, new NewCarePlanItem(CarePlanItemKind.Goal, "Tampered"), Ct));
        yield return new("CarePlans", "disabled button", "applying a template to a revoked plan", async sp =>
            await S<CarePlanService>(sp).ApplyTemplateAsync(w.RevokedPlanA, CarePlanTemplates.Copd.Key, Ct));

        // Huddle
        yield return new("Huddle", "oversized text", "a topic title of 201 characters", async sp =>
            await S<HuddleService>(sp).AddTopicAsync(w.BoardA, Long(201), AgendaSection.OpenInput, Ct));
        yield return new("Huddle", "value not offered", "an agenda section out of range", async sp =>
            await S<HuddleService>(sp).AddTopicAsync(w.BoardA, "Tampered", (AgendaSection)99, Ct));
        yield return new("Huddle", "value not offered", "a lane out of range", async sp =>
            await S<HuddleService>(sp).MoveCardAsync(w.BoardA, new CardMove(w.TopicCardA, (HuddleLane)99, null, null), Ct));
        yield return new("Huddle", "oversized text", "discussion notes of 4,001 characters", async sp =>
            await S<HuddleService>(sp).UpdateCardAsync(w.BoardA, w.TopicCardA, await VersionAsync(w.TopicCardA), Long(HuddleCard.MaxNotesLength + 1), null, null, Ct));
        yield return new("Huddle", "assignee of another team", "a card owned by team B's coordinator", async sp =>
            await S<HuddleService>(sp).UpdateCardAsync(w.BoardA, w.TopicCardA, await VersionAsync(w.TopicCardA), null, w.UserB.Id, null, Ct));
        yield return new("Huddle", "date far out of range", "a card due on 31 December 9999", async sp =>
            await S<HuddleService>(sp).UpdateCardAsync(w.BoardA, w.TopicCardA, await VersionAsync(w.TopicCardA), null, w.UserA.Id, FarFuture, Ct));
        yield return new("Huddle", "date far out of range", "a card due on 1 January 1900", async sp =>
            await S<HuddleService>(sp).UpdateCardAsync(w.BoardA, w.TopicCardA, await VersionAsync(w.TopicCardA), null, w.UserA.Id, new DateOnly(1900, 1, 1), Ct));
        yield return new("Huddle", "disabled button", "saving a card over a version that is not the current one", async sp =>
            await S<HuddleService>(sp).UpdateCardAsync(w.BoardA, w.TopicCardA, await VersionAsync(w.TopicCardA) + 5, "Tampered", null, null, Ct));
        yield return new("Huddle", "oversized text", "an action title of 301 characters", async sp =>
            await S<HuddleService>(sp).AddActionAsync(w.BoardA, w.TopicCardA, Long(301), w.UserA.Id, today.AddDays(1), Ct));
        yield return new("Huddle", "assignee of another team", "an action owned by team B's coordinator", async sp =>
            await S<HuddleService>(sp).AddActionAsync(w.BoardA, w.SharedPatientCardA, "Tampered", w.UserB.Id, today.AddDays(1), Ct));
        yield return new("Huddle", "date far out of range", "an action due yesterday", async sp =>
            await S<HuddleService>(sp).AddActionAsync(w.BoardA, w.TopicCardA, "Tampered", w.UserA.Id, today.AddDays(-1), Ct));
        yield return new("Huddle", "date far out of range", "an action due on 31 December 9999", async sp =>
            await S<HuddleService>(sp).AddActionAsync(w.BoardA, w.SharedPatientCardA, "Tampered", w.UserA.Id, FarFuture, Ct));
        yield return new("Huddle", "oversized text", "closing decisions of 4,001 characters", async sp =>
            await S<HuddleService>(sp).CloseAsync(w.BoardA, Long(4001), Ct));
        yield return new("Huddle", "disabled button", "starting the timer of a closed huddle", async sp =>
            await S<HuddleService>(sp).StartTimerAsync(w.ClosedBoardA, Ct));
        yield return new("Huddle", "disabled button", "adding a topic to a closed huddle", async sp =>
            await S<HuddleService>(sp).AddTopicAsync(w.ClosedBoardA, "Tampered", AgendaSection.OpenInput, Ct));
        yield return new("Huddle", "disabled button", "closing a closed huddle again", async sp =>
            await S<HuddleService>(sp).CloseAsync(w.ClosedBoardA, "Again", Ct));

        // Referrals
        NewReferral New(Func<NewReferral, NewReferral>? change = null)
        {
            var referral = new NewReferral(w.OnlyA.Id, w.TeamA.Id, ReferralType.Specialty, ReferralUrgency.Routine, "Cardiology clinic", "Follow-up");
            return change is null ? referral : change(referral);
        }
        yield return new("Referrals", "value not offered", "a referral type out of range", async sp =>
            await S<ReferralService>(sp).CreateAsync(New(r => r with { Type = (ReferralType)99 }), Ct));
        yield return new("Referrals", "value not offered", "an urgency out of range", async sp =>
            await S<ReferralService>(sp).CreateAsync(New(r => r with { Urgency = (ReferralUrgency)99 }), Ct));
        yield return new("Referrals", "oversized text", "a destination of 201 characters", async sp =>
            await S<ReferralService>(sp).CreateAsync(New(r => r with { Destination = Long(201) }), Ct));
        yield return new("Referrals", "oversized text", "a reason of 1,001 characters", async sp =>
            await S<ReferralService>(sp).CreateAsync(New(r => r with { Reason = Long(1001) }), Ct));
        yield return new("Referrals", "oversized text", "a note of 1,001 characters when sending", async sp =>
            await S<ReferralService>(sp).CreateAsync(New(r => r with { Send = true, Note = Long(Referral.MaxNoteLength + 1) }), Ct));
        yield return new("Referrals", "assignee of another team", "a new referral owned by team B's coordinator", async sp =>
            await S<ReferralService>(sp).CreateAsync(New(r => r with { OwnerId = w.UserB.Id }), Ct));
        yield return new("Referrals", "value not offered", "a move from requested straight to completed", async sp =>
            await S<ReferralService>(sp).MoveAsync(w.ReferralA, await VersionAsync(w.ReferralA), ReferralStatus.Completed, null, Ct));
        yield return new("Referrals", "value not offered", "a status out of range", async sp =>
            await S<ReferralService>(sp).MoveAsync(w.ReferralA, await VersionAsync(w.ReferralA), (ReferralStatus)99, null, Ct));
        yield return new("Referrals", "oversized text", "a move's note of 1,001 characters", async sp =>
            await S<ReferralService>(sp).MoveAsync(w.ReferralA, await VersionAsync(w.ReferralA), ReferralStatus.Cancelled, Long(Referral.MaxNoteLength + 1), Ct));
        yield return new("Referrals", "disabled button", "moving a referral entered in error", async sp =>
            await S<ReferralService>(sp).MoveAsync(w.ReferralEnteredInErrorA, await VersionAsync(w.ReferralEnteredInErrorA), ReferralStatus.Requested, null, Ct));
        yield return new("Referrals", "value not offered", "a milestone out of range", async sp =>
            await S<ReferralService>(sp).ReachAsync(_acceptedReferral, await VersionAsync(_acceptedReferral), (ReferralMilestone)99, null, null, null, Ct));
        yield return new("Referrals", "disabled button", "scheduling an appointment before the referral is accepted", async sp =>
            await S<ReferralService>(sp).ReachAsync(w.ReferralA, await VersionAsync(w.ReferralA), ReferralMilestone.AppointmentScheduled, DateTimeOffset.UtcNow.AddDays(3), null, null, Ct));
        yield return new("Referrals", "disabled button", "closing the loop of a referral still under way", async sp =>
            await S<ReferralService>(sp).ReachAsync(_acceptedReferral, await VersionAsync(_acceptedReferral), ReferralMilestone.LoopClosed, null, ReferralOutcome.ServiceProvided, null, Ct));
        yield return new("Referrals", "date far out of range", "an appointment on 31 December 9999", async sp =>
            await S<ReferralService>(sp).ReachAsync(_acceptedReferral, await VersionAsync(_acceptedReferral), ReferralMilestone.AppointmentScheduled,
                new DateTimeOffset(9999, 12, 31, 9, 0, 0, TimeSpan.Zero), null, null, Ct));
        yield return new("Referrals", "date far out of range", "an appointment on 1 January 1900", async sp =>
            await S<ReferralService>(sp).ReachAsync(_acceptedReferral, await VersionAsync(_acceptedReferral), ReferralMilestone.AppointmentScheduled,
                new DateTimeOffset(1900, 1, 1, 9, 0, 0, TimeSpan.Zero), null, null, Ct));
        yield return new("Referrals", "assignee of another team", "a referral reassigned to team B's coordinator", async sp =>
            await S<ReferralService>(sp).ReassignAsync(w.ReferralA, await VersionAsync(w.ReferralA), w.UserB.Id, null, Ct));
        yield return new("Referrals", "value not offered", "a referral reassigned to nobody", async sp =>
            await S<ReferralService>(sp).ReassignAsync(w.ReferralA, await VersionAsync(w.ReferralA), Guid.Empty, null, Ct));
        yield return new("Referrals", "disabled button", "recording consent for a specialty referral", async sp =>
            await S<ReferralService>(sp).RecordConsentAsync(_acceptedReferral, await VersionAsync(_acceptedReferral), true, null, Ct));
        yield return new("Referrals", "disabled button", "saving over a version that is not the current one", async sp =>
            await S<ReferralService>(sp).MoveAsync(w.ReferralA, await VersionAsync(w.ReferralA) + 3, ReferralStatus.Cancelled, null, Ct));

        // Tasks
        yield return new("Tasks", "assignee of another team", "a task reassigned to team B's coordinator", async sp =>
            await S<TasksService>(sp).ReassignAsync(w.TaskA, await VersionAsync(w.TaskA), w.UserB.Id, today.AddDays(1), Ct));
        yield return new("Tasks", "value not offered", "a task reassigned to nobody", async sp =>
            await S<TasksService>(sp).ReassignAsync(w.TaskA, await VersionAsync(w.TaskA), Guid.Empty, today.AddDays(1), Ct));
        yield return new("Tasks", "date far out of range", "a task due on 31 December 9999", async sp =>
            await S<TasksService>(sp).ReassignAsync(w.TaskA, await VersionAsync(w.TaskA), w.UserA.Id, FarFuture, Ct));
        yield return new("Tasks", "date far out of range", "a task due on 1 January 1900", async sp =>
            await S<TasksService>(sp).ReassignAsync(w.TaskA, await VersionAsync(w.TaskA), w.UserA.Id, new DateOnly(1900, 1, 1), Ct));
        yield return new("Tasks", "date far out of range", "a task due three days ago", async sp =>
            await S<TasksService>(sp).ReassignAsync(w.TaskA, await VersionAsync(w.TaskA), w.UserA.Id, today.AddDays(-3), Ct));
        yield return new("Tasks", "disabled button", "completing a task over a version that is not the current one", async sp =>
            await S<TasksService>(sp).CompleteAsync(w.TaskA, await VersionAsync(w.TaskA) + 2, Ct));
        yield return new("Tasks", "disabled button", "completing a task that is done", async sp =>
            await S<TasksService>(sp).CompleteAsync(w.DoneTaskA, await VersionAsync(w.DoneTaskA), Ct));
        yield return new("Tasks", "disabled button", "cancelling a task that is done", async sp =>
            await S<TasksService>(sp).CancelAsync(w.DoneTaskA, await VersionAsync(w.DoneTaskA), Ct));

        // Census: reads, and the interface feed's replay for administrators only.
        yield return new("Census", "disabled button", "replaying an interface message as a coordinator", async sp =>
            await S<AdtFeedService>(sp).ReplayAsync(await AnyInboundMessageAsync(), Ct));
        yield return new("Census", "disabled button", "opening the interface feed as a coordinator", async sp =>
            await S<AdtFeedService>(sp).LoadAsync(Ct));
        yield return new("Census", "value not offered", "the census of an empty team id", async sp =>
            (await S<CensusService>(sp).LoadAsync(Guid.Empty, Ct)).Rows.Count == 0 ? null : "rows");
    }

    [Fact]
    public async Task Every_tampered_value_is_refused_with_a_clear_message_and_nothing_is_stored_or_published()
    {
        var output = Xunit.TestContext.Current.TestOutputHelper;
        var problems = new List<string>();
        var rows = new List<(string Feature, string Kind, bool Refused)>();
        var bus = _server.Services.GetRequiredService<IRealtimeBus>();
        using var events = new EventRecorders(bus, _world);

        foreach (var tamper in Tampers())
        {
            var before = await _world.FingerprintAsync(Ct);
            object? answer;
            await using (var scope = AccessMatrixWorld.As(_server, _world.UserA, $"circuit:tamper-{Guid.NewGuid():N}"))
            {
                try
                {
                    answer = await tamper.Call(scope.ServiceProvider);
                }
                catch (Exception e) when (e is not OutOfMemoryException)
                {
                    answer = e;
                }
            }
            var refusal = Refusal(answer);
            var changed = await _world.FingerprintAsync(Ct) != before;
            var published = events.Count;
            events.Clear();
            var line = $"{tamper.Feature}: {tamper.What} -> {refusal ?? Describe(answer)}";
            output?.WriteLine(line);
            var refused = refusal is not null && !changed && published == 0;
            rows.Add((tamper.Feature, tamper.Kind, refused));
            if (refusal is null)
                problems.Add($"{line}: not refused with a clear message");
            if (changed)
                problems.Add($"{line}: something was stored");
            if (published > 0)
                problems.Add($"{line}: {published} event(s) published");
        }

        output?.WriteLine($"tampered values: {rows.Count} attempts, {rows.Count(r => r.Refused)} refused, {rows.Count(r => !r.Refused)} accepted");
        foreach (var group in rows.GroupBy(r => (r.Feature, r.Kind)).OrderBy(g => g.Key.Feature).ThenBy(g => g.Key.Kind))
            output?.WriteLine($"  {group.Key.Feature,-10} {group.Key.Kind,-25} {group.Count(),3} attempts, {group.Count(r => !r.Refused)} accepted");
        rows.Select(r => r.Feature).Distinct().Order().ShouldBe(["CarePlans", "Census", "Huddle", "Patients", "Referrals", "Tasks"]);
        problems.ShouldBeEmpty();
    }

    /// <summary>The refusal's message when the answer is a refusal in words; "nothing" for the reads that answer nothing; else null.</summary>
    private static string? Refusal(object? answer)
    {
        var message = answer switch
        {
            null => "nothing",
            PatientChangeResult.Invalid i => i.Message,
            PatientChangeResult.Conflict c => c.Message,
            CarePlanResult.Invalid i => i.Message,
            HuddleResult.Invalid i => i.Message,
            ReferralResult.Invalid i => i.Message,
            ReferralResult.Stale s => s.Message,
            TaskResult.Invalid i => i.Message,
            TaskResult.Stale s => s.Message,
            _ => null,
        };
        if (message is null || message == "nothing")
            return message;
        // A sentence for a person: a capital, a full stop, no exception or type names, no stack.
        return ClearSentence().IsMatch(message) && !message.Contains("Exception", StringComparison.Ordinal)
            && !message.Contains("System.", StringComparison.Ordinal) && !message.Contains("   at ", StringComparison.Ordinal)
            ? message
            : null;
    }

    private static string Describe(object? answer) => answer switch
    {
        Exception e => $"{e.GetType().Name}: {e.Message}",
        null => "null",
        _ => answer.ToString() ?? answer.GetType().Name,
    };

    private async Task<long> VersionAsync(Guid id)
    {
        await using var db = _server.SystemDb();
        return await db.Patients.Where(p => p.Id == id).Select(p => (long?)p.Version).FirstOrDefaultAsync(Ct)
            ?? await db.Referrals.Where(r => r.Id == id).Select(r => (long?)r.Version).FirstOrDefaultAsync(Ct)
            ?? await db.CarePlanItems.Where(i => i.Id == id).Select(i => (long?)i.Version).FirstOrDefaultAsync(Ct)
            ?? await db.HuddleCards.Where(c => c.Id == id).Select(c => (long?)c.Version).FirstOrDefaultAsync(Ct)
            ?? await db.Tasks.Where(t => t.Id == id).Select(t => (long?)t.Version).FirstOrDefaultAsync(Ct)
            ?? throw new InvalidOperationException($"No record {id}.");
    }

    private async Task<Guid> AnyInboundMessageAsync()
    {
        await using var db = _server.SystemDb();
        return await db.InboundMessages.AsNoTracking().Select(m => (Guid?)m.Id).FirstOrDefaultAsync(Ct) ?? Guid.NewGuid();
    }

    /// <summary>Every topic of the world's records.</summary>
    private sealed class EventRecorders(IRealtimeBus bus, AccessMatrixWorld w) : IDisposable
    {
        private readonly List<EventRecorder> _recorders =
        [
            .. new[] { w.OnlyA.Id, w.MergedA.Id, w.RevokedPlanPatientA.Id, w.Shared.Id, w.OnlyB.Id }.Select(id => new EventRecorder(bus, Topics.Patient(id))),
            .. new[] { w.PlanA, w.RevokedPlanA, w.PlanB }.Select(id => new EventRecorder(bus, Topics.CarePlan(id))),
            .. new[] { w.BoardA, w.ClosedBoardA, w.BoardB }.Select(id => new EventRecorder(bus, Topics.Huddle(id))),
            .. new[] { w.TeamA.Id, w.TeamB.Id }.SelectMany(t => new[] { Topics.Team(t), Topics.Referrals(t), Topics.Census(t), Topics.Tasks(t) }).Select(t => new EventRecorder(bus, t)),
        ];

        public int Count => _recorders.Sum(r => r.Events.Count);

        public void Clear() => _recorders.ForEach(r => r.Clear());

        public void Dispose() => _recorders.ForEach(r => r.Dispose());
    }

    [GeneratedRegex("^[A-Z“\"].*[.!?]$", RegexOptions.Singleline)]
    private static partial Regex ClearSentence();
}
