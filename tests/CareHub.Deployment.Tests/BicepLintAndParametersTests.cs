using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using CareHub.Deployment.Tests.Infrastructure;

namespace CareHub.Deployment.Tests;

/// <summary>The linter is clean, both environments' parameter files compile, and none carries a secret.</summary>
public partial class BicepLintAndParametersTests
{
    public static TheoryData<string> Environments => ["test", "production"];

    [Fact]
    public async Task The_pinned_Bicep_CLI_runs()
    {
        var version = await BicepCli.RunAsync("--version");

        version.ExitCode.ShouldBe(0, version.ToString());
        version.StandardOutput.ShouldContain("Bicep CLI version 0.49.2");
    }

    [Fact]
    public async Task Bicep_lint_reports_no_warnings_or_errors()
    {
        var lint = await BicepCli.RunAsync("lint", "azure/main.bicep");

        lint.ExitCode.ShouldBe(0, lint.ToString());
        lint.Diagnostics.ShouldBeEmpty(lint.ToString());
        lint.StandardError.Trim().ShouldBeEmpty(lint.ToString());
    }

    [Theory]
    [MemberData(nameof(Environments))]
    public async Task The_environment_parameter_file_builds(string environment)
    {
        var build = await BicepCli.RunAsync("build-params", $"azure/environments/{environment}.bicepparam", "--stdout");

        build.ExitCode.ShouldBe(0, build.ToString());
        build.Diagnostics.ShouldBeEmpty(build.ToString());
        var parameters = ParametersOf(build.StandardOutput);
        parameters["environmentName"]!["value"]!.ToString().ShouldNotBeNullOrWhiteSpace();
        parameters["azureAdTenantId"].ShouldNotBeNull();
        parameters["azureAdClientId"].ShouldNotBeNull();
        parameters["sqlAdminGroupObjectId"].ShouldNotBeNull();
    }

    [Fact]
    public async Task Production_runs_two_or_more_instances()
    {
        var build = await BicepCli.RunAsync("build-params", "azure/environments/production.bicepparam", "--stdout");
        build.ExitCode.ShouldBe(0, build.ToString());

        ParametersOf(build.StandardOutput)["instanceCount"]!["value"]!.GetValue<int>().ShouldBeGreaterThanOrEqualTo(2);
    }

    [Fact]
    public void Every_environment_has_a_parameter_file()
    {
        var files = Directory.GetFiles(Path.Combine(RepositoryRoot.Azure, "environments"), "*.bicepparam")
            .Select(Path.GetFileNameWithoutExtension)
            .ToList();

        files.ShouldBe(["production", "test"], ignoreOrder: true);
    }

    [Theory]
    [MemberData(nameof(Environments))]
    public void The_parameter_file_holds_no_secret(string environment)
    {
        var text = File.ReadAllText(Path.Combine(RepositoryRoot.Azure, "environments", $"{environment}.bicepparam"));

        SecretLooking().Matches(text).Select(m => m.Value).ShouldBeEmpty();
        text.ShouldNotContain("@secure", Case.Insensitive);
    }

    [Fact]
    public void The_secret_pattern_catches_what_it_should()
    {
        string[] secrets =
        [
            "Server=x;Password=hunter2",
            "param sqlAdminPassword = 'x'",
            "DefaultEndpointsProtocol=https;AccountName=a;AccountKey=abc==",
            "SharedAccessKey=abc",
            "host:6380,password=abc,ssl=True",
            "param clientSecret = 'x'",
            "token = 'ghp_0123456789abcdef0123456789abcdef0123'",
            "-----BEGIN PRIVATE KEY-----",
        ];
        foreach (var secret in secrets)
            SecretLooking().IsMatch(secret).ShouldBeTrue(secret);

        SecretLooking().IsMatch("param azureAdClientId = '00000000-0000-0000-0000-000000000000'").ShouldBeFalse();
    }

    private static JsonObject ParametersOf(string buildParamsOutput)
    {
        // build-params --stdout prints {"parametersJson": "<the parameters file as a string>", ...}.
        var output = JsonNode.Parse(buildParamsOutput)!;
        var parametersJson = output["parametersJson"]!.GetValue<string>();
        return JsonNode.Parse(parametersJson)!["parameters"]!.AsObject();
    }

    [GeneratedRegex(
        @"(password|pwd|passwd)\s*[=:]|\w*password\w*\s*=|accountkey\s*=|sharedaccesskey\s*=|sharedaccesssignature|sig=[A-Za-z0-9%]{20,}|client_?secret|-----BEGIN [A-Z ]*PRIVATE KEY-----|gh[pousr]_[A-Za-z0-9]{30,}|AKIA[0-9A-Z]{16}",
        RegexOptions.IgnoreCase)]
    private static partial Regex SecretLooking();
}
