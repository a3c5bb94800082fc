using System.Collections.Immutable;
using CareHub.Flux;

namespace CareHub.Web.Features.Patients;

[FeatureState(Name = "PatientList")]
public sealed record PatientListState
{
    public PatientQuery Query { get; init; } = new();
    public ImmutableArray<PatientRow> Rows { get; init; } = [];
    public int Total { get; init; }

    /// <summary>More patients match than <see cref="Total"/>: the list shows "1,000+".</summary>
    public bool TotalIsAtLeast { get; init; }
    public bool IsLoading { get; init; }
    public string? Error { get; init; }

    /// <summary>Which request the shown rows answer; an older answer arriving late is ignored.</summary>
    public long RequestId { get; init; }
}
