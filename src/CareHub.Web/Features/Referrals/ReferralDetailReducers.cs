using CareHub.Flux;

namespace CareHub.Web.Features.Referrals;

public static class ReferralDetailReducers
{
    [ReducerMethod]
    public static ReferralDetailState OnLoad(ReferralDetailState state, LoadReferralDetailAction action) =>
        action.ReferralId == state.ReferralId && state.Detail is not null
            ? state with { Error = null }
            : new ReferralDetailState { ReferralId = action.ReferralId, Status = ReferralDetailStatus.Loading };

    [ReducerMethod]
    public static ReferralDetailState OnLoaded(ReferralDetailState state, ReferralDetailLoadedAction action)
    {
        if (action.ReferralId != state.ReferralId)
            return state;
        if (action.Detail is null)
            return state with { Detail = null, Status = ReferralDetailStatus.NotFound, Saving = false };
        // Reads run concurrently (the bus event and the own change's answer): an older one arriving last is dropped.
        if (state.Detail is { } shown && action.Detail.Row.Version < shown.Row.Version)
            return state;
        return state with { Detail = action.Detail, Status = ReferralDetailStatus.Loaded };
    }

    [ReducerMethod]
    public static ReferralDetailState OnLoadFailed(ReferralDetailState state, ReferralDetailLoadFailedAction action) =>
        action.ReferralId != state.ReferralId
            ? state
            : state with { Status = state.Detail is null ? ReferralDetailStatus.Failed : state.Status, Error = action.Message, Saving = false };

    [ReducerMethod]
    public static ReferralDetailState OnOwnersLoaded(ReferralDetailState state, ReferralOwnersOfTeamLoadedAction action) =>
        state.Detail?.Row.TeamId != action.TeamId ? state : state with { Owners = action.Owners };

    [ReducerMethod]
    public static ReferralDetailState OnMove(ReferralDetailState state, MoveReferralAction action) => Sending(state, action.ReferralId);

    [ReducerMethod]
    public static ReferralDetailState OnReach(ReferralDetailState state, ReachReferralMilestoneAction action) => Sending(state, action.ReferralId);

    [ReducerMethod]
    public static ReferralDetailState OnConsent(ReferralDetailState state, RecordReferralConsentAction action) => Sending(state, action.ReferralId);

    [ReducerMethod]
    public static ReferralDetailState OnReassign(ReferralDetailState state, ReassignReferralAction action) => Sending(state, action.ReferralId);

    [ReducerMethod]
    public static ReferralDetailState OnChangeSucceeded(ReferralDetailState state, ReferralChangeSucceededAction action) =>
        action.ReferralId != state.ReferralId ? state : state with { Saving = false, Error = null };

    [ReducerMethod]
    public static ReferralDetailState OnChangeFailed(ReferralDetailState state, ReferralChangeFailedAction action) =>
        action.ReferralId != state.ReferralId ? state : state with { Saving = false, Error = action.Message };

    [ReducerMethod(typeof(DismissReferralErrorAction))]
    public static ReferralDetailState OnDismissError(ReferralDetailState state) => state with { Error = null };

    private static ReferralDetailState Sending(ReferralDetailState state, Guid referralId) =>
        referralId != state.ReferralId ? state : state with { Saving = true, Error = null };
}
