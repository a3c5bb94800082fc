using Bunit;
using CareHub.Web.Features.Huddle;
using CareHub.Web.Tests.Infrastructure;
using static CareHub.Web.Tests.Features.Huddle.HuddleSamples;

namespace CareHub.Web.Tests.Features.Huddle;

public sealed class HuddleWallCardTests : CareHubComponentTest
{
    [Fact]
    public void The_wall_shows_the_wall_title_never_the_full_name()
    {
        var card = Card("Garcia, Ana", patientId: Guid.NewGuid(), wallTitle: "A.G. · bed 12");

        var cut = Render<HuddleWallCard>(p => p.Add(x => x.Card, card));

        cut.Find("[data-testid=wall-card-title]").TextContent.ShouldBe("A.G. · bed 12");
        cut.Markup.ShouldNotContain("Garcia");
        cut.Find("[data-testid=wall-card]").GetAttribute("data-current").ShouldBe("false");
    }

    [Fact]
    public void The_current_card_is_marked_on_the_wall()
    {
        var cut = Render<HuddleWallCard>(p => p.Add(x => x.Card, Card("Flu clinic")).Add(x => x.IsCurrent, true));

        cut.Find("[data-testid=wall-card]").GetAttribute("data-current").ShouldBe("true");
        cut.Find("[data-testid=wall-card]").ClassList.ShouldContain("huddle-wall-card-current");
    }
}
