using CareHub.E2E.Infrastructure;
using CareHub.E2E.Pages;

namespace CareHub.E2E.Patients;

[Collection(BrowserCollection.Name)]
public sealed class PatientAccessTests(CareHubBrowser browser)
{
    [Fact]
    public async Task Another_teams_patient_looks_exactly_like_a_patient_that_does_not_exist()
    {
        var coordinator = await browser.Data.CoordinatorAsync();
        var otherTeamsPatient = await browser.Data.PatientOfOtherTeamsAsync(coordinator);
        await using var context = await browser.NewContextAsync();
        var page = await context.NewPageAsync();
        await (await SignInPage.OpenAsync(page)).SignInAsAsync(coordinator.Name);

        var theirs = await PatientPage.OpenAsync(page, otherTeamsPatient.Id);
        await theirs.ShouldShowNotFoundAsync();
        var theirsText = await theirs.MainContent.InnerTextAsync();

        var nobody = await PatientPage.OpenAsync(page, Guid.NewGuid());
        await nobody.ShouldShowNotFoundAsync();
        var nobodyText = await nobody.MainContent.InnerTextAsync();

        theirsText.ShouldBe(nobodyText);
        theirsText.ShouldNotContain(otherTeamsPatient.FamilyName);
        theirsText.ShouldNotContain(otherTeamsPatient.Mrn);
    }
}
