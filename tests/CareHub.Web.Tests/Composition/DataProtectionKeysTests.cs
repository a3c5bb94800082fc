using System.Net;
using CareHub.Data;
using CareHub.Domain.Organization;
using CareHub.Tests.Infrastructure;
using CareHub.Web.Composition;
using CareHub.Web.Security;
using CareHub.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CareHub.Web.Tests.Composition;

/// <summary>
/// The data protection key ring lives in CareHub's database (table DataProtectionKeys, created by CareHub's migrations):
/// a sign-in cookie or antiforgery token protected by one instance is accepted by another instance on the same database,
/// and after a restart; an instance on another database refuses it (so the tests can fail).
/// </summary>
public sealed class DataProtectionKeysTests
{
    private static CancellationToken Ct => Xunit.TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_sign_in_cookie_of_one_instance_is_accepted_by_another_instance_and_after_a_restart_but_not_on_another_database()
    {
        var folder = Path.Combine(Path.GetTempPath(), "carehub-tests", $"keys-{Guid.NewGuid():N}");
        try
        {
            using var first = Server(folder).Start();
            var (staff, _) = await first.DemoUserAsync(StaffRole.Nurse);
            using var session = await first.SignedInClientAsync(staff.Id, Ct);

            // Another instance on the same database, running beside the first.
            using (var second = Server(folder).Start())
                (await PatientsStatusAsync(session, second)).ShouldBe(HttpStatusCode.OK);

            // Both stopped; a new instance (a restart) on the same database.
            first.Dispose();
            using (var restarted = Server(folder).Start())
                (await PatientsStatusAsync(session, restarted)).ShouldBe(HttpStatusCode.OK);

            // An instance with a database of its own has other keys: the cookie means nothing there.
            using var stranger = new CareHubServer(patients: 10).Start();
            (await PatientsStatusAsync(session, stranger)).ShouldBe(HttpStatusCode.Redirect);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            if (Directory.Exists(folder))
                Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task An_antiforgery_token_of_one_instance_is_accepted_by_another_on_the_same_database()
    {
        var folder = Path.Combine(Path.GetTempPath(), "carehub-tests", $"keys-{Guid.NewGuid():N}");
        try
        {
            using var first = Server(folder).Start();
            using var second = Server(folder).Start();
            using var stranger = new CareHubServer(patients: 10).Start();
            var (staff, _) = await first.DemoUserAsync(StaffRole.Nurse);

            (await SignInWithFormOfAsync(first, second, staff.Id)).ShouldBe(HttpStatusCode.Redirect);
            (await SignInWithFormOfAsync(first, stranger, staff.Id)).ShouldBe(HttpStatusCode.BadRequest);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            if (Directory.Exists(folder))
                Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task Two_key_rings_on_one_database_unprotect_each_other_s_data_and_keep_the_keys_in_CareHub_s_table()
    {
        await using var database = new PatientsDatabase();
        await database.InitializeAsync();
        var settings = DatabaseSettings.Parse("Sqlite", database.ConnectionString, Path.GetTempPath());

        await using var one = KeyRing(settings);
        await using var other = KeyRing(settings);
        var token = one.GetDataProtector("test").Protect("patient list");

        other.GetDataProtector("test").Unprotect(token).ShouldBe("patient list");
        await using var db = database.SystemDb();
        (await db.DataProtectionKeys.AsNoTracking().ToListAsync(Ct)).ShouldHaveSingleItem().Xml.ShouldNotBeNullOrWhiteSpace();
        // A key ring of another application name does not read it.
        await using var foreign = KeyRing(settings, "NotCareHub");
        Should.Throw<System.Security.Cryptography.CryptographicException>(() => foreign.GetDataProtector("test").Unprotect(token));
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.SqlServer)]
    public void The_keys_context_maps_the_table_CareHub_s_migrations_create_column_for_column(DatabaseProvider provider)
    {
        using var careHub = DesignTimeContexts.Create(provider);
        var settings = provider == DatabaseProvider.SqlServer
            ? DatabaseSettings.Parse("SqlServer", "Server=design-time;Database=carehub;Integrated Security=True", Path.GetTempPath())
            : DatabaseSettings.Parse("Sqlite", "Data Source=design-time.db", Path.GetTempPath());
        var options = new DbContextOptionsBuilder<DataProtectionKeysDbContext>();
        CareHubDbContextFactory.UseConfiguredDatabase(options, settings);
        using var keys = new DataProtectionKeysDbContext(options.Options);

        static List<string> Columns(Microsoft.EntityFrameworkCore.Metadata.IEntityType entity) =>
            [.. entity.GetProperties().Select(p => $"{p.GetColumnName()} {p.GetColumnType()} null={p.IsColumnNullable()} key={p.IsPrimaryKey()}").Order(StringComparer.Ordinal)];
        var mapped = keys.Model.FindEntityType(typeof(DataProtectionKey)).ShouldNotBeNull();
        var created = careHub.Model.FindEntityType(typeof(DataProtectionKeyRow)).ShouldNotBeNull();

        mapped.GetTableName().ShouldBe("DataProtectionKeys");
        created.GetTableName().ShouldBe(mapped.GetTableName());
        Columns(created).ShouldBe(Columns(mapped));
        mapped.FindPrimaryKey()!.Properties.ShouldHaveSingleItem().ValueGenerated.ShouldBe(created.FindPrimaryKey()!.Properties.Single().ValueGenerated);
    }

    private static CareHubServer Server(string folder) =>
        new(patients: 10, settings: new Dictionary<string, string?> { ["Database:DataFolder"] = folder });

    private static async Task<HttpStatusCode> PatientsStatusAsync(CareHubHttpSession session, CareHubServer server)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(server.BaseAddress, "/patients"));
        request.Headers.Add("Cookie", session.AuthCookieHeader.ShouldNotBeNull());
        using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false });
        using var response = await client.SendAsync(request, Ct);
        return response.StatusCode;
    }

    /// <summary>Fetches the sign-in form from <paramref name="from"/> and posts it, with its antiforgery cookie and token, to <paramref name="to"/>.</summary>
    private static async Task<HttpStatusCode> SignInWithFormOfAsync(CareHubServer from, CareHubServer to, Guid staffId)
    {
        using var session = from.AnonymousClient();
        var page = await session.Client.GetStringAsync(new Uri(SignInPaths.Form, UriKind.Relative), Ct);
        var token = CareHubServer.AntiforgeryToken(page).ShouldNotBeNull();
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["staffId"] = staffId.ToString(),
            ["returnUrl"] = "/patients",
            ["__RequestVerificationToken"] = token,
        });
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(to.BaseAddress, SignInPaths.Post)) { Content = form };
        request.Headers.Add("Cookie", session.CookieHeader);
        using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false });
        using var response = await client.SendAsync(request, Ct);
        return response.StatusCode;
    }

    private static ServiceProvider KeyRing(DatabaseSettings settings, string applicationName = SecurityComposition.ApplicationName)
    {
        var services = new ServiceCollection();
        services.AddDbContext<DataProtectionKeysDbContext>(o => CareHubDbContextFactory.UseConfiguredDatabase(o, settings));
        services.AddDataProtection().SetApplicationName(applicationName).PersistKeysToDbContext<DataProtectionKeysDbContext>();
        return services.BuildServiceProvider();
    }

    private static class SignInPaths
    {
        public const string Form = DevelopmentSignIn.Path;
        public const string Post = DevelopmentSignIn.PostPath;
    }
}
