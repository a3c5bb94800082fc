using CareHub.Domain.Organization;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CareHub.Data.Configurations;

internal sealed class FacilityConfiguration : IEntityTypeConfiguration<Facility>
{
    public void Configure(EntityTypeBuilder<Facility> builder)
    {
        builder.Property(f => f.Code).HasMaxLength(20);
        builder.Property(f => f.Name).HasMaxLength(200);
        builder.Property(f => f.Kind).HasConversion<string>().HasMaxLength(40);
        builder.HasIndex(f => f.Code).IsUnique();
        builder.HasMany(f => f.Units).WithOne().HasForeignKey(u => u.FacilityId);
        builder.Navigation(f => f.Units).HasField("_units");
    }
}

internal sealed class FacilityUnitConfiguration : IEntityTypeConfiguration<FacilityUnit>
{
    public void Configure(EntityTypeBuilder<FacilityUnit> builder)
    {
        builder.ToTable("Units");
        builder.Property(u => u.Code).HasMaxLength(20);
        builder.Property(u => u.Name).HasMaxLength(200);
        builder.Property(u => u.Kind).HasConversion<string>().HasMaxLength(40);
        builder.HasIndex(u => new { u.FacilityId, u.Code }).IsUnique();
    }
}

internal sealed class CareTeamConfiguration : IEntityTypeConfiguration<CareTeam>
{
    public void Configure(EntityTypeBuilder<CareTeam> builder)
    {
        builder.Property(t => t.Name).HasMaxLength(100);
        builder.Property(t => t.Description).HasMaxLength(500);
        builder.Property(t => t.Version).IsConcurrencyToken();
        builder.HasIndex(t => t.Name).IsUnique();
        builder.HasMany(t => t.Members).WithOne().HasForeignKey(m => m.TeamId);
        builder.Navigation(t => t.Members).HasField("_members");
    }
}

internal sealed class TeamMembershipConfiguration : IEntityTypeConfiguration<TeamMembership>
{
    public void Configure(EntityTypeBuilder<TeamMembership> builder)
    {
        builder.HasKey(m => new { m.TeamId, m.StaffId });
        builder.HasOne<Staff>().WithMany().HasForeignKey(m => m.StaffId);
        builder.HasIndex(m => m.StaffId);
    }
}

internal sealed class StaffConfiguration : IEntityTypeConfiguration<Staff>
{
    public void Configure(EntityTypeBuilder<Staff> builder)
    {
        builder.Property(s => s.GivenName).HasMaxLength(100);
        builder.Property(s => s.FamilyName).HasMaxLength(100);
        builder.Property(s => s.Email).HasMaxLength(254);
        builder.Property(s => s.Discipline).HasMaxLength(100);
        builder.Property(s => s.Role).HasConversion<string>().HasMaxLength(40);
        builder.Property(s => s.Version).IsConcurrencyToken();
        builder.HasIndex(s => s.Email).IsUnique();
        builder.Ignore(s => s.DisplayName);
    }
}
