namespace CareHub.E2E.Pages;

/// <summary>The task list of the user's teams, and what a person does with a task.</summary>
public sealed class TasksPage(IPage page) : SignedInPage(page)
{
    public ILocator Root => Page.GetByTestId("tasks-page");

    public ILocator Table => Page.GetByTestId("task-table");

    public ILocator Rows => Page.GetByTestId("task-row");

    public ILocator Notice => Page.GetByTestId("tasks-notice");

    /// <summary>Opens the list from the navigation, as a person does, and waits for its first answer.</summary>
    public static async Task<TasksPage> OpenFromNavigationAsync(IPage page)
    {
        await page.GetByRole(AriaRole.Link, new() { Name = "Tasks", Exact = true }).ClickAsync();
        return await ShownAsync(page);
    }

    public static async Task<TasksPage> OpenAsync(IPage page)
    {
        await page.GotoAsync("/tasks");
        return await ShownAsync(page);
    }

    private static async Task<TasksPage> ShownAsync(IPage page)
    {
        var list = new TasksPage(page);
        await list.WaitUntilInteractiveAsync();
        await Expect(list.Root).ToBeVisibleAsync();
        await Expect(list.Table.Or(page.GetByTestId("tasks-empty"))).ToBeVisibleAsync();
        return list;
    }

    public ILocator Row(Guid taskId) => Page.Locator($"[data-testid=task-row][data-task-id=\"{taskId}\"]");

    /// <summary>Shows the tasks of everyone on the user's teams.</summary>
    public async Task ShowMyTeamsAsync()
    {
        var button = Page.GetByTestId("filter-scope-myteams");
        await button.ClickAsync();
        await Expect(button).ToHaveAttributeAsync("aria-pressed", "true");
        await Expect(Table.Or(Page.GetByTestId("tasks-empty"))).ToBeVisibleAsync();
    }

    public async Task CompleteAsync(Guid taskId) => await Row(taskId).GetByTestId("task-complete").ClickAsync();
}
