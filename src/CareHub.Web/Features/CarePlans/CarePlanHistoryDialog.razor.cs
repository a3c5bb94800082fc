using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace CareHub.Web.Features.CarePlans;

/// <summary>
/// The history of a plan, or of one of its items: who changed what and when, newest first, each change shown as a
/// difference. Read once when opened (the read is audited); it is a record, not a live view.
/// </summary>
public sealed partial class CarePlanHistoryDialog : IDisposable
{
    private readonly CancellationTokenSource _closing = new();
    private (Guid PlanId, Guid? ItemId)? _loaded;
    private IReadOnlyList<CarePlanChangeView>? _history;
    private IReadOnlyDictionary<Guid, string> _names = new Dictionary<Guid, string>();
    private bool _loading = true;
    private bool _failed;

    [CascadingParameter]
    private IMudDialogInstance Dialog { get; set; } = default!;

    [Parameter, EditorRequired]
    public Guid PlanId { get; set; }

    /// <summary>The item whose history to show; none for the whole plan's.</summary>
    [Parameter]
    public Guid? ItemId { get; set; }

    [Parameter]
    public string Title { get; set; } = "History";

    [Inject]
    private CarePlanService Service { get; set; } = default!;

    protected override async Task OnParametersSetAsync()
    {
        if (_loaded == (PlanId, ItemId))
            return;
        _loaded = (PlanId, ItemId);
        _loading = true;
        _failed = false;
        try
        {
            var token = _closing.Token;
            var history = await Service.HistoryAsync(PlanId, ItemId, token);
            if (history is not null)
            {
                var assignees = await Service.AssigneesAsync(PlanId, token);
                _names = assignees.ToDictionary(a => a.StaffId, a => a.Name);
            }
            _history = history is null ? null : [.. history.OrderByDescending(e => e.At)];
        }
        catch (OperationCanceledException) when (_closing.IsCancellationRequested)
        {
            return;
        }
        catch (Exception)
        {
            // A dialog sits outside the page's error boundary: a failed read must not end the circuit.
            _failed = true;
        }
        _loading = false;
    }

    private static string WhatOf(CarePlanChangeView entry) =>
        CarePlanValueText.FieldName(entry) is { } field ? $"{entry.What} · {field}" : entry.What;

    private void Close() => Dialog.Close();

    public void Dispose()
    {
        _closing.Cancel();
        _closing.Dispose();
    }

    /// <summary>Opens the history of the plan, or of one item when <paramref name="itemId"/> is given.</summary>
    public static Task<IDialogReference> ShowAsync(IDialogService dialogs, Guid planId, Guid? itemId, string title)
    {
        ArgumentNullException.ThrowIfNull(dialogs);
        var parameters = new DialogParameters<CarePlanHistoryDialog>
        {
            { d => d.PlanId, planId },
            { d => d.ItemId, itemId },
            { d => d.Title, title },
        };
        var options = new DialogOptions { MaxWidth = MaxWidth.Medium, FullWidth = true, CloseButton = true };
        return dialogs.ShowAsync<CarePlanHistoryDialog>(title, parameters, options);
    }
}
