using CareHub.Flux;

namespace CareHub.Web.Features.Referrals;

public enum ReferralDetailStatus
{
    Idle,
    Loading,
    Loaded,
    NotFound,
    Failed,
}

/// <summary>The referral this circuit shows, with its timeline, the people who can own it, and the last change's answer.</summary>
[FeatureState(Name = "ReferralDetail")]
public sealed record ReferralDetailState
{
    public Guid? ReferralId { get; init; }
    public ReferralDetail? Detail { get; init; }
    public ReferralDetailStatus Status { get; init; }

    /// <summary>A change was sent and not answered yet (the actions wait for it).</summary>
    public bool Saving { get; init; }

    /// <summary>Why the last change was refused, or that someone else changed the referral first; until the next change.</summary>
    public string? Error { get; init; }

    public IReadOnlyList<ReferralOwner> Owners { get; init; } = [];

    public long? Version => Detail?.Row.Version;
}
