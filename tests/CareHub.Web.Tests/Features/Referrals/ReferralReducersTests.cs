using CareHub.Domain.Referrals;
using CareHub.Web.Features.Referrals;

namespace CareHub.Web.Tests.Features.Referrals;

/// <summary>The worklist's and the detail's reducers as plain functions.</summary>
public sealed class ReferralReducersTests
{
    private static readonly ReferralFilter Open = new();

    private static ReferralWorklistState Shown(params ReferralRow[] rows) =>
        new() { Filter = Open, Status = ReferralWorklistStatus.Loaded, Rows = rows, NextCursor = "c1" };

    [Fact]
    public void A_new_filter_clears_the_rows_and_shows_loading()
    {
        var overdue = Open with { OverdueOnly = true };

        var state = ReferralWorklistReducers.OnLoad(Shown(ReferralSamples.Row()), new LoadReferralWorklistAction(overdue));

        state.Filter.ShouldBe(overdue);
        state.Status.ShouldBe(ReferralWorklistStatus.Loading);
        state.Rows.ShouldBeEmpty();
        state.NextCursor.ShouldBeNull();
    }

    [Fact]
    public void A_loaded_page_is_shown_in_the_services_order_with_its_cursor()
    {
        var loading = ReferralWorklistReducers.OnLoad(new ReferralWorklistState(), new LoadReferralWorklistAction(Open));
        ReferralRow[] rows = [ReferralSamples.Row("B"), ReferralSamples.Row("A")];

        var state = ReferralWorklistReducers.OnLoaded(loading, new ReferralWorklistLoadedAction(Open, new ReferralPage(rows, "next")));

        state.Status.ShouldBe(ReferralWorklistStatus.Loaded);
        state.Rows.ShouldBe(rows);
        state.NextCursor.ShouldBe("next");
    }

    [Fact]
    public void A_page_for_a_filter_no_longer_shown_is_dropped()
    {
        var shown = Shown(ReferralSamples.Row());

        var state = ReferralWorklistReducers.OnLoaded(shown,
            new ReferralWorklistLoadedAction(Open with { IncludeClosed = true }, new ReferralPage([ReferralSamples.Row()], null)));

        state.ShouldBeSameAs(shown);
    }

    [Fact]
    public void Load_more_appends_the_next_page_without_repeating_rows()
    {
        var a = ReferralSamples.Row("A");
        var b = ReferralSamples.Row("B");
        var shown = ReferralWorklistReducers.OnLoadMore(Shown(a));
        shown.LoadingMore.ShouldBeTrue();

        var state = ReferralWorklistReducers.OnAppended(shown, new ReferralWorklistAppendedAction(Open, "c1", new ReferralPage([a, b], null)));

        state.Rows.ShouldBe([a, b]);
        state.NextCursor.ShouldBeNull();
        state.LoadingMore.ShouldBeFalse();
    }

    [Fact]
    public void A_more_page_read_after_another_cursor_is_dropped()
    {
        var shown = Shown(ReferralSamples.Row());

        var state = ReferralWorklistReducers.OnAppended(shown, new ReferralWorklistAppendedAction(Open, "old", new ReferralPage([ReferralSamples.Row()], null)));

        state.ShouldBeSameAs(shown);
    }

    [Fact]
    public void Load_more_on_the_last_page_does_nothing()
    {
        var last = Shown(ReferralSamples.Row()) with { NextCursor = null };

        ReferralWorklistReducers.OnLoadMore(last).ShouldBeSameAs(last);
    }

    [Fact]
    public void A_remote_change_keeps_the_rows_on_screen_until_the_reload_replaces_them()
    {
        var old = ReferralSamples.Row("A");
        var shown = Shown(old);

        var refreshing = ReferralWorklistReducers.OnChangedRemotely(shown, new ReferralsChangedRemotelyAction(ReferralSamples.TeamId, old.Id, 2));
        refreshing.Refreshing.ShouldBeTrue();
        refreshing.Rows.ShouldBe([old]);

        var changed = old with { Version = 2, Status = ReferralStatus.Accepted };
        var reloaded = ReferralWorklistReducers.OnLoaded(refreshing, new ReferralWorklistLoadedAction(Open, new ReferralPage([changed], "c1")));

        reloaded.Refreshing.ShouldBeFalse();
        reloaded.Rows.ShouldBe([changed]);
    }

    [Fact]
    public void A_failed_reload_keeps_the_rows_and_says_so()
    {
        var shown = Shown(ReferralSamples.Row());

        var state = ReferralWorklistReducers.OnLoadFailed(shown, new ReferralWorklistLoadFailedAction(Open, "out of date"));

        state.Status.ShouldBe(ReferralWorklistStatus.Loaded);
        state.Rows.Count.ShouldBe(1);
        state.Error.ShouldBe("out of date");
    }

    [Fact]
    public void Metrics_of_another_team_than_the_filters_are_dropped()
    {
        var shown = Shown() with { Filter = Open with { TeamId = ReferralSamples.TeamId } };

        ReferralWorklistReducers.OnMetricsLoaded(shown, new ReferralMetricsLoadedAction(null, ReferralSamples.Metrics())).ShouldBeSameAs(shown);
        ReferralWorklistReducers.OnMetricsLoaded(shown, new ReferralMetricsLoadedAction(ReferralSamples.TeamId, ReferralSamples.Metrics()))
            .Metrics.ShouldNotBeNull();
    }

    [Fact]
    public void A_loaded_referral_is_shown_and_a_missing_one_is_not_found()
    {
        var id = Guid.NewGuid();
        var loading = ReferralDetailReducers.OnLoad(new ReferralDetailState(), new LoadReferralDetailAction(id));
        loading.Status.ShouldBe(ReferralDetailStatus.Loading);
        var detail = ReferralSamples.Detail(ReferralSamples.Row() with { Id = id });

        ReferralDetailReducers.OnLoaded(loading, new ReferralDetailLoadedAction(id, detail)).Detail.ShouldBeSameAs(detail);
        ReferralDetailReducers.OnLoaded(loading, new ReferralDetailLoadedAction(id, null)).Status.ShouldBe(ReferralDetailStatus.NotFound);
    }

    [Fact]
    public void An_older_read_arriving_after_a_newer_one_does_not_replace_it()
    {
        var row = ReferralSamples.Row();
        var shown = new ReferralDetailState { ReferralId = row.Id, Detail = ReferralSamples.Detail(row with { Version = 5 }), Status = ReferralDetailStatus.Loaded };

        var state = ReferralDetailReducers.OnLoaded(shown, new ReferralDetailLoadedAction(row.Id, ReferralSamples.Detail(row with { Version = 4 })));

        state.ShouldBeSameAs(shown);
    }

    [Fact]
    public void A_stale_answer_shows_its_message_and_ends_the_save()
    {
        var row = ReferralSamples.Row();
        var shown = new ReferralDetailState { ReferralId = row.Id, Detail = ReferralSamples.Detail(row), Status = ReferralDetailStatus.Loaded };
        var saving = ReferralDetailReducers.OnMove(shown, new MoveReferralAction(row.Id, row.Version, ReferralStatus.Accepted, null));
        saving.Saving.ShouldBeTrue();

        var state = ReferralDetailReducers.OnChangeFailed(saving, new ReferralChangeFailedAction(row.Id, "Someone else changed it.", Stale: true));

        state.Saving.ShouldBeFalse();
        state.Error.ShouldBe("Someone else changed it.");
        state.Detail.ShouldBeSameAs(shown.Detail);
    }

    [Fact]
    public void Opening_another_referral_starts_clean()
    {
        var row = ReferralSamples.Row();
        var shown = new ReferralDetailState { ReferralId = row.Id, Detail = ReferralSamples.Detail(row), Status = ReferralDetailStatus.Loaded, Error = "x" };
        var other = Guid.NewGuid();

        ReferralDetailReducers.OnLoad(shown, new LoadReferralDetailAction(other))
            .ShouldBe(new ReferralDetailState { ReferralId = other, Status = ReferralDetailStatus.Loading });
    }
}

/// <summary>Rows, details and metrics for the referral screens' tests.</summary>
internal static class ReferralSamples
{
    public static readonly Guid TeamId = Guid.NewGuid();

    public static ReferralClock Clock(ReferralClockState state, int? daysLeft = null, int? daysOverdue = null,
        ReferralClockStage stage = ReferralClockStage.Acceptance) =>
        new(stage, state, state == ReferralClockState.NotStarted ? null : new DateOnly(2026, 3, 4), daysLeft, daysOverdue);

    public static ReferralClockSet Clocks(ReferralClock? acceptance = null) => new(
        acceptance ?? Clock(ReferralClockState.Due, daysLeft: 3),
        Clock(ReferralClockState.Due, daysLeft: 8, stage: ReferralClockStage.Appointment),
        Clock(ReferralClockState.Due, daysLeft: 20, stage: ReferralClockStage.Result));

    public static ReferralRow Row(string patient = "Abara, Ify", ReferralClockSet? clocks = null, bool hidden = false) => new(
        Guid.NewGuid(), 1, Guid.NewGuid(), patient, TeamId, "North", ReferralType.BehavioralHealth, ReferralUrgency.Urgent,
        ReferralStatus.Requested, hidden ? "Restricted" : "Lakeside Counselling", hidden, hidden, Guid.NewGuid(), "Casey Member",
        new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.Zero),
        clocks ?? Clocks(), LoopClosed: false, Outcome: null);

    public static ReferralDetail Detail(ReferralRow row) => new(
        row, "Low mood", null, null, null, null, null, null, [], [ReferralStatus.Accepted], [], NeedsConsent: false);

    public static ReferralMetrics Metrics() => new(3, 1, 1, 2, 4, 0.5, 6, [], [], []);
}
