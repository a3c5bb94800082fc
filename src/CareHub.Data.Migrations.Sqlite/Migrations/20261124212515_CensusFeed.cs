using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CareHub.Data.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class CensusFeed : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<Guid>(
                name: "EncounterId",
                table: "Tasks",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Kind",
                table: "Tasks",
                type: "TEXT",
                maxLength: 30,
                nullable: false,
                defaultValue: "General");

            migrationBuilder.AddColumn<DateOnly>(
                name: "DeceasedOn",
                table: "Patients",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "MergedIntoId",
                table: "Patients",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "CameThroughEmergency",
                table: "Encounters",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<long>(
                name: "LastEventAt",
                table: "Encounters",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "PreviousBed",
                table: "Encounters",
                type: "TEXT",
                maxLength: 20,
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "PreviousUnitId",
                table: "Encounters",
                type: "TEXT",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "InboundMessages",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Raw = table.Column<string>(type: "TEXT", maxLength: 1048576, nullable: false),
                    Channel = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Source = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    ReceivedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    ControlId = table.Column<string>(type: "TEXT", maxLength: 199, nullable: true),
                    SendingApplication = table.Column<string>(type: "TEXT", maxLength: 180, nullable: true),
                    SendingFacility = table.Column<string>(type: "TEXT", maxLength: 180, nullable: true),
                    MessageType = table.Column<string>(type: "TEXT", maxLength: 20, nullable: true),
                    EventAt = table.Column<long>(type: "INTEGER", nullable: true),
                    Status = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    AckCode = table.Column<string>(type: "TEXT", maxLength: 2, nullable: true),
                    Result = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    ProcessedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    Attempts = table.Column<int>(type: "INTEGER", nullable: false),
                    PatientId = table.Column<Guid>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_InboundMessages", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Tasks_EncounterId",
                table: "Tasks",
                column: "EncounterId");

            migrationBuilder.CreateIndex(
                name: "IX_Encounters_PreviousUnitId",
                table: "Encounters",
                column: "PreviousUnitId");

            migrationBuilder.CreateIndex(
                name: "IX_Encounters_VisitNumber",
                table: "Encounters",
                column: "VisitNumber");

            migrationBuilder.CreateIndex(
                name: "IX_InboundMessages_SendingFacility_SendingApplication_ControlId_Status",
                table: "InboundMessages",
                columns: new[] { "SendingFacility", "SendingApplication", "ControlId", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_InboundMessages_Status_ReceivedAt",
                table: "InboundMessages",
                columns: new[] { "Status", "ReceivedAt" });

            migrationBuilder.AddForeignKey(
                name: "FK_Encounters_Units_PreviousUnitId",
                table: "Encounters",
                column: "PreviousUnitId",
                principalTable: "Units",
                principalColumn: "Id",
                onDelete: ReferentialAction.Restrict);

            migrationBuilder.AddForeignKey(
                name: "FK_Tasks_Encounters_EncounterId",
                table: "Tasks",
                column: "EncounterId",
                principalTable: "Encounters",
                principalColumn: "Id",
                onDelete: ReferentialAction.Restrict);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_Encounters_Units_PreviousUnitId",
                table: "Encounters");

            migrationBuilder.DropForeignKey(
                name: "FK_Tasks_Encounters_EncounterId",
                table: "Tasks");

            migrationBuilder.DropTable(
                name: "InboundMessages");

            migrationBuilder.DropIndex(
                name: "IX_Tasks_EncounterId",
                table: "Tasks");

            migrationBuilder.DropIndex(
                name: "IX_Encounters_PreviousUnitId",
                table: "Encounters");

            migrationBuilder.DropIndex(
                name: "IX_Encounters_VisitNumber",
                table: "Encounters");

            migrationBuilder.DropColumn(
                name: "EncounterId",
                table: "Tasks");

            migrationBuilder.DropColumn(
                name: "Kind",
                table: "Tasks");

            migrationBuilder.DropColumn(
                name: "DeceasedOn",
                table: "Patients");

            migrationBuilder.DropColumn(
                name: "MergedIntoId",
                table: "Patients");

            migrationBuilder.DropColumn(
                name: "CameThroughEmergency",
                table: "Encounters");

            migrationBuilder.DropColumn(
                name: "LastEventAt",
                table: "Encounters");

            migrationBuilder.DropColumn(
                name: "PreviousBed",
                table: "Encounters");

            migrationBuilder.DropColumn(
                name: "PreviousUnitId",
                table: "Encounters");
        }
    }
}
