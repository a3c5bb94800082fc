using CareHub.Domain.Common;

namespace CareHub.Domain.Huddles;

public enum HuddleBoardStatus
{
    Open,
    Closed,
}

/// <summary>A care team's board for one day's huddle.</summary>
public sealed class HuddleBoard : VersionedEntity
{
    private HuddleBoard() { }

    public HuddleBoard(Guid teamId, DateOnly day)
    {
        TeamId = Guard.Id(teamId, "Care team");
        Day = day;
        Status = HuddleBoardStatus.Open;
    }

    public Guid TeamId { get; private set; }
    public DateOnly Day { get; private set; }
    public HuddleBoardStatus Status { get; private set; }
    public DateTimeOffset? ClosedAt { get; private set; }

    public void Close(DateTimeOffset at)
    {
        if (Status == HuddleBoardStatus.Closed)
            throw new DomainRuleException("This huddle is already closed.");
        Status = HuddleBoardStatus.Closed;
        ClosedAt = at;
    }
}
