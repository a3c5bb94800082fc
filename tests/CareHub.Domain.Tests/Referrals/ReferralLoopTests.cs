using CareHub.Domain.Common;
using CareHub.Domain.Organization;
using CareHub.Domain.Referrals;
using static CareHub.Domain.Referrals.ReferralMilestone;
using static CareHub.Domain.Referrals.ReferralStatus;

namespace CareHub.Domain.Tests.Referrals;

/// <summary>The loop on top of the statuses: consent, milestones in order, the closed loop, the timeline, escalation, sensitive details.</summary>
public class ReferralLoopTests
{
    private static readonly DateTimeOffset Created = TestTime.Monday;
    private static readonly Guid Coordinator = Guid.NewGuid();

    private static Referral New(ReferralType type = ReferralType.Specialty, Guid? owner = null) =>
        new(Guid.NewGuid(), Guid.NewGuid(), owner ?? Coordinator, type, ReferralUrgency.Routine, "Riverside Cardiology", "New murmur", Created);

    private static Referral Accepted(out DateTimeOffset at)
    {
        var referral = New();
        at = Created.AddHours(1);
        referral.MoveTo(Requested, at, Coordinator, null);
        at = at.AddHours(1);
        referral.MoveTo(ReferralStatus.Accepted, at, Coordinator, null);
        return referral;
    }

    [Fact]
    public void A_new_referral_starts_its_timeline_with_its_creation()
    {
        var referral = New();

        var created = referral.Events.ShouldHaveSingleItem();

        (created.Kind, created.ToStatus, created.StaffId, created.At).ShouldBe((ReferralEventKind.Created, (ReferralStatus?)Draft, (Guid?)Coordinator, Created));
        (created.ReferralId, created.PatientId, created.TeamId).ShouldBe((referral.Id, referral.PatientId, referral.TeamId));
    }

    [Fact]
    public void Every_status_change_is_on_the_timeline_with_who_when_and_the_note()
    {
        var referral = New();
        var nurse = Guid.NewGuid();

        var sent = referral.MoveTo(Requested, Created.AddHours(2), nurse, "Faxed with the last echo.");

        referral.Events.Last().ShouldBe(sent);
        (sent.Kind, sent.FromStatus, sent.ToStatus, sent.StaffId, sent.Note, sent.At)
            .ShouldBe((ReferralEventKind.StatusChanged, (ReferralStatus?)Draft, (ReferralStatus?)Requested, (Guid?)nurse, "Faxed with the last echo.", Created.AddHours(2)));
        referral.RequestedAt.ShouldBe(Created.AddHours(2));
    }

    [Fact]
    public void Sending_remembers_the_first_request_and_acceptance_the_first_acceptance()
    {
        var referral = Accepted(out var acceptedAt);
        referral.MoveTo(OnHold, acceptedAt.AddHours(1), Coordinator, null);

        referral.MoveTo(ReferralStatus.Accepted, acceptedAt.AddHours(2), Coordinator, null);

        referral.RequestedAt.ShouldBe(Created.AddHours(1));
        referral.AcceptedAt.ShouldBe(acceptedAt);
    }

    [Fact]
    public void A_refused_status_change_leaves_the_timeline_as_it_was()
    {
        var referral = New();

        Should.Throw<DomainRuleException>(() => referral.MoveTo(Completed, Created.AddHours(1), Coordinator, null))
            .Message.ShouldBe("A referral that is draft cannot become completed.");

        referral.Events.Count.ShouldBe(1);
        referral.Status.ShouldBe(Draft);
    }

    [Fact]
    public void A_note_longer_than_a_thousand_characters_is_refused_and_nothing_changes()
    {
        var referral = New();

        var refusal = Should.Throw<DomainRuleException>(() => referral.MoveTo(Requested, Created.AddHours(1), Coordinator, new string('x', 1001)));

        refusal.Message.ShouldBe("Note can be at most 1000 characters (it has 1001).");
        referral.Status.ShouldBe(Draft);
        referral.Events.Count.ShouldBe(1);
    }

    [Fact]
    public void A_community_organisation_referral_cannot_be_sent_before_consent_and_the_wish_for_help_are_recorded()
    {
        var referral = New(ReferralType.CommunityOrganization);

        var refusal = Should.Throw<DomainRuleException>(() => referral.MoveTo(Requested, Created.AddHours(1), Coordinator, null));

        refusal.Message.ShouldBe("Record the patient's consent and whether they want help before sending a referral to a community organisation.");
        referral.Status.ShouldBe(Draft);
    }

    [Fact]
    public void With_consent_recorded_a_community_organisation_referral_can_be_sent()
    {
        var referral = New(ReferralType.CommunityOrganization);

        var consent = referral.RecordConsent(patientWantsHelp: true, Created.AddMinutes(5), Coordinator, null);
        referral.MoveTo(Requested, Created.AddHours(1), Coordinator, null);

        (referral.ConsentRecordedAt, referral.PatientWantsHelp).ShouldBe((Created.AddMinutes(5), (bool?)true));
        consent.Kind.ShouldBe(ReferralEventKind.ConsentRecorded);
        consent.Note.ShouldBe("Consent given; the patient wants help.");
        referral.Status.ShouldBe(Requested);
    }

    [Fact]
    public void Consent_is_for_community_organisations_and_is_recorded_before_sending()
    {
        Should.Throw<DomainRuleException>(() => New().RecordConsent(true, Created, Coordinator, null))
            .Message.ShouldBe("Only a referral to a community organisation records consent here.");
        var sent = New(ReferralType.CommunityOrganization);
        sent.RecordConsent(true, Created, Coordinator, null);
        sent.MoveTo(Requested, Created.AddHours(1), Coordinator, null);

        Should.Throw<DomainRuleException>(() => sent.RecordConsent(false, Created.AddHours(2), Coordinator, null))
            .Message.ShouldBe("Consent is recorded before the referral is sent.");
    }

    [Fact]
    public void The_loop_closes_step_by_step_appointment_visit_result_then_closed_with_an_outcome()
    {
        var referral = Accepted(out var at);
        var appointment = at.AddDays(9);

        referral.Reach(AppointmentScheduled, at.AddHours(1), Coordinator, "Dr. Osei, 10:30", appointmentAt: appointment);
        referral.MoveTo(InProgress, at.AddHours(2), Coordinator, null);
        referral.Reach(PatientSeen, at.AddDays(9), Coordinator, null);
        referral.Reach(ResultReceived, at.AddDays(10), Coordinator, "Consult note in the chart.");
        referral.MoveTo(Completed, at.AddDays(10), Coordinator, null);
        var closed = referral.Reach(LoopClosed, at.AddDays(11), Coordinator, null, outcome: ReferralOutcome.ServiceProvided);

        (referral.AppointmentAt, referral.SeenAt, referral.ResultReceivedAt, referral.LoopClosedAt, referral.Outcome)
            .ShouldBe((appointment, at.AddDays(9), at.AddDays(10), at.AddDays(11), (ReferralOutcome?)ReferralOutcome.ServiceProvided));
        referral.IsLoopClosed.ShouldBeTrue();
        (closed.Kind, closed.Milestone).ShouldBe((ReferralEventKind.Milestone, (ReferralMilestone?)LoopClosed));
        referral.Events.Where(e => e.Kind == ReferralEventKind.Milestone).Select(e => e.Milestone)
            .ShouldBe([AppointmentScheduled, PatientSeen, ResultReceived, LoopClosed]);
    }

    [Theory]
    [InlineData(PatientSeen, "Record the appointment before recording that the patient was seen.")]
    [InlineData(ResultReceived, "Record that the patient was seen before recording the result.")]
    [InlineData(LoopClosed, "Choose the outcome to close the loop.")]
    public void A_milestone_needs_the_one_before_it(ReferralMilestone milestone, string message)
    {
        var referral = Accepted(out var at);

        var refusal = Should.Throw<DomainRuleException>(() => referral.Reach(milestone, at.AddHours(1), Coordinator, null));

        refusal.Message.ShouldBe(message);
        referral.Events.ShouldNotContain(e => e.Kind == ReferralEventKind.Milestone);
    }

    [Fact]
    public void An_appointment_needs_an_accepted_referral()
    {
        var referral = New();
        referral.MoveTo(Requested, Created.AddHours(1), Coordinator, null);

        Should.Throw<DomainRuleException>(() => referral.Reach(AppointmentScheduled, Created.AddHours(2), Coordinator, null))
            .Message.ShouldBe("An appointment can be scheduled once the referral is accepted.");
    }

    [Fact]
    public void An_appointment_can_be_rescheduled_until_the_patient_was_seen()
    {
        var referral = Accepted(out var at);
        referral.Reach(AppointmentScheduled, at.AddHours(1), Coordinator, null, appointmentAt: at.AddDays(5));

        referral.Reach(AppointmentScheduled, at.AddHours(2), Coordinator, "Moved by the clinic", appointmentAt: at.AddDays(8));
        referral.Reach(PatientSeen, at.AddDays(8), Coordinator, null);

        referral.AppointmentAt.ShouldBe(at.AddDays(8));
        Should.Throw<DomainRuleException>(() => referral.Reach(AppointmentScheduled, at.AddDays(9), Coordinator, null))
            .Message.ShouldBe("The patient was already seen; the appointment cannot be rescheduled.");
        Should.Throw<DomainRuleException>(() => referral.Reach(PatientSeen, at.AddDays(9), Coordinator, null))
            .Message.ShouldBe("The patient was already recorded as seen.");
    }

    [Fact]
    public void A_completed_referral_closes_its_loop_only_with_its_result()
    {
        var referral = Accepted(out var at);
        referral.MoveTo(InProgress, at.AddHours(1), Coordinator, null);
        referral.MoveTo(Completed, at.AddHours(2), Coordinator, null);

        Should.Throw<DomainRuleException>(() => referral.Reach(LoopClosed, at.AddHours(3), Coordinator, null, outcome: ReferralOutcome.ServiceProvided))
            .Message.ShouldBe("Record the result or consult note before closing the loop.");
        referral.IsLoopClosed.ShouldBeFalse();
    }

    [Theory]
    [InlineData(Rejected, ReferralOutcome.NotEligible)]
    [InlineData(Cancelled, ReferralOutcome.PatientDeclined)]
    [InlineData(Failed, ReferralOutcome.UnableToContact)]
    public void A_referral_that_ended_without_the_service_closes_its_loop_with_why(ReferralStatus ended, ReferralOutcome outcome)
    {
        var referral = New();
        referral.MoveTo(Requested, Created.AddHours(1), Coordinator, null);
        if (ended == Failed)
            referral.MoveTo(ReferralStatus.Accepted, Created.AddHours(2), Coordinator, null);
        referral.MoveTo(ended, Created.AddHours(3), Coordinator, null);

        referral.Reach(LoopClosed, Created.AddHours(4), Coordinator, null, outcome: outcome);

        referral.Outcome.ShouldBe(outcome);
        Should.Throw<DomainRuleException>(() => referral.Reach(LoopClosed, Created.AddHours(5), Coordinator, null, outcome: outcome))
            .Message.ShouldBe("The loop of this referral is already closed.");
    }

    [Fact]
    public void An_open_referral_cannot_close_its_loop()
    {
        var referral = Accepted(out var at);

        Should.Throw<DomainRuleException>(() => referral.Reach(LoopClosed, at.AddHours(1), Coordinator, null, outcome: ReferralOutcome.Other))
            .Message.ShouldBe("A referral that is accepted is still open; complete, cancel or mark it failed first.");
    }

    [Fact]
    public void Holds_come_from_the_timeline_and_the_last_one_may_still_be_open()
    {
        var referral = Accepted(out var at);
        referral.MoveTo(OnHold, at.AddDays(1), Coordinator, "Patient in hospital");
        referral.MoveTo(InProgress, at.AddDays(3), Coordinator, null);
        referral.MoveTo(OnHold, at.AddDays(5), Coordinator, null);

        var holds = referral.Holds();

        holds.ShouldBe([(at.AddDays(1), (DateTimeOffset?)at.AddDays(3)), (at.AddDays(5), (DateTimeOffset?)null)]);
    }

    [Fact]
    public void Holds_read_apart_from_the_changes_into_and_out_of_a_hold_equal_those_of_the_whole_timeline()
    {
        var never = Accepted(out var at);
        never.MoveTo(InProgress, at.AddDays(1), Coordinator, null);
        var resumed = Accepted(out at);
        resumed.MoveTo(OnHold, at.AddDays(1), Coordinator, null);
        resumed.MoveTo(InProgress, at.AddDays(3), Coordinator, null);
        var twice = Accepted(out at);
        twice.MoveTo(OnHold, at.AddDays(1), Coordinator, null);
        twice.MoveTo(ReferralStatus.Accepted, at.AddDays(2), Coordinator, null);
        twice.MoveTo(InProgress, at.AddDays(4), Coordinator, null);
        twice.MoveTo(OnHold, at.AddDays(6), Coordinator, null);
        twice.MoveTo(Failed, at.AddDays(9), Coordinator, null);
        var stillHeld = Accepted(out at);
        stillHeld.MoveTo(OnHold, at.AddDays(2), Coordinator, null);

        foreach (var referral in new[] { never, resumed, twice, stillHeld })
        {
            // What the worklist reads: only the changes touching a hold, newest first (order must not matter).
            var holdChanges = referral.Events
                .Where(e => e.Kind == ReferralEventKind.StatusChanged)
                .Select(e => new ReferralStatusChange(e.FromStatus, e.ToStatus, e.At))
                .Where(c => c.TouchesHold)
                .Reverse();

            var holds = Referral.HoldsFrom(holdChanges);

            holds.ShouldBe(referral.Holds());
            var now = at.AddDays(20);
            ReferralClocks.Compute(referral.ClockInput(holds), ReferralClockPolicy.Default, BusinessCalendar.WeekendsOnly, TimeZoneInfo.Utc, now)
                .ShouldBe(ReferralClocks.Compute(referral.ClockInput(), ReferralClockPolicy.Default, BusinessCalendar.WeekendsOnly, TimeZoneInfo.Utc, now));
        }
        Referral.HoldsFrom([]).ShouldBeEmpty();
        twice.Holds().Count.ShouldBe(2);
        stillHeld.Holds().ShouldHaveSingleItem().To.ShouldBeNull();
    }

    [Fact]
    public void An_overdue_clock_escalates_to_the_owner_once_then_to_the_manager_once()
    {
        var referral = Accepted(out var at);

        var first = referral.Escalate("Appointment", businessDaysOverdue: 0, managerAfterDays: 2, at.AddDays(1));
        var again = referral.Escalate("Appointment", businessDaysOverdue: 1, managerAfterDays: 2, at.AddDays(2));
        var manager = referral.Escalate("Appointment", businessDaysOverdue: 2, managerAfterDays: 2, at.AddDays(3));
        var later = referral.Escalate("Appointment", businessDaysOverdue: 5, managerAfterDays: 2, at.AddDays(6));

        first.ShouldNotBeNull().Note.ShouldBe("Appointment overdue by 0 business days: escalated to the owner.");
        again.ShouldBeNull();
        manager.ShouldNotBeNull().Note.ShouldBe("Appointment overdue by 2 business days: escalated to the team's manager.");
        later.ShouldBeNull();
        referral.Events.Count(e => e.Kind == ReferralEventKind.Escalated).ShouldBe(2);
        (referral.EscalationLevel, referral.EscalatedStage).ShouldBe((2, "Appointment"));
    }

    [Fact]
    public void A_later_stage_overdue_escalates_again_and_a_closed_referral_never_does()
    {
        var referral = Accepted(out var at);
        referral.Escalate("Acceptance", 3, 2, at).ShouldNotBeNull();

        referral.Escalate("Appointment", 0, 2, at.AddDays(1)).ShouldNotBeNull().Note.ShouldBe("Appointment overdue by 0 business days: escalated to the owner.");
        referral.MoveTo(Cancelled, at.AddDays(2), Coordinator, null);
        referral.Escalate("Result", 9, 2, at.AddDays(3)).ShouldBeNull();
    }

    [Theory]
    [InlineData(StaffRole.Physician)]
    [InlineData(StaffRole.Nurse)]
    [InlineData(StaffRole.SocialWorker)]
    [InlineData(StaffRole.Coordinator)]
    [InlineData(StaffRole.CommunityHealthWorker)]
    [InlineData(StaffRole.Manager)]
    [InlineData(StaffRole.Admin)]
    public void Without_a_consent_a_substance_use_referrals_details_are_for_its_owner_only(StaffRole role)
    {
        var referral = New(ReferralType.SubstanceUseTreatment);
        var today = DateOnly.FromDateTime(Created.UtcDateTime);

        referral.IsSensitive.ShouldBeTrue();
        referral.DetailsVisibleTo(Guid.NewGuid(), role, today).ShouldBeFalse();
        referral.DetailsVisibleTo(Coordinator, role, today).ShouldBeTrue("the owner always sees their referral");
        New().DetailsVisibleTo(Guid.NewGuid(), role, today).ShouldBeTrue("an ordinary referral hides nothing from the team");
    }
}
