using CareHub.Flux;
using CareHub.Web.Realtime;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace CareHub.Web.Features.Referrals;

/// <summary>
/// The referral worklist of the user's teams with its metrics. Follows <c>referrals:{teamId}</c> of every team of the
/// user: any event reloads the rows shown and the figures (the effect gathers a burst into one reload).
/// <c>?newFor={patientId}</c> opens the new-referral dialog for that patient (the patient page's "New referral");
/// the patient's MRN, to find them, comes in the navigation's history state, never in the address.
/// </summary>
public sealed partial class ReferralsPage
{
    private readonly TeamTopicsFollower _teams = new(Topics.Referrals);
    private bool _offeredNew;

    [SupplyParameterFromQuery(Name = "newFor")]
    public Guid? NewFor { get; set; }

    [Inject]
    private IState<ReferralWorklistState> State { get; set; } = default!;

    [Inject]
    private IDispatcher Dispatcher { get; set; } = default!;

    [Inject]
    private IRealtimeBus Bus { get; set; } = default!;

    [Inject]
    private IDialogService Dialogs { get; set; } = default!;

    [Inject]
    private NavigationManager Navigation { get; set; } = default!;

    [Inject]
    private IServiceProvider Services { get; set; } = default!;

    protected override void OnInitialized()
    {
        SubscribeToAction<ReferralTeamsLoadedAction>(a => Follow(a.Teams));
        Dispatcher.Dispatch(new LoadReferralTeamsAction());
        // The filter shown last in this circuit stays (coming back from a referral keeps the worklist as it was).
        Dispatcher.Dispatch(new LoadReferralWorklistAction(State.Value.Filter));
        Dispatcher.Dispatch(new LoadReferralMetricsAction(State.Value.Filter.TeamId));
    }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (NewFor is { } patientId && !_offeredNew)
        {
            _offeredNew = true;
            await OfferNewReferralAsync(patientId);
        }
    }

    private void Follow(IReadOnlyList<ReferralTeam> teams)
    {
        if (_teams.Follow(Bus, Dispatcher, teams.Select(t => t.TeamId),
                (e, teamId) => new ReferralsChangedRemotelyAction(teamId, e.ResourceId, e.Version)))
            // An event published between the first read and the subscription would be missed otherwise.
            Dispatcher.Dispatch(new ReloadReferralWorklistAction());
    }

    private void ChangeFilter(ReferralFilter filter)
    {
        // The figures are per team: only a change of team asks for them again.
        var teamChanged = filter.TeamId != State.Value.Filter.TeamId;
        Dispatcher.Dispatch(new LoadReferralWorklistAction(filter));
        if (teamChanged)
            Dispatcher.Dispatch(new LoadReferralMetricsAction(filter.TeamId));
    }

    private void LoadMore() => Dispatcher.Dispatch(new LoadMoreReferralsAction());

    private Task NewReferral() => CreateAsync(null);

    private async Task OfferNewReferralAsync(Guid patientId)
    {
        ReferralPatientOption? patient = null;
        if (Navigation.HistoryEntryState is { Length: > 0 } search)
        {
            var found = await Services.GetRequiredService<ReferralService>().FindPatientsAsync(search, CancellationToken.None);
            patient = found.FirstOrDefault(p => p.PatientId == patientId);
        }
        await CreateAsync(patient);
    }

    private async Task CreateAsync(ReferralPatientOption? patient)
    {
        if (await NewReferralDialog.ShowAsync(Dialogs, patient) is { } id)
            Navigation.NavigateTo($"/referrals/{id}");
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
            _teams.Dispose();
        base.Dispose(disposing);
    }
}
