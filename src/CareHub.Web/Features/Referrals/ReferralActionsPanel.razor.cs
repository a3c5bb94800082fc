using CareHub.Domain.Referrals;
using CareHub.Flux;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace CareHub.Web.Features.Referrals;

/// <summary>
/// The moves, milestones, consent and reassignment the referral allows now. Each dispatches its change with the
/// version shown; a move that ends or voids the referral asks to confirm first.
/// </summary>
public sealed partial class ReferralActionsPanel
{
    private string? _note;
    private bool? _wantsHelp;
    private DateTime? _appointmentDay;
    private TimeSpan? _appointmentTime;
    private ReferralOutcome? _outcome;
    private Guid? _ownerId;
    private Guid _shownFor;

    [Parameter, EditorRequired]
    public ReferralDetail Detail { get; set; } = default!;

    [Parameter]
    public IReadOnlyList<ReferralOwner> Owners { get; set; } = [];

    [Parameter]
    public bool Saving { get; set; }

    [Inject]
    private IDispatcher Dispatcher { get; set; } = default!;

    [Inject]
    private IDialogService Dialogs { get; set; } = default!;

    [Inject]
    private ReferralClockContext Clocks { get; set; } = default!;

    protected override void OnParametersSet()
    {
        if (_shownFor == Detail.Row.Id)
            return;
        _shownFor = Detail.Row.Id;
        _ownerId = Detail.Row.OwnerId;
        _note = null;
        _outcome = null;
    }

    private Guid Id => Detail.Row.Id;

    private long Version => Detail.Row.Version;

    private string? Note => string.IsNullOrWhiteSpace(_note) ? null : _note.Trim();

    private async Task Move(ReferralStatus to)
    {
        if (ReferralText.NeedsConfirmation(to))
        {
            var confirmed = await Dialogs.ShowMessageBoxAsync(
                $"Mark this referral {Referral.Describe(to)}?",
                to == ReferralStatus.EnteredInError
                    ? "The referral will read as entered in error and its loop will no longer be followed."
                    : $"The referral will be {Referral.Describe(to)}; its clocks stop.",
                yesText: "Confirm", cancelText: "Cancel");
            if (confirmed != true)
                return;
        }
        Dispatcher.Dispatch(new MoveReferralAction(Id, Version, to, Note));
        _note = null;
    }

    private void Reach(ReferralMilestone milestone)
    {
        DateTimeOffset? appointmentAt = milestone == ReferralMilestone.AppointmentScheduled && _appointmentDay is { } day
            ? AtLocal(day.Date + (_appointmentTime ?? TimeSpan.Zero))
            : null;
        var outcome = milestone == ReferralMilestone.LoopClosed ? _outcome : null;
        if (milestone == ReferralMilestone.LoopClosed && outcome is null)
            return;
        Dispatcher.Dispatch(new ReachReferralMilestoneAction(Id, Version, milestone, appointmentAt, outcome, Note));
        _note = null;
    }

    // The picker's day and time are the clinic's wall clock (the zone the referral clocks run in).
    private DateTimeOffset AtLocal(DateTime local)
    {
        var unspecified = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        return new DateTimeOffset(unspecified, Clocks.Zone.GetUtcOffset(unspecified));
    }

    private void RecordConsent()
    {
        if (_wantsHelp is { } wantsHelp)
            Dispatcher.Dispatch(new RecordReferralConsentAction(Id, Version, wantsHelp, Note));
        _note = null;
    }

    private void Reassign()
    {
        if (_ownerId is { } owner && owner != Detail.Row.OwnerId)
            Dispatcher.Dispatch(new ReassignReferralAction(Id, Version, owner, Note));
        _note = null;
    }
}
