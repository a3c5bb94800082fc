using CareHub.Domain.Common;

namespace CareHub.Domain.Organization;

/// <summary>The people a user works with. Access to patients is by care-team membership.</summary>
public sealed class CareTeam : VersionedEntity
{
    private readonly List<TeamMembership> _members = [];

    private CareTeam() { Name = Description = string.Empty; }

    public CareTeam(string name, string description)
    {
        Name = Guard.Text(name, "Team name", 100);
        Description = Guard.OptionalText(description, "Team description", 500) ?? string.Empty;
    }

    public string Name { get; private set; }
    public string Description { get; private set; }
    public IReadOnlyList<TeamMembership> Members => _members;

    /// <summary>The huddle wall display shows patients as initials and bed (passers-by see the screen). On unless the team turns it off.</summary>
    public bool WallShowsInitialsOnly { get; private set; } = true;

    public void SetWallPrivacy(bool initialsOnly) => WallShowsInitialsOnly = initialsOnly;

    public void AddMember(Staff staff)
    {
        if (_members.Exists(m => m.StaffId == staff.Id))
            throw new DomainRuleException($"{staff.DisplayName} is already on {Name}.");
        _members.Add(new TeamMembership(Id, staff.Id));
    }

    public void RemoveMember(Guid staffId)
    {
        var membership = _members.Find(m => m.StaffId == staffId)
            ?? throw new DomainRuleException("That person is not on this team.");
        _members.Remove(membership);
    }
}

public sealed class TeamMembership
{
    private TeamMembership() { }

    internal TeamMembership(Guid teamId, Guid staffId)
    {
        TeamId = teamId;
        StaffId = staffId;
    }

    public Guid TeamId { get; private set; }
    public Guid StaffId { get; private set; }
}
