namespace CareHub.Web.Tests.Architecture;

public sealed class ProgramTests
{
    [Fact]
    public void Program_cs_stays_a_short_table_of_contents()
    {
        var program = Path.Combine(RepositoryRoot(), "src", "CareHub.Web", "Program.cs");

        var lines = File.ReadAllLines(program);

        lines.Length.ShouldBeLessThan(45, "Program.cs is a table of contents: put the wiring in Composition/.");
        lines.ShouldContain(l => l.Contains("builder.AddCareHubData()", StringComparison.Ordinal));
    }

    /// <summary>The folder holding CareHub.sln, found by walking up from the test output.</summary>
    internal static string RepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "CareHub.sln")))
                return folder.FullName;
        }
        throw new InvalidOperationException($"No CareHub.sln above {AppContext.BaseDirectory}.");
    }
}
