using System.Diagnostics.CodeAnalysis;

namespace CareHub.Web.Realtime;

/// <summary>The kinds of topic a client may follow (see <see cref="Topics.TryParse"/>).</summary>
public enum TopicKind
{
    Patient,
    Team,
    Huddle,
    CarePlan,
    Referrals,
    Census,
    Tasks,
}

/// <summary>
/// Builds and parses topic names. A topic is "{kind}:{id}" with a lowercase kind and the id in its canonical form,
/// so that the name a client joins is exactly the name the server publishes on.
/// </summary>
public static class Topics
{
    private const string PresencePrefix = "presence:";
    private const string NotificationsPrefix = "notify:";

    public static string Patient(Guid id) => Of(TopicKind.Patient, id);

    public static string Team(Guid id) => Of(TopicKind.Team, id);

    public static string Huddle(Guid boardId) => Of(TopicKind.Huddle, boardId);

    public static string CarePlan(Guid id) => Of(TopicKind.CarePlan, id);

    public static string Referrals(Guid teamId) => Of(TopicKind.Referrals, teamId);

    /// <summary>The open tasks of a care team (a task of the team completed, cancelled or reassigned).</summary>
    public static string Tasks(Guid teamId) => Of(TopicKind.Tasks, teamId);

    /// <summary>The census of a care team: its patients' stays (admitted, moved, discharged) as the ADT feed reports them.</summary>
    public static string Census(Guid teamId) => Of(TopicKind.Census, teamId);

    /// <summary>
    /// Where presence changes of <paramref name="resource"/> are announced. Server-side only: it is not a kind
    /// <see cref="TryParse"/> accepts, so no outside client can follow it.
    /// </summary>
    public static string Presence(string resource)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(resource);
        return PresencePrefix + resource;
    }

    /// <summary>
    /// Where notices for one person go (an escalation assigned to them). Server-side only, like <see cref="Presence"/>:
    /// <see cref="TryParse"/> does not accept it, so no outside client can follow someone else's notices.
    /// </summary>
    public static string Notifications(Guid staffId) => $"{NotificationsPrefix}{staffId:D}";

    /// <summary>
    /// Where a removed team membership is announced (the event's resource is the staff id): open circuits and hub
    /// connections of that person re-read their care teams at once instead of at their next refresh. Server-side only.
    /// </summary>
    public const string AccessRevoked = "access:revoked";

    /// <summary>Kind of the <see cref="AccessRevoked"/> event.</summary>
    public const string MembershipRevokedKind = "membership.revoked";

    public static string Of(TopicKind kind, Guid id) => $"{Prefix(kind)}:{id:D}";

    /// <summary>
    /// Reads a topic name that came from outside (a hub call). Strict: a known kind, one colon, a non-empty id in its
    /// canonical lowercase form, and nothing else: no whitespace, no other case, no extra segments.
    /// </summary>
    public static bool TryParse([NotNullWhen(true)] string? topic, out TopicKind kind, out Guid id)
    {
        kind = default;
        id = Guid.Empty;
        if (topic is null || topic.Length > 64)
            return false;
        var colon = topic.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0 || !TryKind(topic.AsSpan(0, colon), out var parsedKind))
            return false;
        if (!Guid.TryParseExact(topic.AsSpan(colon + 1), "D", out var parsedId) || parsedId == Guid.Empty)
            return false;
        if (!string.Equals(Of(parsedKind, parsedId), topic, StringComparison.Ordinal))
            return false;
        kind = parsedKind;
        id = parsedId;
        return true;
    }

    private static string Prefix(TopicKind kind) => kind switch
    {
        TopicKind.Patient => "patient",
        TopicKind.Team => "team",
        TopicKind.Huddle => "huddle",
        TopicKind.CarePlan => "careplan",
        TopicKind.Referrals => "referrals",
        TopicKind.Census => "census",
        TopicKind.Tasks => "tasks",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown topic kind."),
    };

    private static bool TryKind(ReadOnlySpan<char> prefix, out TopicKind kind)
    {
        foreach (var candidate in Enum.GetValues<TopicKind>())
        {
            if (prefix.SequenceEqual(Prefix(candidate)))
            {
                kind = candidate;
                return true;
            }
        }
        kind = default;
        return false;
    }
}
