using CareHub.Data.Auditing;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace CareHub.Data.Tests.Auditing;

/// <summary>
/// The hash chain over the audit rows, on a real SQLite file: it verifies when nothing was touched, and each change an
/// attacker with database rights could make (triggers dropped first, as they would) is found and named by row.
/// </summary>
public class AuditChainTests : IAsyncLifetime
{
    private readonly FixedClock _clock = new(TestData.Now);
    private SqliteDatabase _database = null!;
    private List<long> _ids = [];

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _database = await SqliteDatabase.CreateAsync(clock: _clock);
        await WriteRowsAsync(12);
        await SealAsync();
        await using var db = _database.SystemContext();
        _ids = await db.AuditEvents.OrderBy(a => a.Id).Select(a => a.Id).ToListAsync(Token);
    }

    public ValueTask DisposeAsync() => _database.DisposeAsync();

    private async Task WriteRowsAsync(int count)
    {
        for (var i = 0; i < count; i++)
        {
            _clock.Now = _clock.Now.AddMinutes(1);
            await using var db = _database.UserContext(i % 2 == 0 ? "maria.alvarez" : "devon.price", Guid.NewGuid());
            var patient = Guid.NewGuid();
            if (i % 3 == 0)
                db.RecordRead("CarePlan", patient, entityId: Guid.NewGuid());
            else if (i % 3 == 1)
                db.RecordExport("Referral", patient);
            else
                db.RecordNotFound("Patient", patient);
            await db.SaveChangesAsync(Token);
        }
    }

    private Task<AuditSealResult> SealAsync() => new AuditSealer(_database.Options, _clock, batchSize: 5).SealPendingAsync(Token);

    private Task<AuditChainReport> VerifyAsync(AuditChainAnchor? anchor = null) =>
        new AuditChainVerifier(_database.Options).VerifyAsync(anchor, Token);

    /// <summary>What an attacker with database rights does first.</summary>
    private async Task AsAttackerAsync(string sql, params object[] parameters)
    {
        await using var db = _database.SystemContext();
        await db.Database.ExecuteSqlRawAsync(
            "DROP TRIGGER IF EXISTS AuditEvents_NoUpdate; DROP TRIGGER IF EXISTS AuditEvents_NoDelete; " +
            "DROP TRIGGER IF EXISTS AuditSeals_NoUpdate; DROP TRIGGER IF EXISTS AuditSeals_NoDelete;", Token);
        await db.Database.ExecuteSqlRawAsync(sql, parameters);
    }

    private long Row(int index) => _ids[index];

    [Fact]
    public async Task A_chain_over_untouched_rows_verifies_and_counts_the_unsealed_tail()
    {
        await WriteRowsAsync(3);

        var report = await VerifyAsync();

        report.IsIntact.ShouldBeTrue(report.Describe());
        (report.SealedRows, report.UnsealedRows, report.HeadSequence).ShouldBe((12L, 3L, 12L));
        report.Describe().ShouldStartWith("Audit chain intact: 12 sealed rows checked, 3 newer rows not sealed yet");
        (await SealAsync()).Sealed.ShouldBe(3);
        (await VerifyAsync()).ShouldSatisfyAllConditions(r => r.IsIntact.ShouldBeTrue(), r => r.SealedRows.ShouldBe(15));
    }

    [Fact]
    public async Task Sealing_again_links_only_the_new_rows_after_the_last_seal()
    {
        (await SealAsync()).Sealed.ShouldBe(0);
        await WriteRowsAsync(2);

        var result = await SealAsync();

        result.Sealed.ShouldBe(2);
        result.HeadSequence.ShouldBe(14);
        await using var db = _database.SystemContext();
        (await db.AuditSeals.OrderBy(s => s.Sequence).Select(s => s.AuditEventId).ToListAsync(Token))
            .ShouldBe(await db.AuditEvents.OrderBy(a => a.Id).Select(a => a.Id).ToListAsync(Token));
    }

    [Fact]
    public async Task Writers_sealing_and_verification_running_at_once_never_see_a_broken_chain()
    {
        using var done = new CancellationTokenSource();
        var writers = Enumerable.Range(0, 4).Select(w => Task.Run(async () =>
        {
            for (var i = 0; i < 50; i++)
            {
                await using var db = _database.UserContext($"writer-{w}", Guid.NewGuid());
                db.RecordRead("Patient", Guid.NewGuid());
                db.RecordRead("PatientList", Guid.NewGuid());
                await db.SaveChangesAsync(Token);
            }
        }, Token)).ToList();
        var sealer = Task.Run(async () =>
        {
            while (!done.IsCancellationRequested)
                await SealAsync();
        }, Token);

        var verifications = 0;
        while (writers.Any(w => !w.IsCompleted) || verifications < 3)
        {
            var report = await VerifyAsync();
            report.IsIntact.ShouldBeTrue(report.Describe());
            verifications++;
        }
        await Task.WhenAll(writers);
        await done.CancelAsync();
        await sealer;
        await SealAsync();

        var final = await VerifyAsync();
        final.IsIntact.ShouldBeTrue(final.Describe());
        (final.SealedRows, final.UnsealedRows).ShouldBe((12L + 400, 0L));
    }

    public static TheoryData<string, string> Edits => new()
    {
        { "user", "UPDATE AuditEvents SET UserId = 'someone.else' WHERE Id = {0}" },
        { "action", "UPDATE AuditEvents SET Action = 'Read' WHERE Id = {0}" },
        { "patient", "UPDATE AuditEvents SET PatientId = '" + Guid.NewGuid().ToString().ToUpperInvariant() + "' WHERE Id = {0}" },
        { "category", "UPDATE AuditEvents SET EntityType = 'Staff' WHERE Id = {0}" },
        { "source", "UPDATE AuditEvents SET Source = 'circuit-forged' WHERE Id = {0}" },
    };

    [Theory]
    [MemberData(nameof(Edits))]
    public async Task Editing_a_sealed_rows_field_is_found_and_names_the_row(string field, string sql)
    {
        var edited = Row(4);

        await AsAttackerAsync(sql, edited);

        var report = await VerifyAsync();
        report.IsIntact.ShouldBeFalse($"editing the {field} went unnoticed");
        var finding = report.Findings.ShouldHaveSingleItem();
        (finding.Problem, finding.AuditEventId).ShouldBe((AuditChainProblem.Edited, (long?)edited));
        report.Describe().ShouldContain($"Edited: row {edited} (seal 5) was changed after it was sealed");
    }

    [Fact]
    public async Task Moving_a_rows_time_is_found_and_names_the_row()
    {
        var edited = Row(6);

        await AsAttackerAsync("UPDATE AuditEvents SET At = {0} WHERE Id = {1}",
            UtcDateTimeOffsetConverter.ToProvider(TestData.Now.AddDays(-30)), edited);

        var finding = (await VerifyAsync()).Findings.ShouldHaveSingleItem();
        (finding.Problem, finding.AuditEventId).ShouldBe((AuditChainProblem.Edited, (long?)edited));
    }

    [Fact]
    public async Task Deleting_a_sealed_row_is_found_and_names_the_row()
    {
        var deleted = Row(7);

        await AsAttackerAsync("DELETE FROM AuditEvents WHERE Id = {0}", deleted);

        var finding = (await VerifyAsync()).Findings.ShouldHaveSingleItem();
        (finding.Problem, finding.AuditEventId, finding.Sequence).ShouldBe((AuditChainProblem.Deleted, (long?)deleted, (long?)8));
    }

    [Fact]
    public async Task Swapping_two_rows_is_found_as_a_reordering_of_both()
    {
        var (first, second) = (Row(2), Row(9));

        await AsAttackerAsync(
            "CREATE TEMP TABLE Swap AS SELECT * FROM AuditEvents WHERE Id IN ({0}, {1}); " +
            "UPDATE AuditEvents SET (At, UserId, Action, EntityType, EntityId, PatientId, Source) = " +
            "(SELECT At, UserId, Action, EntityType, EntityId, PatientId, Source FROM Swap WHERE Swap.Id = CASE AuditEvents.Id WHEN {0} THEN {1} ELSE {0} END) " +
            "WHERE Id IN ({0}, {1}); DROP TABLE Swap;", first, second);

        var findings = (await VerifyAsync()).Findings;
        findings.Select(f => (f.Problem, f.AuditEventId, f.Description)).ShouldBe(
        [
            (AuditChainProblem.Reordered, first, $"row {first} (seal 3) is now stored as row {second}"),
            (AuditChainProblem.Reordered, second, $"row {second} (seal 10) is now stored as row {first}"),
        ]);
    }

    [Fact]
    public async Task Inserting_a_forged_row_in_the_middle_is_found_and_the_shifted_rows_named()
    {
        var slot = Row(5);

        // Make room at the slot by moving every later row up one (through negative ids, so no two collide).
        await AsAttackerAsync(
            "UPDATE AuditEvents SET Id = -Id - 1 WHERE Id >= {0}; UPDATE AuditEvents SET Id = -Id WHERE Id < 0; " +
            "INSERT INTO AuditEvents (Id, At, UserId, Action, EntityType, EntityId, PatientId, Source) " +
            "SELECT {0}, At, 'maria.alvarez', 'Read', 'CarePlan', NULL, PatientId, Source FROM AuditEvents WHERE Id = {0} + 1;", slot);

        var report = await VerifyAsync();
        report.Findings.Where(f => f.Problem == AuditChainProblem.Inserted).ShouldHaveSingleItem().AuditEventId.ShouldBe(slot);
        report.Findings.Where(f => f.Problem == AuditChainProblem.Reordered).Select(f => f.AuditEventId)
            .ShouldBe(_ids.Skip(5).Select(id => (long?)id));
        report.Findings.ShouldAllBe(f => f.Problem == AuditChainProblem.Inserted || f.Problem == AuditChainProblem.Reordered);
    }

    [Fact]
    public async Task A_forged_row_put_in_a_gap_between_sealed_ids_is_found_as_inserted()
    {
        // Ids can skip (SQL Server's identity jumps after a restart or a rollback); here the next id is moved on by 10.
        await using (var db = _database.SystemContext())
            await db.Database.ExecuteSqlRawAsync("UPDATE sqlite_sequence SET seq = seq + 10 WHERE name = 'AuditEvents'", Token);
        await WriteRowsAsync(2);
        await SealAsync();
        var forged = _ids[^1] + 5;

        await AsAttackerAsync(
            "INSERT INTO AuditEvents (Id, At, UserId, Action, EntityType, EntityId, PatientId, Source) " +
            "SELECT {0}, At, UserId, 'Read', EntityType, NULL, PatientId, Source FROM AuditEvents WHERE Id = {1}", forged, _ids[^1]);

        var finding = (await VerifyAsync()).Findings.ShouldHaveSingleItem();
        (finding.Problem, finding.AuditEventId).ShouldBe((AuditChainProblem.Inserted, (long?)forged));
        (await SealAsync()).Sealed.ShouldBe(0, "the sealer never seals a row below the last seal, so a forged row stays visible");
    }

    [Fact]
    public async Task Removing_a_seal_is_found()
    {
        await AsAttackerAsync("DELETE FROM AuditSeals WHERE Sequence = 4");

        var finding = (await VerifyAsync()).Findings.ShouldHaveSingleItem();
        finding.Problem.ShouldBe(AuditChainProblem.SealBroken);
        finding.Description.ShouldContain($"seals 4 to 4 are missing (rows without their seal: {Row(3)})");
    }

    [Fact]
    public async Task Rewriting_the_whole_chain_is_caught_by_a_head_recorded_elsewhere()
    {
        var recorded = await VerifyAsync();
        var anchor = new AuditChainAnchor(recorded.HeadSequence, recorded.HeadHash!);

        // Edit a row, then rebuild every seal from scratch: the chain is consistent again, but not the one recorded.
        await AsAttackerAsync($"UPDATE AuditEvents SET UserId = 'someone.else' WHERE Id = {Row(3)}; DELETE FROM AuditSeals;");
        await SealAsync();

        (await VerifyAsync()).IsIntact.ShouldBeTrue("without an anchor a rebuilt chain cannot be told apart (docs/adr/0013)");
        var finding = (await VerifyAsync(anchor)).Findings.ShouldHaveSingleItem();
        finding.Problem.ShouldBe(AuditChainProblem.AnchorMismatch);
    }

    [Fact]
    public async Task Cutting_sealed_rows_off_the_end_is_caught_by_a_head_recorded_elsewhere()
    {
        var recorded = await VerifyAsync();

        await AsAttackerAsync("DELETE FROM AuditSeals WHERE Sequence > 10; DELETE FROM AuditEvents WHERE Id > {0}", Row(9));

        (await VerifyAsync()).IsIntact.ShouldBeTrue();
        (await VerifyAsync(new AuditChainAnchor(recorded.HeadSequence, recorded.HeadHash!))).Findings.ShouldHaveSingleItem()
            .Description.ShouldContain("cut off the end");
    }

    [Fact]
    public async Task The_database_refuses_to_update_or_delete_seals_and_the_interceptor_refuses_too()
    {
        await using var db = _database.SystemContext();

        (await Should.ThrowAsync<SqliteException>(() => db.Database.ExecuteSqlRawAsync("UPDATE AuditSeals SET AuditEventId = 0", Token)))
            .Message.ShouldContain("append-only");
        await Should.ThrowAsync<SqliteException>(() => db.Database.ExecuteSqlRawAsync("DELETE FROM AuditSeals", Token));
        db.AuditSeals.Remove(await db.AuditSeals.FirstAsync(Token));
        (await Should.ThrowAsync<InvalidOperationException>(() => db.SaveChangesAsync(Token))).Message.ShouldContain("append-only");
        (await VerifyAsync()).IsIntact.ShouldBeTrue();
    }

    [Fact]
    public void On_SQL_Server_the_sealer_reads_with_locks_so_a_row_still_being_committed_is_waited_for_not_skipped()
    {
        var options = CareHubDbContextFactory.BuildOptions(
            DatabaseSettings.Parse("SqlServer", "Server=no-server;Database=carehub;Integrated Security=True", Path.GetTempPath()), _clock);
        using var db = new CareHubDbContext(options, Data.Access.AccessScope.System("tests"));

        var sql = new AuditSealer(options, _clock, batchSize: 500).PendingRows(db, 41).ToQueryString();

        // Not wrapped in a subquery: the lock hint applies to the table read itself.
        sql.TrimEnd().ShouldEndWith("SELECT TOP (@p0) * FROM [AuditEvents] WITH (READCOMMITTEDLOCK) WHERE [Id] > @p1 ORDER BY [Id]");
        sql.ShouldContain("p0 int = 500;");
        sql.ShouldContain("p1 bigint = CAST(41 AS bigint);");
    }

    [Fact]
    public void An_anchor_is_read_as_sequence_and_hash_and_anything_else_is_refused_with_an_example()
    {
        var hash = new string('a', 64);
        AuditChainAnchor.Parse($"12:{hash}").ShouldBe(new AuditChainAnchor(12, hash));
        Should.Throw<CareHubConfigurationException>(() => AuditChainAnchor.Parse("12")).Message.ShouldContain("--expect-head");
        Should.Throw<CareHubConfigurationException>(() => AuditChainAnchor.Parse($"0:{hash}"));
        Should.Throw<CareHubConfigurationException>(() => AuditChainAnchor.Parse("12:xyz"));
    }
}
