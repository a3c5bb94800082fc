using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CareHub.Data.Migrations.SqlServer.Migrations
{
    /// <inheritdoc />
    public partial class Huddles : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "ActionsCreated",
                table: "HuddleBoards",
                type: "int",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<string>(
                name: "Attendees",
                table: "HuddleBoards",
                type: "nvarchar(2000)",
                maxLength: 2000,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<int>(
                name: "CardsDiscussed",
                table: "HuddleBoards",
                type: "int",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<Guid>(
                name: "CurrentCardId",
                table: "HuddleBoards",
                type: "uniqueidentifier",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Decisions",
                table: "HuddleBoards",
                type: "nvarchar(4000)",
                maxLength: 4000,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "LastChangedAt",
                table: "HuddleBoards",
                type: "datetimeoffset",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "TimeBoxSeconds",
                table: "HuddleBoards",
                type: "int",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<long>(
                name: "TimerRemainingMs",
                table: "HuddleBoards",
                type: "bigint",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "TimerRunningSince",
                table: "HuddleBoards",
                type: "datetimeoffset",
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "WallShowsInitialsOnly",
                table: "CareTeams",
                type: "bit",
                nullable: false,
                defaultValue: false);

            migrationBuilder.CreateTable(
                name: "HuddleCards",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    BoardId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    TeamId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    Kind = table.Column<string>(type: "nvarchar(20)", maxLength: 20, nullable: false),
                    PatientId = table.Column<Guid>(type: "uniqueidentifier", nullable: true),
                    Title = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false),
                    Reason = table.Column<string>(type: "nvarchar(40)", maxLength: 40, nullable: false),
                    Section = table.Column<string>(type: "nvarchar(40)", maxLength: 40, nullable: false),
                    Lane = table.Column<string>(type: "nvarchar(20)", maxLength: 20, nullable: false),
                    SortKey = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false),
                    OwnerId = table.Column<Guid>(type: "uniqueidentifier", nullable: true),
                    Due = table.Column<DateOnly>(type: "date", nullable: true),
                    Notes = table.Column<string>(type: "nvarchar(4000)", maxLength: 4000, nullable: false),
                    CarriedOver = table.Column<bool>(type: "bit", nullable: false),
                    Discussed = table.Column<bool>(type: "bit", nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false),
                    Version = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_HuddleCards", x => x.Id);
                    table.ForeignKey(
                        name: "FK_HuddleCards_HuddleBoards_BoardId",
                        column: x => x.BoardId,
                        principalTable: "HuddleBoards",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_HuddleCards_Patients_PatientId",
                        column: x => x.PatientId,
                        principalTable: "Patients",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_HuddleCards_Staff_OwnerId",
                        column: x => x.OwnerId,
                        principalTable: "Staff",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "HuddleActionItems",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    CardId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    BoardId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    TeamId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    PatientId = table.Column<Guid>(type: "uniqueidentifier", nullable: true),
                    Title = table.Column<string>(type: "nvarchar(300)", maxLength: 300, nullable: false),
                    OwnerId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    Due = table.Column<DateOnly>(type: "date", nullable: false),
                    TaskId = table.Column<Guid>(type: "uniqueidentifier", nullable: true),
                    CreatedAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_HuddleActionItems", x => x.Id);
                    table.ForeignKey(
                        name: "FK_HuddleActionItems_HuddleCards_CardId",
                        column: x => x.CardId,
                        principalTable: "HuddleCards",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_HuddleActionItems_Staff_OwnerId",
                        column: x => x.OwnerId,
                        principalTable: "Staff",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_HuddleActionItems_BoardId",
                table: "HuddleActionItems",
                column: "BoardId");

            migrationBuilder.CreateIndex(
                name: "IX_HuddleActionItems_CardId",
                table: "HuddleActionItems",
                column: "CardId");

            migrationBuilder.CreateIndex(
                name: "IX_HuddleActionItems_OwnerId",
                table: "HuddleActionItems",
                column: "OwnerId");

            migrationBuilder.CreateIndex(
                name: "IX_HuddleActionItems_TeamId",
                table: "HuddleActionItems",
                column: "TeamId");

            migrationBuilder.CreateIndex(
                name: "IX_HuddleCards_BoardId",
                table: "HuddleCards",
                column: "BoardId");

            migrationBuilder.CreateIndex(
                name: "IX_HuddleCards_OwnerId",
                table: "HuddleCards",
                column: "OwnerId");

            migrationBuilder.CreateIndex(
                name: "IX_HuddleCards_PatientId",
                table: "HuddleCards",
                column: "PatientId");

            migrationBuilder.CreateIndex(
                name: "IX_HuddleCards_TeamId",
                table: "HuddleCards",
                column: "TeamId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "HuddleActionItems");

            migrationBuilder.DropTable(
                name: "HuddleCards");

            migrationBuilder.DropColumn(
                name: "ActionsCreated",
                table: "HuddleBoards");

            migrationBuilder.DropColumn(
                name: "Attendees",
                table: "HuddleBoards");

            migrationBuilder.DropColumn(
                name: "CardsDiscussed",
                table: "HuddleBoards");

            migrationBuilder.DropColumn(
                name: "CurrentCardId",
                table: "HuddleBoards");

            migrationBuilder.DropColumn(
                name: "Decisions",
                table: "HuddleBoards");

            migrationBuilder.DropColumn(
                name: "LastChangedAt",
                table: "HuddleBoards");

            migrationBuilder.DropColumn(
                name: "TimeBoxSeconds",
                table: "HuddleBoards");

            migrationBuilder.DropColumn(
                name: "TimerRemainingMs",
                table: "HuddleBoards");

            migrationBuilder.DropColumn(
                name: "TimerRunningSince",
                table: "HuddleBoards");

            migrationBuilder.DropColumn(
                name: "WallShowsInitialsOnly",
                table: "CareTeams");
        }
    }
}
