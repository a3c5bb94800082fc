using System.Reflection;
using System.Runtime.CompilerServices;
using NetArchTest.Rules;

namespace CareHub.Web.Tests.Architecture;

/// <summary>
/// A feature folder may use another feature only through that feature's <c>{Feature}Feature</c> class and its
/// <c>*Events</c> types (DESIGN.md). Written for any number of features: each new folder under Features/ is checked.
/// </summary>
public sealed class FeatureBoundaryTests
{
    private const string WebFeatures = "CareHub.Web.Features";
    private const string SampleFeatures = "CareHub.Web.Tests.Architecture.Samples.Features";

    [Fact]
    public void Features_use_each_other_only_through_their_Feature_class_and_Events()
    {
        FeatureBoundaries.Violations(typeof(Program).Assembly, WebFeatures).ShouldBeEmpty();
    }

    [Fact]
    public void The_web_app_has_feature_folders_for_the_rule_to_check()
    {
        FeatureBoundaries.Features(typeof(Program).Assembly, WebFeatures).Keys.ShouldContain("Patients");
    }

    [Fact]
    public void The_rule_catches_a_feature_reaching_into_another_and_allows_the_public_doors()
    {
        // Sample features in this test assembly: Referrals uses Patients' service (wrong) and its Feature class and
        // Events (fine); Census uses only the doors.
        var violations = FeatureBoundaries.Violations(typeof(FeatureBoundaryTests).Assembly, SampleFeatures);

        violations.ShouldBe([$"{typeof(Samples.Features.Referrals.ReferralsService).FullName} uses Patients' internals"]);
    }
}

/// <summary>The feature-boundary rule, applied to any assembly and features namespace.</summary>
internal static class FeatureBoundaries
{
    /// <summary>The feature folders (the namespace segment after <paramref name="root"/>) and their own types.</summary>
    public static Dictionary<string, List<Type>> Features(Assembly assembly, string root) =>
        Types.InAssembly(assembly).That().ResideInNamespaceStartingWith(root + ".").GetTypes()
            .Where(t => !t.IsDefined(typeof(CompilerGeneratedAttribute), inherit: false) && !t.Name.StartsWith('<') && !t.Name.StartsWith('_'))
            .GroupBy(t => t.Namespace![(root.Length + 1)..].Split('.')[0], StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);

    public static bool IsDoor(Type type, string feature) =>
        type.Name == feature + "Feature" || type.Name.EndsWith("Events", StringComparison.Ordinal);

    public static List<string> Violations(Assembly assembly, string root)
    {
        var features = Features(assembly, root);
        var violations = new List<string>();
        foreach (var (feature, _) in features)
        {
            foreach (var (other, otherTypes) in features.Where(f => f.Key != feature))
            {
                var internals = otherTypes.Where(t => !IsDoor(t, other)).Select(t => t.FullName!).ToArray();
                if (internals.Length == 0)
                    continue;
                var result = Types.InAssembly(assembly).That().ResideInNamespaceStartingWith($"{root}.{feature}.")
                    .Or().ResideInNamespaceMatching($"^{System.Text.RegularExpressions.Regex.Escape($"{root}.{feature}")}$")
                    .ShouldNot().HaveDependencyOnAny(internals).GetResult();
                violations.AddRange((result.FailingTypeNames ?? []).Where(n => !n.Contains('<', StringComparison.Ordinal))
                    .Select(n => $"{n.Replace('/', '+')} uses {other}' internals"));
            }
        }
        return violations;
    }
}
