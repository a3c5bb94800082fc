using CareHub.Interop.Acks;
using CareHub.Interop.Hl7;

namespace CareHub.Interop.Tests.Acks;

public sealed class Hl7AckTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 1, 14, 31, 0, TimeSpan.FromHours(-5));

    private static Hl7Message Original(string text = "") => Hl7Message.Parse(text.Length == 0 ? Samples.AdmitV251 : text).Message!;

    private static Hl7Message Ack(string text)
    {
        text.ShouldEndWith("\r");
        return Hl7Message.Parse(text).Message.ShouldNotBeNull();
    }

    [Fact]
    public void An_accept_swaps_sender_and_receiver_and_echoes_the_control_id()
    {
        var ack = Ack(Hl7Ack.Build(Original(), AckCode.AA, null, (Hl7Error?)null, "ACK0001", Now));

        ack.Segments.Select(s => s.Id).ShouldBe(["MSH", "MSA"]);
        (ack.SendingApplication, ack.SendingFacility, ack.ReceivingApplication, ack.ReceivingFacility).ShouldBe(("CAREHUB", "CHS", "EPIC", "RGH"));
        ack.Get("MSH-9").ShouldBe("ACK");
        ack.Get("MSH-9.2").ShouldBe("A01");
        ack.Get("MSH-9.3").ShouldBe("ACK");
        ack.ControlId.ShouldBe("ACK0001");
        ack.Version.ShouldBe("2.5.1");
        ack.Get("MSH-7").ShouldBe("20260301143100-0500");
        ack.Get("MSA-1").ShouldBe("AA");
        ack.Get("MSA-2").ShouldBe("MSG00001");
    }

    [Fact]
    public void An_application_error_carries_the_location_code_severity_and_message()
    {
        var error = new Hl7Error("PID", 3, Hl7ErrorCode.RequiredFieldMissing, "PID-3 | the MRN ^ is required.");

        var ack = Ack(Hl7Ack.Build(Original(), AckCode.AE, "Rejected content", error, "ACK0002", Now));

        ack.Get("MSA-1").ShouldBe("AE");
        ack.Get("MSA-3").ShouldBe("Rejected content");
        ack.Get("ERR-2.1").ShouldBe("PID");
        ack.Get("ERR-2.2").ShouldBe("1");
        ack.Get("ERR-2.3").ShouldBe("3");
        ack.Get("ERR-3.1").ShouldBe("101");
        ack.Get("ERR-3.2").ShouldBe("Required field missing");
        ack.Get("ERR-3.3").ShouldBe("HL70357");
        ack.Get("ERR-4").ShouldBe("E");
        ack.Get("ERR-8").ShouldBe("PID-3 | the MRN ^ is required.");
        ack.Get("ERR-1").ShouldBeNull("ERR-1 is only for v2.3/2.4 receivers");
    }

    [Fact]
    public void A_reject_of_a_version_2_3_message_keeps_its_version_and_fills_err_1()
    {
        var error = new Hl7Error("MSH", 9, Hl7ErrorCode.UnsupportedEventCode, "A99 is not supported.");

        var ack = Ack(Hl7Ack.Build(Original(Samples.DischargeV23), AckCode.AR, null, [error, error], "ACK0003", Now));

        ack.Version.ShouldBe("2.3");
        ack.Get("MSA-1").ShouldBe("AR");
        ack.Get("MSA-2").ShouldBe("C23-77");
        ack.SegmentsNamed("ERR").Count().ShouldBe(2);
        ack.Get("ERR-1.1").ShouldBe("MSH");
        ack.Get("ERR-1.4.1").ShouldBe("201");
        ack.Get("ERR-3.1").ShouldBe("201");
    }

    [Fact]
    public void An_ack_uses_the_delimiters_of_the_original()
    {
        var original = Original(Samples.Lines(@"MSH$%*\&$LAB$RGH$CAREHUB$CHS$20260301$$ADT%A08$X1$P$2.4", "PID$1$$4000009"));

        var text = Hl7Ack.Build(original, AckCode.AA, "ok$fine", (Hl7Error?)null, "A1", Now);

        text.ShouldStartWith(@"MSH$%*\&$CAREHUB$CHS$LAB$RGH$");
        Ack(text).Get("MSA-3").ShouldBe("ok$fine");
    }

    [Fact]
    public void An_ack_without_an_original_is_still_a_valid_message()
    {
        var ack = Ack(Hl7Ack.Build(null, AckCode.AR, "No message", new Hl7Error(null, null, Hl7ErrorCode.ApplicationInternalError, "Unreadable"), "A2", Now));

        ack.Version.ShouldBe(Hl7Ack.DefaultVersion);
        ack.Get("MSA-2").ShouldBeNull();
        ack.Get("ERR-3.1").ShouldBe("207");
    }

    [Theory]
    [InlineData("MSH|^~\\&|A|B|C|D|2026||ADT^A01|CTRL42|P|2.5\rgarbage line", "CTRL42")]
    [InlineData("junk before MSH#^~\\&#A#B#C#D#2026##ADT^A01#X^Y#P", "X")]
    [InlineData("MSH|^~\\&|A|B", null)]
    [InlineData("nothing here", null)]
    [InlineData("MSH\r^~\\&|", null)]
    [InlineData("MSH\n|^~\\&|A|B|C|D|2026||ADT^A01|CTRL42|P|2.5", null)]
    [InlineData("PID|1||MSH\rMSH|^~\\&|A|B|C|D|2026||ADT^A01|CTRL42|P|2.5", "CTRL42")]
    [InlineData("MSH", null)]
    public void Unreadable_text_is_rejected_with_the_control_id_found_by_scanning(string raw, string? controlId)
    {
        Hl7Message.Parse(raw.Replace("junk before ", "", StringComparison.Ordinal) + "\rbad").Succeeded.ShouldBeFalse();

        var ack = Ack(Hl7Ack.RejectUnreadable(raw, "The message could not be read.", "A3", Now));

        ack.Get("MSA-1").ShouldBe("AR");
        ack.Get("MSA-2").ShouldBe(controlId);
        ack.Get("ERR-8").ShouldBe("The message could not be read.");
    }
}
