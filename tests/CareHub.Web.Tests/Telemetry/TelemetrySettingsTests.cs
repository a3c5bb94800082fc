using CareHub.Data;
using CareHub.Web.Telemetry;
using Microsoft.Extensions.Configuration;

namespace CareHub.Web.Tests.Telemetry;

public sealed class TelemetrySettingsTests
{
    private static TelemetrySettings Read(params (string Key, string? Value)[] settings) =>
        TelemetrySettings.Read(new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value)))
            .Build());

    [Fact]
    public void Nothing_set_exports_nothing()
    {
        var settings = Read();

        settings.Exports.ShouldBeFalse();
        settings.OtlpEndpoint.ShouldBeNull();
    }

    [Theory]
    [InlineData("Telemetry:OtlpEndpoint", "http://collector:4317")]
    [InlineData("Telemetry:OtlpEndpoint", "https://otel.example.org/")]
    [InlineData("OTEL_EXPORTER_OTLP_ENDPOINT", "http://localhost:4318")]
    public void An_absolute_http_address_in_either_setting_is_exported_to(string key, string value)
    {
        var settings = Read((key, value));

        settings.Exports.ShouldBeTrue();
        settings.OtlpEndpoint.ShouldBe(new Uri(value));
        settings.Setting.ShouldBe(key);
    }

    [Fact]
    public void The_CareHub_setting_wins_over_the_standard_variable()
    {
        var settings = Read(("OTEL_EXPORTER_OTLP_ENDPOINT", "http://standard:4317"), ("Telemetry:OtlpEndpoint", "http://carehub:4317"));

        settings.OtlpEndpoint.ShouldBe(new Uri("http://carehub:4317"));
    }

    [Theory]
    [InlineData("Telemetry:OtlpEndpoint", "localhost:4317")]
    [InlineData("Telemetry:OtlpEndpoint", "/v1/traces")]
    [InlineData("Telemetry:OtlpEndpoint", "grpc://collector:4317")]
    [InlineData("OTEL_EXPORTER_OTLP_ENDPOINT", "collector")]
    [InlineData("OTEL_EXPORTER_OTLP_ENDPOINT", "file:///tmp/otel")]
    public void Anything_else_stops_start_up_naming_the_setting(string key, string value)
    {
        var error = Should.Throw<CareHubConfigurationException>(() => Read((key, value)));

        error.Message.ShouldStartWith($"{key} is '{value}'");
        error.Message.ShouldContain("absolute http or https address");
    }
}
