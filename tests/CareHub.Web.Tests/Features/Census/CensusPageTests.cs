using System.Security.Claims;
using Bunit;
using CareHub.Data;
using CareHub.Domain.Encounters;
using CareHub.Flux;
using CareHub.Web.Features.Census;
using CareHub.Web.Realtime;
using CareHub.Web.Security;
using CareHub.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using static CareHub.Web.Tests.Features.Census.CensusSamples;

namespace CareHub.Web.Tests.Features.Census;

/// <summary>
/// The census board with the real store, reducers and effects over a fake reader, and the in-process bus: what one
/// circuit shows. Virtualize draws only a window of rows (bUnit has no browser to measure with), so tests with many
/// rows assert on the window, not on every row.
/// </summary>
public sealed class CensusPageTests : CareHubComponentTest
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);
    private static readonly Guid Me = Guid.Parse("5ea1f000-0000-0000-0000-000000000001");

    private readonly FakeCensusReader _reader = new();
    private readonly InProcessRealtimeBus _bus = new(NullLogger<InProcessRealtimeBus>.Instance);

    public CensusPageTests()
    {
        var user = new CurrentUser(new DbContextOptionsBuilder<CareHubDbContext>().Options, new ServiceCollection().BuildServiceProvider());
        user.Set(new ClaimsPrincipal(new ClaimsIdentity([new Claim(CareHubClaims.StaffId, Me.ToString())], "test")), "circuit:bunit");
        Services.AddLogging();
        Services.AddFlux(o => o.ScanTypes(typeof(CensusState), typeof(CensusReducers), typeof(CensusEffects)));
        Services.AddSingleton<ICensusReader>(_reader);
        Services.AddSingleton(Clock());
        Services.AddSingleton<IRealtimeBus>(_bus);
        Services.AddSingleton(user);
        Services.AddScoped<CircuitContext>();
        RenderPopoverProvider();
    }

    private async Task<IRenderedComponent<CensusPage>> RenderPageAsync()
    {
        await Services.GetRequiredService<IStore>().InitializeAsync();
        var cut = Render<CensusPage>();
        cut.WaitForAssertion(() => cut.Find("[data-testid=census-page]").GetAttribute("data-status").ShouldBe(nameof(CensusStatus.Loaded)), Patience);
        return cut;
    }

    private static string Tile(IRenderedComponent<CensusPage> cut, string name) =>
        cut.Find($"[data-testid=census-tile-{name}] [data-testid=census-tile-value]").TextContent.Trim();

    private static List<string?> ShownPatients(IRenderedComponent<CensusPage> cut) =>
        [.. cut.FindAll("[data-testid=census-row]").Select(r => r.GetAttribute("data-patient-id"))];

    [Fact]
    public async Task The_board_shows_the_figures_and_a_row_per_patient_with_its_stay()
    {
        var ify = Row("Abara, Ify", mrn: "MRN00421", unit: "4 West", bed: "12") with
        {
            Readmission = true, Lace = new CensusLace(5, 3, 2, 1), Coordinator = "Dana Reyes", OpenReferrals = 2,
        };
        var ada = Row("Bello, Ada", unit: "ED", bed: "3", encounterClass: EncounterClass.Emergency, admittedAt: Local(10, 7));
        var obi = Row("Chukwu, Obi", place: CensusPlace.DischargedToday) with { TransitionCallDueAt = Local(10, 9) };
        _reader.Put(ify, ada, obi);

        var cut = await RenderPageAsync();

        Tile(cut, "inhouse").ShouldBe("2");
        Tile(cut, "inpatient").ShouldBe("1");
        Tile(cut, "ed").ShouldBe("1");
        Tile(cut, "discharges").ShouldBe("1");
        Tile(cut, "admissions").ShouldBe("1");
        Tile(cut, "readmissions").ShouldBe("1");
        Tile(cut, "highlace").ShouldBe("1");
        ShownPatients(cut).ShouldBe([ify.PatientId.ToString(), ada.PatientId.ToString(), obi.PatientId.ToString()], ignoreOrder: true);
        var row = cut.Find($"[data-testid=census-row][data-patient-id='{ify.PatientId}']");
        row.QuerySelector("[data-testid=census-patient-link]")!.GetAttribute("href").ShouldBe($"/patients/{ify.PatientId}");
        row.TextContent.ShouldContain("MRN00421");
        row.QuerySelector("[data-testid=census-lace]")!.GetAttribute("aria-label").ShouldBe("LACE L 5 + A 3 + C 2 + E 1 = 11");
        row.QuerySelector("[data-testid=census-readmit]")!.TextContent.Trim().ShouldBe("30-day readmit");
        row.QuerySelector("[data-testid=census-class]")!.TextContent.Trim().ShouldBe("Inpatient");
        cut.Find($"[data-testid=census-row][data-patient-id='{ada.PatientId}'] [data-testid=census-class]").TextContent.Trim().ShouldBe("ED");
        cut.Find($"[data-testid=census-row][data-patient-id='{obi.PatientId}'] [data-testid=census-discharged]").TextContent.ShouldContain("Home");
        var call = cut.Find($"[data-testid=census-row][data-patient-id='{obi.PatientId}'] [data-testid=census-transition]");
        call.GetAttribute("data-overdue").ShouldBe("true"); // due 09:00, now 10:00
        call.TextContent.ShouldContain("Overdue");
        Tile(cut, "transitions").ShouldBe("1");
        cut.FindAll("[data-testid=census-unit-row]").Count.ShouldBe(2);
        cut.Find("[data-testid=census-count]").TextContent.Trim().ShouldBe("3 patients");
    }

    [Fact]
    public async Task A_tile_shows_exactly_its_patients_and_pressed_again_shows_all()
    {
        var ify = Row("Abara, Ify");
        var ada = Row("Bello, Ada", encounterClass: EncounterClass.Emergency);
        var obi = Row("Chukwu, Obi", encounterClass: EncounterClass.Emergency, place: CensusPlace.DischargedToday);
        _reader.Put(ify, ada, obi);
        var cut = await RenderPageAsync();

        cut.Find("[data-testid=census-tile-ed]").Click();

        cut.WaitForAssertion(() => ShownPatients(cut).ShouldBe([ada.PatientId.ToString()]), Patience);
        cut.Find("[data-testid=census-tile-ed]").GetAttribute("aria-pressed").ShouldBe("true");
        cut.Find("[data-testid=census-count]").TextContent.Trim().ShouldBe("1 of 3 patients");

        cut.Find("[data-testid=census-tile-ed]").Click();

        cut.WaitForAssertion(() => ShownPatients(cut).Count.ShouldBe(3), Patience);
        cut.Find("[data-testid=census-tile-ed]").GetAttribute("aria-pressed").ShouldBe("false");
    }

    [Fact]
    public async Task A_change_to_one_patient_on_the_team_topic_updates_that_row_on_screen()
    {
        var ify = Row("Abara, Ify", unit: "4 West", bed: "12");
        var ada = Row("Bello, Ada");
        _reader.Put(ify, ada);
        var cut = await RenderPageAsync();
        var reads = _reader.BoardReads;

        _reader.Rows[ify.PatientId] = ify with { Unit = "ICU", Bed = "3", Version = 2, Coordinator = "Dana Reyes" };
        await _bus.PublishAsync(new RealtimeEvent(Topics.Census(TeamA), "census.changed", ify.PatientId, 2, Now), Xunit.TestContext.Current.CancellationToken);

        cut.WaitForAssertion(() =>
            cut.Find($"[data-testid=census-row][data-patient-id='{ify.PatientId}'] [data-testid=census-coordinator]").TextContent.Trim().ShouldBe("Dana Reyes"),
            Patience);
        cut.Find($"[data-testid=census-row][data-patient-id='{ify.PatientId}']").TextContent.ShouldContain("ICU · bed 3");
        _reader.RowReads.ShouldBe([ify.PatientId]);
        _reader.BoardReads.ShouldBe(reads);
    }

    [Fact]
    public async Task A_patient_changed_action_adds_a_new_admission_and_removes_one_off_the_census()
    {
        var ify = Row("Abara, Ify");
        _reader.Put(ify);
        var cut = await RenderPageAsync();
        var dispatcher = Services.GetRequiredService<IDispatcher>();

        var ada = Row("Bello, Ada", encounterClass: EncounterClass.Observation);
        _reader.Put(ada);
        dispatcher.Dispatch(new CensusPatientChangedAction(ada.PatientId));
        cut.WaitForAssertion(() => ShownPatients(cut).Count.ShouldBe(2), Patience);
        cut.WaitForAssertion(() => Tile(cut, "observation").ShouldBe("1"), Patience);

        _reader.Rows.TryRemove(ify.PatientId, out _);
        dispatcher.Dispatch(new CensusPatientChangedAction(ify.PatientId));
        cut.WaitForAssertion(() => ShownPatients(cut).ShouldBe([ada.PatientId.ToString()]), Patience);
    }

    [Fact]
    public async Task When_nothing_matches_the_board_says_so()
    {
        _reader.Put(Row("Abara, Ify"));
        var cut = await RenderPageAsync();

        Services.GetRequiredService<IDispatcher>().Dispatch(new CensusFilterChangedAction(new CensusFilter { Search = "zz" }));

        cut.WaitForAssertion(() => cut.Find("[data-testid=census-empty]").TextContent.Trim().ShouldBe("No patients match these filters."), Patience);
        cut.FindAll("[data-testid=census-row]").ShouldBeEmpty();
    }

    [Fact]
    public async Task An_empty_census_says_nobody_is_on_it()
    {
        var cut = await RenderPageAsync();

        cut.Find("[data-testid=census-empty]").TextContent.Trim().ShouldBe("Nobody of your teams is on the census today.");
        Tile(cut, "inhouse").ShouldBe("0");
    }

    [Fact]
    public async Task Thousands_of_rows_draw_only_a_window_from_the_top_of_the_order()
    {
        var rows = Enumerable.Range(0, 3000).Select(i => Row($"Patient {i:0000}", unit: "4 West", bed: (i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture))).ToArray();
        _reader.Put(rows);

        var cut = await RenderPageAsync();

        Tile(cut, "inhouse").ShouldBe("3000");
        cut.Find("[data-testid=census-count]").TextContent.Trim().ShouldBe("3000 patients");
        var shown = ShownPatients(cut);
        shown.Count.ShouldBeInRange(1, 200);
        shown[0].ShouldBe(rows[0].PatientId.ToString()); // bed 1 first, in bed-number order
    }

    [Fact]
    public async Task Sorting_by_name_reorders_the_rows()
    {
        var ify = Row("Abara, Ify", bed: "2");
        var ada = Row("Bello, Ada", bed: "1");
        _reader.Put(ify, ada);
        var cut = await RenderPageAsync();
        ShownPatients(cut).ShouldBe([ada.PatientId.ToString(), ify.PatientId.ToString()]);

        cut.Find("[data-testid=census-sort-name]").Click();

        cut.WaitForAssertion(() => ShownPatients(cut).ShouldBe([ify.PatientId.ToString(), ada.PatientId.ToString()]), Patience);
    }

    [Fact]
    public async Task My_patients_shows_the_rows_I_coordinate()
    {
        var mine = Row("Abara, Ify") with { CoordinatorId = Me, Coordinator = "Me" };
        _reader.Put(mine, Row("Bello, Ada") with { CoordinatorId = Guid.NewGuid() });
        var cut = await RenderPageAsync();

        Services.GetRequiredService<IDispatcher>().Dispatch(new CensusFilterChangedAction(new CensusFilter { MyPatientsOnly = true }));

        cut.WaitForAssertion(() => ShownPatients(cut).ShouldBe([mine.PatientId.ToString()]), Patience);
    }

    [Fact]
    public async Task When_the_connection_comes_back_the_whole_board_is_read_again()
    {
        _reader.Put(Row("Abara, Ify"));
        var cut = await RenderPageAsync();
        var reads = _reader.BoardReads;
        var circuit = Services.GetRequiredService<CircuitContext>();
        _reader.Put(Row("Bello, Ada"));

        circuit.ConnectionChanged(false);
        circuit.ConnectionChanged(true);

        cut.WaitForAssertion(() => ShownPatients(cut).Count.ShouldBe(2), Patience);
        _reader.BoardReads.ShouldBe(reads + 1);
    }

    [Fact]
    public async Task The_board_follows_the_census_topic_of_each_of_the_users_teams()
    {
        _reader.Teams = [new CensusTeam(TeamA, "North"), new CensusTeam(TeamB, "South")];
        var ada = Row("Bello, Ada", teamId: TeamB);
        var cut = await RenderPageAsync();
        cut.Find("[data-testid=census-empty]");

        // A first admission for team B (no row of B on the board yet) arrives live.
        _reader.Put(ada);
        await _bus.PublishAsync(new RealtimeEvent(Topics.Census(TeamB), "census.changed", ada.PatientId, 1, Now), Xunit.TestContext.Current.CancellationToken);

        cut.WaitForAssertion(() => ShownPatients(cut).ShouldBe([ada.PatientId.ToString()]), Patience);
        _reader.BoardReads.ShouldBe(1);
        cut.Find("[data-testid=census-filter-team]");
    }
}
