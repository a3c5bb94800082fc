using CareHub.Domain.CarePlans;
using Microsoft.JSInterop;

namespace CareHub.Web.Features.CarePlans;

/// <summary>A text field whose typing the browser keeps until it is saved, as the drafts see it.</summary>
public interface ICarePlanDraftField
{
    /// <summary>The text the field has now (the person's, saved or not).</summary>
    string CurrentText { get; }

    /// <summary>Puts kept text back into the field and saves it from <paramref name="base"/>, so it merges.</summary>
    Task RestoreAsync(string text, long @base);
}

/// <summary>Text the browser kept for a field ("{planId}:{itemId}:{field}"), typed on item version <see cref="Base"/>.</summary>
public sealed record CarePlanStoredDraft(string Key, string Text, long Base, DateTimeOffset? At);

/// <summary>
/// This page's side of <c>CarePlanPage.razor.js</c>: the fields register here, save acknowledgements forget what
/// was saved, and the page lists what the browser still holds. Every call into the browser may fail (the connection
/// is down, the page is going): drafts are a safety net, so a failure is never an error for the person.
/// </summary>
public sealed class CarePlanDrafts : IAsyncDisposable
{
    public const string ModulePath = "./Features/CarePlans/CarePlanPage.razor.js";

    private readonly Lock _gate = new();
    private readonly Dictionary<string, ICarePlanDraftField> _fields = new(StringComparer.Ordinal);
    private IJSObjectReference? _module;

    public bool IsStarted => _module is not null;

    /// <summary>Loads the module and starts keeping typed text (once; true when it runs).</summary>
    public async Task<bool> StartAsync(IJSRuntime js)
    {
        ArgumentNullException.ThrowIfNull(js);
        if (_module is not null)
            return true;
        try
        {
            var module = await js.InvokeAsync<IJSObjectReference>("import", ModulePath);
            if (module is null)
                return false;
            await module.InvokeVoidAsync("start");
            _module = module;
            return true;
        }
        catch (Exception e) when (IsBrowserGone(e))
        {
            return false;
        }
    }

    /// <summary>Forgets the kept text of <paramref name="key"/> if it is <paramref name="savedText"/>.</summary>
    public async Task ClearAsync(string key, string savedText)
    {
        if (_module is not { } module)
            return;
        try
        {
            await module.InvokeVoidAsync("clear", key, savedText);
        }
        catch (Exception e) when (IsBrowserGone(e))
        {
            // Left in the browser: offered again only if it differs from the field's text then.
        }
    }

    public async Task<IReadOnlyList<CarePlanStoredDraft>> ListAsync(Guid planId)
    {
        if (_module is not { } module)
            return [];
        try
        {
            var drafts = await module.InvokeAsync<CarePlanStoredDraft[]?>("list", planId.ToString("D"));
            return drafts is null ? [] : [.. drafts.Where(d => d is { Key: not null, Text: not null })];
        }
        catch (Exception e) when (IsBrowserGone(e) || e is System.Text.Json.JsonException)
        {
            return [];
        }
    }

    public void Track(string key, ICarePlanDraftField field)
    {
        lock (_gate)
            _fields[key] = field;
    }

    public void Untrack(string key, ICarePlanDraftField field)
    {
        lock (_gate)
        {
            if (_fields.TryGetValue(key, out var tracked) && ReferenceEquals(tracked, field))
                _fields.Remove(key);
        }
    }

    public ICarePlanDraftField? FieldAt(string key)
    {
        lock (_gate)
            return _fields.GetValueOrDefault(key);
    }

    public async ValueTask DisposeAsync()
    {
        if (_module is { } module)
        {
            _module = null;
            try
            {
                await module.DisposeAsync();
            }
            catch (Exception e) when (IsBrowserGone(e))
            {
                // The page is gone with its module.
            }
        }
    }

    private static bool IsBrowserGone(Exception e) =>
        e is JSException or JSDisconnectedException or TaskCanceledException or ObjectDisposedException or InvalidOperationException;
}

/// <summary>Kept text offered back: in which field, what, since when.</summary>
public sealed record CarePlanDraftOffer(string Key, Guid ItemId, CarePlanField Field, string Where, string Text, string Excerpt, long Base, DateTimeOffset? At);

/// <summary>Which kept texts to offer back (those that differ from the field's text now) and which are stale.</summary>
public static class CarePlanDraftOffers
{
    private const int ExcerptLength = 80;

    /// <summary>
    /// Splits what the browser holds for <paramref name="plan"/> into offers and keys to forget (text equal to the field's
    /// now, or of an item no longer on the plan). <paramref name="currentText"/> gives a field's text on screen, if shown.
    /// </summary>
    public static (IReadOnlyList<CarePlanDraftOffer> Offers, IReadOnlyList<CarePlanStoredDraft> Stale) Sort(
        IEnumerable<CarePlanStoredDraft> stored, CarePlanView plan, Func<string, string?> currentText)
    {
        ArgumentNullException.ThrowIfNull(stored);
        ArgumentNullException.ThrowIfNull(plan);
        var offers = new List<CarePlanDraftOffer>();
        var stale = new List<CarePlanStoredDraft>();
        foreach (var draft in stored)
        {
            if (!CarePlanFieldKeys.TryParseDraft(draft.Key, out var planId, out var itemId, out var field) || planId != plan.PlanId
                || !CarePlanItem.IsText(field) || plan.Items.FirstOrDefault(i => i.Id == itemId) is not { } item)
            {
                stale.Add(draft);
                continue;
            }
            var now = currentText(draft.Key) ?? item.ValueOf(field) ?? string.Empty;
            if (string.Equals(now, draft.Text, StringComparison.Ordinal))
            {
                stale.Add(draft);
                continue;
            }
            offers.Add(new CarePlanDraftOffer(draft.Key, itemId, field, WhereOf(item.Kind, field), draft.Text, Excerpt(draft.Text, now),
                draft.Base, draft.At));
        }
        return ([.. offers.OrderBy(o => o.At ?? DateTimeOffset.MinValue)], stale);
    }

    /// <summary>"Goal", or "Goal (Measurable target)" for the second text.</summary>
    public static string WhereOf(CarePlanItemKind kind, CarePlanField field) =>
        field == CarePlanField.Text ? CarePlanText.KindName(kind) : $"{CarePlanText.KindName(kind)} ({CarePlanText.FieldName(kind, field)})";

    /// <summary>The kept text, or for a long one the part around where it differs from the field's text now.</summary>
    public static string Excerpt(string text, string now)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length <= ExcerptLength)
            return text;
        var same = 0;
        while (same < text.Length && same < now.Length && text[same] == now[same])
            same++;
        var start = Math.Clamp(same - 20, 0, text.Length - ExcerptLength);
        var end = start + ExcerptLength;
        return $"{(start > 0 ? "…" : "")}{text[start..end]}{(end < text.Length ? "…" : "")}";
    }
}
