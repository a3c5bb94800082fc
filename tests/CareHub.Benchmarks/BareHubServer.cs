using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

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
/// The baseline: a minimal ASP.NET Core app with <see cref="BareHub"/> on Kestrel (127.0.0.1, a free port), hosted in
/// the benchmark process, so it shares the second core with the clients.
/// </summary>
public sealed class BareHubServer : IAsyncDisposable
{
    public const string Path = "/hubs/bare";

    private readonly WebApplication _app;

    private BareHubServer(WebApplication app, Uri hubAddress)
    {
        _app = app;
        HubAddress = hubAddress;
    }

    public Uri HubAddress { get; }

    public static async Task<BareHubServer> StartAsync(CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        builder.Services.AddSignalR();
        var app = builder.Build();
        app.MapHub<BareHub>(Path);
        await app.StartAsync(cancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new BareHubServer(app, new Uri(new Uri(address), Path));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
