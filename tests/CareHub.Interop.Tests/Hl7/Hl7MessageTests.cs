using CareHub.Interop.Hl7;

namespace CareHub.Interop.Tests.Hl7;

public sealed class Hl7MessageTests
{
    private static Hl7Message Parsed(string text)
    {
        var result = Hl7Message.Parse(text);
        result.Error.ShouldBeNull();
        return result.Message!;
    }

    [Fact]
    public void A_version_2_5_1_admit_exposes_its_header_fields()
    {
        var message = Parsed(Samples.AdmitV251);

        message.MessageType.ShouldBe("ADT");
        message.TriggerEvent.ShouldBe("A01");
        message.MessageStructure.ShouldBe("ADT_A01");
        message.ControlId.ShouldBe("MSG00001");
        message.ProcessingId.ShouldBe("P");
        message.Version.ShouldBe("2.5.1");
        message.SendingApplication.ShouldBe("EPIC");
        message.SendingFacility.ShouldBe("RGH");
        message.ReceivingApplication.ShouldBe("CAREHUB");
        message.ReceivingFacility.ShouldBe("CHS");
        message.Text.ShouldBe(Samples.AdmitV251);
        message.Segments.Select(s => s.Id).ShouldBe(["MSH", "EVN", "PID", "PV1", "PV2", "ZPI", "NK1"]);
    }

    [Theory]
    [InlineData("\r")]
    [InlineData("\n")]
    [InlineData("\r\n")]
    public void Every_segment_ending_gives_the_same_segments(string ending)
    {
        foreach (var sample in new[] { Samples.AdmitV251, Samples.RegisterV24, Samples.DischargeV23, Samples.UpdateV25 })
        {
            var text = sample.Replace("\r", ending, StringComparison.Ordinal) + ending + ending;

            var message = Parsed(text);

            message.Segments.Select(s => s.Raw).ShouldBe(Parsed(sample).Segments.Select(s => s.Raw));
        }
    }

    [Theory]
    [InlineData("PID-3", "99887766")]
    [InlineData("PID-3[2]", "4000001")]
    [InlineData("PID-3[2].4", "CHS")]
    [InlineData("PID-3[2].4.2", "2.16.840.1.113883.3.1")]
    [InlineData("PID-3[2].5", "MR")]
    [InlineData("PID-5.2", "Mary")]
    [InlineData("PV1-3.4.1", "RGH")]
    [InlineData("PV1-3.3", "4W-01A")]
    [InlineData("MSH-1", "|")]
    [InlineData("MSH-2", "^~\\&")]
    [InlineData("MSH-3", "EPIC")]
    [InlineData("ZPI-1", "Fall risk & wanders")]
    [InlineData("ZPI-2", "Notes: line one\nline two")]
    [InlineData("NK1-2.1", "O'Brien")]
    public void Paths_give_the_unescaped_value(string path, string expected)
    {
        Parsed(Samples.AdmitV251).Get(path).ShouldBe(expected);
    }

    [Theory]
    [InlineData("PID-4")]
    [InlineData("PID-99")]
    [InlineData("PID-3[3]")]
    [InlineData("PID-5.9")]
    [InlineData("OBX-5")]
    [InlineData("PID[2]-3")]
    public void Absent_or_empty_values_are_null(string path)
    {
        Parsed(Samples.AdmitV251).Get(path).ShouldBeNull();
    }

    [Theory]
    [InlineData("PID")]
    [InlineData("pid-3")]
    [InlineData("PID-0")]
    [InlineData("PID-3.")]
    [InlineData("PID-3[x]")]
    public void A_malformed_path_is_a_programming_error(string path)
    {
        Should.Throw<FormatException>(() => Parsed(Samples.AdmitV251).Get(path));
    }

    [Fact]
    public void Unknown_and_z_segments_are_kept_in_order()
    {
        var message = Parsed(Samples.AdmitV251);

        message.Segment("ZPI").ShouldNotBeNull().Field(1).Raw.ShouldBe(@"Fall risk \T\ wanders");
        message.SegmentsNamed("NK1").Count().ShouldBe(1);
        message.Segment("OBX").ShouldBeNull();
    }

    [Fact]
    public void Non_default_encoding_characters_are_read_from_the_header()
    {
        var text = Samples.Lines(
            @"MSH$%*\&$LAB$RGH$CAREHUB$CHS$20260301$$ADT%A08$X1$P$2.4",
            @"PID$1$$4000009%%%CHS%MR*123%%%OLD%PI$$Doe%Jane\S\Ann\F\x");

        var message = Parsed(text);

        message.Encoding.ShouldBe(new Hl7Encoding('$', '%', '*', '\\', '&'));
        message.TriggerEvent.ShouldBe("A08");
        message.Get("PID-3[2]").ShouldBe("123");
        message.Get("PID-3.5").ShouldBe("MR");
        message.Get("PID-5.2").ShouldBe("Jane%Ann$x");
    }

    [Fact]
    public void A_truncation_character_in_msh_2_is_read()
    {
        var message = Parsed(Samples.Lines(@"MSH|^~\&#|A|B|C|D|20260301||ADT^A08|1|P|2.7", @"PID|1||42\P\"));

        message.Encoding.Truncation.ShouldBe('#');
        message.Get("PID-3").ShouldBe("42#");
    }

    [Theory]
    [InlineData("", Hl7Message.Errors.Empty)]
    [InlineData("\r\n\r\n", Hl7Message.Errors.Empty)]
    [InlineData("PID|1||123", Hl7Message.Errors.NoMsh)]
    [InlineData("MSH", Hl7Message.Errors.NoMsh)]
    public void Text_that_is_not_a_message_gives_a_reason(string text, string reason)
    {
        var result = Hl7Message.Parse(text);

        result.Succeeded.ShouldBeFalse();
        result.Error.ShouldBe(reason);
    }

    [Theory]
    [InlineData("MSHA^~\\&|x")]
    [InlineData("MSH|^^\\&|x")]
    [InlineData("MSH|^~|x")]
    [InlineData("MSH|^~\\&|A\rbad line")]
    [InlineData("MSH|^~\\&|A\rMSH|^~\\&|B")]
    public void Malformed_headers_and_segments_are_errors_with_a_reason(string text)
    {
        var result = Hl7Message.Parse(text);

        result.Succeeded.ShouldBeFalse();
        result.Error.ShouldNotBeNullOrWhiteSpace();
        result.Error.ShouldNotBe(Hl7Message.Errors.Internal);
    }

    [Fact]
    public void Leading_blank_lines_and_a_byte_order_mark_are_ignored()
    {
        Parsed("\uFEFF\r\n" + Samples.RegisterV24).ControlId.ShouldBe("M24-0001");
    }

    [Fact]
    public void Field_access_reaches_repetitions_components_and_subcomponents()
    {
        var pid = Parsed(Samples.AdmitV251).Segment("PID")!;

        var identifiers = pid.Field(3);

        identifiers.Repetitions.Count.ShouldBe(2);
        identifiers.Repetition(2).Component(4).SubcomponentCount.ShouldBe(3);
        identifiers.Repetition(2).Component(4).Subcomponent(3).ShouldBe("ISO");
        identifiers.Value.ShouldBe("99887766");
        pid.Field(40).IsEmpty.ShouldBeTrue();
        pid.FieldCount.ShouldBe(16);
    }
}
