using CareHub.Domain.Access;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CareHub.Data.Configurations;

internal sealed class EmergencyAccessGrantConfiguration : IEntityTypeConfiguration<EmergencyAccessGrant>
{
    public void Configure(EntityTypeBuilder<EmergencyAccessGrant> builder)
    {
        builder.ToTable("EmergencyAccessGrants");
        builder.Property(g => g.Reason).HasConversion<string>().HasMaxLength(40);
        builder.Property(g => g.Explanation).HasMaxLength(EmergencyAccessGrant.ExplanationMaxLength);
        builder.Property(g => g.Version).IsConcurrencyToken();
        // The scope reads a person's live grants; the managers' review list reads a patient's.
        builder.HasIndex(g => new { g.StaffId, g.ExpiresAt });
        builder.HasIndex(g => new { g.PatientId, g.GrantedAt });
    }
}
