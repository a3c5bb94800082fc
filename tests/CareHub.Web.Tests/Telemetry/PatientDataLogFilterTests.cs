using CareHub.Web.Telemetry;
using CareHub.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CareHub.Web.Tests.Telemetry;

/// <summary>
/// What people type stays out of the logs at any configured level: SignalR's hub dispatcher (which logs every received
/// invocation with its arguments at Debug, and a circuit's input events are invocations) and Blazor's component logs are
/// held at Information, for every provider, even when configuration asks for Trace; CareHub's own logs keep their level.
/// </summary>
public sealed class PatientDataLogFilterTests
{
    private const string Dispatcher = "Microsoft.AspNetCore.SignalR.Internal.DefaultHubDispatcher";
    private const string Circuit = "Microsoft.AspNetCore.Components.Server.Circuits.CircuitHost";

    [Fact]
    public void The_hub_dispatcher_and_circuits_never_log_below_information_whatever_the_rules_say()
    {
        using var factory = LoggerFactory.Create(logging =>
        {
            logging.SetMinimumLevel(LogLevel.Trace);
            logging.AddFilter(Dispatcher, LogLevel.Trace);
            logging.AddFilter<NullProvider>("Microsoft.AspNetCore.Components", LogLevel.Trace);
            logging.AddProvider(new NullProvider());
            logging.KeepTypedTextOutOfLogs();
        });

        factory.CreateLogger(Dispatcher).IsEnabled(LogLevel.Debug).ShouldBeFalse();
        factory.CreateLogger(Circuit).IsEnabled(LogLevel.Trace).ShouldBeFalse();
        factory.CreateLogger(Dispatcher).IsEnabled(LogLevel.Information).ShouldBeTrue();
        factory.CreateLogger("CareHub.Web.Features.Referrals.ReferralService").IsEnabled(LogLevel.Debug).ShouldBeTrue();
    }

    [Fact]
    public async Task The_app_at_debug_level_keeps_the_hub_dispatcher_at_information()
    {
        await using var server = new CareHubServer(patients: 10, settings: new Dictionary<string, string?>
        {
            ["Logging:LogLevel:Default"] = "Debug",
            ["Logging:LogLevel:Microsoft.AspNetCore"] = "Debug",
            [$"Logging:LogLevel:{Dispatcher}"] = "Trace",
        });
        server.Start();
        var factory = server.Services.GetRequiredService<ILoggerFactory>();

        factory.CreateLogger(Dispatcher).IsEnabled(LogLevel.Debug).ShouldBeFalse();
        factory.CreateLogger(Circuit).IsEnabled(LogLevel.Debug).ShouldBeFalse();
        factory.CreateLogger("Microsoft.AspNetCore.Routing.EndpointMiddleware").IsEnabled(LogLevel.Debug).ShouldBeTrue();
    }

    /// <summary>A provider whose loggers take every level (so that only the filter rules decide).</summary>
    [ProviderAlias("Everything")]
    private sealed class NullProvider : ILoggerProvider, ILogger
    {
        public ILogger CreateLogger(string categoryName) => this;

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
        }

        public void Dispose()
        {
        }
    }
}
