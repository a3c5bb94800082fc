using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CareHub.Data.Migrations.SqlServer.Migrations
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
                type: "uniqueidentifier",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Kind",
                table: "Tasks",
                type: "nvarchar(30)",
                maxLength: 30,
                nullable: false,
                defaultValue: "General");

            migrationBuilder.AddColumn<DateOnly>(
                name: "DeceasedOn",
                table: "Patients",
                type: "date",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "MergedIntoId",
                table: "Patients",
                type: "uniqueidentifier",
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "CameThroughEmergency",
                table: "Encounters",
                type: "bit",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "LastEventAt",
                table: "Encounters",
                type: "datetimeoffset",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "PreviousBed",
                table: "Encounters",
                type: "nvarchar(20)",
                maxLength: 20,
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "PreviousUnitId",
                table: "Encounters",
                type: "uniqueidentifier",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "InboundMessages",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    Raw = table.Column<string>(type: "nvarchar(max)", maxLength: 1048576, nullable: false),
                    Channel = table.Column<string>(type: "nvarchar(20)", maxLength: 20, nullable: false),
                    Source = table.Column<string>(type: "nvarchar(100)", maxLength: 100, nullable: false),
                    ReceivedAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false),
                    ControlId = table.Column<string>(type: "nvarchar(199)", maxLength: 199, nullable: true),
                    SendingApplication = table.Column<string>(type: "nvarchar(180)", maxLength: 180, nullable: true),
                    SendingFacility = table.Column<string>(type: "nvarchar(180)", maxLength: 180, nullable: true),
                    MessageType = table.Column<string>(type: "nvarchar(20)", maxLength: 20, nullable: true),
                    EventAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: true),
                    Status = table.Column<string>(type: "nvarchar(20)", maxLength: 20, nullable: false),
                    AckCode = table.Column<string>(type: "nvarchar(2)", maxLength: 2, nullable: true),
                    Result = table.Column<string>(type: "nvarchar(500)", maxLength: 500, nullable: true),
                    ProcessedAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: true),
                    Attempts = table.Column<int>(type: "int", nullable: false),
                    PatientId = table.Column<Guid>(type: "uniqueidentifier", nullable: true)
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
