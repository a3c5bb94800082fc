using CareHub.Data;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace CareHub.Web.Security;

/// <summary>
/// The data protection key ring in CareHub's database, so that every instance (and every restart) protects and
/// unprotects cookies and antiforgery tokens with the same keys. Same provider and connection as CareHub's context;
/// no access scope (keys are not patient data). It never migrates: CareHub's migrations create the table
/// (<see cref="DataProtectionKeyRow"/>, same name and columns).
/// </summary>
public sealed class DataProtectionKeysDbContext(DbContextOptions<DataProtectionKeysDbContext> options) : DbContext(options), IDataProtectionKeyContext
{
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    protected override void OnModelCreating(ModelBuilder modelBuilder) =>
        modelBuilder.Entity<DataProtectionKey>().ToTable(DataProtectionKeyRow.Table);
}
