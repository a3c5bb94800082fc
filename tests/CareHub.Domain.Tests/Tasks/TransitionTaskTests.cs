using CareHub.Domain.Common;
using CareHub.Domain.Tasks;
using CareHub.Domain.Transitions;

namespace CareHub.Domain.Tests.Tasks;

public class TransitionTaskTests
{
    private static readonly DateTimeOffset Now = TestTime.Monday;

    [Theory]
    [InlineData(CareTaskKind.TransitionContact, CareTaskPriority.High)]
    [InlineData(CareTaskKind.TransitionVisit, CareTaskPriority.Routine)]
    [InlineData(CareTaskKind.TransitionMedication, CareTaskPriority.Routine)]
    public void A_transition_step_is_a_task_tied_to_its_stay(CareTaskKind kind, CareTaskPriority priority)
    {
        var encounter = Guid.NewGuid();
        var task = CareTask.ForTransition(Guid.NewGuid(), Guid.NewGuid(), encounter, kind, "Call", Guid.NewGuid(), Now.AddDays(2), Now);

        task.Kind.ShouldBe(kind);
        task.IsTransition.ShouldBeTrue();
        task.EncounterId.ShouldBe(encounter);
        task.Priority.ShouldBe(priority);
        task.Status.ShouldBe(CareTaskStatus.Open);
    }

    [Theory]
    [InlineData(CareTaskKind.General)]
    [InlineData(CareTaskKind.ReferralEscalation)]
    [InlineData(CareTaskKind.HuddleAction)]
    public void Only_a_contact_a_visit_or_a_medication_reconciliation_is_a_transition_step(CareTaskKind kind)
    {
        var refusal = Should.Throw<DomainRuleException>(() =>
            CareTask.ForTransition(Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), kind, "Call", Guid.NewGuid(), Now, Now));
        refusal.Message.ShouldBe("A transition task is a contact, a visit or a medication reconciliation.");
    }

    [Fact]
    public void Escalation_and_huddle_tasks_have_their_own_kinds_and_are_not_transition_steps()
    {
        var general = new CareTask(Guid.NewGuid(), Guid.NewGuid(), "Call", Guid.NewGuid(), Now, CareTaskPriority.Routine, Now);
        var escalation = CareTask.ForReferralEscalation(Guid.NewGuid(), Guid.NewGuid(), "Referral overdue", Guid.NewGuid(), Now.AddDays(1),
            CareTaskPriority.Urgent, Now);
        var action = CareTask.ForHuddleAction(Guid.NewGuid(), Guid.NewGuid(), "Book the interpreter", Guid.NewGuid(), Now.AddDays(1), Now);

        (general.Kind, escalation.Kind, action.Kind).ShouldBe((CareTaskKind.General, CareTaskKind.ReferralEscalation, CareTaskKind.HuddleAction));
        (escalation.Priority, action.Priority).ShouldBe((CareTaskPriority.Urgent, CareTaskPriority.Routine));
        new[] { general, escalation, action }.ShouldAllBe(t => !t.IsTransition && t.EncounterId == null);
    }

    [Fact]
    public void A_transition_step_needs_its_stay()
    {
        var refusal = Should.Throw<DomainRuleException>(() =>
            CareTask.ForTransition(Guid.NewGuid(), Guid.NewGuid(), Guid.Empty, CareTaskKind.TransitionVisit, "Visit", Guid.NewGuid(), Now, Now));
        refusal.Message.ShouldBe("Encounter is required.");
    }

    [Theory]
    [InlineData(TransitionStep.InteractiveContact, CareTaskKind.TransitionContact)]
    [InlineData(TransitionStep.FaceToFaceVisit, CareTaskKind.TransitionVisit)]
    [InlineData(TransitionStep.MedicationReconciliation, CareTaskKind.TransitionMedication)]
    public void A_transition_clock_becomes_its_task_due_in_UTC(TransitionStep step, CareTaskKind kind)
    {
        var due = new DateTimeOffset(2026, 3, 4, 23, 59, 59, TimeSpan.FromHours(-5));

        var task = CareTask.ForTransition(Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), new TransitionClock(step, due, "Title"), Guid.NewGuid(), Now);

        task.Kind.ShouldBe(kind);
        task.Title.ShouldBe("Title");
        task.DueAt.ShouldBe(due);
        task.DueAt.Offset.ShouldBe(TimeSpan.Zero);
    }

    [Fact]
    public void A_transition_clock_already_past_is_due_at_once()
    {
        var clock = new TransitionClock(TransitionStep.InteractiveContact, Now.AddDays(-1), "Call");

        var task = CareTask.ForTransition(Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), clock, Guid.NewGuid(), Now);

        task.DueAt.ShouldBe(Now);
    }
}
