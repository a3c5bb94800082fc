namespace CareHub.E2E.Infrastructure;

/// <summary>Where journey screenshots go: tests/CareHub.E2E/screenshots, and docs/images for the ones the docs show.</summary>
public static class Screenshots
{
    private static readonly Lazy<string> RepositoryRoot = new(() =>
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "CareHub.sln")))
                return folder.FullName;
        }
        throw new DirectoryNotFoundException($"No CareHub.sln above {AppContext.BaseDirectory}.");
    });

    public static string Folder => Path.Combine(RepositoryRoot.Value, "tests", "CareHub.E2E", "screenshots");

    /// <summary>Saves the visible page as <paramref name="fileName"/>; returns the path.</summary>
    public static async Task<string> SaveAsync(IPage page, string fileName)
    {
        var path = Path.Combine(Folder, fileName);
        Directory.CreateDirectory(Folder);
        // No caret blinking or half-finished MudBlazor transitions in the picture.
        await page.ScreenshotAsync(new() { Path = path, Animations = ScreenshotAnimations.Disabled, Caret = ScreenshotCaret.Hide });
        return path;
    }

    /// <summary>Copies a saved screenshot to docs/images, where README.md and the docs show it.</summary>
    public static void PublishToDocs(string path)
    {
        var images = Path.Combine(RepositoryRoot.Value, "docs", "images");
        Directory.CreateDirectory(images);
        File.Copy(path, Path.Combine(images, Path.GetFileName(path)), overwrite: true);
    }
}
