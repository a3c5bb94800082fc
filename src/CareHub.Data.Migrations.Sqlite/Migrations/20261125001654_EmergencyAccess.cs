using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CareHub.Data.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class EmergencyAccess : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "EmergencyAccessGrants",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    StaffId = table.Column<Guid>(type: "TEXT", nullable: false),
                    PatientId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Reason = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    Explanation = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    GrantedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    ExpiresAt = table.Column<long>(type: "INTEGER", nullable: false),
                    ReviewedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    ReviewedById = table.Column<Guid>(type: "TEXT", nullable: true),
                    Version = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_EmergencyAccessGrants", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_EmergencyAccessGrants_PatientId_GrantedAt",
                table: "EmergencyAccessGrants",
                columns: new[] { "PatientId", "GrantedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_EmergencyAccessGrants_StaffId_ExpiresAt",
                table: "EmergencyAccessGrants",
                columns: new[] { "StaffId", "ExpiresAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "EmergencyAccessGrants");
        }
    }
}
