using System.Text.RegularExpressions;

namespace CareHub.E2E.Pages;

/// <summary>The development sign-in page: a static page listing the demo users as buttons.</summary>
public sealed partial class SignInPage(IPage page)
{
    public const string Path = "/account/signin";

    public IPage Page { get; } = page;

    public ILocator Heading => Page.GetByRole(AriaRole.Heading, new() { Name = "Sign in to CareHub", Level = 1 });

    public ILocator DemoUsers => Page.GetByTestId("demo-user");

    public static async Task<SignInPage> OpenAsync(IPage page)
    {
        await page.GotoAsync(Path);
        var signIn = new SignInPage(page);
        await signIn.ShouldBeShownAsync();
        return signIn;
    }

    /// <summary>The browser is on the sign-in page and it lists people to sign in as.</summary>
    public async Task ShouldBeShownAsync()
    {
        await Expect(Page).ToHaveURLAsync(OnSignInPage());
        await Expect(Heading).ToBeVisibleAsync();
        await Expect(DemoUsers.First).ToBeVisibleAsync();
    }

    /// <summary>Signs in as the demo user named <paramref name="name"/> and lands on the patient list.</summary>
    public async Task<PatientListPage> SignInAsAsync(string name)
    {
        var person = DemoUsers.Filter(new() { Has = Page.Locator(".signin-name").GetByText(name, new() { Exact = true }) });
        await person.ClickAsync();
        var patients = new PatientListPage(Page);
        await patients.ShouldBeShownAsync();
        return patients;
    }

    /// <summary>Signs in as someone who may have no patients (an analyst without teams): waits for the signed-in shell only.</summary>
    public async Task SignInWithoutPatientsAsync(string name)
    {
        await DemoUsers.Filter(new() { Has = Page.Locator(".signin-name").GetByText(name, new() { Exact = true }) }).ClickAsync();
        await Expect(Page.GetByTestId("user-menu")).ToBeVisibleAsync();
        await Expect(Page.GetByTestId("interactive")).ToBeAttachedAsync();
    }

    [GeneratedRegex(@"/account/signin(\?.*)?$")]
    private static partial Regex OnSignInPage();
}
