using CareHub.Data;
using CareHub.Domain.Organization;
using CareHub.Web.Security;
using Microsoft.Extensions.Configuration;

namespace CareHub.Web.Tests.Security;

/// <summary>Security:* settings: the defaults a care team expects, and a bad value stops start-up naming the setting.</summary>
public sealed class SecurityOptionsTests
{
    [Fact]
    public void The_defaults_are_fifteen_minutes_a_warning_a_minute_before_and_reports_every_30_seconds()
    {
        var defaults = new SecurityOptions();

        defaults.IdleTimeout.ShouldBe(TimeSpan.FromMinutes(15));
        defaults.IdleWarning.ShouldBe(TimeSpan.FromMinutes(1));
        defaults.ActivityReportInterval.ShouldBe(TimeSpan.FromSeconds(30));
        defaults.MembershipRefreshInterval.ShouldBe(TimeSpan.FromSeconds(30));
        defaults.EmergencyAccessRoles.ShouldBe([StaffRole.Physician, StaffRole.Nurse]);
        defaults.EmergencyAccessDuration.ShouldBe(TimeSpan.FromHours(1));
    }

    [Theory]
    [InlineData(SecurityOptions.IdleTimeoutKey, "soon")]
    [InlineData(SecurityOptions.IdleTimeoutKey, "00:00:01")]
    [InlineData(SecurityOptions.IdleTimeoutKey, "-00:15:00")]
    [InlineData(SecurityOptions.IdleTimeoutKey, "2.00:00:00")]
    [InlineData(SecurityOptions.MembershipRefreshIntervalKey, "0")]
    [InlineData(SecurityOptions.MembershipRefreshIntervalKey, "01:00:00")]
    [InlineData(SecurityOptions.EmergencyAccessDurationKey, "00:00:10")]
    [InlineData(SecurityOptions.EmergencyAccessDurationKey, "3.00:00:00")]
    public void A_bad_setting_stops_start_up_naming_it(string key, string value)
    {
        var config = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { [key] = value }).Build();

        var error = Should.Throw<CareHubConfigurationException>(() => SecurityOptions.Read(config));

        error.Message.ShouldStartWith($"{key} is '{value}'");
        error.Message.ShouldContain("must be a duration");
    }

    [Fact]
    public void A_short_timeout_for_tests_warns_and_reports_in_proportion()
    {
        var config = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                [SecurityOptions.IdleTimeoutKey] = "00:00:20",
                [SecurityOptions.MembershipRefreshIntervalKey] = "00:00:01",
            }).Build();

        var options = SecurityOptions.Read(config);

        options.IdleTimeout.ShouldBe(TimeSpan.FromSeconds(20));
        options.IdleWarning.ShouldBe(TimeSpan.FromSeconds(5));
        options.ActivityReportInterval.ShouldBe(TimeSpan.FromSeconds(4));
        options.MembershipRefreshInterval.ShouldBe(TimeSpan.FromSeconds(1));
    }

    [Theory]
    [InlineData("Physician,Nurse", new[] { StaffRole.Physician, StaffRole.Nurse })]
    [InlineData(" physician ", new[] { StaffRole.Physician })]
    [InlineData("None", new StaffRole[0])]
    public void Emergency_access_roles_are_role_names_or_none(string value, StaffRole[] expected)
    {
        var config = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { [SecurityOptions.EmergencyAccessRolesKey] = value }).Build();

        SecurityOptions.Read(config).EmergencyAccessRoles.ShouldBe(expected);
    }

    [Theory]
    [InlineData("Physician,Doctor", "Doctor")]
    [InlineData("4", "4")]
    public void An_emergency_access_role_that_is_not_a_role_stops_start_up(string value, string named)
    {
        var config = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { [SecurityOptions.EmergencyAccessRolesKey] = value }).Build();

        var error = Should.Throw<CareHubConfigurationException>(() => SecurityOptions.Read(config));

        error.Message.ShouldStartWith($"{SecurityOptions.EmergencyAccessRolesKey} has '{named}', which is not a role");
    }

    [Fact]
    public void The_shipped_appsettings_hold_the_defaults()
    {
        var config = new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: false).Build();

        var shipped = SecurityOptions.Read(config);
        var defaults = new SecurityOptions();

        shipped.IdleTimeout.ShouldBe(defaults.IdleTimeout);
        shipped.MembershipRefreshInterval.ShouldBe(defaults.MembershipRefreshInterval);
        shipped.EmergencyAccessRoles.ShouldBe(defaults.EmergencyAccessRoles);
        shipped.EmergencyAccessDuration.ShouldBe(defaults.EmergencyAccessDuration);
    }
}
