using CareHub.Tests.Infrastructure;

namespace CareHub.Web.Tests.Infrastructure;

/// <summary>
/// One started <see cref="CareHubServer"/> (Testing, demo data) shared by the classes of <see cref="SharedServerCollection"/>:
/// a start with seeding costs about two seconds on two cores, so the HTTP tests share one.
/// Tests that change data change only what they arranged themselves.
/// </summary>
public sealed class SharedServer : IAsyncLifetime
{
    public CareHubServer Server { get; } = new();

    public ValueTask InitializeAsync()
    {
        Server.Start();
        return ValueTask.CompletedTask;
    }

    public ValueTask DisposeAsync() => Server.DisposeAsync();
}

[CollectionDefinition(Name)]
public sealed class SharedServerCollection : ICollectionFixture<SharedServer>
{
    public const string Name = "Shared CareHub server";
}
