using System.Diagnostics;
using System.Globalization;
using CareHub.Domain.Tasks;
using CareHub.E2E.Infrastructure;
using CareHub.E2E.Pages;
using Microsoft.EntityFrameworkCore;

namespace CareHub.E2E.Tasks;

/// <summary>A transition-of-care call done from the task list, and the teammate's list following it live.</summary>
[Collection(BrowserCollection.Name)]
public sealed class TaskListJourneyTests(CareHubBrowser browser, ITestOutputHelper output)
{
    [Fact]
    public async Task A_coordinator_completes_a_transition_call_from_the_task_list_and_it_leaves_a_teammates_list_live()
    {
        var (maria, call) = await browser.Data.CoordinatorWithOpenTaskAsync(CareTaskKind.TransitionContact);
        var devon = await browser.Data.TeammateOfAsync(maria);
        await using var contexts = new Contexts(browser);
        var mariaList = await TasksPage.OpenFromNavigationAsync(await contexts.SignInAsync(maria.Name));
        var devonList = await TasksPage.OpenAsync(await contexts.SignInAsync(devon.Name));
        await devonList.ShowMyTeamsAsync();

        var row = mariaList.Row(call.Id);
        await Expect(row).ToBeVisibleAsync();
        await Expect(row.GetByTestId("task-kind")).ToHaveTextAsync("Transition contact");
        await Expect(row.GetByTestId("task-title")).ToHaveTextAsync(call.Title);
        await Expect(row.GetByTestId("task-assignee")).ToHaveTextAsync(maria.Name);
        await Expect(devonList.Row(call.Id)).ToBeVisibleAsync();
        Screenshots.PublishToDocs(await Screenshots.SaveAsync(mariaList.Page, "tasks.png"));

        await mariaList.CompleteAsync(call.Id);
        var clock = Stopwatch.StartNew();
        await Expect(mariaList.Row(call.Id)).ToHaveCountAsync(0);
        await Expect(devonList.Row(call.Id)).ToHaveCountAsync(0, new() { Timeout = 5_000 });
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Gone from Devon's list {clock.ElapsedMilliseconds} ms after Maria's click"));
        await Expect(mariaList.Notice).ToHaveCountAsync(0);

        await using var db = browser.SystemDb();
        var stored = await db.Tasks.AsNoTracking().SingleAsync(t => t.Id == call.Id, TestContext.Current.CancellationToken);
        stored.Status.ShouldBe(CareTaskStatus.Done);
        stored.CompletedAt.ShouldNotBeNull();
    }

    private sealed class Contexts(CareHubBrowser browser) : IAsyncDisposable
    {
        private readonly List<IBrowserContext> _open = [];

        public async Task<IPage> SignInAsync(string person)
        {
            var context = await browser.NewContextAsync();
            _open.Add(context);
            var page = await context.NewPageAsync();
            await (await SignInPage.OpenAsync(page)).SignInAsAsync(person);
            return page;
        }

        public async ValueTask DisposeAsync()
        {
            foreach (var context in _open)
                await context.CloseAsync();
        }
    }
}
