using CareHub.Domain.Common;

namespace CareHub.Web.Calendar;

/// <summary>
/// The organisation's working calendar: its time zone (what "today" means) and its business days (weekends and the
/// holidays configured). Every clock in CareHub (referral clocks, transition-of-care clocks, "admitted today") reads it,
/// so one installation has one notion of a day. Built from the Referrals section's TimeZone, Holidays and ExtraHolidays.
/// </summary>
public sealed record WorkCalendar(TimeZoneInfo Zone, BusinessCalendar BusinessDays)
{
    /// <summary>The local date of <paramref name="at"/>.</summary>
    public DateOnly DateOf(DateTimeOffset at) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(at, Zone).DateTime);

    /// <summary>The instant the local day <paramref name="date"/> begins, in UTC (stored times are UTC: compare with those).</summary>
    public DateTimeOffset StartOf(DateOnly date)
    {
        var local = date.ToDateTime(TimeOnly.MinValue);
        // A midnight skipped by a clock change: the day begins at the first valid local time after it.
        while (Zone.IsInvalidTime(local))
            local = local.AddMinutes(30);
        return new DateTimeOffset(local, Zone.GetUtcOffset(local)).ToUniversalTime();
    }
}
