namespace CareHub.Web.Features.Huddle;

/// <summary>
/// What the Huddle feature publishes on <c>Topics.Huddle(boardId)</c>: ids and the board's new version
/// only. Every change to a board (cards, actions, timer, closing) bumps the board's version.
/// </summary>
public static class HuddleEvents
{
    public const string BoardChanged = "huddle.changed";
}
