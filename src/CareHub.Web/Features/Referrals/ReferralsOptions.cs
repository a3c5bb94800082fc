using System.Globalization;
using CareHub.Data;
using CareHub.Domain.Common;
using CareHub.Domain.Referrals;

namespace CareHub.Web.Features.Referrals;

/// <summary>Which public holidays the referral clocks skip, besides weekends.</summary>
public enum ReferralHolidays
{
    UsFederal,
    None,
}

/// <summary>
/// The configuration section "Referrals": the time zone the clocks count local business days in, the holidays they skip,
/// when an overdue clock goes to the team's manager, and how often the escalation check runs. Checked once at start-up
/// (<see cref="Read"/>): a bad value stops the app with one line naming the setting.
/// </summary>
public sealed record ReferralsOptions
{
    public const string Section = "Referrals";
    public const string DefaultTimeZone = "America/New_York";
    public const int MinManagerEscalationAfterDays = 1;
    public const int MaxManagerEscalationAfterDays = 30;
    public static readonly TimeSpan MinEscalationCheckInterval = TimeSpan.FromSeconds(10);
    public static readonly TimeSpan MaxEscalationCheckInterval = TimeSpan.FromHours(1);

    /// <summary>The time zone (an IANA id such as America/New_York) whose local dates are the clocks' business days.</summary>
    public string TimeZone { get; init; } = DefaultTimeZone;

    /// <summary>Business days overdue after which an escalation goes to the team's manager (before: to the owner).</summary>
    public int ManagerEscalationAfterDays { get; init; } = 2;

    /// <summary>How long the escalation check waits between runs.</summary>
    public TimeSpan EscalationCheckInterval { get; init; } = TimeSpan.FromMinutes(5);

    public ReferralHolidays Holidays { get; init; } = ReferralHolidays.UsFederal;

    /// <summary>The organisation's own days off (for example the day after Thanksgiving), on top of <see cref="Holidays"/>.</summary>
    public IReadOnlyList<DateOnly> ExtraHolidays { get; init; } = [];

    /// <summary>
    /// The clock rules that differ from <see cref="ReferralClockPolicy.DefaultRules"/>: per type and urgency, the business
    /// days to acceptance, appointment and result ("Clocks": [{ "Type": "BehavioralHealth", "Urgency": "Urgent",
    /// "Acceptance": 1, "Appointment": 3, "Result": 7 }]).
    /// </summary>
    public IReadOnlyList<ReferralClockRule> Clocks { get; init; } = [];

    /// <summary>How many business days before its due day a clock shows "due soon".</summary>
    public int DueSoonDays { get; init; } = ReferralClockPolicy.DefaultDueSoonDays;

    /// <summary>The clock policy: the default table with <see cref="Clocks"/> in place of its rows, checked as a whole.</summary>
    public ReferralClockPolicy BuildPolicy()
    {
        var overrides = Clocks.ToDictionary(r => (r.Type, r.Urgency));
        var rules = ReferralClockPolicy.DefaultRules.Select(r => overrides.GetValueOrDefault((r.Type, r.Urgency), r));
        try
        {
            return ReferralClockPolicy.Create(rules, DueSoonDays);
        }
        catch (DomainRuleException e)
        {
            throw new CareHubConfigurationException($"{Section}:Clocks: {e.Message}", e);
        }
    }

    /// <summary>Reads and checks the "Referrals" section; a missing key takes its default.</summary>
    public static ReferralsOptions Read(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var section = configuration.GetSection(Section);
        var defaults = new ReferralsOptions();
        var options = new ReferralsOptions
        {
            TimeZone = section["TimeZone"] is { } zone && !string.IsNullOrWhiteSpace(zone) ? zone.Trim() : defaults.TimeZone,
            ManagerEscalationAfterDays = ReadDays(section["ManagerEscalationAfterDays"], defaults.ManagerEscalationAfterDays),
            EscalationCheckInterval = ReadInterval(section["EscalationCheckInterval"], defaults.EscalationCheckInterval),
            Holidays = ReadHolidays(section["Holidays"], defaults.Holidays),
            ExtraHolidays = ReadExtraHolidays(section.GetSection("ExtraHolidays")),
            Clocks = ReadClocks(section.GetSection("Clocks")),
            DueSoonDays = ReadWhole(section["DueSoonDays"], defaults.DueSoonDays, "DueSoonDays"),
        };
        options.Validate();
        return options;
    }

    /// <summary>Refuses values outside their ranges (for options built in code), naming the setting.</summary>
    public void Validate()
    {
        _ = FindZone(TimeZone);
        if (ManagerEscalationAfterDays is < MinManagerEscalationAfterDays or > MaxManagerEscalationAfterDays)
            throw DaysError(ManagerEscalationAfterDays.ToString(CultureInfo.InvariantCulture));
        if (EscalationCheckInterval < MinEscalationCheckInterval || EscalationCheckInterval > MaxEscalationCheckInterval)
            throw IntervalError(EscalationCheckInterval.ToString("c", CultureInfo.InvariantCulture));
        if (!Enum.IsDefined(Holidays))
            throw HolidaysError(((int)Holidays).ToString(CultureInfo.InvariantCulture));
        _ = BuildPolicy();
    }

    /// <summary>The calendar, zone and clock policy every referral clock is computed with.</summary>
    public ReferralClockContext BuildClockContext()
    {
        Validate();
        IEnumerable<DateOnly> holidays = Holidays == ReferralHolidays.UsFederal ? UsFederalHolidays.Between(2000, 2100) : [];
        var calendar = new BusinessCalendar(holidays.Concat(ExtraHolidays));
        return new ReferralClockContext(calendar, FindZone(TimeZone), BuildPolicy(), ManagerEscalationAfterDays);
    }

    private static List<ReferralClockRule> ReadClocks(IConfigurationSection section)
    {
        var rules = new List<ReferralClockRule>();
        foreach (var (entry, index) in section.GetChildren().Select((e, i) => (e, i)))
        {
            var where = $"{Section}:Clocks:{index}";
            var type = ReadName<ReferralType>(entry["Type"], $"{where}:Type");
            var urgency = ReadName<ReferralUrgency>(entry["Urgency"], $"{where}:Urgency");
            rules.Add(new ReferralClockRule(type, urgency,
                ReadWhole(entry["Acceptance"], null, $"Clocks:{index}:Acceptance"),
                ReadWhole(entry["Appointment"], null, $"Clocks:{index}:Appointment"),
                ReadWhole(entry["Result"], null, $"Clocks:{index}:Result")));
        }
        var twice = rules.GroupBy(r => (r.Type, r.Urgency)).FirstOrDefault(g => g.Count() > 1);
        if (twice is not null)
            throw new CareHubConfigurationException(
                $"{Section}:Clocks lists {ReferralClockPolicy.Describe(twice.Key.Type, twice.Key.Urgency, capitalized: false)} twice; keep one entry.");
        return rules;
    }

    private static T ReadName<T>(string? value, string key) where T : struct, Enum =>
        value is not null && Enum.GetNames<T>().FirstOrDefault(n => string.Equals(n, value.Trim(), StringComparison.OrdinalIgnoreCase)) is { } name
            ? Enum.Parse<T>(name)
            : throw new CareHubConfigurationException($"{key} '{value}' is not one of: {string.Join(", ", Enum.GetNames<T>())}.");

    private static int ReadWhole(string? value, int? fallback, string key)
    {
        if (string.IsNullOrWhiteSpace(value) && fallback is { } given)
            return given;
        return int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var days)
            ? days
            : throw new CareHubConfigurationException($"{Section}:{key} '{value}' is not a whole number of business days.");
    }

    private static TimeZoneInfo FindZone(string id)
    {
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById(id);
        }
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException or ArgumentException)
        {
            throw new CareHubConfigurationException(
                $"{Section}:TimeZone '{id}' is not a time zone this server knows. Write an IANA time zone id such as {DefaultTimeZone}.", e);
        }
    }

    private static int ReadDays(string? value, int fallback)
    {
        if (string.IsNullOrWhiteSpace(value))
            return fallback;
        return int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var days) ? days : throw DaysError(value);
    }

    private static TimeSpan ReadInterval(string? value, TimeSpan fallback)
    {
        if (string.IsNullOrWhiteSpace(value))
            return fallback;
        return TimeSpan.TryParse(value, CultureInfo.InvariantCulture, out var interval) ? interval : throw IntervalError(value);
    }

    private static ReferralHolidays ReadHolidays(string? value, ReferralHolidays fallback)
    {
        if (string.IsNullOrWhiteSpace(value))
            return fallback;
        return Enum.TryParse<ReferralHolidays>(value.Trim(), ignoreCase: true, out var holidays) && Enum.IsDefined(holidays)
            && !int.TryParse(value, CultureInfo.InvariantCulture, out _)
            ? holidays
            : throw HolidaysError(value);
    }

    // A JSON array ("ExtraHolidays": ["2026-11-27"]) or one comma-separated value (an environment variable).
    private static List<DateOnly> ReadExtraHolidays(IConfigurationSection section)
    {
        var values = section.GetChildren().Select(c => c.Value).ToList();
        if (section.Value is { } single)
            values.AddRange(single.Split([',', ';'], StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries));
        var dates = new List<DateOnly>();
        foreach (var value in values)
        {
            if (string.IsNullOrWhiteSpace(value))
                continue;
            if (!DateOnly.TryParseExact(value.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            {
                throw new CareHubConfigurationException(
                    $"{Section}:ExtraHolidays has '{value}'; each extra holiday must be a date written yyyy-MM-dd, such as 2026-11-27.");
            }
            dates.Add(date);
        }
        return dates;
    }

    private static CareHubConfigurationException DaysError(string value) => new(
        $"{Section}:ManagerEscalationAfterDays is '{value}'; it must be a whole number of business days from " +
        $"{MinManagerEscalationAfterDays} to {MaxManagerEscalationAfterDays}, such as 2.");

    private static CareHubConfigurationException IntervalError(string value) => new(
        $"{Section}:EscalationCheckInterval is '{value}'; it must be a duration from 00:00:10 to 01:00:00, such as 00:05:00.");

    private static CareHubConfigurationException HolidaysError(string value) => new(
        $"{Section}:Holidays is '{value}'; it must be UsFederal (the US federal holidays) or None (weekends only).");
}
