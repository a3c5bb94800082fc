using System.Globalization;
using CareHub.Data;
using CareHub.Domain.Organization;

namespace CareHub.Web.Security;

/// <summary>
/// The session settings of issue 9, read and checked once at start (see <see cref="Read"/>): automatic logoff after
/// <see cref="IdleTimeout"/> without activity, and team memberships re-read every <see cref="MembershipRefreshInterval"/>
/// in open circuits and hub connections.
/// </summary>
public sealed record SecurityOptions
{
    public const string IdleTimeoutKey = "Security:IdleTimeout";
    public const string MembershipRefreshIntervalKey = "Security:MembershipRefreshInterval";
    public const string EmergencyAccessRolesKey = "Security:EmergencyAccess:Roles";
    public const string EmergencyAccessDurationKey = "Security:EmergencyAccess:Duration";

    /// <summary>How long a signed-in screen may go without keyboard, pointer, touch or scroll before the person is signed out.</summary>
    public TimeSpan IdleTimeout { get; init; } = TimeSpan.FromMinutes(15);

    /// <summary>How stale a circuit's or hub connection's care teams may be: a removed membership ends within this time.</summary>
    public TimeSpan MembershipRefreshInterval { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Who may use emergency access (break-the-glass): the clinical roles, physicians and nurse case managers.</summary>
    public IReadOnlyList<StaffRole> EmergencyAccessRoles { get; init; } = [StaffRole.Physician, StaffRole.Nurse];

    /// <summary>How long one emergency access to one patient lasts.</summary>
    public TimeSpan EmergencyAccessDuration { get; init; } = TimeSpan.FromMinutes(60);

    /// <summary>How long before the logoff the warning shows: a minute, or a quarter of a short timeout.</summary>
    public TimeSpan IdleWarning => IdleTimeout >= TimeSpan.FromMinutes(4) ? TimeSpan.FromMinutes(1) : IdleTimeout / 4;

    /// <summary>How often the browser reports activity at most: every 30 s, or more often for a short timeout.</summary>
    public TimeSpan ActivityReportInterval => IdleTimeout >= TimeSpan.FromMinutes(2.5) ? TimeSpan.FromSeconds(30) : IdleTimeout / 5;

    /// <summary>Reads the settings; a bad value stops start-up with a sentence naming the setting.</summary>
    public static SecurityOptions Read(IConfiguration config)
    {
        var defaults = new SecurityOptions();
        return new SecurityOptions
        {
            IdleTimeout = ReadDuration(config, IdleTimeoutKey, defaults.IdleTimeout, TimeSpan.FromSeconds(5), TimeSpan.FromHours(12),
                "the time without activity after which a person is signed out"),
            MembershipRefreshInterval = ReadDuration(config, MembershipRefreshIntervalKey, defaults.MembershipRefreshInterval,
                TimeSpan.FromMilliseconds(100), TimeSpan.FromMinutes(10), "how often open screens re-read the person's care teams"),
            EmergencyAccessRoles = ReadRoles(config, EmergencyAccessRolesKey, defaults.EmergencyAccessRoles),
            EmergencyAccessDuration = ReadDuration(config, EmergencyAccessDurationKey, defaults.EmergencyAccessDuration,
                TimeSpan.FromMinutes(1), TimeSpan.FromHours(24), "how long one emergency access to a patient lasts"),
        };
    }

    /// <summary>A list (array items, or one comma-separated value) of role names; "None" turns emergency access off.</summary>
    internal static IReadOnlyList<StaffRole> ReadRoles(IConfiguration config, string key, IReadOnlyList<StaffRole> fallback)
    {
        var section = config.GetSection(key);
        var values = section.GetChildren().Select(c => c.Value).ToList();
        if (values.Count == 0 && !string.IsNullOrWhiteSpace(section.Value))
            values = [.. section.Value.Split(',')];
        values = [.. values.Where(v => !string.IsNullOrWhiteSpace(v)).Select(v => v!.Trim())];
        if (values.Count == 0)
            return fallback;
        if (values is ["None"])
            return [];
        var roles = new List<StaffRole>();
        foreach (var value in values)
        {
            if (!Enum.TryParse<StaffRole>(value, ignoreCase: true, out var role) || !Enum.IsDefined(role) || int.TryParse(value, out _))
            {
                throw new CareHubConfigurationException(
                    $"{key} has '{value}', which is not a role; use some of {string.Join(", ", Enum.GetNames<StaffRole>())}, or None.");
            }
            roles.Add(role);
        }
        return [.. roles.Distinct()];
    }

    internal static TimeSpan ReadDuration(IConfiguration config, string key, TimeSpan fallback, TimeSpan least, TimeSpan most, string meaning)
    {
        var value = config[key];
        if (string.IsNullOrWhiteSpace(value))
            return fallback;
        if (TimeSpan.TryParse(value, CultureInfo.InvariantCulture, out var parsed) && parsed >= least && parsed <= most)
            return parsed;
        throw new CareHubConfigurationException(
            $"{key} is '{value}'; it is {meaning} and must be a duration from {least:c} to {most:c}, such as {fallback:c}.");
    }
}
