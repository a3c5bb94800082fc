using CareHub.Domain.Common;
using CareHub.Domain.Organization;

namespace CareHub.Domain.Tests.Organization;

public class CareTeamTests
{
    private static readonly Staff Maria = new("Maria", "Alvarez", "maria@carehub.example", StaffRole.Coordinator, "Care coordination");

    [Fact]
    public void Adding_a_member_records_the_membership()
    {
        var team = new CareTeam("North Clinic Care Team", "");

        team.AddMember(Maria);

        var membership = team.Members.ShouldHaveSingleItem();
        (membership.TeamId, membership.StaffId).ShouldBe((team.Id, Maria.Id));
        team.Description.ShouldBe(string.Empty);
    }

    [Fact]
    public void Adding_the_same_person_twice_is_refused()
    {
        var team = new CareTeam("North Clinic Care Team", "Complex care");
        team.AddMember(Maria);

        var refusal = Should.Throw<DomainRuleException>(() => team.AddMember(Maria));

        refusal.Message.ShouldBe("Maria Alvarez is already on North Clinic Care Team.");
        team.Members.Count.ShouldBe(1);
    }

    [Fact]
    public void Removing_someone_who_is_not_on_the_team_is_refused()
    {
        var team = new CareTeam("North Clinic Care Team", "Complex care");

        var refusal = Should.Throw<DomainRuleException>(() => team.RemoveMember(Guid.NewGuid()));

        refusal.Message.ShouldBe("That person is not on this team.");
    }

    [Fact]
    public void Removing_a_member_ends_the_membership()
    {
        var team = new CareTeam("North Clinic Care Team", "Complex care");
        team.AddMember(Maria);

        team.RemoveMember(Maria.Id);

        team.Members.ShouldBeEmpty();
    }
}
