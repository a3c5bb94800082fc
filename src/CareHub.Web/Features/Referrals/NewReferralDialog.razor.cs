using System.Globalization;
using CareHub.Domain.Referrals;
using CareHub.Web.Security;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace CareHub.Web.Features.Referrals;

/// <summary>
/// A new referral: the patient (found by name or MRN), one of the patient's teams that is the user's, what and where,
/// consent for a community organisation, the owner (the user unless chosen), and whether to send it now. The
/// service's answer is shown here; the dialog closes with the new referral's id.
/// </summary>
public sealed partial class NewReferralDialog
{
    private ReferralPatientOption? _patient;
    private Guid _teamId;
    private ReferralType _type = ReferralType.Specialty;
    private ReferralUrgency _urgency = ReferralUrgency.Routine;
    private string? _destination;
    private string? _reason;
    private bool _consent;
    private bool? _wantsHelp;
    private Guid? _ownerId;
    private IReadOnlyList<ReferralOwner> _owners = [];
    private bool _send = true;
    private bool _saving;
    private string? _message;
    private Dictionary<string, ResourceOption> _resources = new(StringComparer.Ordinal);

    [CascadingParameter]
    private IMudDialogInstance Dialog { get; set; } = default!;

    /// <summary>The patient to refer, when the dialog opens from the patient's page.</summary>
    [Parameter]
    public ReferralPatientOption? Patient { get; set; }

    [Inject]
    private ReferralService Referrals { get; set; } = default!;

    [Inject]
    private CommunityResourceService Directory { get; set; } = default!;

    [Inject]
    private CurrentUser User { get; set; } = default!;

    private Guid? Me => User.StaffId;

    private bool CanCreate =>
        !_saving && _patient is not null && _teamId != Guid.Empty && !string.IsNullOrWhiteSpace(_destination) && !string.IsNullOrWhiteSpace(_reason)
        && (_type != ReferralType.CommunityOrganization || !_send || (_consent && _wantsHelp is not null));

    protected override async Task OnInitializedAsync()
    {
        if (Patient is not null)
            await PatientChosen(Patient);
    }

    private async Task<IEnumerable<ReferralPatientOption>> FindPatients(string text, CancellationToken cancellationToken) =>
        string.IsNullOrWhiteSpace(text) ? [] : await Referrals.FindPatientsAsync(text.Trim(), cancellationToken);

    /// <summary>Directory organisations of the chosen type matching the text (names; their details are kept for the list).</summary>
    private async Task<IEnumerable<string>> FindResources(string? text, CancellationToken cancellationToken)
    {
        var found = await Directory.SearchAsync(text?.Trim(), _type, null, cancellationToken);
        _resources = found.GroupBy(r => r.Name, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        return _resources.Keys.ToList();
    }

    /// <summary>
    /// The destination as typed or picked: free text stays the value (an organisation outside the directory is allowed), so
    /// closing the list never puts back an older value.
    /// </summary>
    private void DestinationChanged(string? destination) => _destination = destination;

    internal static string ClosureText(ResourceOption resource) => resource.ClosureRate is { } rate
        ? string.Create(CultureInfo.InvariantCulture, $"Loops closed: {resource.ClosedLoops} of {resource.Finished} ({Math.Round(rate * 100):0}%)")
        : "No finished referrals yet";

    private async Task PatientChosen(ReferralPatientOption? patient)
    {
        _patient = patient;
        var team = patient?.Teams.FirstOrDefault(t => t.TeamId == _teamId) ?? patient?.Teams.FirstOrDefault();
        await TeamChosen(team?.TeamId ?? Guid.Empty);
    }

    private async Task TeamChosen(Guid teamId)
    {
        _teamId = teamId;
        _owners = teamId == Guid.Empty ? [] : await Referrals.OwnersAsync(teamId, CancellationToken.None);
        _ownerId = _owners.Any(o => o.StaffId == _ownerId) ? _ownerId
            : _owners.Any(o => o.StaffId == Me) ? Me
            : _owners.FirstOrDefault()?.StaffId;
    }

    private async Task Create()
    {
        if (!CanCreate || _patient is null)
            return;
        _saving = true;
        _message = null;
        var community = _type == ReferralType.CommunityOrganization;
        var referral = new NewReferral(_patient.PatientId, _teamId, _type, _urgency, _destination!.Trim(), _reason!.Trim())
        {
            OwnerId = _ownerId,
            ConsentGiven = community && _consent,
            PatientWantsHelp = community && _consent ? _wantsHelp : null,
            Send = _send,
        };
        try
        {
            switch (await Referrals.CreateAsync(referral, CancellationToken.None))
            {
                case ReferralResult.Saved saved:
                    Dialog.Close(DialogResult.Ok(saved.ReferralId));
                    return;
                case ReferralResult.Invalid invalid:
                    _message = invalid.Message;
                    break;
                case ReferralResult.Stale stale:
                    _message = stale.Message;
                    break;
                default:
                    _message = "This patient does not exist, or is not on one of your care teams.";
                    break;
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            _message = "The referral could not be created. Try again in a moment.";
        }
        finally
        {
            _saving = false;
        }
    }

    private void Cancel() => Dialog.Cancel();

    /// <summary>Asks for a new referral and creates it; the new referral's id, or null when the person cancelled.</summary>
    public static async Task<Guid?> ShowAsync(IDialogService dialogs, ReferralPatientOption? patient = null)
    {
        var parameters = new DialogParameters<NewReferralDialog> { { d => d.Patient, patient } };
        var dialog = await dialogs.ShowAsync<NewReferralDialog>("New referral", parameters,
            new DialogOptions { MaxWidth = MaxWidth.Small, FullWidth = true, CloseOnEscapeKey = true });
        var result = await dialog.Result;
        return result is { Canceled: false, Data: Guid id } ? id : null;
    }
}
