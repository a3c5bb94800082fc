using System.Diagnostics;
using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

using CareHub.Tests.Shared;

namespace CareHub.Benchmarks;

/// <summary>The message the bare hub broadcasts: the shape and size of CareHub's RealtimeEvent (ids and a version).</summary>
public sealed record BareEvent(string Topic, string Kind, Guid ResourceId, long Version, DateTimeOffset At, Guid? ItemId);

/// <summary>The baseline's hub: join a group; broadcast one event to a group. Nothing else (no sign-in, no checks, no store).</summary>
public sealed class BareHub : Hub
{
    public Task Join(string group) => Groups.AddToGroupAsync(Context.ConnectionId, group, Context.ConnectionAborted);

    public Task Broadcast(string group, long version) =>
        Clients.Group(group).SendAsync(FanoutRounds.EventMethod, new BareEvent(group, "census.changed", Guid.Empty, version, DateTimeOffset.UtcNow, null));
}

/// <summary>
/// The baseline: a minimal ASP.NET Core app with <see cref="BareHub"/> on Kestrel (127.0.0.1, a free port). It runs as
/// its own process, like the app: the benchmark executable re-launched with the hidden argument
/// <c>--bare-hub-server &lt;port-file&gt;</c> (<see cref="RunAsync"/>), pinned to core 0 with taskset where the machine
/// has two cores, and stopped by process id; its clients stay in the benchmark process on core 1.
/// </summary>
public sealed class BareHubServer : IAsyncDisposable
{
    public const string Path = "/hubs/bare";
    public const string Argument = "--bare-hub-server";

    private readonly Process _process;

    private BareHubServer(Process process, Uri hubAddress)
    {
        _process = process;
        HubAddress = hubAddress;
    }

    public Uri HubAddress { get; }
    public int ProcessId => _process.Id;

    /// <summary>The server's CPU time so far (all its threads), from the benchmark process.</summary>
    public TimeSpan CpuTime
    {
        get
        {
            _process.Refresh();
            return _process.TotalProcessorTime;
        }
    }

    /// <summary>
    /// In the child process: hosts only the hub, writes its bound port to <paramref name="portFile"/> (written whole,
    /// then renamed into place), and runs until it is killed or its standard input closes (the benchmark process gone).
    /// </summary>
    public static async Task<int> RunAsync(string portFile)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        builder.Services.AddSignalR();
        await using var app = builder.Build();
        app.MapHub<BareHub>(Path);
        await app.StartAsync();
        var address = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        var temporary = portFile + ".tmp";
        await File.WriteAllTextAsync(temporary, address.Port.ToString(CultureInfo.InvariantCulture));
        File.Move(temporary, portFile, overwrite: true);
        await Console.In.ReadToEndAsync();
        await app.StopAsync();
        return 0;
    }

    /// <summary>Starts the server process (pinned to <paramref name="core"/> where possible) and waits for its port.</summary>
    public static async Task<BareHubServer> StartAsync(int? core, CancellationToken cancellationToken)
    {
        var dll = typeof(BareHubServer).Assembly.Location;
        var portFile = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"carehub-bare-hub-{Guid.NewGuid():N}.port");
        var start = AppProcess.DotnetStartInfo(dll, core);
        start.RedirectStandardInput = true;
        start.ArgumentList.Add(Argument);
        start.ArgumentList.Add(portFile);

        var process = Process.Start(start) ?? throw new InvalidOperationException("The bare hub server did not start.");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, e) => { if (e.Data is { } line) Console.Error.WriteLine($"  [bare hub] {line}"); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            var deadline = Stopwatch.StartNew();
            while (!File.Exists(portFile))
            {
                if (process.HasExited)
                    throw new InvalidOperationException($"The bare hub server stopped on start (exit code {process.ExitCode}).");
                if (deadline.Elapsed > TimeSpan.FromMinutes(1))
                    throw new InvalidOperationException("The bare hub server did not write its port within a minute.");
                await Task.Delay(50, cancellationToken);
            }
            var port = int.Parse(await File.ReadAllTextAsync(portFile, cancellationToken), CultureInfo.InvariantCulture);
            return new BareHubServer(process, new Uri($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}{Path}"));
        }
        catch
        {
            Stop(process);
            process.Dispose();
            throw;
        }
        finally
        {
            File.Delete(portFile);
        }
    }

    private static void Stop(Process process)
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
        }
    }

    /// <summary>Kills the server by its process id.</summary>
    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }
}
