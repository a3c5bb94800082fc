using System.Globalization;
using CareHub.Domain.Common;
using CareHub.Domain.Referrals;
using static CareHub.Domain.Referrals.ReferralClockState;

namespace CareHub.Domain.Tests.Referrals;

public class ReferralClocksTests
{
    private static readonly TimeZoneInfo NewYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");
    private static readonly BusinessCalendar Calendar = new(UsFederalHolidays.Between(2025, 2028));

    /// <summary>Every type and urgency: 2 business days to acceptance, 5 to appointment, 10 to result; due soon within 1.</summary>
    private static readonly ReferralClockPolicy TwoFiveTen = PolicyOf(2, 5, 10, dueSoonDays: 1);

    private static ReferralClockPolicy PolicyOf(int acceptance, int appointment, int result, int dueSoonDays) =>
        ReferralClockPolicy.Create(
            from type in Enum.GetValues<ReferralType>()
            from urgency in Enum.GetValues<ReferralUrgency>()
            select new ReferralClockRule(type, urgency, acceptance, appointment, result),
            dueSoonDays);

    /// <summary>A wall-clock time in New York ("2026-03-02 10:00").</summary>
    private static DateTimeOffset Ny(string local)
    {
        var wall = DateTime.ParseExact(local, "yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
        return new DateTimeOffset(wall, NewYork.GetUtcOffset(wall));
    }

    private static DateOnly Day(string iso) => DateOnly.Parse(iso, CultureInfo.InvariantCulture);

    private static ReferralClockInput Input(
        string? requested,
        string? accepted = null,
        string? appointment = null,
        string? result = null,
        (string From, string? To)[]? holds = null,
        bool closed = false,
        ReferralType type = ReferralType.Specialty,
        ReferralUrgency urgency = ReferralUrgency.Routine) =>
        new(type, urgency,
            requested is null ? null : Ny(requested),
            accepted is null ? null : Ny(accepted),
            appointment is null ? null : Ny(appointment),
            result is null ? null : Ny(result),
            (holds ?? []).Select(h => (Ny(h.From), h.To is null ? (DateTimeOffset?)null : Ny(h.To))).ToList(),
            closed);

    private static ReferralClockSet Clocks(ReferralClockInput input, string now, ReferralClockPolicy? policy = null) =>
        ReferralClocks.Compute(input, policy ?? TwoFiveTen, Calendar, NewYork, Ny(now));

    [Fact]
    public void A_referral_not_yet_requested_has_no_clocks_running()
    {
        var input = Input(requested: null);

        var clocks = Clocks(input, now: "2026-03-02 10:00");

        clocks.All.ShouldAllBe(c => c.State == NotStarted && c.DueOn == null && c.DaysLeft == null && c.DaysOverdue == null);
        clocks.All.Select(c => c.Stage).ShouldBe([ReferralClockStage.Acceptance, ReferralClockStage.Appointment, ReferralClockStage.Result]);
        clocks.Worst.ShouldBeNull();
    }

    [Fact]
    public void Each_clock_is_due_its_business_days_after_the_local_day_of_the_request()
    {
        var input = Input(requested: "2026-03-02 10:00"); // a Monday

        var clocks = Clocks(input, now: "2026-03-02 11:00");

        clocks.Acceptance.ShouldBe(new ReferralClock(ReferralClockStage.Acceptance, Due, Day("2026-03-04"), 2, null));
        clocks.Appointment.ShouldBe(new ReferralClock(ReferralClockStage.Appointment, Due, Day("2026-03-09"), 5, null));
        clocks.Result.ShouldBe(new ReferralClock(ReferralClockStage.Result, Due, Day("2026-03-16"), 10, null));
    }

    [Theory]
    [InlineData("2026-03-03 09:00", 1)] // the business day before the due day
    [InlineData("2026-03-04 16:59", 0)] // the due day itself
    public void A_clock_within_the_due_soon_window_is_due_soon(string now, int daysLeft)
    {
        var input = Input(requested: "2026-03-02 10:00");

        var acceptance = Clocks(input, now).Acceptance;

        acceptance.State.ShouldBe(DueSoon);
        acceptance.DaysLeft.ShouldBe(daysLeft);
        acceptance.DaysOverdue.ShouldBeNull();
    }

    [Fact]
    public void The_due_soon_window_comes_from_the_policy()
    {
        var input = Input(requested: "2026-03-02 10:00");

        var clocks = Clocks(input, now: "2026-03-04 09:00", PolicyOf(2, 5, 10, dueSoonDays: 3));

        clocks.Appointment.State.ShouldBe(DueSoon); // due Monday 9 March: 3 business days left
        clocks.Appointment.DaysLeft.ShouldBe(3);
        clocks.Result.State.ShouldBe(Due);
    }

    [Theory]
    [InlineData("2026-03-05 00:01", 1)]
    [InlineData("2026-03-09 09:00", 3)] // Thursday, Friday and Monday
    public void A_clock_past_the_end_of_its_due_day_is_overdue_by_business_days(string now, int daysOverdue)
    {
        var input = Input(requested: "2026-03-02 10:00");

        var acceptance = Clocks(input, now).Acceptance;

        acceptance.State.ShouldBe(Overdue);
        acceptance.DaysOverdue.ShouldBe(daysOverdue);
        acceptance.DaysLeft.ShouldBeNull();
    }

    [Fact]
    public void On_the_Saturday_after_a_Friday_due_day_the_clock_is_one_day_overdue()
    {
        var input = Input(requested: "2026-03-04 10:00"); // a Wednesday: acceptance due Friday

        var acceptance = Clocks(input, now: "2026-03-07 10:00").Acceptance;

        acceptance.State.ShouldBe(Overdue);
        acceptance.DueOn.ShouldBe(Day("2026-03-06"));
        acceptance.DaysOverdue.ShouldBe(1);
    }

    [Theory]
    [InlineData("2026-03-02 15:00")]
    [InlineData("2026-03-04 23:59")] // late in the evening of the due day still counts
    public void A_milestone_on_or_before_its_due_day_is_met(string acceptedAt)
    {
        var input = Input(requested: "2026-03-02 10:00", accepted: acceptedAt);

        var acceptance = Clocks(input, now: "2026-03-10 09:00").Acceptance;

        acceptance.ShouldBe(new ReferralClock(ReferralClockStage.Acceptance, Met, Day("2026-03-04"), null, null));
    }

    [Fact]
    public void A_milestone_after_its_due_day_is_met_late_by_business_days()
    {
        var input = Input(requested: "2026-03-02 10:00", accepted: "2026-03-09 08:00");

        var acceptance = Clocks(input, now: "2026-03-10 09:00").Acceptance;

        acceptance.State.ShouldBe(MetLate);
        acceptance.DueOn.ShouldBe(Day("2026-03-04"));
        acceptance.DaysOverdue.ShouldBe(3);
        acceptance.DaysLeft.ShouldBeNull();
    }

    [Fact]
    public void Each_clock_stops_on_its_own_milestone()
    {
        var input = Input(requested: "2026-03-02 10:00", accepted: "2026-03-03 10:00", appointment: "2026-03-10 10:00");

        var clocks = Clocks(input, now: "2026-03-12 10:00");

        clocks.Acceptance.State.ShouldBe(Met);
        clocks.Appointment.State.ShouldBe(MetLate);
        clocks.Result.State.ShouldBe(Due);
        clocks.Result.DaysLeft.ShouldBe(2);
    }

    [Fact]
    public void After_the_referral_is_closed_the_clocks_not_met_are_stopped()
    {
        var input = Input(requested: "2026-03-02 10:00", accepted: "2026-03-03 10:00", closed: true);

        var clocks = Clocks(input, now: "2026-03-20 10:00");

        clocks.Acceptance.State.ShouldBe(Met);
        clocks.Appointment.ShouldBe(new ReferralClock(ReferralClockStage.Appointment, Stopped, Day("2026-03-09"), null, null));
        clocks.Result.State.ShouldBe(Stopped);
        clocks.Worst.ShouldBeNull();
    }

    [Fact]
    public void A_Friday_request_with_one_business_day_to_acceptance_is_due_on_the_Monday()
    {
        var input = Input(requested: "2026-03-06 14:00", type: ReferralType.Specialty, urgency: ReferralUrgency.Urgent);

        var clocks = Clocks(input, now: "2026-03-06 15:00", ReferralClockPolicy.Default);

        clocks.Acceptance.DueOn.ShouldBe(Day("2026-03-09"));
        clocks.Acceptance.State.ShouldBe(DueSoon);
        clocks.Acceptance.DaysLeft.ShouldBe(1);
    }

    [Fact]
    public void A_due_day_that_would_be_a_holiday_moves_to_the_next_business_day()
    {
        var input = Input(requested: "2026-07-01 09:00"); // Wednesday; Friday 3 July is Independence Day observed

        var acceptance = Clocks(input, now: "2026-07-01 10:00").Acceptance;

        acceptance.DueOn.ShouldBe(Day("2026-07-06"));
    }

    [Fact]
    public void Thanksgiving_week_gives_four_business_days()
    {
        var input = Input(requested: "2026-11-23 09:00"); // the Monday of Thanksgiving week

        var clocks = Clocks(input, now: "2026-11-23 10:00");

        clocks.Acceptance.DueOn.ShouldBe(Day("2026-11-25"));
        clocks.Appointment.DueOn.ShouldBe(Day("2026-12-01"));
    }

    [Fact]
    public void Across_the_year_end_Christmas_and_New_Years_Day_do_not_count()
    {
        var input = Input(requested: "2026-12-23 09:00");

        var clocks = Clocks(input, now: "2026-12-23 10:00");

        clocks.Appointment.DueOn.ShouldBe(Day("2026-12-31"));
        clocks.Result.DueOn.ShouldBe(Day("2027-01-08"));
    }

    [Fact]
    public void A_request_late_in_the_evening_in_New_York_starts_on_that_local_day_though_it_is_the_next_day_in_UTC()
    {
        var requested = new DateTimeOffset(2026, 3, 3, 3, 30, 0, TimeSpan.Zero); // Monday 2 March, 22:30 in New York
        var input = Input(requested: null) with { RequestedAt = requested };
        var now = new DateTimeOffset(2026, 3, 3, 14, 0, 0, TimeSpan.Zero);

        var inNewYork = ReferralClocks.Compute(input, TwoFiveTen, Calendar, NewYork, now);
        var inUtc = ReferralClocks.Compute(input, TwoFiveTen, Calendar, TimeZoneInfo.Utc, now);

        inNewYork.Acceptance.DueOn.ShouldBe(Day("2026-03-04"));
        inUtc.Acceptance.DueOn.ShouldBe(Day("2026-03-05"));
    }

    [Fact]
    public void A_request_at_half_past_eleven_UTC_is_the_same_local_day_in_New_York()
    {
        var requested = new DateTimeOffset(2026, 3, 2, 23, 30, 0, TimeSpan.Zero); // Monday 2 March, 18:30 in New York
        var input = Input(requested: null) with { RequestedAt = requested };

        var clocks = ReferralClocks.Compute(input, TwoFiveTen, Calendar, NewYork, requested.AddHours(1));

        clocks.Acceptance.DueOn.ShouldBe(Day("2026-03-04"));
    }

    [Fact]
    public void A_milestone_is_judged_by_its_local_day()
    {
        var accepted = new DateTimeOffset(2026, 3, 5, 3, 0, 0, TimeSpan.Zero); // Wednesday 4 March, 22:00 in New York
        var input = Input(requested: "2026-03-02 10:00") with { AcceptedAt = accepted };
        var now = Ny("2026-03-05 10:00");

        var inNewYork = ReferralClocks.Compute(input, TwoFiveTen, Calendar, NewYork, now);
        var inUtc = ReferralClocks.Compute(input, TwoFiveTen, Calendar, TimeZoneInfo.Utc, now);

        inNewYork.Acceptance.State.ShouldBe(Met);
        inUtc.Acceptance.State.ShouldBe(MetLate);
    }

    [Fact]
    public void A_three_business_day_hold_moves_every_open_due_day_by_three_business_days()
    {
        var input = Input(requested: "2026-03-02 10:00", holds: [("2026-03-03 09:00", "2026-03-05 17:00")]);

        var clocks = Clocks(input, now: "2026-03-06 09:00");

        clocks.Acceptance.DueOn.ShouldBe(Day("2026-03-09"));
        clocks.Appointment.DueOn.ShouldBe(Day("2026-03-12"));
        clocks.Result.DueOn.ShouldBe(Day("2026-03-19"));
        clocks.Acceptance.State.ShouldBe(DueSoon);
    }

    [Fact]
    public void A_hold_over_a_weekend_counts_only_its_business_days()
    {
        var input = Input(requested: "2026-03-02 10:00", holds: [("2026-03-06 09:00", "2026-03-09 17:00")]); // Friday to Monday

        var appointment = Clocks(input, now: "2026-03-10 09:00").Appointment;

        appointment.DueOn.ShouldBe(Day("2026-03-11")); // Monday 9 March plus Friday and Monday on hold
    }

    [Fact]
    public void Overlapping_holds_count_each_business_day_once()
    {
        var input = Input(requested: "2026-03-02 10:00", holds:
        [
            ("2026-03-03 09:00", "2026-03-05 12:00"),
            ("2026-03-04 09:00", "2026-03-06 12:00"),
            ("2026-03-04 13:00", "2026-03-04 14:00"),
        ]);

        var appointment = Clocks(input, now: "2026-03-09 09:00").Appointment;

        appointment.DueOn.ShouldBe(Day("2026-03-13")); // Tuesday to Friday on hold: four days
    }

    [Fact]
    public void A_hold_counts_only_from_the_request()
    {
        var input = Input(requested: "2026-03-02 10:00", holds: [("2026-02-23 09:00", "2026-03-03 12:00")]);

        var appointment = Clocks(input, now: "2026-03-04 09:00").Appointment;

        appointment.DueOn.ShouldBe(Day("2026-03-11")); // Monday 2 and Tuesday 3 March
    }

    [Fact]
    public void An_open_hold_pauses_the_clocks_not_met_and_keeps_moving_their_due_days()
    {
        var input = Input(requested: "2026-03-02 10:00", accepted: "2026-03-02 15:00", holds: [("2026-03-03 09:00", null)]);

        var onThursday = Clocks(input, now: "2026-03-05 10:00");
        var onMonday = Clocks(input, now: "2026-03-09 10:00");

        onThursday.Acceptance.State.ShouldBe(Met);
        onThursday.Appointment.ShouldBe(new ReferralClock(ReferralClockStage.Appointment, Paused, Day("2026-03-12"), 5, null));
        onThursday.Result.State.ShouldBe(Paused);
        onMonday.Appointment.DueOn.ShouldBe(Day("2026-03-16")); // two more business days on hold
        onMonday.Appointment.State.ShouldBe(Paused);
        onMonday.Worst.ShouldBe(onMonday.Appointment);
    }

    [Fact]
    public void A_clock_already_overdue_when_put_on_hold_is_paused_and_says_how_far_past_due_it_is()
    {
        var input = Input(requested: "2026-03-02 10:00", holds: [("2026-03-09 09:00", null)]);

        var acceptance = Clocks(input, now: "2026-03-09 10:00").Acceptance;

        acceptance.State.ShouldBe(Paused);
        acceptance.DueOn.ShouldBe(Day("2026-03-05")); // Wednesday plus Monday on hold
        acceptance.DaysOverdue.ShouldBe(2);
        acceptance.DaysLeft.ShouldBeNull();
    }

    [Fact]
    public void A_hold_after_a_milestone_does_not_move_that_clock()
    {
        var input = Input(requested: "2026-03-02 10:00", accepted: "2026-03-05 10:00", holds: [("2026-03-09 09:00", "2026-03-11 17:00")]);

        var clocks = Clocks(input, now: "2026-03-12 10:00");

        clocks.Acceptance.ShouldBe(new ReferralClock(ReferralClockStage.Acceptance, MetLate, Day("2026-03-04"), null, 1));
        clocks.Appointment.DueOn.ShouldBe(Day("2026-03-12"));
        clocks.Appointment.State.ShouldBe(DueSoon);
    }

    [Fact]
    public void A_milestone_reached_while_on_hold_is_met_and_a_closed_referral_on_hold_is_stopped()
    {
        var metWhileOnHold = Input(requested: "2026-03-02 10:00", accepted: "2026-03-04 10:00", holds: [("2026-03-03 09:00", null)]);
        var closedOnHold = Input(requested: "2026-03-02 10:00", holds: [("2026-03-03 09:00", null)], closed: true);

        var met = Clocks(metWhileOnHold, now: "2026-03-05 10:00");
        var closed = Clocks(closedOnHold, now: "2026-03-05 10:00");

        met.Acceptance.State.ShouldBe(Met);
        met.Appointment.State.ShouldBe(Paused);
        closed.All.ShouldAllBe(c => c.State == Stopped);
    }

    [Fact]
    public void The_worst_clock_is_the_overdue_one_before_any_due_soon_or_due()
    {
        var input = Input(requested: "2026-03-02 10:00");

        var clocks = Clocks(input, now: "2026-03-09 09:00"); // acceptance overdue, appointment due today, result due

        clocks.Acceptance.State.ShouldBe(Overdue);
        clocks.Appointment.State.ShouldBe(DueSoon);
        clocks.Result.State.ShouldBe(Due);
        clocks.Worst.ShouldBe(clocks.Acceptance);
    }

    [Fact]
    public void The_worst_clock_skips_met_clocks_and_prefers_due_soon_to_due()
    {
        var input = Input(requested: "2026-03-02 10:00", accepted: "2026-03-03 10:00");

        var clocks = Clocks(input, now: "2026-03-06 09:00");

        clocks.Worst.ShouldBe(clocks.Appointment);
        clocks.Worst!.State.ShouldBe(DueSoon);
        clocks.For(ReferralClockStage.Appointment).ShouldBe(clocks.Appointment);
    }

    [Fact]
    public void The_worst_clock_is_null_when_every_milestone_is_met()
    {
        var input = Input(requested: "2026-03-02 10:00", accepted: "2026-03-03 10:00", appointment: "2026-03-04 10:00", result: "2026-03-20 10:00");

        var clocks = Clocks(input, now: "2026-03-25 10:00");

        clocks.All.Select(c => c.State).ShouldBe([Met, Met, MetLate]);
        clocks.Worst.ShouldBeNull();
    }

    [Fact]
    public void A_worklist_sorts_overdue_then_due_soon_then_due_then_paused_then_the_rest_and_earlier_due_days_first()
    {
        static ReferralClock Clock(ReferralClockState state, string due) =>
            new(ReferralClockStage.Acceptance, state, Day(due), null, null);
        var pausedEarly = Clock(Paused, "2026-03-02");
        var due = Clock(Due, "2026-03-20");
        var dueSoon = Clock(DueSoon, "2026-03-10");
        var overdueLater = Clock(Overdue, "2026-03-05");
        var overdueEarlier = Clock(Overdue, "2026-03-03");
        var met = Clock(Met, "2026-03-01");

        var sorted = new[] { met, null, pausedEarly, due, dueSoon, overdueLater, overdueEarlier }.Order(ReferralClock.ByPressure).ToList();

        sorted.ShouldBe([overdueEarlier, overdueLater, dueSoon, due, pausedEarly, met, null]);
    }

    [Fact]
    public void Equal_pressure_and_due_day_go_in_stage_order()
    {
        var input = Input(requested: "2026-03-02 10:00");
        var policy = PolicyOf(3, 3, 3, dueSoonDays: 1);

        var clocks = Clocks(input, now: "2026-03-09 09:00", policy);

        clocks.All.ShouldAllBe(c => c.State == Overdue);
        clocks.Worst.ShouldBe(clocks.Acceptance);
    }
}
