using CareHub.Data;
using CareHub.E2E.Infrastructure;
using CareHub.E2E.Pages;
using CareHub.Tests.Infrastructure;

namespace CareHub.E2E.Security;

/// <summary>
/// Automatic logoff in a real browser, with Security:IdleTimeout of 15 seconds (its own server: the shared one keeps
/// the 15-minute default). The server decides; the page only reports the person's keyboard, pointer and scroll.
/// </summary>
public sealed class IdleLogoffTests(IdleLogoffBrowser browser) : IClassFixture<IdleLogoffBrowser>
{
    [Fact]
    public async Task A_patient_page_left_alone_warns_then_shows_only_the_signed_out_notice_and_a_reload_asks_for_sign_in()
    {
        var maria = await browser.Data.CoordinatorAsync();
        var patient = await browser.Data.PatientOfAsync(maria);
        var context = await browser.NewContextAsync();
        try
        {
            var page = await context.NewPageAsync();
            await (await SignInPage.OpenAsync(page)).SignInAsAsync(maria.Name);
            var patientPage = await PatientPage.OpenAsync(page, patient.Id);
            await patientPage.ShouldShowPatientAsync(patient.DisplayName);

            await Expect(patientPage.IdleWarning).ToBeVisibleAsync(new() { Timeout = 30_000 });
            await Expect(patientPage.IdleWarning).ToContainTextAsync("You will be signed out in");
            await Screenshots.SaveAsync(page, "idle-warning.png");
            await Expect(patientPage.SignedOutNotice).ToBeVisibleAsync(new() { Timeout = 30_000 });

            await Expect(patientPage.SignedOutNotice).ToContainTextAsync("Signed out after 15 seconds without activity");
            var html = await page.ContentAsync();
            html.ShouldNotContain(patient.FamilyName, Case.Insensitive, "the patient's name is still in the page after the logoff");
            html.ShouldNotContain(patient.GivenName, Case.Insensitive);
            html.ShouldNotContain(patient.Mrn);
            (await page.TitleAsync()).ShouldNotContain(patient.FamilyName);
            await Expect(patientPage.Header).ToHaveCountAsync(0);
            await Screenshots.SaveAsync(page, "idle-signed-out.png");

            await page.ReloadAsync();
            await new SignInPage(page).ShouldBeShownAsync();
            await page.GotoAsync($"/patients/{patient.Id}");
            await new SignInPage(page).ShouldBeShownAsync();
        }
        finally
        {
            await context.CloseAsync();
        }
    }

    [Fact]
    public async Task A_person_who_keeps_working_stays_signed_in_and_stay_signed_in_answers_the_warning()
    {
        var maria = await browser.Data.CoordinatorAsync();
        var patient = await browser.Data.PatientOfAsync(maria, skip: 1);
        var context = await browser.NewContextAsync();
        try
        {
            var page = await context.NewPageAsync();
            await (await SignInPage.OpenAsync(page)).SignInAsAsync(maria.Name);
            var patientPage = await PatientPage.OpenAsync(page, patient.Id);
            await patientPage.ShouldShowPatientAsync(patient.DisplayName);

            // Longer than the timeout, reading with the mouse moving.
            await patientPage.KeepWorkingForAsync(TimeSpan.FromSeconds(25));
            await Expect(patientPage.SignedOutNotice).ToHaveCountAsync(0);
            await Expect(patientPage.Name).ToHaveTextAsync(patient.DisplayName);

            // Hands off until the warning, then "Stay signed in".
            await Expect(patientPage.IdleWarning).ToBeVisibleAsync(new() { Timeout = 30_000 });
            await patientPage.StaySignedInAsync();
            await Expect(patientPage.IdleWarning).ToHaveCountAsync(0);
            await Expect(patientPage.Name).ToHaveTextAsync(patient.DisplayName);
            await patientPage.KeepWorkingForAsync(TimeSpan.FromSeconds(5));
            await Expect(patientPage.SignedOutNotice).ToHaveCountAsync(0);

            await page.ReloadAsync();
            await patientPage.ShouldShowPatientAsync(patient.DisplayName);
        }
        finally
        {
            await context.CloseAsync();
        }
    }
}

/// <summary>One app server with a 15-second idle timeout and one Chromium for <see cref="IdleLogoffTests"/>.</summary>
public sealed class IdleLogoffBrowser : IAsyncLifetime, IBrowserHost
{
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public CareHubServer Server { get; } = new(patients: 40, settings: new Dictionary<string, string?>
    {
        ["Security:IdleTimeout"] = "00:00:15",
    });

    public DemoData Data => new(Server);

    public async ValueTask InitializeAsync()
    {
        SetDefaultExpectTimeout(15_000);
        Server.Start();
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(CareHubBrowser.LaunchOptions());
    }

    public CareHubDbContext SystemDb() => Server.SystemDb();

    public async Task<IBrowserContext> NewContextAsync()
    {
        var context = await (_browser ?? throw new InvalidOperationException("The browser is not started.")).NewContextAsync(new()
        {
            BaseURL = Server.BaseAddress.ToString(),
            ViewportSize = new() { Width = 1366, Height = 900 },
            Locale = "en-US",
        });
        context.SetDefaultTimeout(15_000);
        return context;
    }

    public async ValueTask DisposeAsync()
    {
        if (_browser is not null)
            await _browser.DisposeAsync();
        _playwright?.Dispose();
        await Server.DisposeAsync();
    }
}
