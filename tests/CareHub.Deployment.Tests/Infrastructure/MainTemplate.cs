namespace CareHub.Deployment.Tests.Infrastructure;

/// <summary>azure/main.bicep compiled once per test run (`bicep build --stdout`), shared by the tests.</summary>
public static class MainTemplate
{
    private static readonly Lazy<Task<BicepResult>> Build = new(() => BicepCli.RunAsync("build", "azure/main.bicep", "--stdout"));
    private static readonly Lazy<Task<ArmTemplate>> Template = new(async () =>
    {
        var build = await Build.Value;
        build.ExitCode.ShouldBe(0, build.ToString());
        return ArmTemplate.Parse(build.StandardOutput);
    });

    public static Task<BicepResult> BuildAsync() => Build.Value;

    public static Task<ArmTemplate> GetAsync() => Template.Value;
}
