namespace CareHub.Web.Realtime;

/// <summary>
/// One person viewing a resource from one circuit (or hub connection). <see cref="Field"/> and <see cref="Typing"/>
/// say where they are focused, for the coloured outline with their name on that field.
/// </summary>
/// <param name="ConnectionId">The circuit id (or hub connection id) the person views from.</param>
/// <param name="Colour">A background colour with white text at AA contrast, the same for a person everywhere.</param>
public sealed record PresenceEntry(string ConnectionId, Guid StaffId, string DisplayName, string Initials, string Colour)
{
    /// <summary>The item or field the person is focused on (e.g. "item:{id}:text"), if any.</summary>
    public string? Field { get; init; }

    public bool Typing { get; init; }

    /// <summary>An entry with the initials and colour CareHub shows for this person.</summary>
    public static PresenceEntry For(string connectionId, Guid staffId, string displayName) =>
        new(connectionId, staffId, displayName, PresenceAppearance.InitialsOf(displayName), PresenceAppearance.ColourOf(staffId));
}
