using System.Diagnostics;
using CareHub.Data.Auditing;
using CareHub.Tests.Shared;
using CareHub.Web.Auditing;
using CareHub.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace CareHub.Web.Tests.Auditing;

/// <summary>
/// <c>verify-audit</c> on a real SQLite file: 0 and a short report when the chain is intact, 1 and the rows named when
/// it was tampered with, 2 and the usage when the command is wrong. Once through the built app's own entry point.
/// </summary>
public sealed class VerifyAuditCommandTests : IAsyncLifetime
{
    private readonly PatientsDatabase _database = new();
    private string _file = null!;

    private static CancellationToken Ct => Xunit.TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        await _database.InitializeAsync();
        var team = await _database.TeamAsync(new PatientSeed("Chain", "Cora"), new PatientSeed("Link", "Lee"));
        var service = _database.ServiceFor(PatientsDatabase.ScopeOf(team));
        await service.GetAsync(team[0].Id, Ct);
        await service.GetAsync(team[1].Id, Ct);
        await service.GetAsync(Guid.NewGuid(), Ct);
        await new AuditSealer(_database.Options, _database.Clock).SealPendingAsync(Ct);
        _file = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(_database.ConnectionString).DataSource;
    }

    public ValueTask DisposeAsync() => _database.DisposeAsync();

    private static async Task<(int Exit, string Output)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        var exit = await VerifyAuditCommand.RunAsync(["verify-audit", .. args], output, Ct);
        return (exit, output.ToString());
    }

    private async Task<long> TamperAsync()
    {
        await using var db = _database.SystemDb();
        var row = await db.AuditEvents.Where(a => a.Action == Domain.Audit.AuditAction.Read).OrderBy(a => a.Id).Select(a => a.Id).FirstAsync(Ct);
        await db.Database.ExecuteSqlRawAsync("DROP TRIGGER AuditEvents_NoUpdate; UPDATE AuditEvents SET UserId = 'someone.else' WHERE Id = {0}", [row], Ct);
        return row;
    }

    [Fact]
    public async Task An_untouched_database_verifies_with_exit_code_0()
    {
        var (exit, output) = await RunAsync("--database", _file);

        exit.ShouldBe(0, output);
        output.ShouldStartWith("Audit chain intact:");
        output.ShouldContain("0 newer rows not sealed yet");
    }

    [Fact]
    public async Task A_tampered_row_fails_with_exit_code_1_and_is_named()
    {
        var row = await TamperAsync();

        var (exit, output) = await RunAsync("--database", _file);

        exit.ShouldBe(1);
        output.ShouldStartWith("Audit chain BROKEN:");
        output.ShouldContain($"Edited: row {row} ");
        output.ShouldContain("1 problem(s)");
    }

    [Fact]
    public async Task A_head_that_does_not_match_the_recorded_one_fails()
    {
        var (exit, output) = await RunAsync("--database", _file, "--expect-head", $"1:{new string('0', 64)}");

        exit.ShouldBe(1);
        output.ShouldContain("AnchorMismatch: seal 1 is ");
    }

    [Theory]
    [InlineData("--database")]
    [InlineData("--databse", "x.db")]
    [InlineData("--expect-head", "12")]
    public async Task A_wrong_command_line_exits_with_2_and_the_usage(params string[] args)
    {
        var (exit, output) = await RunAsync(args);

        exit.ShouldBe(2);
        output.ShouldStartWith("verify-audit: ");
        output.ShouldContain("Usage: dotnet run --project src/CareHub.Web -- verify-audit");
    }

    [Fact]
    public async Task A_missing_database_file_is_named_and_never_created()
    {
        var missing = Path.Combine(Path.GetTempPath(), $"carehub-missing-{Guid.NewGuid():N}.db");

        var (exit, output) = await RunAsync("--database", missing);

        exit.ShouldBe(2);
        output.ShouldContain($"There is no database file at {missing}.");
        File.Exists(missing).ShouldBeFalse();
    }

    [Fact]
    public async Task The_apps_entry_point_runs_the_command_without_starting_the_web_host()
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "CareHub.Web.dll");
        var intact = await RunProcessAsync(dll, _file);
        var row = await TamperAsync();
        var broken = await RunProcessAsync(dll, _file);

        intact.Exit.ShouldBe(0, intact.Output);
        broken.Exit.ShouldBe(1, broken.Output);
        broken.Output.ShouldContain($"Edited: row {row} ");
    }

    private static async Task<(int Exit, string Output)> RunProcessAsync(string dll, string file)
    {
        var start = AppProcess.DotnetStartInfo(dll, core: null);
        start.ArgumentList.Add("verify-audit");
        start.ArgumentList.Add("--database");
        start.ArgumentList.Add(file);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync(Ct);
        var error = process.StandardError.ReadToEndAsync(Ct);
        await process.WaitForExitAsync(Ct);
        return (process.ExitCode, await output + await error);
    }
}
