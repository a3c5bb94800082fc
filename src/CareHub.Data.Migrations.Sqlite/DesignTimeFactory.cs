using Microsoft.EntityFrameworkCore.Design;

namespace CareHub.Data.Migrations.Sqlite;

/// <summary>Lets <c>dotnet ef</c> build the Sqlite model here: scripts/add-migration.sh NAME.</summary>
public sealed class DesignTimeFactory : IDesignTimeDbContextFactory<CareHubDbContext>
{
    public CareHubDbContext CreateDbContext(string[] args) => DesignTimeContexts.Create(DatabaseProvider.Sqlite);
}
