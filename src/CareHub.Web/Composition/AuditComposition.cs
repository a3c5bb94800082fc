using CareHub.Web.Auditing;

namespace CareHub.Web.Composition;

public static class AuditComposition
{
    /// <summary>
    /// The audit hash chain: <c>Audit:SealIntervalSeconds</c> checked now (a bad value stops start-up naming it), and the
    /// background sealer that links new audit rows into the chain (docs/adr/0013). Call after AddCareHubData: hosted
    /// services start in order, so the database is migrated before the first pass. Also the writer that commits the read
    /// rows of many screens reloading at once in one transaction (ReadAuditWriter).
    /// </summary>
    public static WebApplicationBuilder AddCareHubAudit(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton(AuditOptions.Read(builder.Configuration));
        builder.Services.AddHostedService<AuditSealingService>();
        builder.Services.AddSingleton<ReadAuditWriter>();
        return builder;
    }
}
