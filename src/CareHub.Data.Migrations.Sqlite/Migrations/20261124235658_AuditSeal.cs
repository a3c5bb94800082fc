using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CareHub.Data.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class AuditSeal : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "AuditSeals",
                columns: table => new
                {
                    Sequence = table.Column<long>(type: "INTEGER", nullable: false),
                    AuditEventId = table.Column<long>(type: "INTEGER", nullable: false),
                    Hash = table.Column<byte[]>(type: "BLOB", fixedLength: true, maxLength: 32, nullable: false),
                    SealedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AuditSeals", x => x.Sequence);
                });

            migrationBuilder.CreateIndex(
                name: "IX_AuditSeals_AuditEventId",
                table: "AuditSeals",
                column: "AuditEventId",
                unique: true);

            // Seals are append-only in the database too, like the audit rows they chain (docs/adr/0013).
            migrationBuilder.Sql("CREATE TRIGGER AuditSeals_NoUpdate BEFORE UPDATE ON AuditSeals BEGIN SELECT RAISE(ABORT, 'Audit seals are append-only.'); END;");
            migrationBuilder.Sql("CREATE TRIGGER AuditSeals_NoDelete BEFORE DELETE ON AuditSeals BEGIN SELECT RAISE(ABORT, 'Audit seals are append-only.'); END;");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS AuditSeals_NoUpdate;");
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS AuditSeals_NoDelete;");
            migrationBuilder.DropTable(
                name: "AuditSeals");
        }
    }
}
