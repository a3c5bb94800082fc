namespace CareHub.Domain.Tests;

/// <summary>A fixed "now" for rules that take a time: tests never read the real clock.</summary>
internal static class TestTime
{
    public static readonly DateTimeOffset Monday = new(2026, 3, 2, 8, 0, 0, TimeSpan.Zero);
}
