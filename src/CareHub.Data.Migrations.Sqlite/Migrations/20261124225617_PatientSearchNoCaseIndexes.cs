using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CareHub.Data.Migrations.Sqlite.Migrations
{
    /// <summary>
    /// The patient search matches name and MRN prefixes with LIKE, which SQLite compares case-insensitively: it can use
    /// an index only when the index has the NOCASE collation (the model's indexes are BINARY), so every search scanned
    /// the table. EF Core has no index collation for SQLite, so these indexes are raw SQL, outside the model: a later
    /// table rebuild of Patients by a migration would drop them, and MigrationsTests checks they are still there.
    /// SQL Server needs nothing: its default collation is case-insensitive and LIKE 'x%' already seeks its indexes.
    /// </summary>
    public partial class PatientSearchNoCaseIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("CREATE INDEX IF NOT EXISTS \"IX_Patients_SortName_NoCase\" ON \"Patients\" (\"SortName\" COLLATE NOCASE);");
            migrationBuilder.Sql("CREATE INDEX IF NOT EXISTS \"IX_Patients_GivenName_NoCase\" ON \"Patients\" (\"GivenName\" COLLATE NOCASE);");
            migrationBuilder.Sql("CREATE INDEX IF NOT EXISTS \"IX_Patients_Mrn_NoCase\" ON \"Patients\" (\"Mrn\" COLLATE NOCASE);");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP INDEX IF EXISTS \"IX_Patients_SortName_NoCase\";");
            migrationBuilder.Sql("DROP INDEX IF EXISTS \"IX_Patients_GivenName_NoCase\";");
            migrationBuilder.Sql("DROP INDEX IF EXISTS \"IX_Patients_Mrn_NoCase\";");
        }
    }
}
