using System.Globalization;
using CareHub.Data;

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

    /// <summary>How long a signed-in screen may go without keyboard, pointer, touch or scroll before the person is signed out.</summary>
    public TimeSpan IdleTimeout { get; init; } = TimeSpan.FromMinutes(15);

    /// <summary>How stale a circuit's or hub connection's care teams may be: a removed membership ends within this time.</summary>
    public TimeSpan MembershipRefreshInterval { get; init; } = TimeSpan.FromSeconds(30);

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
        };
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
