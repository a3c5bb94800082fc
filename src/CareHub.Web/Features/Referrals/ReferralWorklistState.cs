using CareHub.Flux;

namespace CareHub.Web.Features.Referrals;

public enum ReferralWorklistStatus
{
    Idle,
    Loading,
    Loaded,
    Failed,
}

/// <summary>
/// The referral worklist this circuit shows: the filter, the rows of the pages loaded so far (in the service's
/// order: by the clock), the cursor of the next page, the user's teams and their people, and the metrics panel.
/// </summary>
[FeatureState(Name = "ReferralWorklist")]
public sealed record ReferralWorklistState
{
    public const int PageSize = 50;

    public ReferralFilter Filter { get; init; } = new();
    public ReferralWorklistStatus Status { get; init; }
    public IReadOnlyList<ReferralRow> Rows { get; init; } = [];
    public string? NextCursor { get; init; }
    public bool LoadingMore { get; init; }

    /// <summary>A change arrived on a team's topic; the rows are being read again (they stay on screen meanwhile).</summary>
    public bool Refreshing { get; init; }

    public string? Error { get; init; }

    /// <summary>The user's teams; null until they were asked for.</summary>
    public IReadOnlyList<ReferralTeam>? Teams { get; init; }

    /// <summary>Everyone who can own a referral of the user's teams (for the owner filter).</summary>
    public IReadOnlyList<ReferralOwner> Owners { get; init; } = [];

    public ReferralMetrics? Metrics { get; init; }
    public string? MetricsError { get; init; }
}
