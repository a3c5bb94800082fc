using CareHub.E2E.Infrastructure;
using CareHub.E2E.Pages;

namespace CareHub.E2E.Patients;

[Collection(BrowserCollection.Name)]
public sealed class PatientJourneyTests(CareHubBrowser browser)
{
    [Fact]
    public async Task A_coordinator_sees_only_their_teams_patients_finds_one_by_family_name_and_opens_them()
    {
        var coordinator = await browser.Data.CoordinatorAsync();
        var teamPatients = await browser.Data.PatientCountOfAsync(coordinator);
        var patient = await browser.Data.PatientOfAsync(coordinator);
        await using var context = await browser.NewContextAsync();
        var page = await context.NewPageAsync();

        // Signed out, the patient list sends the browser to sign in.
        await page.GotoAsync(PatientListPage.Path);
        var signIn = new SignInPage(page);
        await signIn.ShouldBeShownAsync();
        await Screenshots.SaveAsync(page, "signin.png");

        var list = await signIn.SignInAsAsync(coordinator.Name);
        await list.ShouldShowTotalAsync(teamPatients);
        Screenshots.PublishToDocs(await Screenshots.SaveAsync(page, "patients.png"));

        await list.SearchAsync(patient.FamilyName);
        await list.ShouldShowOnlyPatientsNamedAsync(patient.FamilyName);
        var opened = await list.OpenPatientAsync(patient.DisplayName);

        await Expect(opened.Header).ToContainTextAsync($"MRN {patient.Mrn}");
        Screenshots.PublishToDocs(await Screenshots.SaveAsync(page, "patient.png"));
    }
}
