using CareHub.Web.Realtime;

namespace CareHub.Web.Tests.Realtime;

public sealed class TopicsTests
{
    private static readonly Guid Id = Guid.Parse("0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b");

    public static TheoryData<string, TopicKind> KnownTopics => new()
    {
        { Topics.Patient(Id), TopicKind.Patient },
        { Topics.Team(Id), TopicKind.Team },
        { Topics.Huddle(Id), TopicKind.Huddle },
        { Topics.CarePlan(Id), TopicKind.CarePlan },
        { Topics.Referrals(Id), TopicKind.Referrals },
        { Topics.Census(Id), TopicKind.Census },
        { Topics.Tasks(Id), TopicKind.Tasks },
    };

    [Theory]
    [MemberData(nameof(KnownTopics))]
    public void TryParse_accepts_every_known_topic_and_returns_its_kind_and_id(string topic, TopicKind kind)
    {
        Topics.TryParse(topic, out var parsedKind, out var parsedId).ShouldBeTrue();
        parsedKind.ShouldBe(kind);
        parsedId.ShouldBe(Id);
    }

    [Fact]
    public void Topic_names_have_the_documented_form()
    {
        Topics.Patient(Id).ShouldBe($"patient:{Id}");
        Topics.Team(Id).ShouldBe($"team:{Id}");
        Topics.Huddle(Id).ShouldBe($"huddle:{Id}");
        Topics.CarePlan(Id).ShouldBe($"careplan:{Id}");
        Topics.Referrals(Id).ShouldBe($"referrals:{Id}");
        Topics.Census(Id).ShouldBe($"census:{Id}");
        Topics.Tasks(Id).ShouldBe($"tasks:{Id}");
        Topics.Presence(Topics.CarePlan(Id)).ShouldBe($"presence:careplan:{Id}");
        Topics.Notifications(Id).ShouldBe($"notify:{Id}");
    }

    [Fact]
    public void Server_side_topics_cannot_be_followed_from_outside()
    {
        Topics.TryParse(Topics.Notifications(Id), out _, out _).ShouldBeFalse("a person's notices are theirs alone");
        Topics.TryParse(Topics.Presence(Topics.CarePlan(Id)), out _, out _).ShouldBeFalse();
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData(" ")]
    [InlineData("patient")]
    [InlineData("patient:")]
    [InlineData(":0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b")]
    [InlineData("doctor:0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b")]
    [InlineData("presence:0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b")]
    [InlineData("Patient:0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b")]
    [InlineData("patient:0193A1B2-C3D4-7E5F-8A9B-0C1D2E3F4A5B")]
    [InlineData("patient:{0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b}")]
    [InlineData("patient:0193a1b2c3d47e5f8a9b0c1d2e3f4a5b")]
    [InlineData("patient: 0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b")]
    [InlineData("patient:0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b ")]
    [InlineData(" patient:0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b")]
    [InlineData("patient:0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b:extra")]
    [InlineData("patient:0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b\n")]
    [InlineData("patient:0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b;team:0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b")]
    [InlineData("patient:00000000-0000-0000-0000-000000000000")]
    [InlineData("patient:' OR 1=1 --")]
    [InlineData("patient:../../etc/passwd")]
    [InlineData("census:<script>alert(1)</script>")]
    public void TryParse_rejects_junk_and_injection(string? topic)
    {
        Topics.TryParse(topic, out var kind, out var id).ShouldBeFalse();
        kind.ShouldBe(default);
        id.ShouldBe(Guid.Empty);
    }
}
