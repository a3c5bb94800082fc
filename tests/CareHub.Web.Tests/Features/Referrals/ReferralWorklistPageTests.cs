using Bunit;
using CareHub.Data;
using CareHub.Domain.Referrals;
using CareHub.Flux;
using CareHub.Web.Features.CarePlans;
using CareHub.Web.Features.Huddle;
using CareHub.Web.Features.Patients;
using CareHub.Web.Features.Referrals;
using CareHub.Web.Realtime;
using CareHub.Web.Security;
using CareHub.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace CareHub.Web.Tests.Features.Referrals;

/// <summary>
/// The referral screens with the real store, effects and service over real SQLite, as one circuit sees them; a
/// colleague is the same service built for their own user, on the same bus.
/// </summary>
public abstract class ReferralPageTest : CareHubComponentTest, IClassFixture<PatientsDatabase>
{
    protected static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);
    private static readonly IServiceProvider NoServices = new ServiceCollection().BuildServiceProvider();

    private readonly CurrentUser _user;

    protected ReferralPageTest(PatientsDatabase database)
    {
        Bed = new ReferralTestBed(database);
        _user = new CurrentUser(database.Options, NoServices);
        Services.AddLogging();
        Services.AddFlux(o => o.ScanAssemblies(typeof(ReferralService).Assembly));
        Services.AddSingleton<IDbContextFactory<CareHubDbContext>>(new CareHubDbContextFactory(database.Options, _user));
        Services.AddSingleton<IRealtimeBus>(database.Bus);
        Services.AddSingleton<TimeProvider>(Bed.Clock);
        Services.AddSingleton(_user);
        Services.AddSingleton(Bed.Clocks);
        // The store scans the whole web assembly: every feature's effects need their service.
        Services.AddScoped<ReferralService>();
        Services.AddScoped<CommunityResourceService>();
        Services.AddScoped<CarePlanService>();
        Services.AddScoped<PatientsService>();
        Services.AddScoped<HuddleService>();
        Services.AddScoped<CareHub.Web.Features.Tasks.TasksService>();
        Services.AddSingleton(new CareHub.Web.Calendar.WorkCalendar(TimeZoneInfo.FindSystemTimeZoneById("America/New_York"), CareHub.Domain.Common.BusinessCalendar.WeekendsOnly));
        Services.AddSingleton(new HuddleBoardSnapshots(database.Options));
        Services.AddSingleton(new CareHub.Web.Auditing.ReadAuditWriter(database.Options, Microsoft.Extensions.Logging.Abstractions.NullLogger<CareHub.Web.Auditing.ReadAuditWriter>.Instance));
        Services.AddSingleton(new PresenceOptions());
        Services.AddSingleton<IPresenceService>(new InMemoryPresenceService(database.Bus, Bed.Clock, new PresenceOptions(),
            NullLogger<InMemoryPresenceService>.Instance));
        Services.AddScoped<CircuitContext>();
        Services.AddScoped<CircuitPresence>();
        Popovers = RenderPopoverProvider();
        Dialogs = Render<MudBlazor.MudDialogProvider>();
    }

    /// <summary>Where dialogs render (the confirmations, the new-referral dialog).</summary>
    protected IRenderedComponent<MudBlazor.MudDialogProvider> Dialogs { get; }

    /// <summary>Where autocomplete and select lists render.</summary>
    protected IRenderedComponent<MudBlazor.MudPopoverProvider> Popovers { get; }

    protected ReferralTestBed Bed { get; }

    protected static CancellationToken Ct => ReferralTestBed.Ct;

    protected async Task<TestTeam> SignedInTeamAsync(params PatientSeed[] patients)
    {
        var team = await Bed.Database.TeamAsync(patients.Length == 0 ? [new PatientSeed("Abara", "Ify")] : patients);
        _user.Set(PatientsDatabase.Principal(team.Member), "circuit:bunit");
        await Services.GetRequiredService<IStore>().InitializeAsync();
        return team;
    }
}

public sealed class ReferralWorklistPageTests(PatientsDatabase database) : ReferralPageTest(database)
{
    private IRenderedComponent<ReferralsPage> RenderPage()
    {
        var cut = Render<ReferralsPage>();
        cut.WaitForAssertion(() => cut.Find("[data-testid=referrals-page]"), Patience);
        return cut;
    }

    [Fact]
    public async Task The_worklist_shows_the_teams_referrals_with_their_clocks_and_the_metrics()
    {
        var team = await SignedInTeamAsync(new PatientSeed("Abara", "Ify"), new PatientSeed("Bello", "Ada"));
        var first = await Bed.CreateAsync(team, ReferralTestBed.Specialty(team, 0));
        var second = await Bed.CreateAsync(team, ReferralTestBed.Specialty(team, 1, send: false));

        var cut = RenderPage();

        cut.WaitForAssertion(() => cut.FindAll("[data-testid=referral-row]").Count.ShouldBe(2), Patience);
        var ids = cut.FindAll("[data-testid=referral-row]").Select(r => r.GetAttribute("data-referral-id")).ToList();
        ids.ShouldBe([first.ToString(), second.ToString()], ignoreOrder: true);
        var sent = cut.Find($"[data-testid=referral-row][data-referral-id='{first}']");
        sent.QuerySelector("[data-testid=referral-status]")!.TextContent.Trim().ShouldBe("Requested");
        sent.QuerySelector("[data-testid=referral-clock]")!.TextContent.Trim().ShouldStartWith("Due");
        sent.QuerySelector("[data-testid=referral-link]")!.GetAttribute("href").ShouldBe($"/referrals/{first}");
        cut.Find($"[data-testid=referral-row][data-referral-id='{second}'] [data-testid=referral-clock]").TextContent.Trim().ShouldBe("Not sent");
        cut.WaitForAssertion(() => cut.Find("[data-testid=metric-open] [data-testid=metric-value]").TextContent.Trim().ShouldBe("2"), Patience);
        cut.Find("[data-testid=metric-overdue]");
        cut.Find("[data-testid=metric-closure-rate]");
        cut.Find("[data-testid=metric-median-days]");
        var destination = cut.Find("[data-testid=metric-by-destination] tbody tr");
        destination.QuerySelector("th")!.TextContent.Trim().ShouldBe("Riverside Cardiology");
        destination.QuerySelectorAll("td")[0].TextContent.Trim().ShouldBe("2");
    }

    [Fact]
    public async Task A_referral_made_elsewhere_appears_without_reloading()
    {
        var team = await SignedInTeamAsync();
        var cut = RenderPage();
        cut.WaitForAssertion(() => cut.Find("[data-testid=referrals-empty]"), Patience);

        var id = await Bed.CreateAsync(team, ReferralTestBed.Specialty(team));

        cut.WaitForAssertion(() => cut.Find($"[data-testid=referral-row][data-referral-id='{id}']"), Patience);
        cut.WaitForAssertion(() => cut.Find("[data-testid=metric-open] [data-testid=metric-value]").TextContent.Trim().ShouldBe("1"), Patience);
    }

    [Fact]
    public async Task Another_teams_referrals_are_not_listed()
    {
        var team = await SignedInTeamAsync();
        var mine = await Bed.CreateAsync(team, ReferralTestBed.Specialty(team));
        var other = await Bed.Database.TeamAsync(new PatientSeed("Other", "Team"));
        var theirs = await Bed.CreateAsync(other, ReferralTestBed.Specialty(other));

        var cut = RenderPage();

        cut.WaitForAssertion(() => cut.FindAll("[data-testid=referral-row]").Count.ShouldBe(1), Patience);
        cut.Find("[data-testid=referral-row]").GetAttribute("data-referral-id").ShouldBe(mine.ToString());
        cut.Markup.ShouldNotContain(theirs.ToString());
    }

    [Fact]
    public async Task The_new_referral_dialog_lists_directory_matches_with_their_closure_rate_and_takes_the_one_picked()
    {
        var team = await SignedInTeamAsync(new PatientSeed("Mensah", "Kofi"));
        var tag = $"Zq{Guid.NewGuid():N}"[..10];
        await CommunityResourceServiceTests.AddResourcesAsync(Bed.Database,
            CommunityResourceServiceTests.Resource($"{tag} Heart Clinic", ReferralType.Specialty, "Heart failure clinic", SdohDomain.None, "English, Twi"),
            CommunityResourceServiceTests.Resource($"{tag} Lung Clinic", ReferralType.Specialty, "COPD clinic", SdohDomain.None),
            CommunityResourceServiceTests.Resource($"{tag} Food Bank"));
        var at = Bed.Clock.Now.AddDays(-3);
        await Bed.InsertAsync(Enumerable.Range(0, 4).Select(i =>
        {
            var referral = new Referral(team[0].Id, team.Team.Id, team.Member.Id, ReferralType.Specialty, ReferralUrgency.Routine, $"{tag} Heart Clinic", "Reason", at);
            referral.MoveTo(ReferralStatus.Requested, at, null, null);
            referral.MoveTo(ReferralStatus.Cancelled, at.AddHours(1), null, null);
            if (i < 3)
                referral.Reach(ReferralMilestone.LoopClosed, at.AddHours(2), null, null, outcome: ReferralOutcome.PatientDeclined);
            return referral;
        }));
        var cut = RenderPage();

        cut.Find("[data-testid=new-referral] button, button[data-testid=new-referral]").Click();
        Dialogs.WaitForAssertion(() => Dialogs.Find("[data-testid=new-referral-dialog]"), Patience);
        var search = Dialogs.Find("[data-testid=referral-patient] input, input[data-testid=referral-patient]");
        search.Input("Mensah");
        Popovers.WaitForAssertion(() => Popovers.FindAll(".mud-list-item").Count.ShouldBeGreaterThan(0), Patience);
        Popovers.FindAll(".mud-list-item").First(i => i.TextContent.Contains("Mensah", StringComparison.Ordinal)).Click();
        Dialogs.Find("[data-testid=referral-destination] input, input[data-testid=referral-destination]").Input(tag);

        // Only the specialty organisations (the dialog's type), each with its details and its loops closed.
        Popovers.WaitForAssertion(() => Popovers.FindAll("[data-testid=referral-resource-option]").Count.ShouldBe(2), Patience);
        var options = Popovers.FindAll("[data-testid=referral-resource-option]");
        var heart = options.Single(o => o.TextContent.Contains($"{tag} Heart Clinic", StringComparison.Ordinal));
        heart.TextContent.ShouldContain("Heart failure clinic");
        heart.TextContent.ShouldContain("English, Twi");
        heart.TextContent.ShouldContain("Mon-Fri 9:00-17:00");
        heart.TextContent.ShouldContain("(555) 010-0000");
        heart.QuerySelector("[data-testid=referral-resource-closure]")!.TextContent.ShouldBe("Loops closed: 3 of 4 (75%)");
        options.Single(o => o.TextContent.Contains($"{tag} Lung Clinic", StringComparison.Ordinal))
            .QuerySelector("[data-testid=referral-resource-closure]")!.TextContent.ShouldBe("No finished referrals yet");
        Popovers.FindAll(".mud-list-item").First(i => i.TextContent.Contains($"{tag} Heart Clinic", StringComparison.Ordinal)).Click();
        Dialogs.Find("[data-testid=referral-reason] textarea, textarea[data-testid=referral-reason]").Input("Heart failure follow-up");
        Dialogs.WaitForAssertion(() => CreateButton().HasAttribute("disabled").ShouldBeFalse(), Patience);

        CreateButton().Click();

        var navigation = Services.GetRequiredService<Microsoft.AspNetCore.Components.NavigationManager>();
        cut.WaitForAssertion(() => navigation.Uri.ShouldContain("/referrals/"), Patience);
        var stored = await Bed.ReferralAsync(Guid.Parse(navigation.Uri.Split('/').Last()));
        stored.Destination.ShouldBe($"{tag} Heart Clinic");
    }

    [Fact]
    public async Task The_new_referral_dialog_creates_a_referral_and_opens_it()
    {
        var team = await SignedInTeamAsync(new PatientSeed("Okafor", "Devon"));
        var cut = RenderPage();

        cut.Find("[data-testid=new-referral] button, button[data-testid=new-referral]").Click();
        Dialogs.WaitForAssertion(() => Dialogs.Find("[data-testid=new-referral-dialog]"), Patience);
        var search = Dialogs.Find("[data-testid=referral-patient] input, input[data-testid=referral-patient]");
        search.Input("Okafor");
        Popovers.WaitForAssertion(() => Popovers.FindAll(".mud-list-item").Count.ShouldBeGreaterThan(0), Patience);
        Popovers.FindAll(".mud-list-item").First(i => i.TextContent.Contains("Okafor", StringComparison.Ordinal)).Click();
        Dialogs.Find("[data-testid=referral-destination] input, input[data-testid=referral-destination]").Input("Riverside Cardiology");
        Dialogs.Find("[data-testid=referral-reason] textarea, textarea[data-testid=referral-reason]").Input("Heart failure follow-up");
        Dialogs.WaitForAssertion(() => CreateButton().HasAttribute("disabled").ShouldBeFalse(), Patience);

        CreateButton().Click();

        var navigation = Services.GetRequiredService<Microsoft.AspNetCore.Components.NavigationManager>();
        cut.WaitForAssertion(() => navigation.Uri.ShouldContain("/referrals/"), Patience);
        var id = Guid.Parse(navigation.Uri.Split('/').Last());
        var stored = await Bed.ReferralAsync(id);
        stored.PatientId.ShouldBe(team[0].Id);
        stored.Status.ShouldBe(ReferralStatus.Requested);
        stored.Destination.ShouldBe("Riverside Cardiology");
        stored.OwnerId.ShouldBe(team.Member.Id);
    }

    private AngleSharp.Dom.IElement CreateButton() =>
        Dialogs.FindAll("button").Single(b => b.TextContent.Trim() == "Create referral");
}
