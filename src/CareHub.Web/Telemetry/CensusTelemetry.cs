using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace CareHub.Web.Telemetry;

/// <summary>
/// The ADT feed's source and meter ("CareHub.Census"): batches, and messages by acknowledgement code, status and event
/// type. Never an MRN, a name, a control id, a visit number or any text of a message.
/// </summary>
public static class CensusTelemetry
{
    public const string Name = "CareHub.Census";
    public const string BatchActivity = "adt.batch";
    public const string BatchSizeTag = "carehub.adt.batch_size";
    public const string AckCodeTag = "hl7.ack_code";
    public const string EventTypeTag = "hl7.event_type";
    public const string StatusTag = "carehub.adt.status";

    public static readonly ActivitySource Source = new(Name);
    public static readonly Meter Meter = new(Name);

    public static readonly Counter<long> Messages = Meter.CreateCounter<long>("carehub.adt.messages", "{message}",
        "ADT messages answered, by acknowledgement code (AA, AE, AR), status and event type (A01...).");

    public static readonly Histogram<int> BatchSize = Meter.CreateHistogram<int>("carehub.adt.batch.size", "{message}",
        "Messages applied together in one group commit.");

    public static readonly Histogram<double> BatchDuration = Meter.CreateHistogram<double>("carehub.adt.batch.duration", "s",
        "How long one group commit took, from storing the raw texts to the last acknowledgement.");

    /// <summary>Starts a batch's span: a root of its own, linked to the callers that sent its messages.</summary>
    public static Activity? StartBatch(int size, IEnumerable<ActivityContext> callers)
    {
        if (!Source.HasListeners())
            return null;
        var links = callers.Where(c => c != default).Select(c => new ActivityLink(c)).ToList();
        // The writer runs on its own; whatever was current when it started is not the parent of this batch.
        var previous = Activity.Current;
        Activity.Current = null;
        var activity = Source.StartActivity(BatchActivity, ActivityKind.Internal, parentContext: default, links: links);
        if (activity is null)
            Activity.Current = previous;
        activity?.SetTag(BatchSizeTag, size);
        return activity;
    }

    /// <summary>Counts one answered message. The event type is kept only when it has the shape of one (A01): it comes from outside.</summary>
    public static void Answered(string ackCode, string status, string? triggerEvent) =>
        Messages.Add(1, new(AckCodeTag, ackCode), new(StatusTag, status), new(EventTypeTag, EventTypeOf(triggerEvent)));

    public static string EventTypeOf(string? triggerEvent) =>
        triggerEvent is { Length: 3 } t && char.IsAsciiLetterUpper(t[0]) && char.IsAsciiDigit(t[1]) && char.IsAsciiDigit(t[2]) ? t : "other";
}
