using CareHub.Flux;

namespace CareHub.Web.Features.Huddle;

public enum HuddleBoardLoadStatus
{
    Idle,
    Loading,
    Loaded,
    NotFound,
    Failed,
}

/// <summary>
/// The huddle board this circuit shows, the teams the user can open a board for, the people who can own a card,
/// and the team's past huddles. Nothing in here grows while a board stays open: every load replaces what it loaded.
/// </summary>
[FeatureState(Name = "HuddleBoard")]
public sealed record HuddleBoardState
{
    public Guid? TeamId { get; init; }
    public HuddleBoardView? Board { get; init; }
    public HuddleBoardLoadStatus Status { get; init; }

    /// <summary>The last failure (loading the board or saving a change), shown until the next change succeeds.</summary>
    public string? Error { get; init; }

    /// <summary>The user's teams; null until they were asked for.</summary>
    public IReadOnlyList<HuddleTeam>? Teams { get; init; }

    public IReadOnlyList<HuddleMember> Members { get; init; } = [];

    public IReadOnlyList<HuddleHistoryEntry> History { get; init; } = [];

    /// <summary>
    /// Moves shown on this screen before the server answered. While there are any, a loaded board of the same
    /// version (read before the move was saved) would put the card back: only a newer one replaces the board.
    /// </summary>
    public int PendingMoves { get; init; }

    /// <summary>The newest board version this screen saved: a board read before that save is not shown any more.</summary>
    public long SavedVersion { get; init; }

    public Guid? BoardId => Board?.BoardId;
}
