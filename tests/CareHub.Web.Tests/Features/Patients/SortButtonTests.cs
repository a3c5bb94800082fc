using Bunit;
using CareHub.Web.Features.Patients;
using CareHub.Web.Tests.Infrastructure;

namespace CareHub.Web.Tests.Features.Patients;

public sealed class SortButtonTests : CareHubComponentTest
{
    [Theory]
    [InlineData(false, false, "none")]
    [InlineData(true, false, "ascending")]
    [InlineData(true, true, "descending")]
    public void The_button_tells_assistive_technology_how_the_column_is_sorted(bool active, bool descending, string ariaSort)
    {
        var cut = Render<SortButton>(p => p.Add(x => x.Label, "Name").Add(x => x.Active, active).Add(x => x.Descending, descending));

        cut.Find("button").GetAttribute("aria-sort").ShouldBe(ariaSort);
        cut.Find("button").TextContent.Trim().ShouldBe("Name");
    }

    [Fact]
    public void Clicking_the_button_asks_to_sort()
    {
        var clicks = 0;
        var cut = Render<SortButton>(p => p.Add(x => x.Label, "MRN").Add(x => x.OnClick, () => clicks++));

        cut.Find("button").Click();

        clicks.ShouldBe(1);
    }
}
