using CareHub.Data;
using CareHub.Domain.Referrals;
using CareHub.Tests.Infrastructure;
using CareHub.Web.Composition;
using CareHub.Web.Features.Referrals;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace CareHub.Web.Tests.Features.Referrals;

/// <summary>The "Referrals" settings: defaults, what they build, and one clear message naming a bad one.</summary>
public sealed class ReferralServiceOptionsTests
{
    private static IConfiguration Config(params (string Key, string? Value)[] settings) =>
        new ConfigurationBuilder().AddInMemoryCollection(settings.Select(s => KeyValuePair.Create(s.Key, s.Value))).Build();

    [Fact]
    public void Without_settings_the_clocks_count_us_federal_business_days_in_new_york_and_escalate_to_the_manager_after_two_days()
    {
        var options = ReferralsOptions.Read(Config());
        var clocks = options.BuildClockContext();

        (options.TimeZone, options.ManagerEscalationAfterDays, options.EscalationCheckInterval, options.Holidays)
            .ShouldBe(("America/New_York", 2, TimeSpan.FromMinutes(5), ReferralHolidays.UsFederal));
        clocks.Zone.BaseUtcOffset.ShouldBe(TimeSpan.FromHours(-5));
        clocks.ManagerEscalationAfterDays.ShouldBe(2);
        clocks.Calendar.IsBusinessDay(new DateOnly(2026, 7, 3)).ShouldBeFalse(); // Independence Day 2026, observed on Friday
        clocks.Calendar.IsBusinessDay(new DateOnly(2026, 11, 27)).ShouldBeTrue();
    }

    [Fact]
    public void Extra_holidays_and_no_federal_holidays_are_taken()
    {
        var options = ReferralsOptions.Read(Config(
            ("Referrals:TimeZone", "Europe/Berlin"), ("Referrals:Holidays", "None"), ("Referrals:ExtraHolidays:0", "2026-11-27"),
            ("Referrals:ExtraHolidays:1", "2026-12-24"), ("Referrals:ManagerEscalationAfterDays", "5"), ("Referrals:EscalationCheckInterval", "00:00:30")));
        var clocks = options.BuildClockContext();

        clocks.Calendar.Holidays.ShouldBe([new DateOnly(2026, 11, 27), new DateOnly(2026, 12, 24)]);
        clocks.Zone.BaseUtcOffset.ShouldBe(TimeSpan.FromHours(1));
        (options.ManagerEscalationAfterDays, options.EscalationCheckInterval).ShouldBe((5, TimeSpan.FromSeconds(30)));
        ReferralsOptions.Read(Config(("Referrals:ExtraHolidays", "2026-11-27, 2026-12-24"))).ExtraHolidays.Count.ShouldBe(2);
    }

    public static TheoryData<string, string, string> BadSettings => new()
    {
        { "Referrals:TimeZone", "Mars/Olympus", "Referrals:TimeZone 'Mars/Olympus' is not a time zone this server knows." },
        { "Referrals:ManagerEscalationAfterDays", "0", "Referrals:ManagerEscalationAfterDays is '0'; it must be a whole number of business days from 1 to 30" },
        { "Referrals:ManagerEscalationAfterDays", "31", "Referrals:ManagerEscalationAfterDays is '31'" },
        { "Referrals:ManagerEscalationAfterDays", "two", "Referrals:ManagerEscalationAfterDays is 'two'" },
        { "Referrals:EscalationCheckInterval", "00:00:05", "Referrals:EscalationCheckInterval is '00:00:05'; it must be a duration from 00:00:10 to 01:00:00" },
        { "Referrals:EscalationCheckInterval", "soon", "Referrals:EscalationCheckInterval is 'soon'" },
        { "Referrals:Holidays", "Christmas", "Referrals:Holidays is 'Christmas'; it must be UsFederal" },
        { "Referrals:ExtraHolidays:0", "27/11/2026", "Referrals:ExtraHolidays has '27/11/2026'; each extra holiday must be a date written yyyy-MM-dd" },
        { "Referrals:Clocks:0:Type", "Podiatry", "Referrals:Clocks:0:Type 'Podiatry' is not one of: Specialty, BehavioralHealth" },
        { "Referrals:DueSoonDays", "11", "Referrals:Clocks: " },
    };

    [Fact]
    public void A_clock_rule_from_the_settings_replaces_that_row_of_the_default_table_and_the_rest_stay()
    {
        var options = ReferralsOptions.Read(Config(
            ("Referrals:Clocks:0:Type", "BehavioralHealth"), ("Referrals:Clocks:0:Urgency", "urgent"),
            ("Referrals:Clocks:0:Acceptance", "1"), ("Referrals:Clocks:0:Appointment", "3"), ("Referrals:Clocks:0:Result", "7"),
            ("Referrals:DueSoonDays", "2")));

        var policy = options.BuildClockContext().Policy;

        policy.RuleFor(ReferralType.BehavioralHealth, ReferralUrgency.Urgent)
            .ShouldBe(new ReferralClockRule(ReferralType.BehavioralHealth,
                ReferralUrgency.Urgent, 1, 3, 7));
        policy.RuleFor(ReferralType.Specialty, ReferralUrgency.Routine)
            .ShouldBe(ReferralClockPolicy.Default.RuleFor(ReferralType.Specialty, ReferralUrgency.Routine));
        policy.DueSoonDays.ShouldBe(2);
    }

    [Fact]
    public void A_clock_rule_the_policy_refuses_stops_the_app_with_the_policys_words()
    {
        var refusal = Should.Throw<CareHubConfigurationException>(() => ReferralsOptions.Read(Config(
            ("Referrals:Clocks:0:Type", "BehavioralHealth"), ("Referrals:Clocks:0:Urgency", "Urgent"),
            ("Referrals:Clocks:0:Acceptance", "3"), ("Referrals:Clocks:0:Appointment", "2"), ("Referrals:Clocks:0:Result", "7"))));

        refusal.Message.ShouldBe("Referrals:Clocks: Urgent behavioral health referrals: the days to appointment (2) cannot be fewer than the days to acceptance (3).");
    }

    [Theory]
    [MemberData(nameof(BadSettings))]
    public void A_bad_setting_is_refused_with_a_message_naming_it(string key, string value, string message)
    {
        var error = Should.Throw<CareHubConfigurationException>(() => ReferralsOptions.Read(Config((key, value))));

        error.Message.ShouldStartWith(message);
    }

    [Theory]
    [MemberData(nameof(BadSettings))]
    public void The_composition_stops_start_up_on_a_bad_setting(string key, string value, string message)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Testing" });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { [key] = value });

        // The exception Program turns into "CareHub cannot start: ..." and exit code 2.
        var error = Should.Throw<CareHubConfigurationException>(() => builder.AddCareHubUi());

        error.Message.ShouldStartWith(message);
    }

    [Fact]
    public void The_real_entry_point_does_not_start_with_a_bad_time_zone()
    {
        using var server = new CareHubServer(settings: new Dictionary<string, string?> { ["Referrals:TimeZone"] = "Mars/Olympus" });

        // Program catches the configuration exception, prints it and returns 2: the host is never built.
        Should.Throw<InvalidOperationException>(() => server.Start()).Message.ShouldContain("without ever building");
    }

    [Fact]
    public void The_app_registers_the_service_the_clocks_and_the_escalation_check()
    {
        using var server = new CareHubServer(patients: 20).Start();

        server.Services.GetRequiredService<ReferralClockContext>().Zone.Id.ShouldBe("America/New_York");
        server.Services.GetServices<IHostedService>().OfType<ReferralEscalationService>().ShouldHaveSingleItem();
        using var scope = server.Services.CreateScope();
        scope.ServiceProvider.GetRequiredService<ReferralService>().ShouldNotBeNull();
    }
}
