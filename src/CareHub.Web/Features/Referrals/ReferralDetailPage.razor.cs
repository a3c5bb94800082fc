using CareHub.Flux;
using CareHub.Web.Realtime;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace CareHub.Web.Features.Referrals;

/// <summary>
/// One referral: its clocks, consent, what may happen next and its timeline. Follows its team's referral topic and
/// reloads when an event names this referral (the effect reads it through this user's access).
/// </summary>
public sealed partial class ReferralDetailPage
{
    private readonly TeamTopicsFollower _team = new(Topics.Referrals);
    private Guid? _loadedFor;

    [Parameter]
    public Guid ReferralId { get; set; }

    [Inject]
    private IState<ReferralDetailState> State { get; set; } = default!;

    [Inject]
    private IDispatcher Dispatcher { get; set; } = default!;

    [Inject]
    private IRealtimeBus Bus { get; set; } = default!;

    [Inject]
    private ReferralClockContext Clocks { get; set; } = default!;

    [Inject]
    private TimeProvider Clock { get; set; } = default!;

    private DateOnly Today => ReferralQueries.LocalDate(Clock.GetUtcNow(), Clocks.Zone);

    private ReferralDetail? Detail => State.Value.ReferralId == ReferralId ? State.Value.Detail : null;

    private List<BreadcrumbItem> Crumbs =>
        Detail is { } detail ? [new("Referrals", "/referrals"), new(detail.Row.PatientName, null, disabled: true)] : [];

    protected override void OnInitialized() =>
        SubscribeToAction<ReferralDetailLoadedAction>(_ => Follow());

    protected override void OnParametersSet()
    {
        if (_loadedFor == ReferralId)
            return;
        _loadedFor = ReferralId;
        Dispatcher.Dispatch(new LoadReferralDetailAction(ReferralId));
        Follow();
    }

    private void Follow()
    {
        if (Detail is not { } detail)
            return;
        var referralId = detail.Row.Id;
        if (_team.Follow(Bus, Dispatcher, [detail.Row.TeamId],
                (e, _) => e.ResourceId == referralId ? new ReferralChangedRemotelyAction(e.ResourceId, e.Version) : null))
            Dispatcher.Dispatch(new ReloadReferralDetailAction(referralId));
    }

    private void DismissError() => Dispatcher.Dispatch(new DismissReferralErrorAction());

    protected override void Dispose(bool disposing)
    {
        if (disposing)
            _team.Dispose();
        base.Dispose(disposing);
    }
}
