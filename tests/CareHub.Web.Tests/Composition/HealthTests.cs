using System.Net;
using CareHub.Web.Tests.Infrastructure;

namespace CareHub.Web.Tests.Composition;

[Collection(SharedServerCollection.Name)]
public sealed class HealthTests(SharedServer shared)
{
    [Theory]
    [InlineData("/health/live")]
    [InlineData("/health/ready")]
    public async Task Health_answers_Healthy_without_signing_in(string path)
    {
        using var session = shared.Server.AnonymousClient();

        using var response = await session.Client.GetAsync(new Uri(path, UriKind.Relative), Xunit.TestContext.Current.CancellationToken);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await response.Content.ReadAsStringAsync(Xunit.TestContext.Current.CancellationToken)).ShouldBe("Healthy");
    }

    [Fact]
    public async Task Static_assets_are_served_without_signing_in()
    {
        using var session = shared.Server.AnonymousClient();

        using var response = await session.Client.GetAsync(new Uri("/favicon.png", UriKind.Relative), Xunit.TestContext.Current.CancellationToken);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("image/png");
    }
}
