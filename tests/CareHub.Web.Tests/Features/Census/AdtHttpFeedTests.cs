using System.Net;
using System.Text;
using CareHub.Domain.Encounters;
using CareHub.Domain.Interop;
using CareHub.Tests.Infrastructure;
using CareHub.Web.Features.Census;
using Microsoft.EntityFrameworkCore;

namespace CareHub.Web.Tests.Features.Census;

/// <summary>
/// POST /interop/hl7 over real HTTP: the sender proves itself with X-CareHub-Feed-Key; the answer to a message is its
/// acknowledgement with 200, as MLLP would give it; without a key configured the endpoint is not there.
/// </summary>
[Collection(CensusFeedServerCollection.Name)]
public sealed class AdtHttpFeedTests(CensusFeedServer feed)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private const string NoHeader = "(no header)";

    public static TheoryData<string> WrongKeys => new() { NoHeader, "", "test-feed-key-0123456789abcdefgX", CensusFeedServer.FeedKey.ToUpperInvariant(), CensusFeedServer.FeedKey[..^1] };

    [Theory]
    [MemberData(nameof(WrongKeys))]
    public async Task A_message_without_the_right_key_is_refused_401_and_not_stored(string key)
    {
        var mrn = $"K{Guid.NewGuid():N}"[..10];
        var admit = AdtFeedMessage.Admit(new FeedPatient(mrn, "Keyless", "Kim", new DateOnly(1952, 4, 9)), AdtFeedMessage.NewVisitNumber(), DateTimeOffset.UtcNow.AddHours(-1));
        using var session = feed.Server.AnonymousClient();

        using var response = await session.Client.SendAsync(Post(admit.Text(), key == NoHeader ? null : key), Ct);

        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await response.Content.ReadAsStringAsync(Ct)).ShouldNotContain("MSA");
        await using var db = feed.Server.SystemDb();
        (await db.InboundMessages.CountAsync(m => m.ControlId == admit.ControlId || m.Raw == admit.Text(), Ct)).ShouldBe(0);
        (await db.Patients.CountAsync(p => p.Mrn == mrn, Ct)).ShouldBe(0);
    }

    [Fact]
    public async Task A_valid_admission_with_the_key_is_answered_200_with_its_AA_acknowledgement_and_applied()
    {
        var (patient, patientId, _) = await feed.NextPatientAsync();
        var admit = AdtFeedMessage.Admit(patient, AdtFeedMessage.NewVisitNumber(), DateTimeOffset.UtcNow.AddHours(-1)) with { CrLf = true };
        using var session = feed.Server.AnonymousClient();

        using var response = await session.Client.SendAsync(Post(admit.Text(), CensusFeedServer.FeedKey), Ct);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.ShouldBe(AdtHttpEndpoint.Hl7ContentType);
        var ack = AckText.Read(await response.Content.ReadAsStringAsync(Ct));
        (ack.Code, ack.ControlId, ack.HasError).ShouldBe(("AA", admit.ControlId, false));
        await using var db = feed.Server.SystemDb();
        (await db.Encounters.SingleAsync(e => e.PatientId == patientId && e.VisitNumber == admit.VisitNumber, Ct)).Status.ShouldBe(EncounterStatus.InProgress);
        var stored = await db.InboundMessages.AsNoTracking().SingleAsync(m => m.ControlId == admit.ControlId, Ct);
        (stored.Channel, stored.Status, stored.AckCode).ShouldBe(("http", InboundMessageStatus.Applied, "AA"));
    }

    [Fact]
    public async Task Garbage_with_the_key_is_answered_200_with_an_AR_acknowledgement()
    {
        var garbage = $"GARBAGE {Guid.NewGuid():N} not a message";
        using var session = feed.Server.AnonymousClient();

        using var response = await session.Client.SendAsync(Post(garbage, CensusFeedServer.FeedKey), Ct);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var ack = AckText.Read(await response.Content.ReadAsStringAsync(Ct));
        (ack.Code, ack.HasError).ShouldBe(("AR", true));
        await using var db = feed.Server.SystemDb();
        (await db.InboundMessages.AsNoTracking().SingleAsync(m => m.Raw == garbage, Ct)).Status.ShouldBe(InboundMessageStatus.Rejected);
    }

    [Fact]
    public async Task Without_a_feed_key_configured_the_endpoint_is_not_there()
    {
        await using var server = new CareHubServer(patients: 10, settings: new Dictionary<string, string?> { ["Census:HttpFeedKey"] = "" });
        server.Start();
        using var session = server.AnonymousClient();
        var admit = AdtFeedMessage.Admit(new FeedPatient("4000001", "Doe", "Jane", new DateOnly(1950, 1, 1)), AdtFeedMessage.NewVisitNumber(), DateTimeOffset.UtcNow);

        using var withKey = await session.Client.SendAsync(Post(admit.Text(), CensusFeedServer.FeedKey), Ct);
        using var withoutKey = await session.Client.SendAsync(Post(admit.Text(), null), Ct);

        withKey.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        withoutKey.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        await using var db = server.SystemDb();
        (await db.InboundMessages.CountAsync(Ct)).ShouldBe(0);
    }

    private static HttpRequestMessage Post(string message, string? key)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri(AdtHttpEndpoint.Route, UriKind.Relative))
        {
            Content = new StringContent(message, Encoding.UTF8, AdtHttpEndpoint.Hl7ContentType),
        };
        if (key is not null)
            request.Headers.TryAddWithoutValidation(AdtHttpEndpoint.KeyHeader, key);
        return request;
    }
}
