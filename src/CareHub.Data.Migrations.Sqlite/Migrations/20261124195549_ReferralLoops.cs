using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CareHub.Data.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class ReferralLoops : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "AcceptedAt",
                table: "Referrals",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "AppointmentAt",
                table: "Referrals",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "AppointmentScheduledAt",
                table: "Referrals",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "ConsentRecordedAt",
                table: "Referrals",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "EscalatedStage",
                table: "Referrals",
                type: "TEXT",
                maxLength: 40,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "EscalationLevel",
                table: "Referrals",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<long>(
                name: "LoopClosedAt",
                table: "Referrals",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<DateOnly>(
                name: "NextDueOn",
                table: "Referrals",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "NextDueStage",
                table: "Referrals",
                type: "TEXT",
                maxLength: 20,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Outcome",
                table: "Referrals",
                type: "TEXT",
                maxLength: 40,
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "PatientWantsHelp",
                table: "Referrals",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "RequestedAt",
                table: "Referrals",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "ResultReceivedAt",
                table: "Referrals",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "SeenAt",
                table: "Referrals",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "ReferralEvents",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    ReferralId = table.Column<Guid>(type: "TEXT", nullable: false),
                    PatientId = table.Column<Guid>(type: "TEXT", nullable: false),
                    TeamId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    FromStatus = table.Column<string>(type: "TEXT", maxLength: 20, nullable: true),
                    ToStatus = table.Column<string>(type: "TEXT", maxLength: 20, nullable: true),
                    Milestone = table.Column<string>(type: "TEXT", maxLength: 30, nullable: true),
                    Note = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    StaffId = table.Column<Guid>(type: "TEXT", nullable: true),
                    At = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ReferralEvents", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ReferralEvents_Referrals_ReferralId",
                        column: x => x.ReferralId,
                        principalTable: "Referrals",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_ReferralEvents_Staff_StaffId",
                        column: x => x.StaffId,
                        principalTable: "Staff",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Referrals_TeamId_LoopClosedAt_NextDueOn_Id",
                table: "Referrals",
                columns: new[] { "TeamId", "LoopClosedAt", "NextDueOn", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_ReferralEvents_ReferralId_At",
                table: "ReferralEvents",
                columns: new[] { "ReferralId", "At" });

            migrationBuilder.CreateIndex(
                name: "IX_ReferralEvents_StaffId",
                table: "ReferralEvents",
                column: "StaffId");

            migrationBuilder.CreateIndex(
                name: "IX_ReferralEvents_TeamId_At",
                table: "ReferralEvents",
                columns: new[] { "TeamId", "At" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ReferralEvents");

            migrationBuilder.DropIndex(
                name: "IX_Referrals_TeamId_LoopClosedAt_NextDueOn_Id",
                table: "Referrals");

            migrationBuilder.DropColumn(
                name: "AcceptedAt",
                table: "Referrals");

            migrationBuilder.DropColumn(
                name: "AppointmentAt",
                table: "Referrals");

            migrationBuilder.DropColumn(
                name: "AppointmentScheduledAt",
                table: "Referrals");

            migrationBuilder.DropColumn(
                name: "ConsentRecordedAt",
                table: "Referrals");

            migrationBuilder.DropColumn(
                name: "EscalatedStage",
                table: "Referrals");

            migrationBuilder.DropColumn(
                name: "EscalationLevel",
                table: "Referrals");

            migrationBuilder.DropColumn(
                name: "LoopClosedAt",
                table: "Referrals");

            migrationBuilder.DropColumn(
                name: "NextDueOn",
                table: "Referrals");

            migrationBuilder.DropColumn(
                name: "NextDueStage",
                table: "Referrals");

            migrationBuilder.DropColumn(
                name: "Outcome",
                table: "Referrals");

            migrationBuilder.DropColumn(
                name: "PatientWantsHelp",
                table: "Referrals");

            migrationBuilder.DropColumn(
                name: "RequestedAt",
                table: "Referrals");

            migrationBuilder.DropColumn(
                name: "ResultReceivedAt",
                table: "Referrals");

            migrationBuilder.DropColumn(
                name: "SeenAt",
                table: "Referrals");
        }
    }
}
