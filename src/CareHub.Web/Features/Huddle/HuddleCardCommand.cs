using CareHub.Domain.Huddles;

namespace CareHub.Web.Features.Huddle;

public enum HuddleCardCommandKind
{
    MoveUp,
    MoveDown,
    MoveToLane,
    Discuss,
    Open,
}

/// <summary>What a person asked of a card through its menu (the keyboard alternative to dragging, and more).</summary>
public sealed record HuddleCardCommand(Guid CardId, HuddleCardCommandKind Kind, HuddleLane? Lane = null);

/// <summary>A topic card to add: its title and agenda section.</summary>
public sealed record HuddleTopic(string Title, AgendaSection Section);
