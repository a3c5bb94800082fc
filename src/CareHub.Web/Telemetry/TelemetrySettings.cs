using CareHub.Data;

namespace CareHub.Web.Telemetry;

/// <summary>Where telemetry goes: an OTLP endpoint, or nowhere (nothing is exported when none is set).</summary>
/// <param name="OtlpEndpoint">The collector's OTLP address; null when telemetry is not exported.</param>
/// <param name="Setting">The setting it came from, for messages.</param>
public sealed record TelemetrySettings(Uri? OtlpEndpoint, string? Setting)
{
    public const string OtlpEndpointKey = "Telemetry:OtlpEndpoint";
    public const string StandardEndpointKey = "OTEL_EXPORTER_OTLP_ENDPOINT";
    public const string ServiceName = "CareHub";

    public bool Exports => OtlpEndpoint is not null;

    /// <summary>
    /// Reads <c>Telemetry:OtlpEndpoint</c>, else the standard <c>OTEL_EXPORTER_OTLP_ENDPOINT</c>. A value set must be an
    /// absolute http or https address; anything else stops start-up naming the setting.
    /// </summary>
    public static TelemetrySettings Read(IConfiguration config)
    {
        ArgumentNullException.ThrowIfNull(config);
        foreach (var key in new[] { OtlpEndpointKey, StandardEndpointKey })
        {
            var value = config[key];
            if (string.IsNullOrWhiteSpace(value))
                continue;
            if (!Uri.TryCreate(value.Trim(), UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)
                || string.IsNullOrEmpty(uri.Host))
            {
                throw new CareHubConfigurationException(
                    $"{key} is '{value}'; it must be an absolute http or https address of an OpenTelemetry collector, such as http://localhost:4317, " +
                    "or be left unset to export nothing.");
            }
            return new TelemetrySettings(uri, key);
        }
        return new TelemetrySettings(null, null);
    }
}
