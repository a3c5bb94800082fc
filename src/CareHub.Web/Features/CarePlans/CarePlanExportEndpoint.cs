using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;

namespace CareHub.Web.Features.CarePlans;

/// <summary>
/// GET /patients/{id}/care-plan/export: the patient's open plan as a standalone HTML file to keep or send, the same
/// document the print page shows (<see cref="CarePlanPrintDocument"/>, rendered on the server). Signed-in users only
/// (the fallback policy, stated here too); audited as an export; never cached. A patient of another team, one that does
/// not exist and one without an open plan all get the same 404 with the same body.
/// </summary>
public static class CarePlanExportEndpoint
{
    public const string Pattern = "/patients/{patientId:guid}/care-plan/export";

    public const string NotFoundText = "Not found: this care plan does not exist, or it is not one your care teams can see.";

    // The file opens from disk with no headers of ours: its own policy forbids scripts and anything fetched.
    private const string Head =
        "<meta charset=\"utf-8\" />" +
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\" />" +
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1.0\" />" +
        "<meta name=\"robots\" content=\"noindex\" />";

    public static string PathFor(Guid patientId) => $"/patients/{patientId}/care-plan/export";

    /// <summary>Maps the care-plan feature's endpoints (its pages are mapped with the other Razor components).</summary>
    public static IEndpointRouteBuilder MapCarePlansFeature(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet(Pattern, ExportAsync).RequireAuthorization().WithName("CarePlanExport");
        return endpoints;
    }

    private static async Task<IResult> ExportAsync(Guid patientId, HttpContext http, CarePlanService service)
    {
        // Patient data: no copy in any cache, whatever the answer.
        http.Response.Headers.CacheControl = "no-store";
        http.Response.Headers.Pragma = "no-cache";
        http.Response.Headers.XContentTypeOptions = "nosniff";

        var export = await service.ExportAsync(patientId, http.RequestAborted);
        if (export is null)
        {
            // A body of its own, so the status-code pages leave it alone: every "not found" reads the same.
            return Results.Text(NotFoundText, "text/plain; charset=utf-8", statusCode: StatusCodes.Status404NotFound);
        }

        var document = await RenderAsync(http.RequestServices, export);
        var html = $"<!DOCTYPE html>\n<html lang=\"en\">\n<head>{Head}<title>Care plan · {WebUtility.HtmlEncode(export.Plan.PatientName)}</title></head>\n<body>\n{document}\n</body>\n</html>\n";
        // No patient name in the file name: file names end up in download lists, mail subjects and sync logs.
        var fileName = $"care-plan-{export.ExportedAt.ToLocalTime().ToString("yyyyMMdd", CultureInfo.InvariantCulture)}.html";
        return Results.File(System.Text.Encoding.UTF8.GetBytes(html), "text/html; charset=utf-8", fileName);
    }

    /// <summary>The document as HTML; Razor encodes every value, so text typed into the plan stays text.</summary>
    internal static async Task<string> RenderAsync(IServiceProvider services, CarePlanExport export)
    {
        await using var renderer = new HtmlRenderer(services, services.GetRequiredService<ILoggerFactory>());
        return await renderer.Dispatcher.InvokeAsync(async () =>
        {
            var parameters = ParameterView.FromDictionary(new Dictionary<string, object?> { [nameof(CarePlanPrintDocument.Export)] = export });
            var output = await renderer.RenderComponentAsync<CarePlanPrintDocument>(parameters);
            return output.ToHtmlString();
        });
    }
}
