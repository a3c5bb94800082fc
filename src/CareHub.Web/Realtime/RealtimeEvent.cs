namespace CareHub.Web.Realtime;

/// <summary>
/// A change notice on the realtime bus: which resource changed, to which version, and when. It carries ids and
/// versions ONLY, never clinical text (no names, notes, diagnoses): it is relayed to every subscriber of a topic and
/// to outside clients, so each receiver reloads what changed through its own access scope (docs/adr/0007).
/// </summary>
/// <param name="Topic">The topic it is published on, built with <see cref="Topics"/> (e.g. <c>careplan:{id}</c>).</param>
/// <param name="Kind">What happened, as "resource.verb" (e.g. "patient.changed", "careplan.item.changed").</param>
/// <param name="ResourceId">The id of the changed resource (the patient, plan, board...).</param>
/// <param name="Version">The resource's version after the change, so a receiver can see a gap and reload.</param>
/// <param name="At">When the change was committed.</param>
/// <param name="ItemId">The changed part of the resource, when there is one (a care-plan item, a huddle card).</param>
public sealed record RealtimeEvent(string Topic, string Kind, Guid ResourceId, long Version, DateTimeOffset At, Guid? ItemId = null);
