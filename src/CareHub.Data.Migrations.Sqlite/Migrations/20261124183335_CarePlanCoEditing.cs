using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CareHub.Data.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class CarePlanCoEditing : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "LastChangedAt",
                table: "CarePlans",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AddColumn<string>(
                name: "Achievement",
                table: "CarePlanItems",
                type: "TEXT",
                maxLength: 20,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Category",
                table: "CarePlanItems",
                type: "TEXT",
                maxLength: 40,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Detail",
                table: "CarePlanItems",
                type: "TEXT",
                maxLength: 4000,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "Lifecycle",
                table: "CarePlanItems",
                type: "TEXT",
                maxLength: 20,
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "Reconciled",
                table: "CarePlanItems",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<int>(
                name: "Sources",
                table: "CarePlanItems",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.CreateTable(
                name: "CarePlanChanges",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    CarePlanId = table.Column<Guid>(type: "TEXT", nullable: false),
                    PatientId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ItemId = table.Column<Guid>(type: "TEXT", nullable: true),
                    Field = table.Column<string>(type: "TEXT", maxLength: 20, nullable: true),
                    Before = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    After = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    StaffId = table.Column<Guid>(type: "TEXT", nullable: true),
                    At = table.Column<long>(type: "INTEGER", nullable: false),
                    ItemVersion = table.Column<long>(type: "INTEGER", nullable: false),
                    BaseVersion = table.Column<long>(type: "INTEGER", nullable: false),
                    Merged = table.Column<bool>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CarePlanChanges", x => x.Id);
                    table.ForeignKey(
                        name: "FK_CarePlanChanges_CarePlans_CarePlanId",
                        column: x => x.CarePlanId,
                        principalTable: "CarePlans",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_CarePlanChanges_Patients_PatientId",
                        column: x => x.PatientId,
                        principalTable: "Patients",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_CarePlanChanges_Staff_StaffId",
                        column: x => x.StaffId,
                        principalTable: "Staff",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_CarePlanChanges_CarePlanId_At",
                table: "CarePlanChanges",
                columns: new[] { "CarePlanId", "At" });

            migrationBuilder.CreateIndex(
                name: "IX_CarePlanChanges_ItemId_Field_ItemVersion",
                table: "CarePlanChanges",
                columns: new[] { "ItemId", "Field", "ItemVersion" });

            migrationBuilder.CreateIndex(
                name: "IX_CarePlanChanges_PatientId",
                table: "CarePlanChanges",
                column: "PatientId");

            migrationBuilder.CreateIndex(
                name: "IX_CarePlanChanges_StaffId",
                table: "CarePlanChanges",
                column: "StaffId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "CarePlanChanges");

            migrationBuilder.DropColumn(
                name: "LastChangedAt",
                table: "CarePlans");

            migrationBuilder.DropColumn(
                name: "Achievement",
                table: "CarePlanItems");

            migrationBuilder.DropColumn(
                name: "Category",
                table: "CarePlanItems");

            migrationBuilder.DropColumn(
                name: "Detail",
                table: "CarePlanItems");

            migrationBuilder.DropColumn(
                name: "Lifecycle",
                table: "CarePlanItems");

            migrationBuilder.DropColumn(
                name: "Reconciled",
                table: "CarePlanItems");

            migrationBuilder.DropColumn(
                name: "Sources",
                table: "CarePlanItems");
        }
    }
}
