using Bunit;
using CareHub.Web.Components.Shared;
using CareHub.Web.Tests.Infrastructure;

namespace CareHub.Web.Tests.Components;

public sealed class NotFoundMessageTests : CareHubComponentTest
{
    [Fact]
    public void It_says_missing_or_not_yours_in_one_sentence_and_leads_back_to_the_patients()
    {
        var cut = Render<NotFoundMessage>(p => p.Add(x => x.What, "patient"));

        cut.Find("h1").TextContent.ShouldBe("Not found");
        cut.Markup.ShouldContain("This patient does not exist, or it is not one your care teams can see.");
        cut.Find("a").GetAttribute("href").ShouldBe("/patients");
    }

    [Fact]
    public void Without_a_kind_it_speaks_of_a_record()
    {
        var cut = Render<NotFoundMessage>();

        cut.Markup.ShouldContain("This record does not exist, or it is not one your care teams can see.");
    }
}
