using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CareHub.Data.Migrations.SqlServer.Migrations
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
                    Sequence = table.Column<long>(type: "bigint", nullable: false),
                    AuditEventId = table.Column<long>(type: "bigint", nullable: false),
                    Hash = table.Column<byte[]>(type: "binary(32)", fixedLength: true, maxLength: 32, nullable: false),
                    SealedAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false)
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

            // Seals are append-only in the database too (docs/adr/0013). EXEC: CREATE TRIGGER must start its own
            // batch, and the idempotent script wraps each migration in IF blocks.
            migrationBuilder.Sql("EXEC(N'CREATE TRIGGER [AuditSeals_AppendOnly] ON [AuditSeals] INSTEAD OF UPDATE, DELETE AS BEGIN THROW 51000, ''Audit seals are append-only.'', 1; END');");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS [AuditSeals_AppendOnly];");
            migrationBuilder.DropTable(
                name: "AuditSeals");
        }
    }
}
