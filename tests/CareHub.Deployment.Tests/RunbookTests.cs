using CareHub.Deployment.Tests.Infrastructure;

namespace CareHub.Deployment.Tests;

/// <summary>azure/README.md keeps the steps a release depends on, in the order that is safe.</summary>
public class RunbookTests
{
    [Fact]
    public void The_runbook_migrates_with_the_idempotent_script_before_swapping_the_new_version_in()
    {
        var runbook = File.ReadAllText(Path.Combine(RepositoryRoot.Azure, "README.md"));

        runbook.ShouldContain("--parameters azure/environments/$ENV.bicepparam");
        runbook.ShouldContain("FROM EXTERNAL PROVIDER");
        runbook.ShouldContain("dotnet ef migrations script --idempotent");
        runbook.ShouldContain("src/CareHub.Data.Migrations.SqlServer");
        runbook.ShouldContain("--authentication-method ActiveDirectoryDefault");

        var migrate = runbook.IndexOf("-i artifacts/sqlserver-idempotent.sql", StringComparison.Ordinal);
        var deploy = runbook.IndexOf("az webapp deploy", StringComparison.Ordinal);
        var swap = runbook.IndexOf("az webapp deployment slot swap", StringComparison.Ordinal);
        migrate.ShouldBeGreaterThan(0);
        deploy.ShouldBeGreaterThan(migrate, "the schema is migrated before the new version is deployed");
        swap.ShouldBeGreaterThan(deploy, "the new version is warmed up in staging before the swap");
    }
}
