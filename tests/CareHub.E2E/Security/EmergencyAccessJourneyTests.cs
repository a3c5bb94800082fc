using CareHub.Domain.Organization;
using CareHub.Domain.Patients;
using CareHub.E2E.Infrastructure;
using CareHub.E2E.Pages;
using Microsoft.EntityFrameworkCore;

namespace CareHub.E2E.Security;

/// <summary>Break-the-glass in a real browser: a physician of one team opens a patient of another; that team's manager is told and reviews it.</summary>
[Collection(BrowserCollection.Name)]
public sealed class EmergencyAccessJourneyTests(CareHubBrowser browser)
{
    [Fact]
    public async Task A_physician_breaks_the_glass_sees_the_patient_under_a_red_banner_and_the_teams_manager_reviews_it()
    {
        var (physician, manager, patient) = await CastAsync();
        var managerContext = await browser.NewContextAsync();
        var physicianContext = await browser.NewContextAsync();
        try
        {
            var managerPage = await managerContext.NewPageAsync();
            await (await SignInPage.OpenAsync(managerPage)).SignInAsAsync(manager.DisplayName);

            var page = await physicianContext.NewPageAsync();
            await (await SignInPage.OpenAsync(page)).SignInAsAsync(physician.DisplayName);
            var before = await PatientPage.OpenAsync(page, patient.Id);
            await before.ShouldShowNotFoundAsync();

            var form = await EmergencyAccessPage.OpenFromNavigationAsync(page);
            var patientPage = await form.BreakTheGlassAsync(patient.Mrn, patient.BirthDate, "Patient in the emergency department",
                "Unresponsive in the ED; no one on the team reachable");

            await patientPage.ShouldShowPatientAsync(patient.DisplayName);
            var banner = page.GetByTestId("emergency-access-banner");
            await Expect(banner).ToBeVisibleAsync();
            await Expect(banner).ToContainTextAsync(new System.Text.RegularExpressions.Regex(@"Emergency access — expires \d\d:\d\d"));
            await Screenshots.SaveAsync(page, "emergency-access-banner.png");

            // The manager, wherever they are in CareHub, is told at once and opens the review list from the notice.
            var notice = managerPage.Locator(".mud-snackbar").Filter(new() { HasText = "used emergency access" });
            await Expect(notice).ToBeVisibleAsync();
            await notice.GetByRole(AriaRole.Button, new() { Name = "Open reviews" }).ClickAsync();
            var reviews = new EmergencyAccessReviewsPage(managerPage);
            await reviews.ShouldBeShownAsync();
            var row = reviews.RowFor(physician.DisplayName, patient.DisplayName);
            await Expect(row).ToHaveCountAsync(1);
            await Expect(row).ToContainTextAsync("Patient in the emergency department");
            await Expect(row).ToContainTextAsync("Unresponsive in the ED");
            await reviews.MarkReviewedAsync(row);
            await Expect(row.GetByTestId("ea-reviewed")).ToContainTextAsync($"Reviewed by {manager.DisplayName}");
            await Screenshots.SaveAsync(managerPage, "emergency-access-reviews.png");
        }
        finally
        {
            await physicianContext.CloseAsync();
            await managerContext.CloseAsync();
        }
    }

    [Fact]
    public async Task A_coordinator_has_no_emergency_access_entry_and_the_page_says_it_is_not_for_them()
    {
        var coordinator = await browser.Data.CoordinatorAsync();
        var context = await browser.NewContextAsync();
        try
        {
            var page = await context.NewPageAsync();
            await (await SignInPage.OpenAsync(page)).SignInAsAsync(coordinator.Name);
            var navigation = page.GetByRole(AriaRole.Navigation, new() { Name = "Main navigation" });
            await Expect(navigation.GetByRole(AriaRole.Link, new() { Name = "Patients" })).ToBeVisibleAsync();
            await Expect(navigation.GetByRole(AriaRole.Link, new() { Name = "Emergency access", Exact = true })).ToHaveCountAsync(0);
            await Expect(navigation.GetByRole(AriaRole.Link, new() { Name = "Emergency access reviews" })).ToHaveCountAsync(0);

            await page.GotoAsync("/emergency-access");
            await Expect(page.GetByTestId("ea-not-eligible")).ToBeVisibleAsync();
            await Expect(page.GetByTestId("emergency-access-form")).ToHaveCountAsync(0);
        }
        finally
        {
            await context.CloseAsync();
        }
    }

    /// <summary>A physician on one team, a manager of another team, and a patient of the manager's teams only.</summary>
    private async Task<(Staff Physician, Staff Manager, Patient Patient)> CastAsync()
    {
        var (physician, physicianTeam) = await browser.Server.DemoUserAsync(StaffRole.Physician);
        await using var db = browser.SystemDb();
        var managers = await db.Staff.AsNoTracking().Where(s => s.Role == StaffRole.Manager && s.IsActive).OrderBy(s => s.FamilyName).ToListAsync();
        var memberships = await db.TeamMemberships.AsNoTracking().ToListAsync();
        var manager = managers.First(m => memberships.Any(x => x.StaffId == m.Id) && memberships.All(x => x.StaffId != m.Id || x.TeamId != physicianTeam.Id));
        var managerTeams = memberships.Where(x => x.StaffId == manager.Id).Select(x => x.TeamId).ToList();
        var candidates = await db.Patients.AsNoTracking()
            .Where(p => p.MergedIntoId == null && p.Teams.Any(t => managerTeams.Contains(t.TeamId)) && !p.Teams.Any(t => t.TeamId == physicianTeam.Id))
            .OrderByDescending(p => p.Mrn).ToListAsync();
        var patient = candidates.First(p => p.FamilyName.All(char.IsAsciiLetter) && candidates.Count(o => o.DisplayName == p.DisplayName) == 1);
        return (physician, manager, patient);
    }
}
