using System.Net;
using CareHub.Data;
using CareHub.Web.Features.Census;
using Microsoft.Extensions.Configuration;

namespace CareHub.Web.Tests.Features.Census;

/// <summary>The "Census" settings: defaults, values taken, and one clear message naming a bad one (never the feed key's value).</summary>
public sealed class CensusOptionsTests
{
    private static IConfiguration Config(params (string Key, string? Value)[] settings) =>
        new ConfigurationBuilder().AddInMemoryCollection(settings.Select(s => KeyValuePair.Create(s.Key, s.Value))).Build();

    [Fact]
    public void Without_settings_the_listener_is_off_on_loopback_port_2575_and_the_http_feed_is_off()
    {
        var options = CensusOptions.Read(Config());

        options.ListenerEnabled.ShouldBeFalse();
        options.ListenerAddress.ShouldBe(IPAddress.Loopback);
        options.ListenerPort.ShouldBe(2575);
        options.MaxConnections.ShouldBe(64);
        options.MaxMessageBytes.ShouldBe(1_048_576);
        options.IdleTimeout.ShouldBe(TimeSpan.FromMinutes(10));
        options.HttpFeedKey.ShouldBeNull();
        options.NewPatientTeam.ShouldBeNull();
    }

    [Fact]
    public void Every_setting_is_taken_trimmed()
    {
        var options = CensusOptions.Read(Config(
            ("Census:Listener:Enabled", " True "), ("Census:Listener:Address", "0.0.0.0"), ("Census:Listener:Port", "0"),
            ("Census:Listener:MaxConnections", "8"), ("Census:Listener:MaxMessageBytes", "2048"), ("Census:Listener:IdleTimeout", "00:00:30"),
            ("Census:HttpFeedKey", "  0123456789abcdef  "), ("Census:NewPatientTeam", " Senior Transitions Team ")));

        options.ShouldBe(new CensusOptions
        {
            ListenerEnabled = true,
            ListenerAddress = IPAddress.Any,
            ListenerPort = 0,
            MaxConnections = 8,
            MaxMessageBytes = 2048,
            IdleTimeout = TimeSpan.FromSeconds(30),
            HttpFeedKey = "0123456789abcdef",
            NewPatientTeam = "Senior Transitions Team",
        });
    }

    [Fact]
    public void Blank_settings_are_the_defaults()
    {
        var options = CensusOptions.Read(Config(
            ("Census:Listener:Enabled", ""), ("Census:Listener:Address", " "), ("Census:Listener:Port", ""), ("Census:HttpFeedKey", "   "),
            ("Census:NewPatientTeam", "")));

        options.ShouldBe(new CensusOptions());
    }

    [Theory]
    [InlineData("00:00:05", 5)]
    [InlineData("00:10:00", 600)]
    [InlineData("23:59:59", 86_399)]
    [InlineData("1.00:00:00", 86_400)]
    public void An_idle_timeout_from_five_seconds_to_a_day_is_taken(string value, int seconds) =>
        CensusOptions.Read(Config(("Census:Listener:IdleTimeout", value))).IdleTimeout.ShouldBe(TimeSpan.FromSeconds(seconds));

    public static TheoryData<string, string> BadSettings => new()
    {
        { "Census:Listener:Port", "70000" },
        { "Census:Listener:Port", "-1" },
        { "Census:Listener:Port", "http" },
        { "Census:Listener:Address", "nowhere" },
        { "Census:Listener:MaxConnections", "0" },
        { "Census:Listener:MaxMessageBytes", "10" },
        { "Census:Listener:MaxMessageBytes", "2000000" },
        { "Census:Listener:IdleTimeout", "1" },
        { "Census:Listener:IdleTimeout", "30" },
        { "Census:Listener:IdleTimeout", "1.00:00:01" },
        { "Census:Listener:IdleTimeout", "24:00:00" },
        { "Census:Listener:IdleTimeout", "00:00:01" },
        { "Census:Listener:IdleTimeout", "soon" },
        { "Census:Listener:Enabled", "maybe" },
        { "Census:NewPatientTeam", new string('T', 201) },
    };

    [Theory]
    [MemberData(nameof(BadSettings))]
    public void A_bad_setting_stops_with_a_message_naming_it(string key, string value)
    {
        var error = Should.Throw<CareHubConfigurationException>(() => CensusOptions.Read(Config((key, value))));

        error.Message.ShouldContain(key);
    }

    [Theory]
    [InlineData("short")]
    [InlineData("fifteen-chars!!")]
    public void A_feed_key_too_short_is_refused_without_showing_the_key(string key)
    {
        var error = Should.Throw<CareHubConfigurationException>(() => CensusOptions.Read(Config(("Census:HttpFeedKey", key))));

        error.Message.ShouldContain("Census:HttpFeedKey");
        error.Message.ShouldNotContain(key);
    }

    [Fact]
    public void A_feed_key_too_long_is_refused_without_showing_the_key()
    {
        var key = string.Concat(Enumerable.Repeat("k3y", 67));

        var error = Should.Throw<CareHubConfigurationException>(() => CensusOptions.Read(Config(("Census:HttpFeedKey", key))));

        error.Message.ShouldContain("Census:HttpFeedKey");
        error.Message.ShouldNotContain(key[..16]);
    }
}
