using System.Text.Json.Nodes;
using CareHub.Deployment.Tests.Infrastructure;

namespace CareHub.Deployment.Tests;

/// <summary>azure/main.bicep compiles with the pinned Bicep CLI and describes the deployment azure/README.md runs.</summary>
public class BicepTemplateTests
{
    [Fact]
    public async Task The_template_builds_without_errors_or_warnings()
    {
        var build = await MainTemplate.BuildAsync();

        build.ExitCode.ShouldBe(0, build.ToString());
        build.Diagnostics.ShouldBeEmpty(build.ToString());
        JsonNode.Parse(build.StandardOutput)!["$schema"]!.ToString().ShouldContain("deploymentTemplate.json");
    }

    [Fact]
    public async Task The_web_app_is_dotnet_10_on_linux_with_websockets_sticky_sessions_and_the_readiness_health_check()
    {
        var template = await MainTemplate.GetAsync();

        var plan = template.One("Microsoft.Web/serverfarms");
        plan.At("kind")!.ToString().ShouldBe("linux");
        plan.At("properties.reserved")!.GetValue<bool>().ShouldBeTrue();
        template.ParameterDefault("planSkuName")!.ToString().ShouldBe("P1v3");

        foreach (var site in template.OfType("Microsoft.Web/sites").Concat(template.OfType("Microsoft.Web/sites/slots")))
        {
            site.At("properties.clientAffinityEnabled")!.GetValue<bool>().ShouldBeTrue();
            site.At("properties.httpsOnly")!.GetValue<bool>().ShouldBeTrue();
            site.At("properties.siteConfig.webSocketsEnabled")!.GetValue<bool>().ShouldBeTrue();
            site.At("properties.siteConfig.alwaysOn")!.GetValue<bool>().ShouldBeTrue();
            site.At("properties.siteConfig.healthCheckPath")!.ToString().ShouldBe("/health/ready");
            site.At("properties.siteConfig.linuxFxVersion")!.ToString().ShouldBe("DOTNETCORE|10.0");
            site.At("properties.siteConfig.minTlsVersion")!.ToString().ShouldBe("1.2");
            site.At("properties.siteConfig.ftpsState")!.ToString().ShouldBe("Disabled");
            site.At("identity.type")!.ToString().ShouldBe("UserAssigned");
            site.At("properties.keyVaultReferenceIdentity").ShouldNotBeNull("Key Vault references resolve with the user-assigned identity");
        }
        template.OfType("Microsoft.Web/sites").Count.ShouldBe(1);
        template.One("Microsoft.Web/sites/slots").At("name")!.ToString().ShouldContain("staging");
    }

    [Fact]
    public async Task The_app_settings_configure_SQL_Server_with_the_managed_identity_and_read_secrets_from_Key_Vault()
    {
        var template = await MainTemplate.GetAsync();
        var settings = AppSettings(template.One("Microsoft.Web/sites"));

        settings["ASPNETCORE_ENVIRONMENT"].ShouldBe("Production");
        settings["Database__Provider"].ShouldBe("SqlServer");
        settings["ConnectionStrings__CareHub"].ShouldContain("Authentication=Active Directory Managed Identity");
        settings["ConnectionStrings__CareHub"].ShouldContain("User Id=");
        settings["ConnectionStrings__CareHub"].ShouldNotContain("Password", Case.Insensitive);
        settings["ConnectionStrings__Redis"].ShouldStartWith("[format('@Microsoft.KeyVault(");
        settings["Census__HttpFeedKey"].ShouldStartWith("[format('@Microsoft.KeyVault(");
        settings["Census__Listener__Enabled"].ShouldContain("censusListenerEnabled");
        template.ParameterDefault("censusListenerEnabled")!.GetValue<bool>().ShouldBeFalse();
        settings.Keys.ShouldContain("APPLICATIONINSIGHTS_CONNECTION_STRING");
        settings.Keys.ShouldContain("OTEL_SERVICE_NAME");
        foreach (var key in new[] { "AzureAd__Instance", "AzureAd__TenantId", "AzureAd__ClientId" })
            settings[key].ShouldStartWith("[parameters(");
    }

    [Fact]
    public async Task Azure_SQL_accepts_Entra_authentication_only_and_encrypts_the_database()
    {
        var template = await MainTemplate.GetAsync();

        var server = template.One("Microsoft.Sql/servers");
        server.At("properties.administrators.azureADOnlyAuthentication")!.GetValue<bool>().ShouldBeTrue();
        server.At("properties.administrators.principalType")!.ToString().ShouldBe("Group");
        server.At("properties.administratorLogin").ShouldBeNull("no SQL login");
        server.At("properties.administratorLoginPassword").ShouldBeNull("no SQL password");
        template.One("Microsoft.Sql/servers/azureADOnlyAuthentications")
            .At("properties.azureADOnlyAuthentication")!.GetValue<bool>().ShouldBeTrue();

        template.One("Microsoft.Sql/servers/databases").ShouldNotBeNull();
        template.ParameterDefault("sqlSkuName")!.ToString().ShouldBe("GP_S_Gen5");
        template.One("Microsoft.Sql/servers/databases/transparentDataEncryption")
            .At("properties.state")!.ToString().ShouldContain("Enabled");
        template.ParameterDefault("sqlTransparentDataEncryption")!.GetValue<bool>().ShouldBeTrue();

        var firewall = template.One("Microsoft.Sql/servers/firewallRules");
        firewall.At("properties.startIpAddress")!.ToString().ShouldBe("0.0.0.0");
        firewall.At("properties.endIpAddress")!.ToString().ShouldBe("0.0.0.0");
    }

    [Fact]
    public async Task Redis_speaks_TLS_only_and_its_connection_string_goes_to_Key_Vault()
    {
        var template = await MainTemplate.GetAsync();

        var redis = template.One("Microsoft.Cache/redis");
        redis.At("properties.enableNonSslPort")!.GetValue<bool>().ShouldBeFalse();
        redis.At("properties.minimumTlsVersion")!.ToString().ShouldBe("1.2");
        template.ParameterDefault("redisSkuName")!.ToString().ShouldBe("Standard");
        template.ParameterDefault("redisCapacity")!.GetValue<int>().ShouldBe(1);

        var secret = template.One("Microsoft.KeyVault/vaults/secrets");
        secret.Module.ShouldBe("redis");
        secret.At("properties.value")!.ToString().ShouldContain("listKeys(");
    }

    [Fact]
    public async Task Key_Vault_uses_RBAC_with_purge_protection_and_the_app_identity_may_read_secrets()
    {
        var template = await MainTemplate.GetAsync();

        var vault = template.One("Microsoft.KeyVault/vaults");
        vault.At("properties.enableRbacAuthorization")!.GetValue<bool>().ShouldBeTrue();
        vault.At("properties.enableSoftDelete")!.GetValue<bool>().ShouldBeTrue();
        vault.At("properties.enablePurgeProtection")!.GetValue<bool>().ShouldBeTrue();

        const string keyVaultSecretsUser = "4633458b-17de-408a-b874-0445c86b69e6";
        template.OfType("Microsoft.Authorization/roleAssignments")
            .ShouldContain(r => r.At("properties.roleDefinitionId")!.ToString().Contains(keyVaultSecretsUser, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Telemetry_goes_to_workspace_based_Application_Insights_and_diagnostics_to_Log_Analytics()
    {
        var template = await MainTemplate.GetAsync();

        template.One("Microsoft.OperationalInsights/workspaces").ShouldNotBeNull();
        template.One("Microsoft.Insights/components").At("properties.WorkspaceResourceId").ShouldNotBeNull();
        template.One("Microsoft.ManagedIdentity/userAssignedIdentities").ShouldNotBeNull();

        var diagnostics = template.OfType("Microsoft.Insights/diagnosticSettings");
        diagnostics.Select(d => d.Module).ShouldBe(["keyVault", "sql", "webApp"], ignoreOrder: true);
        diagnostics.ShouldAllBe(d => d.At("properties.workspaceId") != null);
        diagnostics.Single(d => d.Module == "webApp").At("scope")!.ToString().ShouldContain("Microsoft.Web/sites");
        diagnostics.Single(d => d.Module == "sql").At("scope")!.ToString().ShouldContain("Microsoft.Sql/servers/databases");
    }

    [Fact]
    public async Task The_outputs_name_what_the_runbook_needs()
    {
        var template = await MainTemplate.GetAsync();

        var outputs = template.Root["outputs"]!.AsObject().Select(o => o.Key).ToList();
        outputs.ShouldContain("webAppHostName");
        outputs.ShouldContain("identityClientId");
        outputs.ShouldContain("identityName");
        outputs.ShouldContain("sqlServerFqdn");
        outputs.ShouldContain("keyVaultName");
    }

    private static Dictionary<string, string> AppSettings(ArmResource site) =>
        site.At("properties.siteConfig.appSettings")!.AsArray()
            .Select(s => s!.AsObject())
            .ToDictionary(s => s["name"]!.ToString(), s => s["value"]!.ToString(), StringComparer.Ordinal);
}
