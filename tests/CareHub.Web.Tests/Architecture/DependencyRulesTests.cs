using System.Reflection;
using CareHub.Data;
using CareHub.Domain.Patients;
using CareHub.Flux;
using NetArchTest.Rules;

namespace CareHub.Web.Tests.Architecture;

/// <summary>The dependency rules of DESIGN.md: Domain &lt;- Data &lt;- Web, Flux &lt;- Web, nothing the other way.</summary>
public sealed class DependencyRulesTests
{
    private static readonly Assembly Domain = typeof(Patient).Assembly;
    private static readonly Assembly Flux = typeof(IDispatcher).Assembly;
    private static readonly Assembly Data = typeof(CareHubDbContext).Assembly;
    private static readonly Assembly Web = typeof(Program).Assembly;

    private static IReadOnlyList<string> References(Assembly assembly) =>
        [.. assembly.GetReferencedAssemblies().Select(a => a.Name!).Order(StringComparer.Ordinal)];

    private static bool IsRuntime(string name) => name is "System" or "netstandard" or "mscorlib" || name.StartsWith("System.", StringComparison.Ordinal);

    [Fact]
    public void The_domain_references_nothing_but_the_runtime()
    {
        References(Domain).Where(r => !IsRuntime(r)).ShouldBeEmpty();
    }

    [Fact]
    public void The_store_knows_nothing_of_CareHub()
    {
        References(Flux).Where(r => r.StartsWith("CareHub", StringComparison.Ordinal)).ShouldBeEmpty();
    }

    [Fact]
    public void The_data_layer_references_neither_the_web_app_nor_the_store()
    {
        var references = References(Data);

        references.ShouldContain("CareHub.Domain");
        references.ShouldNotContain(r => r.StartsWith("CareHub.", StringComparison.Ordinal) && r != "CareHub.Domain");
        references.ShouldNotContain(r => r.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(DatabaseSettings.MigrationsAssemblySqlite)]
    [InlineData(DatabaseSettings.MigrationsAssemblySqlServer)]
    public void A_migrations_assembly_references_only_the_data_layer_the_domain_and_EF_Core(string name)
    {
        var migrations = Assembly.Load(name);

        References(migrations)
            .Where(r => !IsRuntime(r) && r is not ("CareHub.Data" or "CareHub.Domain") && !r.StartsWith("Microsoft.EntityFrameworkCore", StringComparison.Ordinal))
            .ShouldBeEmpty();
    }

    [Fact]
    public void The_web_app_depends_on_the_inner_rooms_and_not_the_other_way()
    {
        References(Web).ShouldContain("CareHub.Domain");
        References(Web).ShouldContain("CareHub.Data");
        References(Web).ShouldContain("CareHub.Flux");
        foreach (var inner in new[] { Domain, Flux, Data })
            References(inner).ShouldNotContain("CareHub.Web");
    }

    [Fact]
    public void No_type_of_the_domain_or_data_layer_uses_ASP_NET_Core_or_the_web_app()
    {
        var result = Types.InAssemblies([Domain, Data]).ShouldNot()
            .HaveDependencyOnAny("Microsoft.AspNetCore", "CareHub.Web", "CareHub.Flux").GetResult();

        (result.FailingTypeNames ?? []).ShouldBeEmpty();
    }
}
