namespace CareHub.Web.Features.Census;

/// <summary>
/// The installation's day for the census: "today", "admitted today" and "due by the end of today" are local days of
/// <paramref name="Zone"/>, never UTC days. Registered once (singleton) by the feature's registration.
/// </summary>
public sealed record CensusClock(TimeZoneInfo Zone, TimeProvider Time)
{
    /// <summary>Today in <see cref="Zone"/>.</summary>
    public DateOnly Today => LocalDate(Time.GetUtcNow());

    /// <summary>Now, as a local time of <see cref="Zone"/>.</summary>
    public DateTimeOffset Now => Local(Time.GetUtcNow());

    public DateTimeOffset Local(DateTimeOffset at) => TimeZoneInfo.ConvertTime(at, Zone);

    public DateOnly LocalDate(DateTimeOffset at) => LocalDate(at, Zone);

    public static DateOnly LocalDate(DateTimeOffset at, TimeZoneInfo zone) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(at, zone).DateTime);

    /// <summary>The first instant after local day <paramref name="day"/> ends (its local midnight may skip or repeat an hour).</summary>
    public static DateTimeOffset EndOf(DateOnly day, TimeZoneInfo zone)
    {
        var midnight = day.AddDays(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified);
        // A midnight that does not exist (a spring-forward at 00:00) starts the day at the first valid instant after it.
        while (zone.IsInvalidTime(midnight))
            midnight = midnight.AddMinutes(30);
        return new DateTimeOffset(midnight, zone.GetUtcOffset(midnight));
    }
}
