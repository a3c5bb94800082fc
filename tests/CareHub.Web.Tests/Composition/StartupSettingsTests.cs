using System.Diagnostics;
using CareHub.Data;
using CareHub.Tests.Infrastructure;
using CareHub.Web.Composition;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Components.Server;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CareHub.Web.Tests.Composition;

/// <summary>
/// A bad setting stops start-up with one clear message naming the setting: checked in the composition (the exception),
/// in the real entry point started by WebApplicationFactory (the one line it prints), and once as a real process.
/// </summary>
public sealed class StartupSettingsTests
{
    // Console.Error is process-wide: the tests that swap it take turns.
    private static readonly SemaphoreSlim ConsoleGate = new(1, 1);

    public static TheoryData<string, string, string, string> BadSettings => new()
    {
        { "Testing", "Database:Provider", "Oracle", "Database:Provider" },
        { "Testing", "ConnectionStrings:CareHub", "Data Source=;;=", "ConnectionStrings:CareHub" },
        { "Production", "Authentication:DevelopmentSignIn", "true", "Authentication:DevelopmentSignIn" },
        { "Production", "AzureAd:ClientId", "", "AzureAd" },
        { "Testing", "DemoData:Patients", "abc", "DemoData:Patients" },
        { "Testing", "Authentication:DevelopmentSignIn", "yes", "Authentication:DevelopmentSignIn" },
        { "Production", "Database:AllowSqliteInProduction", "false", "Database:AllowSqliteInProduction" },
        { "Production", "Database:AllowSqliteInProduction", "maybe", "Database:AllowSqliteInProduction" },
        { "Production", "DemoData:Enabled", "true", "DemoData:Enabled" },
        { "Production", "DetailedErrors", "true", "DetailedErrors" },
        { "Testing", "Telemetry:OtlpEndpoint", "localhost:4317", "Telemetry:OtlpEndpoint" },
        { "Testing", "OTEL_EXPORTER_OTLP_ENDPOINT", "ftp://collector:4317", "OTEL_EXPORTER_OTLP_ENDPOINT" },
        { "Testing", "Audit:SealIntervalSeconds", "0", "Audit:SealIntervalSeconds" },
        { "Testing", "Audit:SealIntervalSeconds", "soon", "Audit:SealIntervalSeconds" },
    };

    /// <summary>
    /// A Production configuration that starts (on SQLite, allowed for the test; Entra ID configured, no demo data), so that
    /// each bad setting above is the only thing wrong with it.
    /// </summary>
    public static Dictionary<string, string?> Production() => new()
    {
        ["Database:AllowSqliteInProduction"] = "true",
        ["DemoData:Enabled"] = "false",
        ["Authentication:DevelopmentSignIn"] = "false",
        ["AzureAd:Instance"] = "https://login.microsoftonline.com/",
        ["AzureAd:TenantId"] = "11111111-2222-3333-4444-555555555555",
        ["AzureAd:ClientId"] = "66666666-7777-8888-9999-000000000000",
        ["AzureAd:CallbackPath"] = "/signin-oidc",
    };

    private static Dictionary<string, string?> SettingsFor(string environment, string key, string? value)
    {
        var settings = environment == "Production" ? Production() : [];
        settings[key] = value;
        return settings;
    }

    [Theory]
    [MemberData(nameof(BadSettings))]
    public void The_composition_refuses_a_bad_setting_naming_it(string environment, string key, string value, string named)
    {
        var dataFolder = Path.Combine(Path.GetTempPath(), $"carehub-settings-{Guid.NewGuid():N}");
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = environment });
        var settings = SettingsFor(environment, key, value);
        settings["Database:DataFolder"] = dataFolder;
        builder.Configuration.AddInMemoryCollection(settings);

        try
        {
            var error = Should.Throw<CareHubConfigurationException>(() => builder.AddCareHubData().AddCareHubAudit().AddCareHubSecurity().AddCareHubUi().AddCareHubTelemetry());

            error.Message.ShouldContain(named);
        }
        finally
        {
            if (Directory.Exists(dataFolder))
                Directory.Delete(dataFolder, recursive: true);
        }
    }

    [Theory]
    [MemberData(nameof(BadSettings))]
    public async Task The_app_stops_before_serving_with_one_line_naming_the_setting(string environment, string key, string value, string named)
    {
        var errors = await CaptureConsoleErrorAsync(() =>
        {
            using var server = new CareHubServer(settings: SettingsFor(environment, key, value), environment: environment);
            // Program catches the configuration exception, prints it and returns 2: the host is never built.
            Should.Throw<InvalidOperationException>(() => server.Start()).Message.ShouldContain("without ever building");
        });

        var line = errors.Split('\n').Where(l => l.Contains("CareHub cannot start", StringComparison.Ordinal)).ShouldHaveSingleItem();
        line.ShouldStartWith("CareHub cannot start: ");
        line.ShouldContain(named);
        line.ShouldNotContain("   at "); // a message, not a stack trace
    }

    [Fact]
    public async Task A_malformed_Redis_connection_string_stops_the_app_with_one_line_naming_the_setting()
    {
        var errors = await CaptureConsoleErrorAsync(() =>
        {
            using var server = new CareHubServer(settings: new Dictionary<string, string?> { ["ConnectionStrings:Redis"] = "127.0.0.1:6379,connectTimeout=soon" });
            Should.Throw<InvalidOperationException>(() => server.Start()).Message.ShouldContain("without ever building");
        });

        var line = errors.Split('\n').Where(l => l.Contains("CareHub cannot start", StringComparison.Ordinal)).ShouldHaveSingleItem();
        line.ShouldStartWith("CareHub cannot start: ConnectionStrings:Redis ");
    }

    [Fact]
    public async Task The_real_process_exits_with_code_2_and_prints_the_setting()
    {
        var app = typeof(Program).Assembly.Location;
        var start = new ProcessStartInfo("dotnet", [app])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(app)!,
        };
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["DOTNET_ENVIRONMENT"] = "Production";
        start.Environment["Database__Provider"] = "Oracle";
        start.Environment["Database__DataFolder"] = Path.Combine(Path.GetTempPath(), "carehub-process-test");
        start.Environment["ASPNETCORE_URLS"] = "http://127.0.0.1:0";
        using var process = Process.Start(start)!;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Xunit.TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(60));
        var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
        var stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);

        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        finally
        {
            if (!process.HasExited)
                process.Kill(entireProcessTree: true);
        }

        process.ExitCode.ShouldBe(2, await stdout);
        var message = (await stderr).Trim();
        message.ShouldStartWith("CareHub cannot start: ");
        message.ShouldContain("Database:Provider");
        message.ShouldContain("Oracle");
        message.Split('\n').Length.ShouldBe(1);
    }

    [Fact]
    public async Task With_Entra_ID_configured_in_Production_OpenID_Connect_is_the_challenge_and_there_is_no_development_sign_in()
    {
        using var server = new CareHubServer(environment: "Production", settings: Production());
        server.Start();
        // No request that would challenge is ever sent: there is no internet here.
        var schemes = server.Services.GetRequiredService<IAuthenticationSchemeProvider>();

        var oidc = await schemes.GetSchemeAsync(OpenIdConnectDefaults.AuthenticationScheme);
        var challenge = await schemes.GetDefaultChallengeSchemeAsync();

        oidc.ShouldNotBeNull();
        oidc.HandlerType.ShouldBe(typeof(OpenIdConnectHandler));
        challenge!.Name.ShouldBe(OpenIdConnectDefaults.AuthenticationScheme);
        (await schemes.GetSchemeAsync(CookieAuthenticationDefaults.AuthenticationScheme)).ShouldNotBeNull();
        server.Services.GetRequiredService<SignInMode>().DevelopmentSignIn.ShouldBeFalse();
        var routes = server.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Select(e => e.RoutePattern.RawText).ToList();
        routes.ShouldNotContain(Web.Security.DevelopmentSignIn.PostPath);
        routes.ShouldContain(Web.Security.SignOutEndpoint.Path);
    }

    [Theory]
    [InlineData("SqlServer", null)]
    [InlineData("Sqlite", "true")]
    public void A_Production_configuration_on_SQL_Server_or_with_SQLite_allowed_passes_the_checks(string provider, string? allowSqlite)
    {
        var dataFolder = Path.Combine(Path.GetTempPath(), $"carehub-settings-{Guid.NewGuid():N}");
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Production" });
        var settings = Production();
        settings["Database:Provider"] = provider;
        settings["Database:AllowSqliteInProduction"] = allowSqlite;
        settings["ConnectionStrings:CareHub"] = provider == "SqlServer" ? "Server=tcp:carehub.database.windows.net;Database=carehub;Authentication=Active Directory Default" : null;
        settings["Database:DataFolder"] = dataFolder;
        settings["DetailedErrors"] = "false";
        builder.Configuration.AddInMemoryCollection(settings);

        try
        {
            Should.NotThrow(() => builder.AddCareHubData().AddCareHubAudit().AddCareHubSecurity().AddCareHubUi());
            builder.Services.BuildServiceProvider().GetRequiredService<DatabaseSettings>().Provider.ToString().ShouldBe(provider);
        }
        finally
        {
            if (Directory.Exists(dataFolder))
                Directory.Delete(dataFolder, recursive: true);
        }
    }

    [Fact]
    public void In_Production_circuits_send_no_detailed_errors()
    {
        using var server = new CareHubServer(environment: "Production", settings: Production());

        server.Services.GetRequiredService<IOptions<CircuitOptions>>().Value.DetailedErrors.ShouldBeFalse();
    }

    [Fact]
    public void In_Development_circuits_send_detailed_errors()
    {
        // The other side of the check above: the setting follows the environment.
        using var server = new CareHubServer(environment: "Development", settings: new Dictionary<string, string?> { ["DemoData:Patients"] = "10" });

        server.Services.GetRequiredService<IOptions<CircuitOptions>>().Value.DetailedErrors.ShouldBeTrue();
    }

    private static async Task<string> CaptureConsoleErrorAsync(Action act)
    {
        await ConsoleGate.WaitAsync(Xunit.TestContext.Current.CancellationToken);
        var original = Console.Error;
        using var captured = new StringWriter();
        try
        {
            Console.SetError(captured);
            act();
        }
        finally
        {
            Console.SetError(original);
            ConsoleGate.Release();
        }
        return captured.ToString();
    }
}
