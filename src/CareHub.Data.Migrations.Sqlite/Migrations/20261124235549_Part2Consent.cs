using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CareHub.Data.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class Part2Consent : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateOnly>(
                name: "Part2ConsentExpiresOn",
                table: "Referrals",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Part2ConsentPurpose",
                table: "Referrals",
                type: "TEXT",
                maxLength: 500,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Part2ConsentRecipient",
                table: "Referrals",
                type: "TEXT",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "Part2ConsentRecordedAt",
                table: "Referrals",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "Part2ConsentRecordedBy",
                table: "Referrals",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "Part2ConsentRevokedAt",
                table: "Referrals",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "Part2ConsentRevokedBy",
                table: "Referrals",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<DateOnly>(
                name: "Part2ConsentSignedOn",
                table: "Referrals",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Part2ConsentedBy",
                table: "Referrals",
                type: "TEXT",
                maxLength: 200,
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_Referrals_Part2ConsentRecordedBy",
                table: "Referrals",
                column: "Part2ConsentRecordedBy");

            migrationBuilder.CreateIndex(
                name: "IX_Referrals_Part2ConsentRevokedBy",
                table: "Referrals",
                column: "Part2ConsentRevokedBy");

            migrationBuilder.AddForeignKey(
                name: "FK_Referrals_Staff_Part2ConsentRecordedBy",
                table: "Referrals",
                column: "Part2ConsentRecordedBy",
                principalTable: "Staff",
                principalColumn: "Id",
                onDelete: ReferentialAction.Restrict);

            migrationBuilder.AddForeignKey(
                name: "FK_Referrals_Staff_Part2ConsentRevokedBy",
                table: "Referrals",
                column: "Part2ConsentRevokedBy",
                principalTable: "Staff",
                principalColumn: "Id",
                onDelete: ReferentialAction.Restrict);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_Referrals_Staff_Part2ConsentRecordedBy",
                table: "Referrals");

            migrationBuilder.DropForeignKey(
                name: "FK_Referrals_Staff_Part2ConsentRevokedBy",
                table: "Referrals");

            migrationBuilder.DropIndex(
                name: "IX_Referrals_Part2ConsentRecordedBy",
                table: "Referrals");

            migrationBuilder.DropIndex(
                name: "IX_Referrals_Part2ConsentRevokedBy",
                table: "Referrals");

            migrationBuilder.DropColumn(
                name: "Part2ConsentExpiresOn",
                table: "Referrals");

            migrationBuilder.DropColumn(
                name: "Part2ConsentPurpose",
                table: "Referrals");

            migrationBuilder.DropColumn(
                name: "Part2ConsentRecipient",
                table: "Referrals");

            migrationBuilder.DropColumn(
                name: "Part2ConsentRecordedAt",
                table: "Referrals");

            migrationBuilder.DropColumn(
                name: "Part2ConsentRecordedBy",
                table: "Referrals");

            migrationBuilder.DropColumn(
                name: "Part2ConsentRevokedAt",
                table: "Referrals");

            migrationBuilder.DropColumn(
                name: "Part2ConsentRevokedBy",
                table: "Referrals");

            migrationBuilder.DropColumn(
                name: "Part2ConsentSignedOn",
                table: "Referrals");

            migrationBuilder.DropColumn(
                name: "Part2ConsentedBy",
                table: "Referrals");
        }
    }
}
