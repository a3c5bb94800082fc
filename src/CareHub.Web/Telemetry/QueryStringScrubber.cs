using System.Diagnostics;
using System.Text.RegularExpressions;
using OpenTelemetry;

namespace CareHub.Web.Telemetry;

/// <summary>
/// The last word on attributes before a span leaves the process: patients are searched with <c>?q=...</c>, so nothing
/// of a query string may stay. On every span it ends, it
/// <list type="bullet">
/// <item>drops <c>url.query</c>, and cuts the query off url-like attributes (<c>url.full</c>, <c>http.target</c>...) and the name;</item>
/// <item>drops any other attribute whose value looks like a query string (<c>?a=b</c>, <c>a=b&amp;c=d</c>);</item>
/// <item>drops any attribute whose value contains a value of the request's own query string (remembered at the start of
///   the request by <see cref="Remember"/>), on the request span and on every span under it.</item>
/// </list>
/// </summary>
public sealed partial class QueryStringScrubber : BaseProcessor<Activity>
{
    /// <summary>The custom property of a request span that holds its query string's values.</summary>
    public const string QueryValuesProperty = "carehub.query_values";

    private const int ShortestValue = 3;

    private static readonly HashSet<string> UrlKeys = new(StringComparer.Ordinal)
    {
        "url.full", "url.original", "http.target", "http.url", "url.path", "server.address",
    };

    /// <summary>Remembers the values of <paramref name="request"/>'s query string on its span (never as an attribute).</summary>
    public static void Remember(Activity activity, HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(activity);
        ArgumentNullException.ThrowIfNull(request);
        if (!request.QueryString.HasValue)
            return;
        var values = new List<string>();
        foreach (var (key, value) in request.Query)
        {
            if (key.Length >= ShortestValue)
                values.Add(key);
            foreach (var v in value)
            {
                if (v is { Length: >= ShortestValue })
                    values.Add(v);
            }
        }
        activity.SetCustomProperty(QueryValuesProperty, values.ToArray());
    }

    public override void OnEnd(Activity data)
    {
        ArgumentNullException.ThrowIfNull(data);
        Scrub(data);
    }

    /// <summary>Scrubs one span (see the type's summary).</summary>
    public static void Scrub(Activity activity)
    {
        ArgumentNullException.ThrowIfNull(activity);
        var queryValues = QueryValuesOf(activity);
        if (activity.DisplayName.IndexOf('?', StringComparison.Ordinal) is var mark and >= 0)
            activity.DisplayName = activity.DisplayName[..mark];

        List<(string Key, string? Value)>? changes = null;
        foreach (var (key, value) in activity.TagObjects)
        {
            if (value is not string text)
                continue;
            if (key == "url.query")
            {
                (changes ??= []).Add((key, null));
                continue;
            }
            var question = text.IndexOf('?', StringComparison.Ordinal);
            if (UrlKeys.Contains(key) && question >= 0)
            {
                text = text[..question];
                (changes ??= []).Add((key, text));
            }
            else if (question >= 0 && text.IndexOf('=', question) > question)
            {
                (changes ??= []).Add((key, null));
                continue;
            }
            if (LooksLikeQuery().IsMatch(text) || ContainsAny(text, queryValues))
                (changes ??= []).Add((key, null));
        }
        if (changes is null)
            return;
        foreach (var (key, value) in changes)
            activity.SetTag(key, value);
    }

    private static string[] QueryValuesOf(Activity activity)
    {
        for (var current = activity; current is not null; current = current.Parent)
        {
            if (current.GetCustomProperty(QueryValuesProperty) is string[] values)
                return values;
        }
        return [];
    }

    private static bool ContainsAny(string text, string[] values)
    {
        foreach (var value in values)
        {
            if (text.Contains(value, StringComparison.OrdinalIgnoreCase))
                return true;
        }
        return false;
    }

    // "a=b" or "a=b&c=d": a key of word characters, '=', and no spaces.
    [GeneratedRegex(@"^[\w.\-\[\]]+=[^\s&]*(&[\w.\-\[\]]+=[^\s&]*)*$", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 100)]
    private static partial Regex LooksLikeQuery();
}
