using System.Diagnostics;
using System.Reflection;

namespace CareHub.Deployment.Tests.Infrastructure;

/// <summary>What one run of the Bicep CLI printed and returned.</summary>
public sealed record BicepResult(int ExitCode, string StandardOutput, string StandardError)
{
    /// <summary>The lines on either stream that report a diagnostic: "file(line,col) : Warning|Error code: ...".</summary>
    public IReadOnlyList<string> Diagnostics =>
        [.. (StandardOutput + "\n" + StandardError)
            .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(line => line.Contains(" : Warning ", StringComparison.Ordinal)
                || line.Contains(" : Error ", StringComparison.Ordinal)
                || line.Contains(" : Info ", StringComparison.Ordinal))];

    public override string ToString() => $"exit code {ExitCode}\nstdout:\n{StandardOutput}\nstderr:\n{StandardError}";
}

/// <summary>
/// Runs tools/bicep from the Azure.Bicep.CommandLine.linux-x64 package that restore downloaded. The
/// package folder is baked into this assembly at build time (AssemblyMetadata "BicepPackagePath", from
/// GeneratePathProperty); when that folder is gone the NuGet cache is asked for the same version.
/// </summary>
public static class BicepCli
{
    private const string PackageId = "azure.bicep.commandline.linux-x64";
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(3);
    private static readonly Lazy<string> Executable = new(Locate);

    public static string Path => Executable.Value;

    public static async Task<BicepResult> RunAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo(Path)
        {
            WorkingDirectory = RepositoryRoot.Path,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        // Offline machine: no telemetry, no update checks.
        start.Environment["BICEP_TELEMETRY_ENABLED"] = "false";
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {Path}.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(Timeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"bicep {string.Join(' ', arguments)} ran longer than {Timeout}.");
        }
        return new BicepResult(process.ExitCode, await stdout, await stderr);
    }

    private static string Locate()
    {
        var metadata = typeof(BicepCli).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .ToDictionary(a => a.Key, a => a.Value, StringComparer.Ordinal);
        var candidates = new List<string>();
        if (metadata.GetValueOrDefault("BicepPackagePath") is { Length: > 0 } packagePath)
            candidates.Add(System.IO.Path.Combine(packagePath, "tools", "bicep"));
        if (metadata.GetValueOrDefault("BicepPackageVersion") is { Length: > 0 } version)
        {
            var cache = Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } packages
                ? packages
                : System.IO.Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
            candidates.Add(System.IO.Path.Combine(cache, PackageId, version, "tools", "bicep"));
        }

        var executable = candidates.FirstOrDefault(File.Exists)
            ?? throw new FileNotFoundException(
                $"The Bicep CLI is not where restore should have put it (looked at: {string.Join(", ", candidates)}). Run dotnet restore.");
        MakeExecutable(executable);
        return executable;
    }

    /// <summary>NuGet extracts tools/bicep as rwxr--r--: only its owner may run it. Add execute bits when missing.</summary>
    private static void MakeExecutable(string path)
    {
        if (OperatingSystem.IsWindows())
            return;
        const UnixFileMode execute = UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;
        var mode = File.GetUnixFileMode(path);
        if ((mode & execute) == execute)
            return;
        try
        {
            File.SetUnixFileMode(path, mode | execute);
        }
        catch (UnauthorizedAccessException) when ((mode & UnixFileMode.UserExecute) != 0)
        {
            // Not ours to change; the owner can run it, and the run says so if we cannot.
        }
    }
}
