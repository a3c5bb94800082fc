using CareHub.Domain.Referrals;
using CareHub.Flux;
using Microsoft.AspNetCore.Components;

namespace CareHub.Web.Features.Referrals;

/// <summary>
/// The consent of a Part 2 record (ADR 0014), for those who see its details. The form checks what it can before it sends
/// (so a coordinator gets every sentence at once); the service and the domain check it all again.
/// </summary>
public sealed partial class Part2ConsentPanel
{
    private readonly Dictionary<string, string> _errors = new(StringComparer.Ordinal);
    private Part2ConsentForm _form = new();
    private Guid _shownFor;

    [Parameter, EditorRequired]
    public Guid ReferralId { get; set; }

    [Parameter, EditorRequired]
    public long Version { get; set; }

    [Parameter, EditorRequired]
    public Part2ConsentView Consent { get; set; } = default!;

    /// <summary>What the recipient field starts with (the referral's care team).</summary>
    [Parameter]
    public string? SuggestedRecipient { get; set; }

    [Parameter]
    public bool Saving { get; set; }

    /// <summary>The day it is for the clinic (the referral clocks' zone).</summary>
    [Parameter, EditorRequired]
    public DateOnly Today { get; set; }

    [Inject]
    private IDispatcher Dispatcher { get; set; } = default!;

    protected override void OnParametersSet()
    {
        if (_shownFor == ReferralId)
            return;
        _shownFor = ReferralId;
        _form = new Part2ConsentForm { Recipient = SuggestedRecipient, SignedOn = Today };
        _errors.Clear();
    }

    private string StatusSentence => Consent.State switch
    {
        Part2ConsentState.Active => "The patient's consent is on file: the care team's clinicians and social workers can see this referral, and it can be exported.",
        Part2ConsentState.Revoked => "The patient revoked their consent: only the referral's owner can see it, and it cannot be exported.",
        Part2ConsentState.Expired => "The patient's consent has ended: only the referral's owner can see it, and it cannot be exported.",
        Part2ConsentState.NotYetValid => "The patient's consent does not hold yet: only the referral's owner can see it.",
        _ => "No consent on file: only the referral's owner can see this referral, and it cannot be exported.",
    };

    private string Holds =>
        $"From {Consent.SignedOn?.ToString("d MMM yyyy", System.Globalization.CultureInfo.InvariantCulture)} " +
        (Consent.ExpiresOn is { } ends
            ? $"to {ends.ToString("d MMM yyyy", System.Globalization.CultureInfo.InvariantCulture)}"
            : "until the patient revokes it");

    private bool Has(string field) => _errors.ContainsKey(field);

    private string? ErrorOf(string field) => _errors.GetValueOrDefault(field);

    /// <summary>The form's sentences, field by field (empty: it may be sent).</summary>
    internal static Dictionary<string, string> Validate(Part2ConsentForm form, DateOnly today)
    {
        var errors = new Dictionary<string, string>(StringComparer.Ordinal);
        void Text(string field, string? value, string what, int max)
        {
            var trimmed = value?.Trim();
            if (string.IsNullOrEmpty(trimmed))
                errors[field] = $"{what} is required.";
            else if (trimmed.Length > max)
                errors[field] = $"{what} can be at most {max} characters (it has {trimmed.Length}).";
        }
        Text(nameof(Part2ConsentForm.ConsentedBy), form.ConsentedBy, "Who signed the consent", Referral.MaxConsentPartyLength);
        Text(nameof(Part2ConsentForm.Recipient), form.Recipient, "Who may receive the information", Referral.MaxConsentPartyLength);
        Text(nameof(Part2ConsentForm.Purpose), form.Purpose, "The purpose of the disclosure", Referral.MaxConsentPurposeLength);
        if (form.SignedOn is not { } signed)
            errors[nameof(Part2ConsentForm.SignedOn)] = "Enter the day the patient signed the consent.";
        else if (signed > today)
            errors[nameof(Part2ConsentForm.SignedOn)] = "The consent cannot be signed on a day still to come.";
        if (!form.UntilRevoked)
        {
            if (form.ExpiresOn is not { } ends)
                errors[nameof(Part2ConsentForm.ExpiresOn)] = "Enter the last day the consent holds, or choose \"until the patient revokes it\".";
            else if (form.SignedOn is { } from && ends < from)
                errors[nameof(Part2ConsentForm.ExpiresOn)] = "The consent cannot end before the day it was signed.";
            else if (ends < today)
                errors[nameof(Part2ConsentForm.ExpiresOn)] = "That consent has already ended: ask the patient for a new one.";
        }
        return errors;
    }

    private void Record()
    {
        _errors.Clear();
        foreach (var (field, message) in Validate(_form, Today))
            _errors[field] = message;
        if (_errors.Count > 0)
            return;
        var sent = new Part2ConsentForm
        {
            ConsentedBy = _form.ConsentedBy?.Trim(),
            Recipient = _form.Recipient?.Trim(),
            Purpose = _form.Purpose?.Trim(),
            SignedOn = _form.SignedOn,
            ExpiresOn = _form.UntilRevoked ? null : _form.ExpiresOn,
            UntilRevoked = _form.UntilRevoked,
        };
        Dispatcher.Dispatch(new RecordPart2ConsentAction(ReferralId, Version, sent));
    }

    private void Revoke() => Dispatcher.Dispatch(new RevokePart2ConsentAction(ReferralId, Version, null));
}
