using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using CareHub.Data;
using CareHub.Data.Auditing;
using CareHub.Domain.Organization;
using CareHub.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CareHub.Web.Tests.Auditing;

/// <summary>
/// The running app (real Kestrel, SQLite, demo data) links new audit rows into the chain by itself, and logs each new
/// head, the anchor that <c>verify-audit --expect-head</c> takes.
/// </summary>
public sealed partial class AuditSealingServiceTests
{
    private static CancellationToken Ct => Xunit.TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_app_seals_new_audit_rows_in_the_background_and_logs_the_head_as_an_anchor()
    {
        var logs = new CapturingLoggerProvider();
        using var server = new CareHubServer(patients: 10, settings: new Dictionary<string, string?> { ["Audit:SealIntervalSeconds"] = "1" },
            services: s => s.AddSingleton<ILoggerProvider>(logs)).Start();
        var (staff, _) = await server.DemoUserAsync(StaffRole.Coordinator);
        await using (var db = await server.DbAsAsync(staff.Id))
        {
            db.RecordNotFound("Patient", Guid.NewGuid());
            await db.SaveChangesAsync(Ct);
        }
        var verifier = new AuditChainVerifier(server.Services.GetRequiredService<DbContextOptions<CareHubDbContext>>());

        // Waits for the sealer's next pass (a deadline, not a timing assertion).
        var report = await verifier.VerifyAsync(null, Ct);
        for (var tries = 0; report.UnsealedRows > 0 && tries < 300; tries++)
        {
            await Task.Delay(200, Ct);
            report = await verifier.VerifyAsync(null, Ct);
        }

        report.IsIntact.ShouldBeTrue(report.Describe());
        report.UnsealedRows.ShouldBe(0);
        report.SealedRows.ShouldBeGreaterThanOrEqualTo(2, "the demo data's summary row and the denied access");
        var anchors = logs.Messages.Select(m => Anchor().Match(m)).Where(m => m.Success).ToList();
        anchors.ShouldNotBeEmpty();
        var last = AuditChainAnchor.Parse($"{anchors[^1].Groups["sequence"].Value}:{anchors[^1].Groups["hash"].Value}");
        (await verifier.VerifyAsync(last, Ct)).IsIntact.ShouldBeTrue();
    }

    [GeneratedRegex("head is seal (?<sequence>[0-9]+) = (?<hash>[0-9a-f]{64})")]
    private static partial Regex Anchor();

    private sealed class CapturingLoggerProvider : ILoggerProvider
    {
        public ConcurrentQueue<string> Messages { get; } = new();

        public ILogger CreateLogger(string categoryName) => new Logger(this);

        public void Dispose()
        {
        }

        private sealed class Logger(CapturingLoggerProvider provider) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                provider.Messages.Enqueue(formatter(state, exception));
        }
    }
}
