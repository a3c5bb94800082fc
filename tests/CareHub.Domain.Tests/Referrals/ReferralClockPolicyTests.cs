using CareHub.Domain.Common;
using CareHub.Domain.Referrals;

namespace CareHub.Domain.Tests.Referrals;

public class ReferralClockPolicyTests
{
    /// <summary>The default rules with one type and urgency's rule replaced (or removed, when <paramref name="replacement"/> is null).</summary>
    private static List<ReferralClockRule> DefaultsWith(ReferralType type, ReferralUrgency urgency, ReferralClockRule? replacement)
    {
        var rules = ReferralClockPolicy.DefaultRules.Where(r => r.Type != type || r.Urgency != urgency).ToList();
        if (replacement is not null)
            rules.Add(replacement);
        return rules;
    }

    [Fact]
    public void The_default_policy_has_one_rule_for_every_type_and_urgency_and_a_due_soon_window_of_one_day()
    {
        var policy = ReferralClockPolicy.Default;

        policy.DueSoonDays.ShouldBe(1);
        policy.Rules.Count.ShouldBe(Enum.GetValues<ReferralType>().Length * Enum.GetValues<ReferralUrgency>().Length);
        foreach (var type in Enum.GetValues<ReferralType>())
        {
            foreach (var urgency in Enum.GetValues<ReferralUrgency>())
                policy.RuleFor(type, urgency).ShouldBe(ReferralClockPolicy.DefaultRules.Single(r => r.Type == type && r.Urgency == urgency));
        }
    }

    [Fact]
    public void A_more_urgent_default_is_never_slower_than_a_less_urgent_one()
    {
        var policy = ReferralClockPolicy.Default;

        foreach (var type in Enum.GetValues<ReferralType>())
        {
            var routine = policy.RuleFor(type, ReferralUrgency.Routine);
            var urgent = policy.RuleFor(type, ReferralUrgency.Urgent);
            var stat = policy.RuleFor(type, ReferralUrgency.Stat);
            foreach (var stage in Enum.GetValues<ReferralClockStage>())
            {
                urgent.DaysTo(stage).ShouldBeLessThanOrEqualTo(routine.DaysTo(stage), $"{type} {stage}");
                stat.DaysTo(stage).ShouldBeLessThanOrEqualTo(urgent.DaysTo(stage), $"{type} {stage}");
            }
        }
    }

    [Fact]
    public void The_defaults_follow_the_documented_table()
    {
        var policy = ReferralClockPolicy.Default;

        policy.RuleFor(ReferralType.Specialty, ReferralUrgency.Routine).ShouldBe(new ReferralClockRule(ReferralType.Specialty, ReferralUrgency.Routine, 3, 15, 30));
        policy.RuleFor(ReferralType.Specialty, ReferralUrgency.Stat).ShouldBe(new ReferralClockRule(ReferralType.Specialty, ReferralUrgency.Stat, 0, 1, 2));
        policy.RuleFor(ReferralType.BehavioralHealth, ReferralUrgency.Urgent).ShouldBe(new ReferralClockRule(ReferralType.BehavioralHealth, ReferralUrgency.Urgent, 1, 1, 5));
        policy.RuleFor(ReferralType.CommunityOrganization, ReferralUrgency.Routine).ShouldBe(new ReferralClockRule(ReferralType.CommunityOrganization, ReferralUrgency.Routine, 2, 10, 20));
    }

    [Fact]
    public void A_complete_table_with_a_wider_due_soon_window_is_accepted()
    {
        var rules = DefaultsWith(ReferralType.HomeHealth, ReferralUrgency.Routine, new(ReferralType.HomeHealth, ReferralUrgency.Routine, 2, 4, 12));

        var policy = ReferralClockPolicy.Create(rules, dueSoonDays: 3);

        policy.DueSoonDays.ShouldBe(3);
        policy.RuleFor(ReferralType.HomeHealth, ReferralUrgency.Routine).DaysTo(ReferralClockStage.Appointment).ShouldBe(4);
    }

    [Theory]
    [InlineData(0, 0, 0, 0)]
    [InlineData(365, 365, 365, 10)]
    public void The_limits_themselves_are_allowed(int acceptance, int appointment, int result, int dueSoonDays)
    {
        var rules = DefaultsWith(ReferralType.Specialty, ReferralUrgency.Routine,
            new(ReferralType.Specialty, ReferralUrgency.Routine, acceptance, appointment, result));

        var policy = ReferralClockPolicy.Create(rules, dueSoonDays);

        policy.RuleFor(ReferralType.Specialty, ReferralUrgency.Routine).DaysToResult.ShouldBe(result);
    }

    [Theory]
    [InlineData(ReferralType.BehavioralHealth, ReferralUrgency.Urgent, 3, 2, 7,
        "Urgent behavioral health referrals: the days to appointment (2) cannot be fewer than the days to acceptance (3).")]
    [InlineData(ReferralType.Specialty, ReferralUrgency.Routine, 3, 15, 10,
        "Routine specialty referrals: the days to result (10) cannot be fewer than the days to appointment (15).")]
    [InlineData(ReferralType.HomeHealth, ReferralUrgency.Stat, -1, 1, 2,
        "Stat home health referrals: the days to acceptance (-1) cannot be negative.")]
    [InlineData(ReferralType.DurableMedicalEquipment, ReferralUrgency.Urgent, 1, -2, 5,
        "Urgent durable medical equipment referrals: the days to appointment (-2) cannot be negative.")]
    [InlineData(ReferralType.CommunityOrganization, ReferralUrgency.Routine, 2, 10, 366,
        "Routine community organization referrals: the days to result (366) cannot be more than 365.")]
    [InlineData(ReferralType.SubstanceUseTreatment, ReferralUrgency.Routine, 400, 400, 400,
        "Routine substance use treatment referrals: the days to acceptance (400) cannot be more than 365.")]
    public void An_impossible_rule_is_refused_naming_the_referrals_in_words(
        ReferralType type, ReferralUrgency urgency, int acceptance, int appointment, int result, string message)
    {
        var rules = DefaultsWith(type, urgency, new(type, urgency, acceptance, appointment, result));

        var refusal = Should.Throw<DomainRuleException>(() => ReferralClockPolicy.Create(rules));

        refusal.Message.ShouldBe(message);
    }

    [Fact]
    public void A_table_without_a_rule_for_one_type_and_urgency_is_refused()
    {
        var rules = DefaultsWith(ReferralType.DurableMedicalEquipment, ReferralUrgency.Stat, null);

        var refusal = Should.Throw<DomainRuleException>(() => ReferralClockPolicy.Create(rules));

        refusal.Message.ShouldBe("The referral clock policy has no rule for stat durable medical equipment referrals.");
    }

    [Fact]
    public void A_table_missing_several_rules_names_them_all()
    {
        var rules = ReferralClockPolicy.DefaultRules.Where(r => r.Type != ReferralType.SubstanceUseTreatment);

        var refusal = Should.Throw<DomainRuleException>(() => ReferralClockPolicy.Create(rules));

        refusal.Message.ShouldBe("The referral clock policy has no rule for routine substance use treatment referrals, "
            + "urgent substance use treatment referrals and stat substance use treatment referrals.");
    }

    [Fact]
    public void Two_rules_for_the_same_type_and_urgency_are_refused()
    {
        var rules = ReferralClockPolicy.DefaultRules.Append(new(ReferralType.Specialty, ReferralUrgency.Urgent, 1, 4, 9));

        var refusal = Should.Throw<DomainRuleException>(() => ReferralClockPolicy.Create(rules));

        refusal.Message.ShouldBe("Urgent specialty referrals have more than one clock rule.");
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(11)]
    public void A_due_soon_window_outside_zero_to_ten_business_days_is_refused(int dueSoonDays)
    {
        var refusal = Should.Throw<DomainRuleException>(() => ReferralClockPolicy.Create(ReferralClockPolicy.DefaultRules, dueSoonDays));

        refusal.Message.ShouldBe($"The due-soon window ({dueSoonDays} business days) must be between 0 and 10 business days.");
    }

    [Fact]
    public void A_rule_for_an_unknown_type_or_urgency_is_refused()
    {
        var unknownType = ReferralClockPolicy.DefaultRules.Append(new((ReferralType)42, ReferralUrgency.Routine, 1, 2, 3));
        var unknownUrgency = ReferralClockPolicy.DefaultRules.Append(new(ReferralType.Specialty, (ReferralUrgency)7, 1, 2, 3));

        Should.Throw<DomainRuleException>(() => ReferralClockPolicy.Create(unknownType)).Message
            .ShouldBe("A referral clock rule names an unknown referral type (42).");
        Should.Throw<DomainRuleException>(() => ReferralClockPolicy.Create(unknownUrgency)).Message
            .ShouldBe("A referral clock rule names an unknown urgency (7).");
    }

    [Theory]
    [InlineData(ReferralType.SubstanceUseTreatment, ReferralUrgency.Stat, true, "Stat substance use treatment referrals")]
    [InlineData(ReferralType.CommunityOrganization, ReferralUrgency.Routine, false, "routine community organization referrals")]
    public void Referrals_are_described_in_words(ReferralType type, ReferralUrgency urgency, bool capitalized, string expected)
    {
        var words = ReferralClockPolicy.Describe(type, urgency, capitalized);

        words.ShouldBe(expected);
    }
}
