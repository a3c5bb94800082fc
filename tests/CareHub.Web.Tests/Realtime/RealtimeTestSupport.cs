using System.Collections.Concurrent;
using System.Security.Claims;
using CareHub.Data;
using CareHub.Web.Realtime;
using CareHub.Web.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace CareHub.Web.Tests.Realtime;

/// <summary>A clock the test moves by hand.</summary>
internal sealed class ManualClock(DateTimeOffset start) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = start;

    public override DateTimeOffset GetUtcNow() => Now;

    public void Advance(TimeSpan by) => Now += by;
}

/// <summary>Keeps what was logged, to check that failures are logged and how.</summary>
internal sealed class CapturingLogger<T> : ILogger<T>
{
    public ConcurrentQueue<(LogLevel Level, string Message, Exception? Exception)> Entries { get; } = new();

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
        Entries.Enqueue((logLevel, formatter(state, exception), exception));
}

internal static class RealtimeFixtures
{
    public static readonly DateTimeOffset Start = new(2026, 11, 24, 8, 0, 0, TimeSpan.Zero);

    public static InProcessRealtimeBus Bus() => new(NullLogger<InProcessRealtimeBus>.Instance);

    public static InMemoryPresenceService Presence(IRealtimeBus bus, TimeProvider clock, PresenceOptions? options = null) =>
        new(bus, clock, options ?? new PresenceOptions(), NullLogger<InMemoryPresenceService>.Instance);

    public static PresenceEntry Entry(string connectionId, Guid staffId, string name) => PresenceEntry.For(connectionId, staffId, name);

    public static RealtimeEvent Event(string topic, long version = 1) =>
        new(topic, "test.changed", Guid.NewGuid(), version, Start);

    /// <summary>A signed-in user that never touches a database (only the principal is read).</summary>
    public static CurrentUser SignedIn(Guid staffId, string name)
    {
        var user = Anonymous();
        user.Set(new ClaimsPrincipal(new ClaimsIdentity(
            [new Claim(CareHubClaims.StaffId, staffId.ToString()), new Claim(ClaimTypes.Name, name)], "test")), "test");
        return user;
    }

    /// <summary>Nobody signed in, outside any circuit.</summary>
    public static CurrentUser Anonymous() =>
        new(new DbContextOptionsBuilder<CareHubDbContext>().Options, new ServiceCollection().BuildServiceProvider());

    /// <summary>Collects the presence changes announced for one resource.</summary>
    public static (IDisposable Subscription, ConcurrentQueue<RealtimeEvent> Seen) Watch(IRealtimeBus bus, string resource)
    {
        var seen = new ConcurrentQueue<RealtimeEvent>();
        var subscription = bus.Subscribe(Topics.Presence(resource), e =>
        {
            seen.Enqueue(e);
            return Task.CompletedTask;
        });
        return (subscription, seen);
    }
}
