using CareHub.Data;
using CareHub.Web.Auditing;
using CareHub.Web.Composition;

// A command that checks a database instead of serving it (docs/testing.md): no web host is built.
if (VerifyAuditCommand.Handles(args))
    return await VerifyAuditCommand.RunAsync(args, Console.Out);

try
{
    var builder = WebApplication.CreateBuilder(args);

    builder.AddCareHubData();
    builder.AddCareHubAudit();
    builder.AddCareHubSecurity();
    builder.AddCareHubRealtime();
    builder.AddCareHubUi();
    builder.AddCareHubTelemetry();

    var app = builder.Build();

    app.UseCareHubPipeline();
    app.MapCareHubEndpoints();

    app.Run();
    return 0;
}
catch (CareHubConfigurationException e)
{
    // One clear line, naming the setting, instead of a stack trace.
    Console.Error.WriteLine($"CareHub cannot start: {e.Message}");
    return 2;
}

/// <summary>The entry point, visible to WebApplicationFactory in the tests.</summary>
public partial class Program;
