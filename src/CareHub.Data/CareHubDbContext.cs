using CareHub.Data.Access;
using CareHub.Data.Auditing;
using CareHub.Domain.Access;
using CareHub.Domain.Audit;
using CareHub.Domain.CarePlans;
using CareHub.Domain.Encounters;
using CareHub.Domain.Huddles;
using CareHub.Domain.Interop;
using CareHub.Domain.Organization;
using CareHub.Domain.Patients;
using CareHub.Domain.Referrals;
using CareHub.Domain.Tasks;
using Microsoft.EntityFrameworkCore;

namespace CareHub.Data;

/// <summary>
/// The unit of work of one operation. Created per operation by <see cref="CareHubDbContextFactory"/> for
/// one <see cref="AccessScope"/>; the query filters below are the one place where team access is decided.
/// </summary>
public sealed class CareHubDbContext : DbContext
{
    public CareHubDbContext(DbContextOptions<CareHubDbContext> options, AccessScope scope) : base(options)
    {
        Scope = scope;
        // Read in the query filters; EF parameterises them per context instance.
        ScopeIsSystem = scope.IsSystem;
        ScopeTeamIds = [.. scope.TeamIds];
        ScopeEmergencyPatientIds = [.. scope.EmergencyAccess.Keys];
        ScopeHasEmergencyAccess = ScopeEmergencyPatientIds.Count > 0;
        ScopeStaffId = Guid.TryParse(scope.UserId, out var staffId) ? staffId : null;
        SavingChanges += MarkEmergencyAccess;
    }

    /// <summary>The category prefix of reads made under emergency access ("Emergency:Patient").</summary>
    public const string EmergencyCategoryPrefix = "Emergency:";

    public AccessScope Scope { get; private set; }

    /// <summary>
    /// Writes the audit rows of the saves that follow with <paramref name="source"/> as their source. For system work
    /// that saves the work of several senders through one context, one after the other (the ADT feed applies a batch
    /// of messages from different connections in one transaction): each change keeps its own sender on its audit rows.
    /// What the scope may see does not change, and a user's scope cannot be re-labelled.
    /// </summary>
    public void UseAuditSource(string source)
    {
        if (!Scope.IsSystem || !Scope.AuditsWrites)
            throw new InvalidOperationException("Only system work that audits its writes may change the source of its audit rows.");
        if (!string.Equals(Scope.Source, source, StringComparison.Ordinal))
            Scope = AccessScope.System(source);
    }

    private bool ScopeIsSystem { get; }
    private List<Guid> ScopeTeamIds { get; }
    private List<Guid> ScopeEmergencyPatientIds { get; }

    // Almost every scope has no grant: the flag lets the database skip the list for every row.
    private bool ScopeHasEmergencyAccess { get; }
    private Guid? ScopeStaffId { get; }

    public DbSet<Facility> Facilities => Set<Facility>();
    public DbSet<FacilityUnit> Units => Set<FacilityUnit>();
    public DbSet<CareTeam> CareTeams => Set<CareTeam>();
    public DbSet<TeamMembership> TeamMemberships => Set<TeamMembership>();
    public DbSet<Staff> Staff => Set<Staff>();
    public DbSet<Patient> Patients => Set<Patient>();
    public DbSet<PatientTeam> PatientTeams => Set<PatientTeam>();
    public DbSet<Condition> Conditions => Set<Condition>();
    public DbSet<Encounter> Encounters => Set<Encounter>();
    public DbSet<CarePlan> CarePlans => Set<CarePlan>();
    public DbSet<CarePlanItem> CarePlanItems => Set<CarePlanItem>();
    public DbSet<CarePlanChange> CarePlanChanges => Set<CarePlanChange>();
    public DbSet<Referral> Referrals => Set<Referral>();
    public DbSet<ReferralEvent> ReferralEvents => Set<ReferralEvent>();
    public DbSet<CommunityResource> CommunityResources => Set<CommunityResource>();
    public DbSet<HuddleBoard> HuddleBoards => Set<HuddleBoard>();
    public DbSet<HuddleCard> HuddleCards => Set<HuddleCard>();
    public DbSet<HuddleActionItem> HuddleActionItems => Set<HuddleActionItem>();
    public DbSet<CareTask> Tasks => Set<CareTask>();
    public DbSet<AuditEvent> AuditEvents => Set<AuditEvent>();

    /// <summary>The hash chain over <see cref="AuditEvents"/> (docs/adr/0013).</summary>
    public DbSet<AuditSeal> AuditSeals => Set<AuditSeal>();
    public DbSet<InboundMessage> InboundMessages => Set<InboundMessage>();
    public DbSet<EmergencyAccessGrant> EmergencyAccessGrants => Set<EmergencyAccessGrant>();

    /// <summary>The data protection key ring (created here by the migrations; used by the web app's keys context).</summary>
    public DbSet<DataProtectionKeyRow> DataProtectionKeys => Set<DataProtectionKeyRow>();

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // SQLite has no date-time-offset type: store instants in UTC so that ordering and comparison run in SQL.
        if (Database.IsSqlite())
        {
            configurationBuilder.Properties<DateTimeOffset>().HaveConversion<UtcDateTimeOffsetConverter>();
            configurationBuilder.Properties<DateTimeOffset?>().HaveConversion<UtcDateTimeOffsetConverter>();
        }
    }

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(CareHubDbContext).Assembly);

        // Team access, decided once for every query: a patient is visible when one of its teams is the user's.
        // Emergency access (break-the-glass) adds exactly the granted patients, until the grant ends (AccessScope).
        modelBuilder.Entity<Patient>().HasQueryFilter(p =>
            ScopeIsSystem || p.Teams.Any(t => ScopeTeamIds.Contains(t.TeamId)) || (ScopeHasEmergencyAccess && ScopeEmergencyPatientIds.Contains(p.Id)));
        // A membership row is visible only for the user's own teams, so nothing reveals another team's patients.
        modelBuilder.Entity<PatientTeam>().HasQueryFilter(pt => ScopeIsSystem || ScopeTeamIds.Contains(pt.TeamId));
        modelBuilder.Entity<Condition>().HasQueryFilter(e =>
            ScopeIsSystem || PatientTeams.Any(t => t.PatientId == e.PatientId && ScopeTeamIds.Contains(t.TeamId))
            || (ScopeHasEmergencyAccess && ScopeEmergencyPatientIds.Contains(e.PatientId)));
        modelBuilder.Entity<Encounter>().HasQueryFilter(e =>
            ScopeIsSystem || PatientTeams.Any(t => t.PatientId == e.PatientId && ScopeTeamIds.Contains(t.TeamId))
            || (ScopeHasEmergencyAccess && ScopeEmergencyPatientIds.Contains(e.PatientId)));
        modelBuilder.Entity<CarePlan>().HasQueryFilter(e =>
            ScopeIsSystem || PatientTeams.Any(t => t.PatientId == e.PatientId && ScopeTeamIds.Contains(t.TeamId))
            || (ScopeHasEmergencyAccess && ScopeEmergencyPatientIds.Contains(e.PatientId)));
        modelBuilder.Entity<CarePlanItem>().HasQueryFilter(e =>
            ScopeIsSystem || PatientTeams.Any(t => t.PatientId == e.PatientId && ScopeTeamIds.Contains(t.TeamId))
            || (ScopeHasEmergencyAccess && ScopeEmergencyPatientIds.Contains(e.PatientId)));
        modelBuilder.Entity<CarePlanChange>().HasQueryFilter(e =>
            ScopeIsSystem || PatientTeams.Any(t => t.PatientId == e.PatientId && ScopeTeamIds.Contains(t.TeamId))
            || (ScopeHasEmergencyAccess && ScopeEmergencyPatientIds.Contains(e.PatientId)));
        modelBuilder.Entity<Referral>().HasQueryFilter(e =>
            ScopeIsSystem || PatientTeams.Any(t => t.PatientId == e.PatientId && ScopeTeamIds.Contains(t.TeamId))
            || (ScopeHasEmergencyAccess && ScopeEmergencyPatientIds.Contains(e.PatientId)));
        modelBuilder.Entity<ReferralEvent>().HasQueryFilter(e =>
            ScopeIsSystem || PatientTeams.Any(t => t.PatientId == e.PatientId && ScopeTeamIds.Contains(t.TeamId))
            || (ScopeHasEmergencyAccess && ScopeEmergencyPatientIds.Contains(e.PatientId)));
        modelBuilder.Entity<CareTask>().HasQueryFilter(e =>
            ScopeIsSystem || PatientTeams.Any(t => t.PatientId == e.PatientId && ScopeTeamIds.Contains(t.TeamId))
            || (ScopeHasEmergencyAccess && ScopeEmergencyPatientIds.Contains(e.PatientId)));
        // A grant is seen by the person it was given to and by the members of the patient's teams (their managers review it).
        modelBuilder.Entity<EmergencyAccessGrant>().HasQueryFilter(g =>
            ScopeIsSystem || g.StaffId == ScopeStaffId || PatientTeams.Any(t => t.PatientId == g.PatientId && ScopeTeamIds.Contains(t.TeamId)));
        modelBuilder.Entity<HuddleBoard>().HasQueryFilter(b => ScopeIsSystem || ScopeTeamIds.Contains(b.TeamId));
        modelBuilder.Entity<HuddleCard>().HasQueryFilter(c => ScopeIsSystem || ScopeTeamIds.Contains(c.TeamId));
        modelBuilder.Entity<HuddleActionItem>().HasQueryFilter(a => ScopeIsSystem || ScopeTeamIds.Contains(a.TeamId));
    }

    /// <summary>
    /// Reads, exports and writes of a patient seen only through emergency access get their own category
    /// ("Emergency:Patient"), so the managers' review and the audit tell them from the team's everyday work. Write rows
    /// are named by the audit interceptor (<see cref="AuditCategory"/>), which runs after this; reads and exports, added
    /// by the services, are renamed here.
    /// </summary>
    private void MarkEmergencyAccess(object? sender, SavingChangesEventArgs e)
    {
        if (ScopeEmergencyPatientIds.Count == 0)
            return;
        foreach (var entry in ChangeTracker.Entries<AuditEvent>())
        {
            var audit = entry.Entity;
            if (entry.State == EntityState.Added && audit.Action is AuditAction.Read or AuditAction.Export)
            {
                var category = AuditCategory(audit.EntityType, audit.PatientId);
                if (!ReferenceEquals(category, audit.EntityType))
                    entry.Property(nameof(AuditEvent.EntityType)).CurrentValue = category;
            }
        }
    }

    /// <summary>The audit category of work on <paramref name="patientId"/>: "Emergency:" first when only emergency access opens it.</summary>
    internal string AuditCategory(string entityType, Guid? patientId)
    {
        if (patientId is not { } id || !Scope.HasEmergencyAccessTo(id) || entityType.StartsWith(EmergencyCategoryPrefix, StringComparison.Ordinal))
            return entityType;
        var category = EmergencyCategoryPrefix + entityType;
        return category.Length <= 60 ? category : category[..60];
    }
}
