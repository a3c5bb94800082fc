namespace CareHub.Deployment.Tests.Infrastructure;

/// <summary>The repository checkout the tests run in: the first folder above the test binaries holding CareHub.sln.</summary>
public static class RepositoryRoot
{
    private static readonly Lazy<string> Root = new(Find);

    public static string Path => Root.Value;

    public static string Azure => System.IO.Path.Combine(Path, "azure");

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "CareHub.sln")))
                return dir.FullName;
        }
        throw new DirectoryNotFoundException($"No CareHub.sln above {AppContext.BaseDirectory}.");
    }
}
