using System.Globalization;
using System.Text;
using CareHub.Domain.Common;

namespace CareHub.Domain.Referrals;

/// <summary>
/// The business days one type and urgency of referral has to reach each milestone, every one counted from the
/// day the referral was requested (sent): accepted by the receiver, appointment scheduled, result (or closing
/// report) received.
/// </summary>
public sealed record ReferralClockRule(
    ReferralType Type, ReferralUrgency Urgency, int DaysToAcceptance, int DaysToAppointment, int DaysToResult)
{
    public int DaysTo(ReferralClockStage stage) => stage switch
    {
        ReferralClockStage.Acceptance => DaysToAcceptance,
        ReferralClockStage.Appointment => DaysToAppointment,
        ReferralClockStage.Result => DaysToResult,
        _ => throw new ArgumentOutOfRangeException(nameof(stage), stage, "Not a referral clock stage."),
    };
}

/// <summary>
/// How long referrals may take, per type and urgency, in business days, and how early a clock shows as due soon.
/// Build one with <see cref="Create"/> (which refuses gaps and impossible numbers) or take <see cref="Default"/>.
/// <para>
/// The defaults are a starting point each health system tunes to its own agreements with receivers
/// (acceptance / appointment scheduled / result, business days from the request):
/// </para>
/// <list type="table">
/// <listheader><term>Type</term><description>Routine · Urgent · Stat</description></listheader>
/// <item><term>Specialty</term><description>3/15/30 · 1/5/10 · 0/1/2 (consult note back within six weeks, two weeks urgent)</description></item>
/// <item><term>Behavioral health</term><description>2/10/20 · 1/1/5 · 0/0/1 (CCBHC access: routine within 10 business days, urgent within 1, emergent the same day)</description></item>
/// <item><term>Substance use treatment</term><description>2/7/20 · 1/2/7 · 0/0/1 (treatment on demand: medication for opioid use disorder within 72 hours when urgent)</description></item>
/// <item><term>Home health</term><description>1/2/10 · 1/1/5 · 0/1/2 (Medicare start of care within 48 hours of referral; plan of care back within two weeks)</description></item>
/// <item><term>Durable medical equipment</term><description>3/5/15 · 1/2/5 · 0/1/2 (appointment: delivery scheduled; result: delivery confirmed)</description></item>
/// <item><term>Community organization</term><description>2/10/20 · 1/5/10 · 0/1/2 (Gravity SDOH loop: intake, first service, outcome back)</description></item>
/// </list>
/// <para>Due soon: within 1 business day of the due day (the due day itself and the business day before it).</para>
/// </summary>
public sealed class ReferralClockPolicy
{
    public const int MaxDays = 365;
    public const int MaxDueSoonDays = 10;
    public const int DefaultDueSoonDays = 1;

    private readonly Dictionary<(ReferralType, ReferralUrgency), ReferralClockRule> rules;

    private ReferralClockPolicy(Dictionary<(ReferralType, ReferralUrgency), ReferralClockRule> rules, int dueSoonDays)
    {
        this.rules = rules;
        DueSoonDays = dueSoonDays;
        Rules = rules.Values.OrderBy(r => r.Type).ThenBy(r => r.Urgency).ToList().AsReadOnly();
    }

    /// <summary>The default table (see the class summary).</summary>
    public static IReadOnlyList<ReferralClockRule> DefaultRules { get; } = new List<ReferralClockRule>
    {
        Rule(ReferralType.Specialty, ReferralUrgency.Routine, 3, 15, 30),
        Rule(ReferralType.Specialty, ReferralUrgency.Urgent, 1, 5, 10),
        Rule(ReferralType.Specialty, ReferralUrgency.Stat, 0, 1, 2),
        Rule(ReferralType.BehavioralHealth, ReferralUrgency.Routine, 2, 10, 20),
        Rule(ReferralType.BehavioralHealth, ReferralUrgency.Urgent, 1, 1, 5),
        Rule(ReferralType.BehavioralHealth, ReferralUrgency.Stat, 0, 0, 1),
        Rule(ReferralType.SubstanceUseTreatment, ReferralUrgency.Routine, 2, 7, 20),
        Rule(ReferralType.SubstanceUseTreatment, ReferralUrgency.Urgent, 1, 2, 7),
        Rule(ReferralType.SubstanceUseTreatment, ReferralUrgency.Stat, 0, 0, 1),
        Rule(ReferralType.HomeHealth, ReferralUrgency.Routine, 1, 2, 10),
        Rule(ReferralType.HomeHealth, ReferralUrgency.Urgent, 1, 1, 5),
        Rule(ReferralType.HomeHealth, ReferralUrgency.Stat, 0, 1, 2),
        Rule(ReferralType.DurableMedicalEquipment, ReferralUrgency.Routine, 3, 5, 15),
        Rule(ReferralType.DurableMedicalEquipment, ReferralUrgency.Urgent, 1, 2, 5),
        Rule(ReferralType.DurableMedicalEquipment, ReferralUrgency.Stat, 0, 1, 2),
        Rule(ReferralType.CommunityOrganization, ReferralUrgency.Routine, 2, 10, 20),
        Rule(ReferralType.CommunityOrganization, ReferralUrgency.Urgent, 1, 5, 10),
        Rule(ReferralType.CommunityOrganization, ReferralUrgency.Stat, 0, 1, 2),
    }.AsReadOnly();

    /// <summary>The default table with a due-soon window of one business day.</summary>
    public static ReferralClockPolicy Default { get; } = Create(DefaultRules);

    /// <summary>Business days before the due day (inclusive) in which an open clock shows as due soon; 0: only on the due day.</summary>
    public int DueSoonDays { get; }

    /// <summary>One rule per type and urgency, by type then urgency.</summary>
    public IReadOnlyList<ReferralClockRule> Rules { get; }

    public ReferralClockRule RuleFor(ReferralType type, ReferralUrgency urgency) =>
        rules.TryGetValue((type, urgency), out var rule)
            ? rule
            : throw new DomainRuleException($"The referral clock policy has no rule for {Describe(type, urgency, capitalized: false)}.");

    /// <summary>A policy with one rule for every referral type and urgency; refuses anything else with a message naming the referrals.</summary>
    public static ReferralClockPolicy Create(IEnumerable<ReferralClockRule> rules, int dueSoonDays = DefaultDueSoonDays)
    {
        ArgumentNullException.ThrowIfNull(rules);
        if (dueSoonDays is < 0 or > MaxDueSoonDays)
            throw new DomainRuleException(
                $"The due-soon window ({dueSoonDays} business days) must be between 0 and {MaxDueSoonDays} business days.");

        var table = new Dictionary<(ReferralType, ReferralUrgency), ReferralClockRule>();
        foreach (var rule in rules)
        {
            ArgumentNullException.ThrowIfNull(rule, nameof(rules));
            if (!Enum.IsDefined(rule.Type))
                throw new DomainRuleException($"A referral clock rule names an unknown referral type ({(int)rule.Type}).");
            if (!Enum.IsDefined(rule.Urgency))
                throw new DomainRuleException($"A referral clock rule names an unknown urgency ({(int)rule.Urgency}).");
            var who = Describe(rule.Type, rule.Urgency, capitalized: true);
            if (!table.TryAdd((rule.Type, rule.Urgency), rule))
                throw new DomainRuleException($"{who} have more than one clock rule.");
            Validate(rule, who);
        }

        var missing = (
            from type in Enum.GetValues<ReferralType>()
            from urgency in Enum.GetValues<ReferralUrgency>()
            where !table.ContainsKey((type, urgency))
            select Describe(type, urgency, capitalized: false)).ToList();
        if (missing.Count > 0)
            throw new DomainRuleException($"The referral clock policy has no rule for {JoinWithAnd(missing)}.");

        return new ReferralClockPolicy(table, dueSoonDays);
    }

    /// <summary>"Urgent behavioral health referrals" (or "urgent behavioral health referrals" inside a sentence).</summary>
    public static string Describe(ReferralType type, ReferralUrgency urgency, bool capitalized = true)
    {
        var text = $"{Words(urgency.ToString())} {Words(type.ToString())} referrals";
        return capitalized ? string.Concat(text[..1].ToUpperInvariant(), text.AsSpan(1)) : text;
    }

    private static void Validate(ReferralClockRule rule, string who)
    {
        foreach (var stage in Enum.GetValues<ReferralClockStage>())
        {
            var days = rule.DaysTo(stage);
            if (days < 0)
                throw new DomainRuleException($"{who}: the days to {Words(stage.ToString())} ({days}) cannot be negative.");
            if (days > MaxDays)
                throw new DomainRuleException($"{who}: the days to {Words(stage.ToString())} ({days}) cannot be more than {MaxDays}.");
        }
        if (rule.DaysToAppointment < rule.DaysToAcceptance)
            throw new DomainRuleException(
                $"{who}: the days to appointment ({rule.DaysToAppointment}) cannot be fewer than the days to acceptance ({rule.DaysToAcceptance}).");
        if (rule.DaysToResult < rule.DaysToAppointment)
            throw new DomainRuleException(
                $"{who}: the days to result ({rule.DaysToResult}) cannot be fewer than the days to appointment ({rule.DaysToAppointment}).");
    }

    private static ReferralClockRule Rule(ReferralType type, ReferralUrgency urgency, int acceptance, int appointment, int result) =>
        new(type, urgency, acceptance, appointment, result);

    // "BehavioralHealth" -> "behavioral health".
    private static string Words(string pascalCase)
    {
        var words = new StringBuilder(pascalCase.Length + 4);
        foreach (var c in pascalCase)
        {
            if (char.IsUpper(c) && words.Length > 0)
                words.Append(' ');
            words.Append(char.ToLower(c, CultureInfo.InvariantCulture));
        }
        return words.ToString();
    }

    private static string JoinWithAnd(List<string> items) =>
        items.Count == 1 ? items[0] : $"{string.Join(", ", items.Take(items.Count - 1))} and {items[^1]}";
}
