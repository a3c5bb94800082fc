using System.Globalization;
using System.Net;
using CareHub.Data;

namespace CareHub.Web.Features.Census;

/// <summary>
/// The "Census" section: the MLLP listener (off unless enabled; on in Development), the HTTP feed's key, and the team a
/// patient first seen in the feed joins. Read and checked at start: a bad value stops start-up naming the setting.
/// </summary>
public sealed record CensusOptions
{
    public const string Section = "Census";
    public const int DefaultPort = 2575;
    public const int MaxMessageBytesLimit = 1_048_576;

    /// <summary>Census:Listener:Enabled: the MLLP listener runs.</summary>
    public bool ListenerEnabled { get; init; }

    /// <summary>Census:Listener:Address: the address it binds (127.0.0.1 unless the interface engine is elsewhere).</summary>
    public IPAddress ListenerAddress { get; init; } = IPAddress.Loopback;

    /// <summary>Census:Listener:Port (1-65535; 0 picks a free port, for tests).</summary>
    public int ListenerPort { get; init; } = DefaultPort;

    /// <summary>Census:Listener:MaxConnections: connections served at once; more wait to be accepted.</summary>
    public int MaxConnections { get; init; } = 64;

    /// <summary>Census:Listener:MaxMessageBytes: a larger frame is answered AR and skipped.</summary>
    public int MaxMessageBytes { get; init; } = MaxMessageBytesLimit;

    /// <summary>Census:Listener:IdleTimeout: a connection silent this long is closed.</summary>
    public TimeSpan IdleTimeout { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>Census:HttpFeedKey: the key an HTTP sender puts in X-CareHub-Feed-Key; without it the HTTP feed is off.</summary>
    public string? HttpFeedKey { get; init; }

    /// <summary>Census:NewPatientTeam: the care team (by name) a patient first seen in the feed joins; none leaves them unassigned.</summary>
    public string? NewPatientTeam { get; init; }

    public static CensusOptions Read(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var section = configuration.GetSection(Section);
        var listener = section.GetSection("Listener");
        var defaults = new CensusOptions();
        return new CensusOptions
        {
            ListenerEnabled = ReadBool(listener["Enabled"], "Listener:Enabled"),
            ListenerAddress = ReadAddress(listener["Address"]) ?? defaults.ListenerAddress,
            ListenerPort = ReadInt(listener["Port"], defaults.ListenerPort, 0, 65_535, "Listener:Port", "a port number from 1 to 65535 (or 0 for any free port)"),
            MaxConnections = ReadInt(listener["MaxConnections"], defaults.MaxConnections, 1, 10_000, "Listener:MaxConnections", "a number from 1 to 10000"),
            MaxMessageBytes = ReadInt(listener["MaxMessageBytes"], defaults.MaxMessageBytes, 1_024, MaxMessageBytesLimit, "Listener:MaxMessageBytes",
                "a number of bytes from 1024 to 1048576"),
            IdleTimeout = ReadTimeout(listener["IdleTimeout"], defaults.IdleTimeout),
            HttpFeedKey = ReadKey(section["HttpFeedKey"]),
            NewPatientTeam = ReadTeam(section["NewPatientTeam"]),
        };
    }

    private static bool ReadBool(string? value, string key) =>
        string.IsNullOrWhiteSpace(value) ? false
        : bool.TryParse(value.Trim(), out var result) ? result
        : throw Error(key, value, "true or false");

    private static IPAddress? ReadAddress(string? value) =>
        string.IsNullOrWhiteSpace(value) ? null
        : IPAddress.TryParse(value.Trim(), out var address) ? address
        : throw Error("Listener:Address", value, "an IP address such as 127.0.0.1 or 0.0.0.0");

    private static int ReadInt(string? value, int fallback, int min, int max, string key, string expected) =>
        string.IsNullOrWhiteSpace(value) ? fallback
        : int.TryParse(value.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var number) && number >= min && number <= max ? number
        : throw Error(key, value, expected);

    private static TimeSpan ReadTimeout(string? value, TimeSpan fallback) =>
        string.IsNullOrWhiteSpace(value) ? fallback
        // A bare number ("1", "30") would parse as days: only hh:mm:ss (or d.hh:mm:ss) is taken.
        : value.Contains(':', StringComparison.Ordinal) && TimeSpan.TryParse(value.Trim(), CultureInfo.InvariantCulture, out var timeout)
            && timeout >= TimeSpan.FromSeconds(5) && timeout <= TimeSpan.FromHours(24)
            ? timeout
            : throw Error("Listener:IdleTimeout", value, "a time from 00:00:05 to 1.00:00:00 (a day) written hh:mm:ss");

    private static string? ReadKey(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
            return null;
        var key = value.Trim();
        // The value itself is a secret: the message names the setting and the rule, never the value.
        return key.Length is >= 16 and <= 200 ? key
            : throw new CareHubConfigurationException($"{Section}:HttpFeedKey must be 16 to 200 characters long (leave it empty to turn the HTTP feed off).");
    }

    private static string? ReadTeam(string? value) =>
        string.IsNullOrWhiteSpace(value) ? null
        : value.Trim().Length <= 200 ? value.Trim()
        : throw Error("NewPatientTeam", value[..40] + "...", "a care team's name (at most 200 characters)");

    private static CareHubConfigurationException Error(string key, string value, string expected) =>
        new($"{Section}:{key} is '{value}'; it must be {expected}.");
}
