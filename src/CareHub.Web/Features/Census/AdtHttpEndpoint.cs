using System.Security.Cryptography;
using System.Text;
using CareHub.Domain.Interop;
using Microsoft.AspNetCore.Diagnostics;

namespace CareHub.Web.Features.Census;

/// <summary>
/// POST /interop/hl7: the same ADT messages over HTTPS, for senders without MLLP. The body is one HL7 v2 message
/// (text/plain or x-application/hl7-v2+er7, at most 1 MB); the answer is its acknowledgement (AA, AE or AR) with 200,
/// exactly as MLLP would give it. The sender proves itself with the X-CareHub-Feed-Key header (Census:HttpFeedKey);
/// without that setting the endpoint is not there (404).
/// </summary>
public static class AdtHttpEndpoint
{
    public const string Route = "/interop/hl7";
    public const string KeyHeader = "X-CareHub-Feed-Key";
    public const string Hl7ContentType = "x-application/hl7-v2+er7";

    public static IEndpointRouteBuilder MapAdtHttpFeed(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost(Route, HandleAsync).AllowAnonymous().DisableAntiforgery();
        return endpoints;
    }

    private static async Task<IResult> HandleAsync(HttpContext context, CensusOptions settings, AdtProcessor processor, CancellationToken cancellationToken)
    {
        // A machine endpoint: its status codes go to the sender as they are, never re-executed as the app's not-found page
        // (which, for an anonymous sender, would answer 302 to the sign-in page instead of 404).
        if (context.Features.Get<IStatusCodePagesFeature>() is { } statusCodePages)
            statusCodePages.Enabled = false;
        if (settings.HttpFeedKey is not { } expected)
            return Results.NotFound();
        if (!context.Request.Headers.TryGetValue(KeyHeader, out var given) || !KeyMatches(given.ToString(), expected))
            return Results.Problem("The feed key (X-CareHub-Feed-Key) is missing or wrong.", statusCode: StatusCodes.Status401Unauthorized);
        if (context.Request.ContentLength > InboundMessage.MaxRawLength)
            return Results.Problem("A message is at most 1 MB.", statusCode: StatusCodes.Status413PayloadTooLarge);

        var body = await ReadBodyAsync(context.Request, cancellationToken);
        if (body is null)
            return Results.Problem("A message is at most 1 MB.", statusCode: StatusCodes.Status413PayloadTooLarge);
        if (string.IsNullOrWhiteSpace(body))
            return Results.Problem("The request has no message in its body.", statusCode: StatusCodes.Status400BadRequest);

        var source = context.Connection.RemoteIpAddress?.ToString() ?? "http";
        var outcome = await processor.ProcessAsync(body, "http", source, cancellationToken);
        return Results.Text(outcome.Ack, Hl7ContentType, Encoding.UTF8);
    }

    private static bool KeyMatches(string given, string expected) =>
        CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(given)), SHA256.HashData(Encoding.UTF8.GetBytes(expected)));

    // Reads at most the limit: a body without a length cannot make the server hold more than that.
    private static async Task<string?> ReadBodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(request.Body, Encoding.UTF8);
        var buffer = new char[8192];
        var text = new StringBuilder();
        int read;
        while ((read = await reader.ReadAsync(buffer.AsMemory(), cancellationToken)) > 0)
        {
            text.Append(buffer, 0, read);
            if (text.Length > InboundMessage.MaxRawLength)
                return null;
        }
        return text.ToString();
    }
}
