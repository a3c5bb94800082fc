using CareHub.Domain.CarePlans;
using CareHub.Domain.Encounters;
using CareHub.Domain.Huddles;
using CareHub.Domain.Interop;
using CareHub.Domain.Organization;
using CareHub.Domain.Patients;
using CareHub.Domain.Referrals;
using CareHub.Domain.Tasks;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CareHub.Data.Configurations;

internal sealed class EncounterConfiguration : IEntityTypeConfiguration<Encounter>
{
    public void Configure(EntityTypeBuilder<Encounter> builder)
    {
        builder.Property(e => e.Class).HasConversion<string>().HasMaxLength(20);
        builder.Property(e => e.Status).HasConversion<string>().HasMaxLength(20);
        builder.Property(e => e.Disposition).HasConversion<string>().HasMaxLength(40);
        builder.Property(e => e.Bed).HasMaxLength(20);
        builder.Property(e => e.VisitNumber).HasMaxLength(40);
        builder.Property(e => e.Version).IsConcurrencyToken();
        builder.Ignore(e => e.IsActive);
        builder.HasOne<Patient>().WithMany().HasForeignKey(e => e.PatientId);
        // Restrict: SQL Server refuses two cascade paths (facility -> unit -> encounter and facility -> encounter).
        builder.HasOne<Facility>().WithMany().HasForeignKey(e => e.FacilityId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<FacilityUnit>().WithMany().HasForeignKey(e => e.UnitId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(e => new { e.PatientId, e.AdmittedAt });
        builder.HasIndex(e => new { e.Status, e.FacilityId });
        builder.HasIndex(e => e.VisitNumber);
        builder.Property(e => e.PreviousBed).HasMaxLength(20);
        builder.HasOne<FacilityUnit>().WithMany().HasForeignKey(e => e.PreviousUnitId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class CarePlanConfiguration : IEntityTypeConfiguration<CarePlan>
{
    public void Configure(EntityTypeBuilder<CarePlan> builder)
    {
        builder.Property(p => p.Title).HasMaxLength(200);
        builder.Property(p => p.Status).HasConversion<string>().HasMaxLength(20);
        builder.Property(p => p.Version).IsConcurrencyToken();
        builder.HasOne<Patient>().WithMany().HasForeignKey(p => p.PatientId);
        builder.HasIndex(p => p.PatientId);
        builder.HasMany(p => p.Items).WithOne().HasForeignKey(i => i.CarePlanId);
        builder.Navigation(p => p.Items).HasField("_items");
        builder.Ignore(p => p.IsClosed);
    }
}

internal sealed class ReferralEventConfiguration : IEntityTypeConfiguration<ReferralEvent>
{
    public void Configure(EntityTypeBuilder<ReferralEvent> builder)
    {
        // The domain makes the id; an entry found in a tracked referral's timeline is new (Added), never "existing".
        builder.Property(e => e.Id).ValueGeneratedNever();
        builder.Property(e => e.Kind).HasConversion<string>().HasMaxLength(20);
        builder.Property(e => e.FromStatus).HasConversion<string>().HasMaxLength(20);
        builder.Property(e => e.ToStatus).HasConversion<string>().HasMaxLength(20);
        builder.Property(e => e.Milestone).HasConversion<string>().HasMaxLength(30);
        builder.Property(e => e.Note).HasMaxLength(Referral.MaxNoteLength);
        builder.HasOne<Staff>().WithMany().HasForeignKey(e => e.StaffId).OnDelete(DeleteBehavior.Restrict);
        // A referral's timeline in order; a team's recent activity (metrics over time).
        builder.HasIndex(e => new { e.ReferralId, e.At });
        builder.HasIndex(e => new { e.TeamId, e.At });
    }
}

internal sealed class CarePlanChangeConfiguration : IEntityTypeConfiguration<CarePlanChange>
{
    public void Configure(EntityTypeBuilder<CarePlanChange> builder)
    {
        builder.ToTable("CarePlanChanges");
        builder.Property(c => c.Field).HasConversion<string>().HasMaxLength(20);
        builder.Property(c => c.Before).HasMaxLength(CarePlanItem.MaxTextLength);
        builder.Property(c => c.After).HasMaxLength(CarePlanItem.MaxTextLength);
        builder.HasOne<CarePlan>().WithMany().HasForeignKey(c => c.CarePlanId);
        builder.HasOne<Patient>().WithMany().HasForeignKey(c => c.PatientId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Staff>().WithMany().HasForeignKey(c => c.StaffId).OnDelete(DeleteBehavior.Restrict);
        // The history of an item (or a field) in version order, and of a plan in time order.
        builder.HasIndex(c => new { c.ItemId, c.Field, c.ItemVersion });
        builder.HasIndex(c => new { c.CarePlanId, c.At });
    }
}

internal sealed class CarePlanItemConfiguration : IEntityTypeConfiguration<CarePlanItem>
{
    public void Configure(EntityTypeBuilder<CarePlanItem> builder)
    {
        builder.Property(i => i.Kind).HasConversion<string>().HasMaxLength(30);
        builder.Property(i => i.Status).HasConversion<string>().HasMaxLength(20);
        builder.Property(i => i.Text).HasMaxLength(CarePlanItem.MaxTextLength);
        builder.Property(i => i.Detail).HasMaxLength(CarePlanItem.MaxTextLength);
        builder.Property(i => i.Category).HasMaxLength(40);
        builder.Property(i => i.Lifecycle).HasConversion<string>().HasMaxLength(20);
        builder.Property(i => i.Achievement).HasConversion<string>().HasMaxLength(20);
        builder.Property(i => i.Sources).HasConversion<int>();
        builder.Ignore(i => i.Discrepancy);
        builder.Property(i => i.Version).IsConcurrencyToken();
        builder.HasOne<Staff>().WithMany().HasForeignKey(i => i.AssigneeId).OnDelete(DeleteBehavior.SetNull);
        builder.HasIndex(i => new { i.CarePlanId, i.Position });
        builder.HasIndex(i => i.PatientId);
    }
}

internal sealed class CommunityResourceConfiguration : IEntityTypeConfiguration<CommunityResource>
{
    public void Configure(EntityTypeBuilder<CommunityResource> builder)
    {
        // The directory is shared by every team (no patient data): no query filter.
        builder.Property(r => r.Name).HasMaxLength(CommunityResource.MaxNameLength);
        builder.Property(r => r.Type).HasConversion<string>().HasMaxLength(40);
        builder.Property(r => r.Services).HasMaxLength(CommunityResource.MaxServicesLength);
        builder.Property(r => r.Domains).HasConversion<int>();
        builder.Property(r => r.Languages).HasMaxLength(CommunityResource.MaxLanguagesLength);
        builder.Property(r => r.Hours).HasMaxLength(CommunityResource.MaxHoursLength);
        builder.Property(r => r.Phone).HasMaxLength(CommunityResource.MaxPhoneLength);
        builder.Property(r => r.Address).HasMaxLength(CommunityResource.MaxAddressLength);
        builder.HasIndex(r => r.Name);
    }
}

internal sealed class ReferralConfiguration : IEntityTypeConfiguration<Referral>
{
    public void Configure(EntityTypeBuilder<Referral> builder)
    {
        builder.Property(r => r.Type).HasConversion<string>().HasMaxLength(40);
        builder.Property(r => r.Urgency).HasConversion<string>().HasMaxLength(20);
        builder.Property(r => r.Status).HasConversion<string>().HasMaxLength(20);
        builder.Property(r => r.Destination).HasMaxLength(200);
        builder.Property(r => r.Reason).HasMaxLength(1000);
        builder.Property(r => r.Version).IsConcurrencyToken();
        builder.Ignore(r => r.IsOpen);
        builder.Ignore(r => r.NeedsConsent);
        builder.Ignore(r => r.IsLoopClosed);
        builder.Property(r => r.Outcome).HasConversion<string>().HasMaxLength(40);
        builder.Property(r => r.EscalatedStage).HasMaxLength(40);
        builder.Property(r => r.Part2ConsentedBy).HasMaxLength(Referral.MaxConsentPartyLength);
        builder.Property(r => r.Part2ConsentRecipient).HasMaxLength(Referral.MaxConsentPartyLength);
        builder.Property(r => r.Part2ConsentPurpose).HasMaxLength(Referral.MaxConsentPurposeLength);
        builder.HasOne<Staff>().WithMany().HasForeignKey(r => r.Part2ConsentRecordedBy).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Staff>().WithMany().HasForeignKey(r => r.Part2ConsentRevokedBy).OnDelete(DeleteBehavior.Restrict);
        builder.Property(r => r.NextDueStage).HasConversion<string>().HasMaxLength(20);
        // The worklist: a team's open loops by the clock, keyset-paged on (due day, id).
        builder.HasIndex(r => new { r.TeamId, r.LoopClosedAt, r.NextDueOn, r.Id });
        builder.HasMany(r => r.Events).WithOne().HasForeignKey(e => e.ReferralId);
        builder.Navigation(r => r.Events).HasField("_events");
        builder.HasOne<Patient>().WithMany().HasForeignKey(r => r.PatientId);
        builder.HasOne<CareTeam>().WithMany().HasForeignKey(r => r.TeamId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Staff>().WithMany().HasForeignKey(r => r.OwnerId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(r => new { r.TeamId, r.Status, r.StatusChangedAt });
        builder.HasIndex(r => r.PatientId);
    }
}

internal sealed class HuddleBoardConfiguration : IEntityTypeConfiguration<HuddleBoard>
{
    public void Configure(EntityTypeBuilder<HuddleBoard> builder)
    {
        builder.Property(b => b.Status).HasConversion<string>().HasMaxLength(20);
        builder.Property(b => b.Attendees).HasMaxLength(2000);
        builder.Property(b => b.Decisions).HasMaxLength(4000);
        builder.Ignore(b => b.IsTimerRunning);
        builder.Property(b => b.Version).IsConcurrencyToken();
        builder.HasOne<CareTeam>().WithMany().HasForeignKey(b => b.TeamId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(b => new { b.TeamId, b.Day }).IsUnique();
    }
}

internal sealed class HuddleCardConfiguration : IEntityTypeConfiguration<HuddleCard>
{
    public void Configure(EntityTypeBuilder<HuddleCard> builder)
    {
        builder.Property(c => c.Kind).HasConversion<string>().HasMaxLength(20);
        builder.Property(c => c.Reason).HasConversion<string>().HasMaxLength(40);
        builder.Property(c => c.Section).HasConversion<string>().HasMaxLength(40);
        builder.Property(c => c.Lane).HasConversion<string>().HasMaxLength(20);
        builder.Property(c => c.Title).HasMaxLength(200);
        // Ordered ordinally in memory (a board holds tens of cards): SQL Server's default collation ignores case.
        builder.Property(c => c.SortKey).HasMaxLength(200);
        builder.Property(c => c.Notes).HasMaxLength(HuddleCard.MaxNotesLength);
        builder.Property(c => c.Version).IsConcurrencyToken();
        builder.Ignore(c => c.IsResolved);
        builder.HasOne<HuddleBoard>().WithMany().HasForeignKey(c => c.BoardId);
        builder.HasOne<Patient>().WithMany().HasForeignKey(c => c.PatientId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Staff>().WithMany().HasForeignKey(c => c.OwnerId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(c => c.BoardId);
        builder.HasIndex(c => c.TeamId);
    }
}

internal sealed class HuddleActionItemConfiguration : IEntityTypeConfiguration<HuddleActionItem>
{
    public void Configure(EntityTypeBuilder<HuddleActionItem> builder)
    {
        builder.Property(a => a.Title).HasMaxLength(300);
        builder.HasOne<HuddleCard>().WithMany().HasForeignKey(a => a.CardId);
        builder.HasOne<Staff>().WithMany().HasForeignKey(a => a.OwnerId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(a => a.BoardId);
        builder.HasIndex(a => a.TeamId);
    }
}

internal sealed class CareTaskConfiguration : IEntityTypeConfiguration<CareTask>
{
    public void Configure(EntityTypeBuilder<CareTask> builder)
    {
        builder.ToTable("Tasks");
        builder.Property(t => t.Title).HasMaxLength(300);
        builder.Property(t => t.Priority).HasConversion<string>().HasMaxLength(20);
        builder.Property(t => t.Status).HasConversion<string>().HasMaxLength(20);
        builder.Property(t => t.Version).IsConcurrencyToken();
        builder.HasOne<Patient>().WithMany().HasForeignKey(t => t.PatientId);
        builder.HasOne<CareTeam>().WithMany().HasForeignKey(t => t.TeamId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Staff>().WithMany().HasForeignKey(t => t.AssigneeId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(t => new { t.AssigneeId, t.Status, t.DueAt });
        builder.HasIndex(t => t.PatientId);
        builder.Property(t => t.Kind).HasConversion<string>().HasMaxLength(30);
        builder.Ignore(t => t.IsTransition);
        builder.HasOne<Encounter>().WithMany().HasForeignKey(t => t.EncounterId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(t => t.EncounterId);
    }
}

internal sealed class InboundMessageConfiguration : IEntityTypeConfiguration<InboundMessage>
{
    public void Configure(EntityTypeBuilder<InboundMessage> builder)
    {
        builder.Property(m => m.Raw).HasMaxLength(InboundMessage.MaxRawLength);
        builder.Property(m => m.Channel).HasMaxLength(20);
        builder.Property(m => m.Source).HasMaxLength(100);
        builder.Property(m => m.ControlId).HasMaxLength(199);
        builder.Property(m => m.SendingApplication).HasMaxLength(180);
        builder.Property(m => m.SendingFacility).HasMaxLength(180);
        builder.Property(m => m.MessageType).HasMaxLength(20);
        builder.Property(m => m.Status).HasConversion<string>().HasMaxLength(20);
        builder.Property(m => m.AckCode).HasMaxLength(2);
        builder.Property(m => m.Result).HasMaxLength(500);
        builder.Ignore(m => m.CanReplay);
        // "Was this control id from this sender applied already?" is asked for every message.
        builder.HasIndex(m => new { m.SendingFacility, m.SendingApplication, m.ControlId, m.Status });
        builder.HasIndex(m => new { m.Status, m.ReceivedAt });
    }
}
