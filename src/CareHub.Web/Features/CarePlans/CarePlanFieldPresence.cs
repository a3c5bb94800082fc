using CareHub.Web.Realtime;

namespace CareHub.Web.Features.CarePlans;

/// <summary>
/// Who else is in which field of a plan now: the presence entries of other connections that are focused on a field,
/// by field key. This circuit's own entry is left out (a person does not need their own outline).
/// </summary>
public sealed class CarePlanFieldPresence
{
    private readonly Dictionary<string, IReadOnlyList<PresenceEntry>> _byField;

    private CarePlanFieldPresence(Dictionary<string, IReadOnlyList<PresenceEntry>> byField) => _byField = byField;

    public static CarePlanFieldPresence Nobody { get; } = new([]);

    public bool IsEmpty => _byField.Count == 0;

    public static CarePlanFieldPresence Of(IEnumerable<PresenceEntry> entries, string ownConnectionId)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var byField = entries
            .Where(e => e.Field is not null && !string.Equals(e.ConnectionId, ownConnectionId, StringComparison.Ordinal))
            .GroupBy(e => e.Field!, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<PresenceEntry>)[.. g.OrderBy(e => e.DisplayName, StringComparer.CurrentCultureIgnoreCase)],
                StringComparer.Ordinal);
        return byField.Count == 0 ? Nobody : new CarePlanFieldPresence(byField);
    }

    public IReadOnlyList<PresenceEntry> At(string fieldKey) => _byField.GetValueOrDefault(fieldKey) ?? [];
}
