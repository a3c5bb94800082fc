using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace CareHub.Web.Telemetry;

/// <summary>
/// The realtime bus's source and meter ("CareHub.Realtime"). Attributes are the topic's KIND ("careplan", never the
/// topic with its id) and the event's kind ("careplan.item.changed"): nothing that names a resource.
/// </summary>
public static class RealtimeTelemetry
{
    public const string Name = "CareHub.Realtime";
    public const string PublishActivity = "realtime.publish";
    public const string TopicKindTag = "carehub.realtime.topic_kind";
    public const string EventKindTag = "carehub.realtime.event_kind";
    public const string OutcomeTag = "carehub.realtime.outcome";

    public static readonly ActivitySource Source = new(Name);
    public static readonly Meter Meter = new(Name);

    public static readonly Counter<long> Published = Meter.CreateCounter<long>("carehub.realtime.events.published", "{event}",
        "Events published on the realtime bus.");

    public static readonly Counter<long> Delivered = Meter.CreateCounter<long>("carehub.realtime.events.delivered", "{event}",
        "Events handed to a subscriber's handler (outcome ok or error).");

    public static readonly Histogram<double> HandlerDuration = Meter.CreateHistogram<double>("carehub.realtime.handler.duration", "s",
        "How long a subscriber's handler took, until its task completed.");

    private static readonly HashSet<string> TopicKinds = new(StringComparer.Ordinal)
    {
        "patient", "team", "huddle", "careplan", "referrals", "census", "tasks", "presence", "notify",
    };

    /// <summary>The part of a topic before its first colon when it is a known kind, else "other": never the id.</summary>
    public static string TopicKindOf(string? topic)
    {
        if (string.IsNullOrEmpty(topic))
            return "other";
        var colon = topic.IndexOf(':', StringComparison.Ordinal);
        var kind = colon < 0 ? topic : topic[..colon];
        return TopicKinds.Contains(kind) ? kind : "other";
    }

    /// <summary>An event kind as the code writes it ("patient.changed": lowercase letters, dots, underscores), else "other".</summary>
    public static string EventKindOf(string? kind) =>
        kind is { Length: > 0 and <= 64 } && kind.All(c => char.IsAsciiLetterLower(c) || c is '.' or '_' or '-') ? kind : "other";
}
