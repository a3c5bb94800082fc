using CareHub.Domain.Common;

namespace CareHub.Domain.Referrals;

/// <summary>The milestones a referral is timed to, each counted from the request.</summary>
public enum ReferralClockStage
{
    Acceptance,
    Appointment,
    Result,
}

public enum ReferralClockState
{
    /// <summary>The referral has not been requested (sent) yet: no clock runs.</summary>
    NotStarted,

    /// <summary>The milestone happened on or before its due day.</summary>
    Met,

    /// <summary>The milestone happened after its due day.</summary>
    MetLate,

    /// <summary>Running, due later than the due-soon window.</summary>
    Due,

    /// <summary>Running, due within the due-soon window (or today).</summary>
    DueSoon,

    /// <summary>Running, past the end of its due day.</summary>
    Overdue,

    /// <summary>The referral is on hold: the clock waits and its due day moves with every business day on hold.</summary>
    Paused,

    /// <summary>The referral was closed before the milestone.</summary>
    Stopped,
}

/// <summary>
/// What one referral's clocks need: its type and urgency, when it was requested and when each milestone
/// happened (null: not yet), its periods on hold (the last may still be open: To null) and whether it is closed.
/// <see cref="AppointmentScheduledAt"/> is when the appointment was booked (the coordinator's milestone), not the visit time.
/// </summary>
public sealed record ReferralClockInput(
    ReferralType Type,
    ReferralUrgency Urgency,
    DateTimeOffset? RequestedAt,
    DateTimeOffset? AcceptedAt,
    DateTimeOffset? AppointmentScheduledAt,
    DateTimeOffset? ResultReceivedAt,
    IReadOnlyList<(DateTimeOffset From, DateTimeOffset? To)> Holds,
    bool IsClosed);

/// <summary>
/// One clock. <see cref="DueOn"/>: the local business day by the end of which the milestone is due (null before the
/// request). <see cref="DaysLeft"/>: business days after today up to the due day (0: due today), for a running clock
/// that is not overdue. <see cref="DaysOverdue"/>: business days past the due day, at least 1, for an overdue clock
/// (or a paused one already past due) and, for <see cref="ReferralClockState.MetLate"/>, how late it was met.
/// </summary>
public sealed record ReferralClock(ReferralClockStage Stage, ReferralClockState State, DateOnly? DueOn, int? DaysLeft, int? DaysOverdue)
{
    /// <summary>Most pressing first: open clocks (overdue, due soon, due, paused; earlier due day first), then the rest (and nulls).</summary>
    public static IComparer<ReferralClock?> ByPressure { get; } = Comparer<ReferralClock?>.Create(Compare);

    /// <summary>Still running or paused: the referral team has something to chase.</summary>
    public bool IsOpen => State is ReferralClockState.Overdue or ReferralClockState.DueSoon or ReferralClockState.Due or ReferralClockState.Paused;

    private int Pressure => State switch
    {
        ReferralClockState.Overdue => 0,
        ReferralClockState.DueSoon => 1,
        ReferralClockState.Due => 2,
        ReferralClockState.Paused => 3,
        _ => 4,
    };

    private static int Compare(ReferralClock? x, ReferralClock? y)
    {
        if (ReferenceEquals(x, y))
            return 0;
        if (x is null)
            return 1;
        if (y is null)
            return -1;
        var byPressure = x.Pressure.CompareTo(y.Pressure);
        if (byPressure != 0)
            return byPressure;
        var byDue = Nullable.Compare(x.DueOn, y.DueOn);
        return byDue != 0 ? byDue : x.Stage.CompareTo(y.Stage);
    }
}

/// <summary>The three clocks of one referral, and the one that presses most.</summary>
public sealed record ReferralClockSet(ReferralClock Acceptance, ReferralClock Appointment, ReferralClock Result)
{
    public IReadOnlyList<ReferralClock> All => [Acceptance, Appointment, Result];

    /// <summary>The most pressing open clock (overdue, then due soon, due, paused; ties by earlier due day), null when none is open.</summary>
    public ReferralClock? Worst => All.Where(c => c.IsOpen).Order(ReferralClock.ByPressure).FirstOrDefault();

    public ReferralClock For(ReferralClockStage stage) => stage switch
    {
        ReferralClockStage.Acceptance => Acceptance,
        ReferralClockStage.Appointment => Appointment,
        ReferralClockStage.Result => Result,
        _ => throw new ArgumentOutOfRangeException(nameof(stage), stage, "Not a referral clock stage."),
    };
}

/// <summary>
/// The acceptance, appointment and result clocks of a referral, in local business days of one time zone.
/// A clock starts on the local date of the request; its due day is that date plus the policy's business days plus
/// every business day a hold touched before the milestone (each counted once, however many holds overlap it; an
/// open hold counts up to now). A milestone on or before the due day is met, after it met late; a running clock is
/// overdue once today is past the due day and due soon within the policy's window; while a hold is open the clocks
/// not yet met are paused; once the referral is closed they are stopped.
/// </summary>
public static class ReferralClocks
{
    public static ReferralClockSet Compute(
        ReferralClockInput input, ReferralClockPolicy policy, BusinessCalendar calendar, TimeZoneInfo zone, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(calendar);
        ArgumentNullException.ThrowIfNull(zone);

        var rule = policy.RuleFor(input.Type, input.Urgency);
        var holds = input.Holds ?? [];
        var clock = new Clock(input, rule, policy.DueSoonDays, holds, calendar, zone, now);
        return new ReferralClockSet(
            clock.For(ReferralClockStage.Acceptance, input.AcceptedAt),
            clock.For(ReferralClockStage.Appointment, input.AppointmentScheduledAt),
            clock.For(ReferralClockStage.Result, input.ResultReceivedAt));
    }

    private sealed class Clock
    {
        private readonly ReferralClockInput input;
        private readonly ReferralClockRule rule;
        private readonly int dueSoonDays;
        private readonly IReadOnlyList<(DateTimeOffset From, DateTimeOffset? To)> holds;
        private readonly BusinessCalendar calendar;
        private readonly TimeZoneInfo zone;
        private readonly DateTimeOffset now;
        private readonly DateOnly today;
        private readonly bool onHold;

        public Clock(
            ReferralClockInput input,
            ReferralClockRule rule,
            int dueSoonDays,
            IReadOnlyList<(DateTimeOffset From, DateTimeOffset? To)> holds,
            BusinessCalendar calendar,
            TimeZoneInfo zone,
            DateTimeOffset now)
        {
            this.input = input;
            this.rule = rule;
            this.dueSoonDays = dueSoonDays;
            this.holds = holds;
            this.calendar = calendar;
            this.zone = zone;
            this.now = now;
            today = LocalDate(now, zone);
            onHold = holds.Any(h => h.From <= now && (h.To is null || h.To > now));
        }

        public ReferralClock For(ReferralClockStage stage, DateTimeOffset? metAt)
        {
            if (input.RequestedAt is not { } requestedAt)
                return new ReferralClock(stage, ReferralClockState.NotStarted, null, null, null);

            // Holds count until the milestone (a later hold does not move a clock that has stopped) or until now.
            var countHoldsUntil = metAt is { } met && met < now ? met : now;
            var heldDays = BusinessDaysOnHold(requestedAt, countHoldsUntil);
            var due = calendar.AddBusinessDays(LocalDate(requestedAt, zone), rule.DaysTo(stage) + heldDays);

            if (metAt is { } milestone)
            {
                var metOn = LocalDate(milestone, zone);
                return metOn <= due
                    ? new ReferralClock(stage, ReferralClockState.Met, due, null, null)
                    : new ReferralClock(stage, ReferralClockState.MetLate, due, null, DaysLate(due, metOn));
            }
            if (input.IsClosed)
                return new ReferralClock(stage, ReferralClockState.Stopped, due, null, null);

            var daysLeft = today > due ? (int?)null : calendar.BusinessDaysBetween(today, due);
            var daysOverdue = today > due ? DaysLate(due, today) : (int?)null;
            var state = onHold ? ReferralClockState.Paused
                : today > due ? ReferralClockState.Overdue
                : daysLeft <= dueSoonDays ? ReferralClockState.DueSoon
                : ReferralClockState.Due;
            return new ReferralClock(stage, state, due, daysLeft, daysOverdue);
        }

        // A Saturday after a Friday due day is late, though no business day has passed yet: at least one.
        private int DaysLate(DateOnly due, DateOnly day) => Math.Max(1, calendar.BusinessDaysBetween(due, day));

        // The business days (local dates) that any hold touched between the request and the end given, each once.
        private int BusinessDaysOnHold(DateTimeOffset requestedAt, DateTimeOffset until)
        {
            var periods = new List<(DateOnly First, DateOnly Last)>(holds.Count);
            foreach (var (from, to) in holds)
            {
                var start = from > requestedAt ? from : requestedAt;
                var end = to is { } t && t < until ? t : until;
                if (start <= end)
                    periods.Add((LocalDate(start, zone), LocalDate(end, zone)));
            }
            periods.Sort((a, b) => a.First.CompareTo(b.First));

            var days = 0;
            DateOnly? counted = null; // the last date counted so far
            foreach (var (first, last) in periods)
            {
                var from = counted is { } c && c >= first ? c : first.AddDays(-1);
                if (last > from)
                {
                    days += calendar.BusinessDaysBetween(from, last);
                    counted = last;
                }
            }
            return days;
        }
    }

    private static DateOnly LocalDate(DateTimeOffset at, TimeZoneInfo zone) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(at, zone).DateTime);
}
