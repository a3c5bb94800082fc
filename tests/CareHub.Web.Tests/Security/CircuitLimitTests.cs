using Bunit;
using CareHub.Data;
using CareHub.Tests.Infrastructure;
using CareHub.Web.Composition;
using CareHub.Web.Components;
using CareHub.Web.Security;
using CareHub.Web.Tests.Realtime;
using Microsoft.AspNetCore.Components.Server.Circuits;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CareHub.Web.Tests.Security;

/// <summary>
/// Many circuits from one person (issue 9): Blazor's circuit hub has no per-user limit, so CareHub counts each person's open
/// circuits on the instance (<c>Security:MaxCircuitsPerUser</c>) and refuses the next one with a message; the handlers
/// are the app's own, resolved from the real app's services, as Blazor runs them for each new circuit.
/// </summary>
public sealed class CircuitLimitTests
{
    private static readonly CancellationToken Ct = CancellationToken.None;

    [Fact]
    public async Task A_persons_circuit_beyond_the_limit_is_refused_with_a_message_while_theirs_and_others_keep_working()
    {
        var logger = new CapturingLogger<CircuitLimitHandler>();
        await using var server = new CareHubServer(patients: 10, settings: new Dictionary<string, string?> { [CircuitLimitOptions.Setting] = "3" },
            services: s => s.AddSingleton<ILogger<CircuitLimitHandler>>(logger));
        server.Start();
        var (maria, james) = await TwoStaffAsync(server);
        var counter = server.Services.GetRequiredService<CircuitCounter>();

        var open = new List<Circuit>();
        for (var i = 0; i < 3; i++)
            open.Add(await OpenAsync(server, maria));
        open.ShouldAllBe(c => !c.Admission.Refused);
        counter.OpenOf(maria.Id.ToString("D")).ShouldBe(3);

        var fourth = await OpenAsync(server, maria);
        fourth.Admission.Refused.ShouldBeTrue();
        fourth.Admission.Message.ShouldBe(CircuitLimitHandler.RefusedMessage(3));
        fourth.Admission.Message!.ShouldContain("too many CareHub tabs or windows");
        counter.OpenOf(maria.Id.ToString("D")).ShouldBe(3, "a refused circuit is not counted");
        var warning = logger.Entries.ShouldHaveSingleItem();
        warning.Level.ShouldBe(LogLevel.Warning);
        warning.Message.ShouldContain(maria.Id.ToString("D"));
        warning.Message.ShouldContain(CircuitLimitOptions.Setting);
        warning.Message.ShouldNotContain(maria.FamilyName, customMessage: "staff id only in the log");
        warning.Message.ShouldNotContain(maria.Email);

        // Another person has an allowance of their own.
        (await OpenAsync(server, james)).Admission.Refused.ShouldBeFalse();

        // The refused circuit closing frees nothing; one of the person's own closing frees a place.
        await fourth.CloseAsync();
        counter.OpenOf(maria.Id.ToString("D")).ShouldBe(3);
        await open[0].CloseAsync();
        counter.OpenOf(maria.Id.ToString("D")).ShouldBe(2);
        (await OpenAsync(server, maria)).Admission.Refused.ShouldBeFalse();
        counter.OpenOf(maria.Id.ToString("D")).ShouldBe(3);
        Xunit.TestContext.Current.TestOutputHelper?.WriteLine("limit 3: 3 circuits let in, the 4th refused, another person let in, a closed circuit's place given to the next");
    }

    [Fact]
    public async Task A_circuit_with_nobody_signed_in_is_neither_counted_nor_refused()
    {
        await using var server = new CareHubServer(patients: 10, settings: new Dictionary<string, string?> { [CircuitLimitOptions.Setting] = "1" });
        server.Start();
        for (var i = 0; i < 3; i++)
        {
            var scope = server.Services.CreateAsyncScope();
            await Handler(scope).OnCircuitOpenedAsync(null!, Ct);
            scope.ServiceProvider.GetRequiredService<CircuitAdmission>().Refused.ShouldBeFalse();
            await scope.DisposeAsync();
        }
    }

    [Fact]
    public void A_refused_circuit_shows_the_message_and_no_page()
    {
        using var ctx = new BunitContext();
        var admission = new CircuitAdmission();
        typeof(CircuitAdmission).GetMethod("Refuse", System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance)!
            .Invoke(admission, [CircuitLimitHandler.RefusedMessage(20)]);
        ctx.Services.AddSingleton(admission);

        var cut = ctx.Render<Routes>();

        cut.Find("[data-testid=circuit-refused]").TextContent.ShouldContain(CircuitLimitHandler.RefusedMessage(20));
        cut.Find("h1").TextContent.ShouldBe("Too many CareHub tabs");
        cut.FindAll("nav").ShouldBeEmpty();
    }

    public static TheoryData<string> BadValues => ["0", "-1", "twenty", "2.5", "10001", " 5x"];

    [Theory]
    [MemberData(nameof(BadValues))]
    public void A_bad_limit_is_refused_naming_the_setting(string value)
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection([KeyValuePair.Create<string, string?>(CircuitLimitOptions.Setting, value)]).Build();

        var error = Should.Throw<CareHubConfigurationException>(() => SecurityComposition.ReadCircuitLimitOptions(config));

        error.Message.ShouldStartWith(CircuitLimitOptions.Setting);
        error.Message.ShouldContain($"'{value}'");
    }

    [Fact]
    public void The_limit_is_20_unless_set()
    {
        SecurityComposition.ReadCircuitLimitOptions(new ConfigurationBuilder().Build()).MaxCircuitsPerUser.ShouldBe(20);
        var set = new ConfigurationBuilder().AddInMemoryCollection([KeyValuePair.Create<string, string?>(CircuitLimitOptions.Setting, "7")]).Build();
        SecurityComposition.ReadCircuitLimitOptions(set).MaxCircuitsPerUser.ShouldBe(7);
    }

    [Fact]
    public void The_app_does_not_start_with_a_bad_limit()
    {
        using var server = new CareHubServer(patients: 10, settings: new Dictionary<string, string?> { [CircuitLimitOptions.Setting] = "none" });

        // Program catches the configuration exception, prints it and returns 2: the host is never built.
        Should.Throw<InvalidOperationException>(() => server.Start()).Message.ShouldContain("without ever building");
    }

    /// <summary>One circuit's scope of the real app, opened the way Blazor opens it: every circuit handler in order.</summary>
    private sealed class Circuit(AsyncServiceScope scope)
    {
        public CircuitAdmission Admission => scope.ServiceProvider.GetRequiredService<CircuitAdmission>();

        public async Task CloseAsync()
        {
            await Handler(scope).OnCircuitClosedAsync(null!, Ct);
            await scope.DisposeAsync();
        }
    }

    private static async Task<Circuit> OpenAsync(CareHubServer server, Domain.Organization.Staff staff)
    {
        var scope = server.Services.CreateAsyncScope();
        // What CircuitUserHandler (Order -100) does first: the circuit's user from its authentication state.
        scope.ServiceProvider.GetRequiredService<CurrentUser>().Set(AccessMatrixWorld.Principal(staff), $"circuit:{Guid.NewGuid():N}");
        await Handler(scope).OnCircuitOpenedAsync(null!, Ct);
        return new Circuit(scope);
    }

    private static CircuitLimitHandler Handler(AsyncServiceScope scope)
    {
        var handlers = scope.ServiceProvider.GetServices<CircuitHandler>().ToList();
        var limit = handlers.OfType<CircuitLimitHandler>().ShouldHaveSingleItem();
        limit.Order.ShouldBeGreaterThan(handlers.OfType<CircuitUserHandler>().Single().Order, "the limit runs after the user is known");
        return limit;
    }

    private static async Task<(Domain.Organization.Staff, Domain.Organization.Staff)> TwoStaffAsync(CareHubServer server)
    {
        await using var db = server.SystemDb();
        var staff = await db.Staff.AsNoTracking().Where(s => s.IsActive).OrderBy(s => s.FamilyName).Take(2).ToListAsync(Ct);
        return (staff[0], staff[1]);
    }
}
