namespace CareHub.Web.Features.Referrals;

/// <summary>
/// What the referral feature publishes on <c>Topics.Referrals(teamId)</c>: the referral id and its new version
/// (ResourceId, Version); never clinical text. Every worklist and metrics panel of the team reloads what it shows.
/// </summary>
public static class ReferralsEvents
{
    public const string Changed = "referral.changed";

    /// <summary>On <c>Topics.Notifications(staffId)</c>: a referral's overdue clock was escalated to that person (ResourceId = the referral).</summary>
    public const string Escalated = "referral.escalated";
}
