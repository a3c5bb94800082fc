using CareHub.Domain.Common;
using CareHub.Domain.Tasks;

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

    [Fact]
    public void A_general_task_is_not_a_transition_step()
    {
        var refusal = Should.Throw<DomainRuleException>(() =>
            CareTask.ForTransition(Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), CareTaskKind.General, "Call", Guid.NewGuid(), Now, Now));
        refusal.Message.ShouldBe("A transition task is a contact, a visit or a medication reconciliation.");
        new CareTask(Guid.NewGuid(), Guid.NewGuid(), "Call", Guid.NewGuid(), Now, CareTaskPriority.Routine, Now).IsTransition.ShouldBeFalse();
    }

    [Fact]
    public void A_transition_step_needs_its_stay()
    {
        var refusal = Should.Throw<DomainRuleException>(() =>
            CareTask.ForTransition(Guid.NewGuid(), Guid.NewGuid(), Guid.Empty, CareTaskKind.TransitionVisit, "Visit", Guid.NewGuid(), Now, Now));
        refusal.Message.ShouldBe("Encounter is required.");
    }
}
