using CareHub.Flux;

namespace CareHub.Web.Features.Referrals;

/// <summary>
/// Reads the shown referral and sends its changes through <see cref="ReferralService"/>, each with the version the
/// screen shows; after every answer (a refusal too: "stale" means the screen is behind) the referral is read again.
/// </summary>
public sealed class ReferralDetailEffects(ReferralService referrals, IState<ReferralDetailState> state, ILogger<ReferralDetailEffects> logger)
{
    private const string NotFound = "This referral does not exist, or it is not one your care teams can see.";

    private ReferralService Referrals => referrals;

    [EffectMethod]
    public Task Handle(LoadReferralDetailAction action, IDispatcher dispatcher) => ReadAsync(action.ReferralId, dispatcher, withOwners: true);

    [EffectMethod]
    public Task Handle(ReloadReferralDetailAction action, IDispatcher dispatcher) => ReadAsync(action.ReferralId, dispatcher, withOwners: false);

    [EffectMethod]
    public Task Handle(ReferralChangedRemotelyAction action, IDispatcher dispatcher) =>
        state.Value.ReferralId != action.ReferralId || state.Value.Version >= action.Version
            ? Task.CompletedTask
            : ReadAsync(action.ReferralId, dispatcher, withOwners: false);

    [EffectMethod]
    public Task Handle(MoveReferralAction action, IDispatcher dispatcher) =>
        ChangeAsync(action.ReferralId, ct => Referrals.MoveAsync(action.ReferralId, action.Version, action.To, action.Note, ct), dispatcher);

    [EffectMethod]
    public Task Handle(ReachReferralMilestoneAction action, IDispatcher dispatcher) =>
        ChangeAsync(action.ReferralId, ct => Referrals.ReachAsync(action.ReferralId, action.Version, action.Milestone, action.AppointmentAt,
            action.Outcome, action.Note, ct), dispatcher);

    [EffectMethod]
    public Task Handle(RecordReferralConsentAction action, IDispatcher dispatcher) =>
        ChangeAsync(action.ReferralId, ct => Referrals.RecordConsentAsync(action.ReferralId, action.Version, action.PatientWantsHelp, action.Note, ct),
            dispatcher);

    [EffectMethod]
    public Task Handle(RecordPart2ConsentAction action, IDispatcher dispatcher) =>
        ChangeAsync(action.ReferralId, ct => Referrals.RecordPart2ConsentAsync(action.ReferralId, action.Version, action.Consent, ct), dispatcher);

    [EffectMethod]
    public Task Handle(RevokePart2ConsentAction action, IDispatcher dispatcher) =>
        ChangeAsync(action.ReferralId, ct => Referrals.RevokePart2ConsentAsync(action.ReferralId, action.Version, action.Note, ct), dispatcher);

    [EffectMethod]
    public Task Handle(ReassignReferralAction action, IDispatcher dispatcher) =>
        ChangeAsync(action.ReferralId, ct => Referrals.ReassignAsync(action.ReferralId, action.Version, action.OwnerId, action.Note, ct), dispatcher);

    private async Task ChangeAsync(Guid referralId, Func<CancellationToken, Task<ReferralResult>> change, IDispatcher dispatcher)
    {
        ReferralResult result;
        try
        {
            result = await change(CancellationToken.None);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogError(e, "Changing referral {ReferralId} failed", referralId);
            result = new ReferralResult.Invalid("The change could not be saved. Try again in a moment.");
        }

        switch (result)
        {
            case ReferralResult.Saved saved:
                dispatcher.Dispatch(new ReferralChangeSucceededAction(referralId, saved.Version));
                // The bus event of this change may have read the referral already.
                if (state.Value.ReferralId == referralId && state.Value.Version >= saved.Version)
                    return;
                break;
            case ReferralResult.Stale stale:
                dispatcher.Dispatch(new ReferralChangeFailedAction(referralId, stale.Message, Stale: true));
                break;
            case ReferralResult.Invalid invalid:
                dispatcher.Dispatch(new ReferralChangeFailedAction(referralId, invalid.Message, Stale: false));
                break;
            default:
                dispatcher.Dispatch(new ReferralChangeFailedAction(referralId, NotFound, Stale: false));
                break;
        }
        await ReadAsync(referralId, dispatcher, withOwners: false);
    }

    private async Task ReadAsync(Guid referralId, IDispatcher dispatcher, bool withOwners)
    {
        try
        {
            var detail = await Referrals.GetAsync(referralId, CancellationToken.None);
            dispatcher.Dispatch(new ReferralDetailLoadedAction(referralId, detail));
            if (withOwners && detail is not null)
                dispatcher.Dispatch(new ReferralOwnersOfTeamLoadedAction(detail.Row.TeamId,
                    await Referrals.OwnersAsync(detail.Row.TeamId, CancellationToken.None)));
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogError(e, "Reading referral {ReferralId} failed", referralId);
            dispatcher.Dispatch(new ReferralDetailLoadFailedAction(referralId,
                "The referral could not be loaded; what you see may be out of date. Reload the page."));
        }
    }
}
