using Bunit;
using CareHub.Web.Features.Patients;
using CareHub.Web.Tests.Infrastructure;

namespace CareHub.Web.Tests.Features.Patients;

public sealed class SortButtonTests : CareHubComponentTest
{
    [Theory]
    [InlineData(false, false, 0)]
    [InlineData(true, false, 1)]
    [InlineData(true, true, 1)]
    public void Only_the_sorted_column_shows_an_arrow(bool active, bool descending, int arrows)
    {
        // The sort state for assistive technology is aria-sort on the header cell (PatientList); a button may not carry it.
        var cut = Render<SortButton>(p => p.Add(x => x.Label, "Name").Add(x => x.Active, active).Add(x => x.Descending, descending));

        cut.FindAll("button svg").Count.ShouldBe(arrows);
        cut.Find("button").HasAttribute("aria-sort").ShouldBeFalse();
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
