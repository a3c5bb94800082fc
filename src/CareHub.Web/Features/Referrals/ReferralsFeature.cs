using CareHub.Web.Calendar;

namespace CareHub.Web.Features.Referrals;

/// <summary>The referral feature's entry point: what other features and the composition may use.</summary>
public static class ReferralsFeature
{
    /// <summary>
    /// The referral service, the clocks' calendar and time zone from the "Referrals" section (checked now: a bad value
    /// stops start-up naming the setting), and the escalation check that runs in the background.
    /// </summary>
    public static IServiceCollection AddReferralsFeature(this IServiceCollection services, IConfiguration configuration)
    {
        var options = ReferralsOptions.Read(configuration);
        services.AddSingleton(options);
        var clocks = options.BuildClockContext();
        services.AddSingleton(clocks);
        // The organisation's calendar comes from this section today; every feature's clocks read it (docs/adr/0011).
        services.AddSingleton(new WorkCalendar(clocks.Zone, clocks.Calendar));
        services.AddScoped<ReferralService>();
        services.AddScoped<CommunityResourceService>();
        services.AddSingleton<ReferralEscalationService>();
        services.AddHostedService(sp => sp.GetRequiredService<ReferralEscalationService>());
        return services;
    }
}
