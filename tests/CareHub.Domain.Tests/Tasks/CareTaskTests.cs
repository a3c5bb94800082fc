using CareHub.Domain.Common;
using CareHub.Domain.Tasks;

namespace CareHub.Domain.Tests.Tasks;

public class CareTaskTests
{
    private static readonly DateTimeOffset Created = TestTime.Monday;

    private static CareTask NewTask(DateTimeOffset? dueAt = null) =>
        new(Guid.NewGuid(), Guid.NewGuid(), "Transition-of-care call after discharge", Guid.NewGuid(),
            dueAt ?? Created.AddDays(2), CareTaskPriority.High, Created);

    [Fact]
    public void A_new_task_is_open_with_its_owner_and_due_date()
    {
        var task = NewTask();

        task.Status.ShouldBe(CareTaskStatus.Open);
        task.DueAt.ShouldBe(Created.AddDays(2));
        task.CompletedAt.ShouldBeNull();
    }

    [Fact]
    public void A_new_task_due_in_the_past_is_refused()
    {
        var refusal = Should.Throw<DomainRuleException>(() => NewTask(Created.AddMinutes(-5)));

        refusal.Message.ShouldBe("A new task cannot be due in the past.");
    }

    [Fact]
    public void A_new_task_due_within_a_minute_before_creation_is_allowed_for_clock_skew()
    {
        NewTask(Created.AddSeconds(-30)).Status.ShouldBe(CareTaskStatus.Open);
    }

    [Fact]
    public void A_task_without_an_assignee_is_refused()
    {
        var refusal = Should.Throw<DomainRuleException>(() =>
            new CareTask(Guid.NewGuid(), Guid.NewGuid(), "Medication reconciliation", Guid.Empty, Created.AddDays(1), CareTaskPriority.Routine, Created));

        refusal.Message.ShouldBe("Assignee is required.");
    }

    [Fact]
    public void Completing_records_when_it_was_done()
    {
        var task = NewTask();

        task.Complete(Created.AddHours(3));

        task.Status.ShouldBe(CareTaskStatus.Done);
        task.CompletedAt.ShouldBe(Created.AddHours(3));
    }

    [Fact]
    public void Completing_a_done_task_is_refused()
    {
        var task = NewTask();
        task.Complete(Created.AddHours(3));

        var refusal = Should.Throw<DomainRuleException>(() => task.Complete(Created.AddHours(4)));

        refusal.Message.ShouldBe("This task is already done.");
        task.CompletedAt.ShouldBe(Created.AddHours(3));
    }

    [Fact]
    public void Cancelling_a_cancelled_task_is_refused()
    {
        var task = NewTask();
        task.Cancel();

        var refusal = Should.Throw<DomainRuleException>(task.Cancel);

        refusal.Message.ShouldBe("This task is already cancelled.");
    }

    [Fact]
    public void Completing_a_cancelled_task_is_refused()
    {
        var task = NewTask();
        task.Cancel();

        Should.Throw<DomainRuleException>(() => task.Complete(Created.AddHours(1))).Message.ShouldBe("This task is already cancelled.");
        task.Status.ShouldBe(CareTaskStatus.Cancelled);
    }

    [Fact]
    public void Reassigning_moves_the_task_to_the_new_owner_and_date()
    {
        var task = NewTask();
        var colleague = Guid.NewGuid();

        task.Reassign(colleague, Created.AddDays(5));

        task.AssigneeId.ShouldBe(colleague);
        task.DueAt.ShouldBe(Created.AddDays(5));
    }

    [Fact]
    public void Reassigning_a_done_task_is_refused()
    {
        var task = NewTask();
        var owner = task.AssigneeId;
        task.Complete(Created.AddHours(1));

        var refusal = Should.Throw<DomainRuleException>(() => task.Reassign(Guid.NewGuid(), Created.AddDays(5)));

        refusal.Message.ShouldBe("Only an open task can be reassigned.");
        task.AssigneeId.ShouldBe(owner);
    }

    [Theory]
    [InlineData(-1, false)]
    [InlineData(0, false)]
    [InlineData(1, true)]
    public void An_open_task_is_overdue_once_its_due_time_has_passed(int minutesAfterDue, bool overdue)
    {
        var task = NewTask();

        task.IsOverdue(task.DueAt.AddMinutes(minutesAfterDue)).ShouldBe(overdue);
    }

    [Fact]
    public void A_done_task_is_never_overdue()
    {
        var task = NewTask();
        task.Complete(Created.AddHours(1));

        task.IsOverdue(task.DueAt.AddDays(30)).ShouldBeFalse();
    }
}
