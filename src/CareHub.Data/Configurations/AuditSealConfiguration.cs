using CareHub.Data.Auditing;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CareHub.Data.Configurations;

internal sealed class AuditSealConfiguration : IEntityTypeConfiguration<AuditSeal>
{
    public void Configure(EntityTypeBuilder<AuditSeal> builder)
    {
        // The sequence is assigned by the sealer (the next after the last), so two sealers cannot both take it.
        builder.HasKey(s => s.Sequence);
        builder.Property(s => s.Sequence).ValueGeneratedNever();
        builder.HasIndex(s => s.AuditEventId).IsUnique();
        builder.Property(s => s.Hash).HasMaxLength(32).IsFixedLength();
    }
}
