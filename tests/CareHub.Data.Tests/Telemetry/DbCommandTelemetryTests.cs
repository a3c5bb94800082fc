using CareHub.Data.Telemetry;

namespace CareHub.Data.Tests.Telemetry;

public sealed class DbCommandTelemetryTests
{
    [Theory]
    [InlineData("SELECT \"p\".\"Id\" FROM \"Patients\" AS \"p\" WHERE \"p\".\"FamilyName\" LIKE 'Okafor%'", "SELECT")]
    [InlineData("  insert into Patients values ('Okafor')", "INSERT")]
    [InlineData("UPDATE \"Patients\" SET \"FamilyName\" = @p0", "UPDATE")]
    [InlineData("DELETE FROM x", "DELETE")]
    [InlineData("PRAGMA foreign_keys = 1", "PRAGMA")]
    [InlineData("Okafor Ngozi", "OTHER")]
    [InlineData("", "OTHER")]
    [InlineData(null, "OTHER")]
    public void The_operation_is_the_first_keyword_when_known_and_nothing_else_of_the_text(string? sql, string operation) =>
        DbCommandTelemetry.OperationOf(sql).ShouldBe(operation);
}
