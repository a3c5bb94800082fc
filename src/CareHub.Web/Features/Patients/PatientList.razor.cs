using CareHub.Domain.Patients;
using CareHub.Flux;
using Microsoft.AspNetCore.Components;

namespace CareHub.Web.Features.Patients;

public sealed partial class PatientList
{
    private string? _search;

    [Inject]
    private IState<PatientListState> State { get; set; } = default!;

    [Inject]
    private IDispatcher Dispatcher { get; set; } = default!;

    private PatientQuery Query => State.Value.Query;

    // A total that is only a lower bound ("1,000+") offers the page after it too; paging there counts further.
    private int PageCount => Math.Max(1, (int)Math.Ceiling((State.Value.Total + (State.Value.TotalIsAtLeast ? 1 : 0)) / (double)Query.PageSize));

    private string TotalText => State.Value.TotalIsAtLeast
        ? $"{State.Value.Total:N0}+ patients on your care teams"
        : $"{State.Value.Total:N0} patient{(State.Value.Total == 1 ? "" : "s")} on your care teams";

    private string NoRecordsText => Query.Search is null
        ? "No patients on your care teams yet."
        : $"No patient on your care teams matches \"{Query.Search}\".";

    protected override void OnInitialized()
    {
        _search = Query.Search;
        Dispatcher.Dispatch(new LoadPatientsAction(Query));
    }

    private void OnSearchChanged(string? value)
    {
        _search = value;
        Dispatcher.Dispatch(new LoadPatientsAction(Query with { Search = value, Page = 0 }));
    }

    private void SortBy(PatientSort sort) =>
        Dispatcher.Dispatch(new LoadPatientsAction(Query with { Sort = sort, Descending = Query.Sort == sort && !Query.Descending, Page = 0 }));

    private void OnPageChanged(int page) => Dispatcher.Dispatch(new LoadPatientsAction(Query with { Page = page - 1 }));

    private void OnPageSizeChanged(int size) => Dispatcher.Dispatch(new LoadPatientsAction(Query with { PageSize = size, Page = 0 }));

    /// <summary>Sort state belongs on the header cell (a button may not carry aria-sort).</summary>
    private string AriaSort(PatientSort column) =>
        Query.Sort != column ? "none" : Query.Descending ? "descending" : "ascending";

    private static string SexLetter(AdministrativeSex sex) => sex switch
    {
        AdministrativeSex.Female => "F",
        AdministrativeSex.Male => "M",
        AdministrativeSex.Other => "X",
        _ => "",
    };
}
