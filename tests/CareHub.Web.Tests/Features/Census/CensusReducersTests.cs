using CareHub.Web.Features.Census;
using static CareHub.Web.Tests.Features.Census.CensusSamples;

namespace CareHub.Web.Tests.Features.Census;

/// <summary>The census reducers as plain functions.</summary>
public sealed class CensusReducersTests
{
    private static CensusState Shown(params CensusRow[] rows) =>
        CensusReducers.OnLoaded(CensusReducers.OnLoad(new CensusState(), new LoadCensusAction(null)), new CensusLoadedAction(null, Board(rows)));

    [Fact]
    public void Loading_the_board_shows_loading_and_a_loaded_board_shows_its_rows_facilities_and_time()
    {
        var loading = CensusReducers.OnLoad(new CensusState(), new LoadCensusAction(null));
        loading.Status.ShouldBe(CensusStatus.Loading);

        var rows = new[] { Row("Abara, Ify"), Row("Bello, Ada") };
        var state = CensusReducers.OnLoaded(loading, new CensusLoadedAction(null, Board(rows)));

        state.Status.ShouldBe(CensusStatus.Loaded);
        state.Rows.ShouldBe(rows);
        state.Facilities.ShouldBe([Mercy, Oaks]);
        state.AsOf.ShouldBe(Now);
        state.Refreshing.ShouldBeFalse();
    }

    [Fact]
    public void Loading_the_same_board_again_keeps_the_rows_on_screen_and_another_teams_board_clears_them()
    {
        var shown = Shown(Row());

        var again = CensusReducers.OnLoad(shown, new LoadCensusAction(null));
        again.Status.ShouldBe(CensusStatus.Loaded);
        again.Refreshing.ShouldBeTrue();
        again.Rows.Count.ShouldBe(1);

        var other = CensusReducers.OnLoad(shown, new LoadCensusAction(TeamB));
        other.Status.ShouldBe(CensusStatus.Loading);
        other.Rows.ShouldBeEmpty();
        other.TeamId.ShouldBe(TeamB);
    }

    [Fact]
    public void A_board_read_for_another_team_than_the_one_shown_is_dropped()
    {
        var loading = CensusReducers.OnLoad(new CensusState(), new LoadCensusAction(TeamA));

        var state = CensusReducers.OnLoaded(loading, new CensusLoadedAction(TeamB, Board(Row())));

        state.ShouldBeSameAs(loading);
    }

    [Fact]
    public void A_failed_first_read_fails_and_a_failed_refresh_keeps_the_rows_with_the_message()
    {
        var loading = CensusReducers.OnLoad(new CensusState(), new LoadCensusAction(null));
        var failed = CensusReducers.OnLoadFailed(loading, new CensusLoadFailedAction(null, "no"));
        failed.Status.ShouldBe(CensusStatus.Failed);
        failed.Error.ShouldBe("no");

        var refreshing = CensusReducers.OnReload(Shown(Row()));
        refreshing.Refreshing.ShouldBeTrue();
        var kept = CensusReducers.OnLoadFailed(refreshing, new CensusLoadFailedAction(null, "stale"));
        kept.Status.ShouldBe(CensusStatus.Loaded);
        kept.Rows.Count.ShouldBe(1);
        kept.Refreshing.ShouldBeFalse();
        kept.Error.ShouldBe("stale");
    }

    [Fact]
    public void A_patients_new_row_replaces_theirs_in_place()
    {
        var first = Row("Abara, Ify");
        var second = Row("Bello, Ada");
        var shown = Shown(first, second);
        var moved = first with { Unit = "ICU", Bed = "3", Version = 2 };

        var state = CensusReducers.OnRowLoaded(shown, new CensusRowLoadedAction(first.PatientId, moved));

        state.Rows.ShouldBe([moved, second]);
        shown.Rows.ShouldBe([first, second]); // the old state is untouched
    }

    [Fact]
    public void A_patient_new_to_the_census_is_added_and_one_off_the_census_is_removed()
    {
        var first = Row("Abara, Ify");
        var second = Row("Bello, Ada");
        var added = Row("Chukwu, Obi");

        var withAdded = CensusReducers.OnRowLoaded(Shown(first, second), new CensusRowLoadedAction(added.PatientId, added));
        withAdded.Rows.ShouldBe([first, second, added]);

        var withoutFirst = CensusReducers.OnRowLoaded(withAdded, new CensusRowLoadedAction(first.PatientId, null));
        withoutFirst.Rows.ShouldBe([second, added]);

        var unknownGone = CensusReducers.OnRowLoaded(withoutFirst, new CensusRowLoadedAction(Guid.NewGuid(), null));
        unknownGone.ShouldBeSameAs(withoutFirst);
    }

    [Fact]
    public void An_older_read_of_the_same_stay_does_not_put_old_figures_back_but_a_new_stay_replaces_it()
    {
        var newer = Row(version: 5);
        var shown = Shown(newer);

        CensusReducers.OnRowLoaded(shown, new CensusRowLoadedAction(newer.PatientId, newer with { Version = 4, Bed = "old" }))
            .Rows.ShouldBe([newer]);

        var readmitted = Row(patientId: newer.PatientId, version: 1, bed: "7");
        CensusReducers.OnRowLoaded(shown, new CensusRowLoadedAction(newer.PatientId, readmitted)).Rows.ShouldBe([readmitted]);
    }

    [Fact]
    public void A_row_read_before_the_board_is_shown_is_ignored_the_board_brings_it()
    {
        var loading = CensusReducers.OnLoad(new CensusState(), new LoadCensusAction(null));
        var row = Row();

        CensusReducers.OnRowLoaded(loading, new CensusRowLoadedAction(row.PatientId, row)).ShouldBeSameAs(loading);
    }

    [Fact]
    public void A_board_with_a_patient_twice_keeps_one_row_per_patient()
    {
        var row = Row();

        Shown(row, row with { Bed = "2" }).Rows.ShouldBe([row]);
    }

    [Fact]
    public void Changing_the_filter_or_the_order_keeps_the_rows()
    {
        var shown = Shown(Row());
        var filter = new CensusFilter { HighLaceOnly = true, Search = "ab" };

        var filtered = CensusReducers.OnFilterChanged(shown, new CensusFilterChangedAction(filter));
        filtered.Filter.ShouldBe(filter);
        filtered.Rows.ShouldBeSameAs(shown.Rows);

        var sorted = CensusReducers.OnSortChanged(filtered, new CensusSortChangedAction(new CensusSort(CensusSortKey.Lace, true)));
        sorted.Sort.ShouldBe(new CensusSort(CensusSortKey.Lace, true));
        sorted.Filter.ShouldBe(filter);
    }

    [Fact]
    public void A_reload_before_anything_was_shown_changes_nothing()
    {
        var idle = new CensusState();

        CensusReducers.OnReload(idle).ShouldBeSameAs(idle);
    }
}
