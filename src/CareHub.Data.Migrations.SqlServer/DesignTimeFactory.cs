using Microsoft.EntityFrameworkCore.Design;

namespace CareHub.Data.Migrations.SqlServer;

/// <summary>Lets <c>dotnet ef</c> build the SqlServer model here: scripts/add-migration.sh NAME.</summary>
public sealed class DesignTimeFactory : IDesignTimeDbContextFactory<CareHubDbContext>
{
    public CareHubDbContext CreateDbContext(string[] args) => DesignTimeContexts.Create(DatabaseProvider.SqlServer);
}
