using CareHub.Data.Telemetry;
using CareHub.Web.Realtime;
using CareHub.Web.Telemetry;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace CareHub.Web.Composition;

public static class TelemetryComposition
{
    /// <summary>The ActivitySources whose spans CareHub exports.</summary>
    public static readonly IReadOnlyList<string> TraceSources =
    [
        "Microsoft.AspNetCore.SignalR.Server",
        "Microsoft.AspNetCore.Components", // .NET 10: route changes and UI events, roots of their own (not under /_blazor)
        "Microsoft.AspNetCore.Components.Server.Circuits",
        DbCommandTelemetry.SourceName,
        RealtimeTelemetry.Name,
        CensusTelemetry.Name,
    ];

    /// <summary>The meters CareHub exports (besides the ASP.NET Core and runtime instrumentation's own).</summary>
    public static readonly IReadOnlyList<string> Meters =
    [
        "Microsoft.AspNetCore.Hosting",
        "Microsoft.AspNetCore.Server.Kestrel",
        "Microsoft.AspNetCore.Http.Connections",
        "Microsoft.AspNetCore.SignalR.Server",
        "Microsoft.AspNetCore.Components",
        "Microsoft.AspNetCore.Components.Server.Circuits",
        RealtimeTelemetry.Name,
        CensusTelemetry.Name,
    ];

    /// <summary>
    /// What people type kept out of the logs at any level (<see cref="PatientDataLogFilter"/>); OpenTelemetry traces and metrics (docs/telemetry.md), exported over OTLP when <c>Telemetry:OtlpEndpoint</c> or
    /// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set (a bad address stops start-up naming the setting), nothing otherwise.
    /// The realtime bus registered before this call is wrapped with its instrumentation either way (it costs nothing
    /// while nobody listens). Call it after <c>AddCareHubRealtime</c>.
    /// </summary>
    public static WebApplicationBuilder AddCareHubTelemetry(this WebApplicationBuilder builder)
    {
        builder.Logging.KeepTypedTextOutOfLogs();
        var settings = TelemetrySettings.Read(builder.Configuration);
        builder.Services.AddSingleton(settings);
        InstrumentRealtimeBus(builder.Services);
        if (settings.OtlpEndpoint is not { } endpoint)
            return builder;

        // The OTLP exporter reads the standard variable (and OTEL_EXPORTER_OTLP_PROTOCOL, headers...) from configuration.
        builder.Configuration[TelemetrySettings.StandardEndpointKey] = endpoint.ToString();
        builder.Services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService(TelemetrySettings.ServiceName, serviceInstanceId: InstanceId()))
            .WithTracing(tracing => tracing
                .AddAspNetCoreInstrumentation(o =>
                {
                    o.Filter = ShouldTrace;
                    o.RecordException = false; // exception messages can quote what a user typed
                    o.EnrichWithHttpRequest = (activity, request) => QueryStringScrubber.Remember(activity, request);
                })
                .AddSource([.. TraceSources])
                .AddProcessor(new QueryStringScrubber()))
            .WithMetrics(metrics => metrics
                .AddAspNetCoreInstrumentation()
                .AddRuntimeInstrumentation()
                .AddMeter([.. Meters]))
            .UseOtlpExporter();
        return builder;
    }

    /// <summary>
    /// Requests worth a span: pages, API calls, the feed, the hub. Not Blazor's own circuit transport (a WebSocket or
    /// long polling under /_blazor), framework files, static assets (a path with an extension) or health probes.
    /// </summary>
    public static bool ShouldTrace(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var path = context.Request.Path;
        return !(path.StartsWithSegments("/_blazor", StringComparison.OrdinalIgnoreCase)
            || path.StartsWithSegments("/_framework", StringComparison.OrdinalIgnoreCase)
            || path.StartsWithSegments("/_content", StringComparison.OrdinalIgnoreCase)
            || path.StartsWithSegments("/health", StringComparison.OrdinalIgnoreCase)
            || Path.HasExtension(path.Value));
    }

    private static string InstanceId() => $"{Environment.MachineName}-{Environment.ProcessId}";

    /// <summary>Wraps the last <see cref="IRealtimeBus"/> registered, whatever its kind, in an <see cref="InstrumentedRealtimeBus"/>.</summary>
    internal static void InstrumentRealtimeBus(IServiceCollection services)
    {
        var index = -1;
        for (var i = 0; i < services.Count; i++)
        {
            if (services[i].ServiceType == typeof(IRealtimeBus) && !services[i].IsKeyedService)
                index = i;
        }
        if (index < 0)
            throw new InvalidOperationException("AddCareHubTelemetry instruments the realtime bus: call it after AddCareHubRealtime.");
        if (services.Any(d => d.ServiceType == typeof(RealtimeBusInstrumented)))
            return;
        services.AddSingleton<RealtimeBusInstrumented>();
        var inner = services[index];
        services[index] = ServiceDescriptor.Describe(typeof(IRealtimeBus), sp => Wrap(sp, inner), inner.Lifetime);
    }

    private static InstrumentedRealtimeBus Wrap(IServiceProvider services, ServiceDescriptor inner)
    {
        if (inner.ImplementationInstance is IRealtimeBus instance)
            return new InstrumentedRealtimeBus(instance, ownsInner: false);
        var bus = inner.ImplementationFactory is { } factory
            ? (IRealtimeBus)factory(services)
            : (IRealtimeBus)ActivatorUtilities.CreateInstance(services, inner.ImplementationType!);
        return new InstrumentedRealtimeBus(bus, ownsInner: true);
    }
}

/// <summary>Marks a service collection whose realtime bus is already wrapped, so it is wrapped once.</summary>
internal sealed class RealtimeBusInstrumented;
