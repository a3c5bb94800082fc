using CareHub.Domain.Organization;
using CareHub.Domain.Patients;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CareHub.Data.Configurations;

internal sealed class PatientConfiguration : IEntityTypeConfiguration<Patient>
{
    public void Configure(EntityTypeBuilder<Patient> builder)
    {
        builder.Property(p => p.Mrn).HasMaxLength(32);
        builder.Property(p => p.AssigningAuthority).HasMaxLength(32);
        builder.Property(p => p.GivenName).HasMaxLength(100);
        builder.Property(p => p.FamilyName).HasMaxLength(100);
        builder.Property(p => p.SortName).HasMaxLength(210);
        builder.Property(p => p.PreferredLanguage).HasMaxLength(50);
        builder.Property(p => p.PlanName).HasMaxLength(100);
        builder.Property(p => p.PrimaryCareProvider).HasMaxLength(150);
        builder.Property(p => p.Sex).HasConversion<string>().HasMaxLength(20);
        builder.Property(p => p.Payer).HasConversion<string>().HasMaxLength(40);
        builder.Property(p => p.Version).IsConcurrencyToken();
        builder.Ignore(p => p.DisplayName);

        // Patients are matched by MRN within the assigning authority (the feed's PID-3).
        builder.HasIndex(p => new { p.AssigningAuthority, p.Mrn }).IsUnique();
        builder.HasIndex(p => p.Mrn);
        builder.HasIndex(p => new { p.SortName, p.Id });
        builder.HasIndex(p => p.AttributedCoordinatorId);
        builder.HasOne<Staff>().WithMany().HasForeignKey(p => p.AttributedCoordinatorId).OnDelete(DeleteBehavior.SetNull);

        builder.HasMany(p => p.Teams).WithOne().HasForeignKey(t => t.PatientId);
        builder.Navigation(p => p.Teams).HasField("_teams");
        builder.HasMany(p => p.Conditions).WithOne().HasForeignKey(c => c.PatientId);
        builder.Navigation(p => p.Conditions).HasField("_conditions");
    }
}

internal sealed class PatientTeamConfiguration : IEntityTypeConfiguration<PatientTeam>
{
    public void Configure(EntityTypeBuilder<PatientTeam> builder)
    {
        builder.HasKey(t => new { t.PatientId, t.TeamId });
        builder.HasOne<CareTeam>().WithMany().HasForeignKey(t => t.TeamId);
        builder.HasIndex(t => new { t.TeamId, t.PatientId });
    }
}

internal sealed class ConditionConfiguration : IEntityTypeConfiguration<Condition>
{
    public void Configure(EntityTypeBuilder<Condition> builder)
    {
        builder.Property(c => c.Code).HasMaxLength(20);
        builder.Property(c => c.Display).HasMaxLength(200);
        builder.Property(c => c.Chronic).HasConversion<string>().HasMaxLength(40);
        builder.HasIndex(c => c.PatientId);
    }
}
