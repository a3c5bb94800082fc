using CareHub.E2E.Infrastructure;
using CareHub.E2E.Pages;

namespace CareHub.E2E.CarePlans;

[Collection(BrowserCollection.Name)]
public sealed class CarePlanAccessTests(CareHubBrowser browser)
{
    [Fact]
    public async Task Another_teams_care_plan_looks_exactly_like_a_plan_that_does_not_exist()
    {
        await using var room = await CarePlanRoom.GatherAsync(browser, ["Maria Alvarez"], "Walks 10 minutes a day");
        var james = await room.SignInAsync("James Whitfield");

        var theirs = await CarePlanPage.OpenAsync(james, room.PatientId);
        await theirs.ShouldShowNotFoundAsync();
        var theirsText = await theirs.MainContent.InnerTextAsync();
        var theirsTitle = await james.TitleAsync();
        var nobody = await CarePlanPage.OpenAsync(james, Guid.NewGuid());
        await nobody.ShouldShowNotFoundAsync();

        theirsText.ShouldBe(await nobody.MainContent.InnerTextAsync());
        theirsTitle.ShouldBe(await james.TitleAsync());
        theirsText.ShouldNotContain("Walks 10 minutes");
        await Expect(james.GetByTestId("careplan-page")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task Another_teams_printable_care_plan_looks_exactly_like_a_plan_that_does_not_exist()
    {
        await using var room = await CarePlanRoom.GatherAsync(browser, ["Maria Alvarez"], "Takes the bus to dialysis");
        var james = await room.SignInAsync("James Whitfield");

        var theirs = await CarePlanPrintPage.OpenAsync(james, room.PatientId);
        await theirs.ShouldShowNotFoundAsync();
        var theirsText = await theirs.MainContent.InnerTextAsync();
        var theirsTitle = await james.TitleAsync();
        var nobody = await CarePlanPrintPage.OpenAsync(james, Guid.NewGuid());
        await nobody.ShouldShowNotFoundAsync();

        theirsText.ShouldBe(await nobody.MainContent.InnerTextAsync());
        theirsTitle.ShouldBe(await james.TitleAsync());
        theirsText.ShouldNotContain("Takes the bus");
        await Expect(james.GetByTestId("print-actions")).ToHaveCountAsync(0);
    }
}
