namespace CareHub.Data.Tests.Settings;

public class DatabaseSettingsTests
{
    private static readonly string DataFolder = Path.Combine(Path.GetTempPath(), $"carehub-settings-{Guid.NewGuid():N}");

    [Theory]
    [InlineData("Postgres")]
    [InlineData("Sqlite3")]
    [InlineData("1")]
    [InlineData("Sqlite,SqlServer")]
    public void An_unknown_provider_is_refused_naming_the_setting(string provider)
    {
        var refusal = Should.Throw<CareHubConfigurationException>(() => DatabaseSettings.Parse(provider, "Data Source=carehub.db", DataFolder));

        refusal.Message.ShouldContain("Database:Provider");
        refusal.Message.ShouldContain(provider);
        refusal.Message.ShouldContain("Sqlite");
        refusal.Message.ShouldContain("SqlServer");
    }

    [Theory]
    [InlineData("sqlite", DatabaseProvider.Sqlite)]
    [InlineData(" SqlServer ", DatabaseProvider.SqlServer)]
    [InlineData("SQLSERVER", DatabaseProvider.SqlServer)]
    public void The_provider_name_is_read_whatever_its_case(string provider, DatabaseProvider expected)
    {
        var connectionString = expected == DatabaseProvider.SqlServer ? "Server=db;Database=carehub" : "Data Source=carehub.db";

        DatabaseSettings.Parse(provider, connectionString, DataFolder).Provider.ShouldBe(expected);
    }

    [Theory]
    [InlineData("Mode=Memory")]
    [InlineData("Cache=Shared")]
    [InlineData("this is not=a;valid;;==string")]
    [InlineData("Data Source")]
    [InlineData("Data Source=carehub.db;Mode=Sideways")]
    public void A_malformed_SQLite_connection_string_is_refused_naming_the_setting(string connectionString)
    {
        var refusal = Should.Throw<CareHubConfigurationException>(() => DatabaseSettings.Parse("Sqlite", connectionString, DataFolder));

        refusal.Message.ShouldContain("ConnectionStrings:CareHub");
    }

    [Theory]
    [InlineData("this is not=a;valid;;==string")]
    [InlineData("garbage")]
    [InlineData("Server=db;Connect Timeout=soon")]
    [InlineData("Database=carehub;Integrated Security=True")]
    public void A_malformed_SQL_Server_connection_string_is_refused_naming_the_setting(string connectionString)
    {
        var refusal = Should.Throw<CareHubConfigurationException>(() => DatabaseSettings.Parse("SqlServer", connectionString, DataFolder));

        refusal.Message.ShouldContain("ConnectionStrings:CareHub");
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void SQL_Server_without_a_connection_string_is_refused_with_what_to_set(string? connectionString)
    {
        var refusal = Should.Throw<CareHubConfigurationException>(() => DatabaseSettings.Parse("SqlServer", connectionString, DataFolder));

        refusal.Message.ShouldBe("ConnectionStrings:CareHub is required when Database:Provider is SqlServer.");
    }

    [Fact]
    public void A_valid_SQL_Server_connection_string_is_kept()
    {
        var settings = DatabaseSettings.Parse("SqlServer", "Server=tcp:carehub.database.windows.net;Database=carehub;Authentication=Active Directory Default", DataFolder);

        settings.Provider.ShouldBe(DatabaseProvider.SqlServer);
        settings.ConnectionString.ShouldContain("carehub.database.windows.net");
    }

    [Theory]
    [InlineData(null, null)]
    [InlineData("", "")]
    [InlineData("Sqlite", " ")]
    public void With_nothing_configured_the_database_is_a_SQLite_file_in_the_data_folder(string? provider, string? connectionString)
    {
        var settings = DatabaseSettings.Parse(provider, connectionString, DataFolder);

        settings.Provider.ShouldBe(DatabaseProvider.Sqlite);
        new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(settings.ConnectionString).DataSource
            .ShouldBe(Path.Combine(DataFolder, "carehub.db"));
        Directory.Exists(DataFolder).ShouldBeTrue();
        Directory.Delete(DataFolder);
    }

    [Fact]
    public void A_SQLite_connection_string_is_used_as_given()
    {
        var settings = DatabaseSettings.Parse("Sqlite", "Data Source=/var/lib/carehub/carehub.db;Cache=Shared", DataFolder);

        var builder = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(settings.ConnectionString);
        builder.DataSource.ShouldBe("/var/lib/carehub/carehub.db");
        builder.Cache.ShouldBe(Microsoft.Data.Sqlite.SqliteCacheMode.Shared);
    }
}
