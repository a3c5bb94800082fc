using CareHub.Web.Features.Patients;
using static CareHub.Web.Tests.Features.Patients.PatientsSamples;

namespace CareHub.Web.Tests.Features.Patients;

/// <summary>The patient list's reducers as plain functions: state in, action in, state out.</summary>
public sealed class PatientListReducersTests
{
    [Fact]
    public void Loading_starts_a_new_request_with_the_normalised_query_and_keeps_the_rows_shown()
    {
        var shown = new PatientListState { Rows = [Row("Garcia, Ana")], Total = 1, RequestId = 4, Error = "earlier failure" };

        var state = PatientListReducers.OnLoad(shown, new LoadPatientsAction(new PatientQuery("  Garcia  ", PageSize: 7, Page: -1)));

        state.RequestId.ShouldBe(5);
        state.IsLoading.ShouldBeTrue();
        state.Error.ShouldBeNull();
        state.Query.ShouldBe(new PatientQuery("Garcia", PageSize: 25, Page: 0));
        state.Rows.ShouldBe(shown.Rows);
    }

    [Fact]
    public void The_answer_to_the_latest_request_replaces_rows_total_and_query()
    {
        var loading = PatientListReducers.OnLoad(new PatientListState(), new LoadPatientsAction(new PatientQuery("Gar")));
        var query = new PatientQuery("Gar", PageSize: 50);

        var state = PatientListReducers.OnLoaded(loading, new LoadPatientsSucceededAction(loading.RequestId, Page(query, 120, Row("Garcia, Ana"), Row("Garner, Bo"))));

        state.Rows.Select(r => r.Name).ShouldBe(["Garcia, Ana", "Garner, Bo"]);
        state.Total.ShouldBe(120);
        state.TotalIsAtLeast.ShouldBeFalse();
        state.Query.ShouldBe(query);
        state.IsLoading.ShouldBeFalse();
    }

    [Fact]
    public void A_total_that_is_a_lower_bound_is_kept_as_one_and_an_exact_one_replaces_it()
    {
        var loading = PatientListReducers.OnLoad(new PatientListState(), new LoadPatientsAction(new PatientQuery()));
        var estimated = PatientListReducers.OnLoaded(loading, new LoadPatientsSucceededAction(loading.RequestId,
            Page(new PatientQuery(), 1000, Row("Abbott, Aaron")) with { TotalIsAtLeast = true }));
        var searching = PatientListReducers.OnLoad(estimated, new LoadPatientsAction(new PatientQuery("Abb")));

        var exact = PatientListReducers.OnLoaded(searching, new LoadPatientsSucceededAction(searching.RequestId, Page(new PatientQuery("Abb"), 1, Row("Abbott, Aaron"))));

        (estimated.Total, estimated.TotalIsAtLeast).ShouldBe((1000, true));
        (exact.Total, exact.TotalIsAtLeast).ShouldBe((1, false));
    }

    [Fact]
    public void A_late_answer_to_an_earlier_request_is_ignored()
    {
        var first = PatientListReducers.OnLoad(new PatientListState(), new LoadPatientsAction(new PatientQuery("G")));
        var second = PatientListReducers.OnLoad(first, new LoadPatientsAction(new PatientQuery("Garcia")));
        var current = PatientListReducers.OnLoaded(second, new LoadPatientsSucceededAction(second.RequestId, Page(second.Query, 1, Row("Garcia, Ana"))));

        var afterLateSuccess = PatientListReducers.OnLoaded(current, new LoadPatientsSucceededAction(first.RequestId, Page(first.Query, 300, Row("Gaines, Al"))));
        var afterLateFailure = PatientListReducers.OnFailed(current, new LoadPatientsFailedAction(first.RequestId, "timed out"));
        var whileStillLoading = PatientListReducers.OnLoaded(second, new LoadPatientsSucceededAction(first.RequestId, Page(first.Query, 300, Row("Gaines, Al"))));

        afterLateSuccess.ShouldBeSameAs(current);
        afterLateFailure.ShouldBeSameAs(current);
        whileStillLoading.ShouldBeSameAs(second);
        whileStillLoading.IsLoading.ShouldBeTrue();
    }

    [Fact]
    public void A_failure_of_the_latest_request_shows_its_message_and_keeps_the_rows()
    {
        var shown = PatientListReducers.OnLoaded(
            PatientListReducers.OnLoad(new PatientListState(), new LoadPatientsAction(new PatientQuery())),
            new LoadPatientsSucceededAction(1, Page(new PatientQuery(), 1, Row("Garcia, Ana"))));
        var loading = PatientListReducers.OnLoad(shown, new LoadPatientsAction(new PatientQuery(Page: 1)));

        var state = PatientListReducers.OnFailed(loading, new LoadPatientsFailedAction(loading.RequestId, "The patient list could not be loaded."));

        state.Error.ShouldBe("The patient list could not be loaded.");
        state.IsLoading.ShouldBeFalse();
        state.Rows.ShouldBe(shown.Rows);
    }

    [Fact]
    public void Reducers_do_not_change_the_state_they_are_given()
    {
        var before = new PatientListState { RequestId = 2 };

        _ = PatientListReducers.OnLoad(before, new LoadPatientsAction(new PatientQuery("x")));

        before.ShouldBe(new PatientListState { RequestId = 2 });
    }
}
