using System.Globalization;
using CareHub.Domain.Interop;
using CareHub.Interop.Acks;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace CareHub.Web.Features.Census;

/// <summary>The interface analyst's page: the feed's counts and the messages that need a person, with "Apply again".</summary>
public sealed partial class AdtFeedPage
{
    private AdtFeedSummary? _summary;
    private Guid? _replaying;

    [Inject]
    private AdtFeedService Feed { get; set; } = default!;

    [Inject]
    private CensusClock Clock { get; set; } = default!;

    [Inject]
    private ISnackbar Snackbar { get; set; } = default!;

    protected override async Task OnInitializedAsync() => _summary = await Feed.LoadAsync(CancellationToken.None);

    private async Task ReplayAsync(Guid messageId)
    {
        _replaying = messageId;
        try
        {
            var outcome = await Feed.ReplayAsync(messageId, CancellationToken.None);
            if (outcome is null)
                Snackbar.Add("This message is not there any more.", Severity.Warning);
            else if (outcome.Code == AckCode.AA)
                Snackbar.Add($"Applied: {outcome.Result}", Severity.Success);
            else
                Snackbar.Add($"Still refused: {outcome.Result}", Severity.Error);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            Snackbar.Add("The message could not be applied right now. Try again in a moment.", Severity.Error);
        }
        finally
        {
            _replaying = null;
        }
        _summary = await Feed.LoadAsync(CancellationToken.None);
    }

    private string Local(DateTimeOffset at) => Clock.Local(at).ToString("ddd d MMM HH:mm:ss", CultureInfo.InvariantCulture);

    private static string Describe(InboundMessageStatus status) => status switch
    {
        InboundMessageStatus.Received => "being applied",
        InboundMessageStatus.Applied => "applied",
        InboundMessageStatus.Skipped => "acknowledged, nothing to do",
        InboundMessageStatus.Failed => "failed (AE)",
        _ => "rejected (AR)",
    };
}
