using System.Text.RegularExpressions;

namespace CareHub.E2E.Pages;

/// <summary>A patient's care plan, as a person edits it: items, their text fields, save states, conflicts and presence.</summary>
public sealed class CarePlanPage(IPage page) : SignedInPage(page)
{
    public ILocator Root => Page.GetByTestId("careplan-page");

    public ILocator Viewers => Page.GetByTestId("presence-bar").GetByTestId("presence-avatar");

    public ILocator DraftOffer => Page.GetByTestId("draft-offer");

    public ILocator NotFoundHeading => Page.GetByRole(AriaRole.Heading, new() { Name = "Not found", Level = 1 });

    /// <summary>Opens /patients/{id}/care-plan and waits until the page is live.</summary>
    public static async Task<CarePlanPage> OpenAsync(IPage page, Guid patientId)
    {
        await page.GotoAsync($"/patients/{patientId}/care-plan");
        var plan = new CarePlanPage(page);
        await plan.WaitUntilInteractiveAsync();
        return plan;
    }

    public async Task ShouldBeShownAsync() => await Expect(Root).ToBeVisibleAsync();

    public async Task ShouldShowNotFoundAsync()
    {
        await Expect(NotFoundHeading).ToBeVisibleAsync();
        await Expect(MainContent).ToContainTextAsync("does not exist, or it is not one your care teams can see");
    }

    public ILocator Item(Guid itemId) => Page.Locator($"[data-testid=careplan-item][data-item-id=\"{itemId}\"]");

    public ILocator Field(Guid itemId, string field) => Item(itemId).Locator($"[data-testid=careplan-field][data-field={field}]");

    public ILocator TextArea(Guid itemId, string field) => Field(itemId, field).Locator("textarea:not([aria-hidden=true])").First;

    public ILocator SaveState(Guid itemId, string field) => Field(itemId, field).GetByTestId("save-state");

    public ILocator Conflict(Guid itemId, string field) => Field(itemId, field).GetByTestId("conflict");

    public ILocator PresenceTag(Guid itemId, string field) => Field(itemId, field).GetByTestId("field-presence");

    /// <summary>Puts the caret at <paramref name="position"/> of the field's text (-1: the end) and types like a person.</summary>
    public async Task TypeAtAsync(Guid itemId, string field, int position, string text)
    {
        var area = TextArea(itemId, field);
        await area.ClickAsync();
        await area.EvaluateAsync("(el, at) => { const p = at < 0 ? el.value.length : at; el.setSelectionRange(p, p); }", position);
        await area.PressSequentiallyAsync(text, new() { Delay = 15 });
    }

    /// <summary>Selects <paramref name="oldText"/> in the field and types <paramref name="newText"/> over it.</summary>
    public async Task ReplaceAsync(Guid itemId, string field, string oldText, string newText)
    {
        var area = TextArea(itemId, field);
        await area.ClickAsync();
        await area.EvaluateAsync("(el, old) => { const i = el.value.indexOf(old); el.setSelectionRange(i, i + old.length); }", oldText);
        await area.PressSequentiallyAsync(newText, new() { Delay = 15 });
    }

    /// <summary>Waits until the field says its text is saved (or merged and saved).</summary>
    public async Task ShouldBeSavedAsync(Guid itemId, string field, float? timeoutMs = null) =>
        await Expect(SaveState(itemId, field)).ToContainTextAsync(new Regex("Saved|Merged"), new() { Timeout = timeoutMs });

    public async Task ShouldShowTextAsync(Guid itemId, string field, string text, float? timeoutMs = null) =>
        await Expect(TextArea(itemId, field)).ToHaveValueAsync(text, new() { Timeout = timeoutMs });

    /// <summary>The presence bar shows exactly these people (each avatar is titled with the person's name).</summary>
    public async Task ShouldShowViewersAsync(IReadOnlyCollection<string> names, float? timeoutMs = null)
    {
        await Expect(Viewers).ToHaveCountAsync(names.Count, new() { Timeout = timeoutMs });
        foreach (var name in names)
            await Expect(Viewers.And(Page.Locator($"[title^=\"{name}\"]"))).ToHaveCountAsync(1, new() { Timeout = timeoutMs });
    }
}
