using CareHub.E2E.Infrastructure;
using CareHub.E2E.Pages;

namespace CareHub.E2E.Realtime;

[Collection(BrowserCollection.Name)]
public sealed class PresenceJourneyTests(CareHubBrowser browser)
{
    [Fact]
    public async Task Two_teammates_on_one_patient_see_each_other_and_each_others_saved_change_and_presence_clears_when_one_leaves()
    {
        var first = await browser.Data.CoordinatorAsync();
        var second = await browser.Data.TeammateOfAsync(first);
        // Not the patient of the other journeys: this one's language changes.
        var patient = await browser.Data.PatientOfAsync(first, skip: 1);
        var newLanguage = patient.PreferredLanguage == "Tagalog" ? "Amharic" : "Tagalog";

        await using var firstContext = await browser.NewContextAsync();
        var firstPage = await SignedInOnPatientAsync(firstContext, first.Name, patient.Id, patient.DisplayName);
        var secondContext = await browser.NewContextAsync();
        try
        {
            var secondPage = await SignedInOnPatientAsync(secondContext, second.Name, patient.Id, patient.DisplayName);

            await firstPage.ShouldShowViewersAsync([first.Name, second.Name]);
            await secondPage.ShouldShowViewersAsync([first.Name, second.Name]);

            // A reload would lose this marker: it proves the second page changes in place.
            await secondPage.Page.EvaluateAsync("() => window.carehubNotReloaded = true");
            await firstPage.ChangePreferredLanguageAsync(newLanguage);
            await Expect(firstPage.Saved).ToBeVisibleAsync();
            await Expect(firstPage.Language).ToContainTextAsync(newLanguage);
            await Expect(firstPage.ChangedElsewhere).ToBeHiddenAsync();

            // The change reaches the other circuit through the bus.
            await Expect(secondPage.Language).ToContainTextAsync(newLanguage);
            await Expect(secondPage.ChangedElsewhere).ToBeVisibleAsync();
            (await secondPage.Page.EvaluateAsync<bool?>("() => window.carehubNotReloaded")).ShouldBe(true);
            await Screenshots.SaveAsync(secondPage.Page, "two-people.png");
        }
        finally
        {
            await secondContext.CloseAsync();
        }

        // A closed circuit leaves at once; the presence time-to-live is the backstop.
        await firstPage.ShouldShowViewersAsync([first.Name], timeoutMs: 40_000);
    }

    private async Task<PatientPage> SignedInOnPatientAsync(IBrowserContext context, string person, Guid patientId, string patientName)
    {
        var page = await context.NewPageAsync();
        await (await SignInPage.OpenAsync(page)).SignInAsAsync(person);
        var patient = await PatientPage.OpenAsync(page, patientId);
        await patient.ShouldShowPatientAsync(patientName);
        return patient;
    }
}
