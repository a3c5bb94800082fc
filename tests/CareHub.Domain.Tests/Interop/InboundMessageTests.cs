using CareHub.Domain.Common;
using CareHub.Domain.Interop;

namespace CareHub.Domain.Tests.Interop;

public class InboundMessageTests
{
    private static readonly DateTimeOffset Now = TestTime.Monday;

    [Fact]
    public void A_message_is_received_before_anything_else()
    {
        var message = new InboundMessage("MSH|^~\\&|A", "mllp", "10.0.0.5:4411", Now);
        message.Status.ShouldBe(InboundMessageStatus.Received);
        message.Attempts.ShouldBe(0);
        message.CanReplay.ShouldBeTrue("an unfinished message is replayed after a crash");
    }

    [Theory]
    [InlineData(InboundMessageStatus.Applied, false)]
    [InlineData(InboundMessageStatus.Skipped, false)]
    [InlineData(InboundMessageStatus.Rejected, false)]
    [InlineData(InboundMessageStatus.Failed, true)]
    public void Only_a_failed_message_can_be_replayed(InboundMessageStatus status, bool replayable)
    {
        var message = new InboundMessage("MSH|^~\\&|A", "http", "client", Now);
        message.Finish(status, "AA", "done", null, Now);
        message.CanReplay.ShouldBe(replayable);
        message.Attempts.ShouldBe(1);
    }

    [Fact]
    public void A_finished_message_has_a_final_status()
    {
        var message = new InboundMessage("MSH|^~\\&|A", "http", "client", Now);
        Should.Throw<DomainRuleException>(() => message.Finish(InboundMessageStatus.Received, "AA", "x", null, Now));
    }

    [Fact]
    public void A_message_over_one_megabyte_is_refused()
    {
        Should.Throw<DomainRuleException>(() => new InboundMessage(new string('x', InboundMessage.MaxRawLength + 1), "mllp", "s", Now))
            .Message.ShouldBe("The message is larger than 1 MB.");
    }

    [Fact]
    public void Identifying_values_are_clipped_to_their_columns()
    {
        var message = new InboundMessage("MSH", "mllp", "s", Now);
        message.Identify(new string('9', 500), "APP", "  ", "ADT^A01", Now);
        message.ControlId!.Length.ShouldBe(199);
        message.SendingFacility.ShouldBeNull();
        message.MessageType.ShouldBe("ADT^A01");
    }
}
