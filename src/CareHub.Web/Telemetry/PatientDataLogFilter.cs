namespace CareHub.Web.Telemetry;

/// <summary>
/// Keeps what people type out of the logs, whatever level the logs are set to. At Debug, SignalR's hub dispatcher logs
/// every invocation it receives with its arguments, and a Blazor Server circuit's events are hub invocations: the value
/// of every input event (a patient's name typed into a search box, a note about them) would be written to the log. The
/// framework categories that log message contents are held at Information and above, for every logging provider, even
/// when configuration asks for more (found by the canary patients test, tests/CareHub.E2E/Security/CanaryLeakTests).
/// </summary>
public static class PatientDataLogFilter
{
    /// <summary>The categories (and everything under them) whose Debug and Trace messages can carry what a user typed.</summary>
    public static readonly IReadOnlyList<string> Categories =
    [
        "Microsoft.AspNetCore.SignalR",
        "Microsoft.AspNetCore.Components",
    ];

    public const LogLevel Floor = LogLevel.Information;

    /// <summary>Adds the floor after every other filter rule (configuration's included), so that it always wins.</summary>
    public static ILoggingBuilder KeepTypedTextOutOfLogs(this ILoggingBuilder logging)
    {
        ArgumentNullException.ThrowIfNull(logging);
        logging.Services.PostConfigure<LoggerFilterOptions>(Apply);
        return logging;
    }

    internal static void Apply(LoggerFilterOptions options)
    {
        // A more specific rule from configuration ("...SignalR.Internal.DefaultHubDispatcher": "Debug") is raised to the floor.
        for (var i = 0; i < options.Rules.Count; i++)
        {
            var rule = options.Rules[i];
            if (rule.CategoryName is { } category && Categories.Any(c => category.StartsWith(c, StringComparison.Ordinal))
                && (rule.LogLevel is null || rule.LogLevel < Floor))
                options.Rules[i] = new LoggerFilterRule(rule.ProviderName, category, Floor, rule.Filter);
        }
        // And a rule of each category for every provider named in the rules (a provider's own rules win over general ones).
        var providers = options.Rules.Select(r => r.ProviderName).Append(null).Distinct().ToList();
        foreach (var provider in providers)
        {
            foreach (var category in Categories)
                options.Rules.Add(new LoggerFilterRule(provider, category, Floor, null));
        }
    }
}
