using System.Collections.Concurrent;
using CareHub.Data;
using CareHub.Data.Access;
using Microsoft.EntityFrameworkCore;

namespace CareHub.Web.Features.Huddle;

/// <summary>
/// Many screens, one read: when a board changes, every open screen of it reloads at once (a wall display and the team's
/// laptops). The reads of the board's content at one version (team, cards with their owners, patients and stays, action
/// items) that are under way at the same time are one read, made as the board's team sees it, and shared ("single
/// flight"); a read that starts after it finished reads again, so nothing shown is older than a read of its own would
/// be. Each screen still reads the board row under its own access scope (the check of who asks, and the timer) and
/// audits its own read.
/// </summary>
public sealed class HuddleBoardSnapshots(DbContextOptions<CareHubDbContext> options)
{
    private readonly ConcurrentDictionary<Guid, Flight> _reading = new();

    /// <summary>The content of <paramref name="boardId"/> at <paramref name="version"/>: the read under way, else a new one.</summary>
    public Task<T> GetAsync<T>(Guid boardId, long version, Guid teamId, Func<CareHubDbContext, Task<T>> read) where T : class
    {
        while (true)
        {
            var current = _reading.GetValueOrDefault(boardId);
            if (current is { Content: Task<T> shared } && current.Version == version && !shared.IsCompleted)
                return shared;
            var flight = new Flight(version);
            var added = current is null ? _reading.TryAdd(boardId, flight) : _reading.TryUpdate(boardId, flight, current);
            if (!added)
                continue;
            var content = ReadAsync(boardId, flight, teamId, read);
            flight.Content = content;
            return content;
        }
    }

    /// <summary>Reads under way (for tests).</summary>
    public int InFlight => _reading.Count;

    private async Task<T> ReadAsync<T>(Guid boardId, Flight flight, Guid teamId, Func<CareHubDbContext, Task<T>> read)
    {
        try
        {
            await Task.Yield();
            // As the board's team sees it; nothing is saved through this context (each screen audits its own read).
            await using var db = new CareHubDbContext(options, new AccessScope("huddle-board", [teamId], "huddle-board-read"));
            return await read(db);
        }
        finally
        {
            _reading.TryRemove(KeyValuePair.Create(boardId, flight));
        }
    }

    // Content is set right after the flight is published; a caller that sees it unset starts a read of its own.
    private sealed class Flight(long version)
    {
        public long Version { get; } = version;
        public volatile Task? Content;
    }
}
