namespace CareHub.E2E.Pages;

/// <summary>
/// Any page of the signed-in app shell. Pages are interactive Blazor Server without prerendering: nothing
/// may be clicked before the layout's interactive marker is there (a button without a live circuit does nothing).
/// </summary>
public abstract class SignedInPage(IPage page)
{
    public IPage Page { get; } = page;

    public ILocator UserMenu => Page.GetByTestId("user-menu");

    /// <summary>The open user menu's name, role and teams.</summary>
    public ILocator UserDetails => Page.GetByTestId("user-details");

    /// <summary>The page's own content, without the app bar and the navigation.</summary>
    public ILocator MainContent => Page.Locator(".mud-main-content");

    /// <summary>The warning before the automatic logoff ("You will be signed out in 60 s").</summary>
    public ILocator IdleWarning => Page.GetByTestId("idle-warning");

    /// <summary>What is left on the screen after the automatic logoff.</summary>
    public ILocator SignedOutNotice => Page.GetByTestId("idle-signed-out");

    /// <summary>Answers the idle warning: the person is still there.</summary>
    public async Task StaySignedInAsync() => await Page.GetByTestId("stay-signed-in").ClickAsync();

    /// <summary>What a person at the keyboard does while reading: the mouse moves over the page now and then.</summary>
    public async Task KeepWorkingForAsync(TimeSpan duration)
    {
        var until = DateTime.UtcNow + duration;
        for (var step = 0; DateTime.UtcNow < until; step++)
        {
            await Page.Mouse.MoveAsync(200 + (step % 7) * 60, 300 + (step % 5) * 40);
            await Page.WaitForTimeoutAsync(700);
        }
    }

    public async Task WaitUntilInteractiveAsync() => await Expect(Page.GetByTestId("interactive")).ToBeAttachedAsync();

    /// <summary>Opens the user menu the way a mouse user does: a click on their own name in the app bar.</summary>
    public async Task OpenUserMenuWithMouseAsync(string name)
    {
        await UserMenu.GetByText(name, new() { Exact = true }).ClickAsync();
        await Expect(UserDetails).ToBeVisibleAsync();
    }

    /// <summary>
    /// Opens the user menu the way a keyboard user does: Shift+Tab from the page heading (where Blazor puts the
    /// focus after navigating) back into the app bar until the menu's button has the focus, then Enter.
    /// </summary>
    public async Task OpenUserMenuWithKeyboardAsync()
    {
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToBeFocusedAsync();
        var reached = false;
        for (var presses = 0; presses < 8 && !reached; presses++)
        {
            await Page.Keyboard.PressAsync("Shift+Tab");
            reached = await Page.EvaluateAsync<bool>("() => document.activeElement?.closest('[data-testid=user-menu]') != null");
        }
        reached.ShouldBeTrue("Shift+Tab from the page heading never reached the user menu: a keyboard user cannot open it.");
        await Page.Keyboard.PressAsync("Enter");
        await Expect(UserDetails).ToBeVisibleAsync();
    }

    /// <summary>Signs out from the open user menu; the browser lands on the sign-in page.</summary>
    public async Task<SignInPage> SignOutAsync()
    {
        await Page.GetByTestId("sign-out").ClickAsync();
        var signIn = new SignInPage(Page);
        await signIn.ShouldBeShownAsync();
        return signIn;
    }
}
