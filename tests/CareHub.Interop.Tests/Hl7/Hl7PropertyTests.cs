using System.Globalization;
using System.Text;
using CareHub.Interop.Acks;
using CareHub.Interop.Adt;
using CareHub.Interop.Hl7;
using CareHub.Interop.Mllp;
using CsCheck;
using Framing = CareHub.Interop.Mllp.Mllp;

namespace CareHub.Interop.Tests.Hl7;

/// <summary>
/// Properties and fuzzing of the parser, escaping, dates, ADT reading and MLLP framing. Each property runs on a worker
/// with a generous cancellation deadline, so a hang fails the test instead of blocking the run.
/// </summary>
public sealed class Hl7PropertyTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 1, 14, 30, 0, TimeSpan.FromHours(-5));

    private static readonly Hl7Encoding[] Encodings =
    [
        Hl7Encoding.Default,
        new('|', '^', '~', '\\', '&', '#'),
        new('#', '!', '*', '$', '%'),
    ];

    /// <summary>Characters that stress HL7: delimiters, line breaks, escape-sequence letters, quotes and anything at all.</summary>
    private static readonly Gen<char> Tricky = Gen.Frequency<char>(
        (6, Gen.Char['a', 'z']),
        (4, Gen.Char["|^~\\&#\r\n"]),
        (2, Gen.Char["FSTREPX0AD.br \"!*$%"]),
        (1, Gen.Char));

    private static readonly Gen<string> TrickyText = Tricky.Array[0, 40].Select(chars => new string(chars));

    private static readonly string[] ValidMessages =
    [
        Samples.AdmitV251,
        Samples.RegisterV24,
        Samples.DischargeV23,
        Samples.UpdateV25,
        Hl7Ack.Build(Hl7Message.Parse(Samples.AdmitV251).Message, AckCode.AE, "bad", [new Hl7Error("PID", 3, Hl7ErrorCode.RequiredFieldMissing, "x")], "A1", Now),
    ];

    /// <summary>Runs <paramref name="property"/> off the test thread; fails (rather than blocking the run) if it has not finished after minutes.</summary>
    private static async Task WithinGenerousDeadline(Action property)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        deadline.CancelAfter(TimeSpan.FromMinutes(3));
        var work = Task.Run(property, deadline.Token);
        try
        {
            await work.WaitAsync(deadline.Token);
        }
        catch (OperationCanceledException) when (!work.IsCompleted)
        {
            throw new TimeoutException("The property did not finish: something in the code under test hangs.");
        }
    }

    /// <summary>
    /// Whatever the text, Parse answers a message or a reason (never the internal-error reason) and an unreadable text
    /// still gets an AR; everything in a parsed message can be read, ADT reading answers without throwing, and an ACK can
    /// be built for it that parses again.
    /// </summary>
    internal static void ParsesOrExplains(string? text)
    {
        var result = Hl7Message.Parse(text);
        if (!result.Succeeded)
        {
            result.Error.ShouldNotBeNullOrWhiteSpace();
            result.Error.ShouldNotBe(Hl7Message.Errors.Internal);
            var reject = Hl7Message.Parse(Hl7Ack.RejectUnreadable(text, result.Error, "ACK1", Now));
            reject.Error.ShouldBeNull();
            reject.Message!.Get("MSA-1").ShouldBe("AR");
            return;
        }
        var message = result.Message;
        message.Segments.ShouldNotBeEmpty();
        message.Header.Id.ShouldBe("MSH");
        foreach (var segment in message.Segments)
        {
            for (var f = 1; f <= segment.FieldCount; f++)
            {
                foreach (var repetition in segment.Field(f).Repetitions)
                {
                    foreach (var component in repetition.Components)
                    {
                        for (var s = 1; s <= component.SubcomponentCount; s++)
                        {
                            if (component.Subcomponent(s) is { } value && Hl7DateTime.TryParse(value, out var at))
                                _ = at.Resolve(TimeZoneInfo.Utc);
                        }
                    }
                }
            }
        }

        var adt = AdtMessage.Read(message);
        if (adt.Succeeded)
        {
            adt.AckCode.ShouldBe(AckCode.AA);
            adt.Message.Patient.Mrn.ShouldNotBeNullOrWhiteSpace();
        }
        else
        {
            adt.AckCode.ShouldNotBe(AckCode.AA);
            adt.Errors.ShouldNotBeEmpty();
        }

        var ack = Hl7Ack.Build(message, adt.AckCode, null, adt.Errors, "ACK1", Now);
        var parsedAck = Hl7Message.Parse(ack);
        parsedAck.Error.ShouldBeNull();
        parsedAck.Message!.Get("MSA-1").ShouldBe(adt.AckCode.ToString());
    }

    // (a) builder -> text -> Parse -> Get

    [Fact]
    public Task Values_written_by_the_builder_come_back_unchanged_through_parse_and_get() => WithinGenerousDeadline(() =>
    {
        var position = Gen.Select(Gen.Int[1, 25], Gen.Int[1, 3], Gen.Int[1, 5], Gen.Int[1, 3]);
        var assignment = Gen.Select(position, TrickyText.Where(t => t.Length > 0));
        Gen.Select(Gen.Int[0, Encodings.Length - 1], assignment.Array[1, 12]).Sample((encodingIndex, assignments) =>
        {
            var encoding = Encodings[encodingIndex];
            var expected = new Dictionary<(int, int, int, int), string>();
            var builder = new Hl7MessageBuilder(encoding)
                .Msh("SIM", "RGH", "CAREHUB", "CHS", Now, "ADT", "A08", "C1")
                .Segment("PID", s =>
                {
                    foreach (var ((field, repetition, component, subcomponent), value) in assignments)
                    {
                        s.Set(field, repetition, component, subcomponent, value);
                        expected[(field, repetition, component, subcomponent)] = value;
                    }
                });

            var result = Hl7Message.Parse(builder.Build());

            result.Error.ShouldBeNull();
            foreach (var ((field, repetition, component, subcomponent), value) in expected)
                result.Message!.Get($"PID-{field}[{repetition}].{component}.{subcomponent}").ShouldBe(value);
            result.Message!.Segments.Count.ShouldBe(2);
        }, iter: 3000);
    });

    [Fact]
    public void A_value_made_only_of_delimiters_and_line_breaks_survives_the_builder()
    {
        const string nasty = "|^~\\&\r\n\\F\\\\X0D\\";
        var text = new Hl7MessageBuilder().Msh("A", "B", "C", "D", Now, "ADT", "A08", "1").Segment("PID", s => s.Set(5, 2, nasty)).Build();

        Hl7Message.Parse(text).Message.ShouldNotBeNull().Get("PID-5.2").ShouldBe(nasty);
        text.Count(c => c == '\r').ShouldBe(2, "only the two segment endings; the value's CR and LF are escaped");
    }

    // (b) Escape / Unescape

    [Fact]
    public Task Unescape_undoes_escape_for_any_string_and_any_encoding() => WithinGenerousDeadline(() =>
        Gen.Select(Gen.Int[0, Encodings.Length - 1], Gen.OneOf(TrickyText, Gen.String)).Sample((encodingIndex, value) =>
        {
            var encoding = Encodings[encodingIndex];
            var escaped = Hl7Escaping.Escape(value, encoding);

            escaped.ShouldNotContain('\r');
            escaped.ShouldNotContain('\n');
            foreach (var c in escaped)
            {
                (c != encoding.Field && c != encoding.Component && c != encoding.Repetition && c != encoding.Subcomponent).ShouldBeTrue();
            }
            Hl7Escaping.Unescape(escaped, encoding).ShouldBe(value);
        }, iter: 5000));

    [Fact]
    public Task Unescape_never_throws_on_arbitrary_text() => WithinGenerousDeadline(() =>
        Gen.Select(Gen.Int[0, Encodings.Length - 1], TrickyText).Sample((encodingIndex, value) =>
        {
            _ = Hl7Escaping.Unescape(value, Encodings[encodingIndex]);
        }, iter: 5000));

    // Dates

    [Fact]
    public Task Any_accepted_date_time_resolves_and_formats_back_to_itself() => WithinGenerousDeadline(() =>
    {
        var digits = Gen.Char['0', '9'].Array[0, 14].Select(d => new string(d));
        var edges = Gen.OneOf<string>("0001", "9999", "00010101", "99991231", "00010101000000", "99991231235959", "2026");
        var fraction = Gen.OneOf<string>("", ".1", ".12", ".1234", ".");
        var offset = Gen.OneOf<string>("", "+1400", "-1400", "+0000", "-0500", "+0530", "+1401", "-9999");
        var zones = TimeZoneInfo.GetSystemTimeZones();
        Gen.Select(Gen.OneOf(digits, edges), fraction, offset, Gen.Int[0, Math.Max(0, zones.Count - 1)]).Sample((date, frac, off, zone) =>
        {
            var text = date + frac + off;
            if (!Hl7DateTime.TryParse(text, out var value))
                return;
            _ = value.Resolve(zones.Count == 0 ? TimeZoneInfo.Utc : zones[zone]);
            Hl7DateTime.Parse(value.ToString()).ShouldBe(value);
        }, iter: 5000);
    });

    // Found by the date property: Resolve threw ArgumentOutOfRangeException at the edges of the calendar.

    [Theory]
    [InlineData("00010101000000+1400")]
    [InlineData("00010101000000+0001")]
    [InlineData("99991231235959-1400")]
    [InlineData("99991231235959.9999-0001")]
    public void A_date_time_whose_instant_does_not_exist_is_not_accepted(string text)
    {
        Hl7DateTime.TryParse(text, out _).ShouldBeFalse();
    }

    [Fact]
    public void A_date_time_at_the_edge_of_the_calendar_with_an_offset_that_keeps_it_in_range_is_accepted()
    {
        Hl7DateTime.TryParse("00010101000000-0500", out var first).ShouldBeTrue();
        first.Resolve(TimeZoneInfo.Utc).UtcDateTime.ShouldBe(new DateTime(1, 1, 1, 5, 0, 0, DateTimeKind.Utc));
    }

    [Fact]
    public void Resolving_the_first_and_last_local_times_in_a_zone_that_pushes_them_out_of_range_does_not_throw()
    {
        var east = TimeZoneInfo.CreateCustomTimeZone("Test+05", TimeSpan.FromHours(5), "Test+05", "Test+05");
        var west = TimeZoneInfo.CreateCustomTimeZone("Test-05", TimeSpan.FromHours(-5), "Test-05", "Test-05");

        Hl7DateTime.Parse("00010101000000").Resolve(east).ShouldBe(DateTimeOffset.MinValue);
        Hl7DateTime.Parse("99991231235959").Resolve(west).ShouldBe(DateTimeOffset.MaxValue);
        Hl7DateTime.Parse("00010101000000").Resolve(west).UtcDateTime.ShouldBe(new DateTime(1, 1, 1, 5, 0, 0, DateTimeKind.Utc));
    }

    // (c) Fuzz: Parse, ADT reading, ACKs

    [Fact]
    public Task Parse_never_throws_on_arbitrary_strings() => WithinGenerousDeadline(() =>
        Gen.OneOf(Gen.String, TrickyText, TrickyText.Select(t => "MSH" + t), TrickyText.Select(t => "MSH|^~\\&|" + t))
            .Sample(ParsesOrExplains, iter: 5000));

    [Fact]
    public Task Parse_never_throws_on_mutations_of_valid_messages() => WithinGenerousDeadline(() =>
        Gen.Select(Gen.Int[0, ValidMessages.Length - 1], Gen.Int[1, 6], Gen.Int)
            .Select((sample, count, seed) => Mutate(ValidMessages[sample], count, seed))
            .Sample(ParsesOrExplains, iter: 5000));

    [Fact]
    public Task Parse_never_throws_on_any_truncation_of_a_valid_message() => WithinGenerousDeadline(() =>
    {
        foreach (var sample in ValidMessages)
        {
            for (var length = 0; length <= sample.Length; length++)
                ParsesOrExplains(sample[..length]);
        }
    });

    [Fact]
    public Task Parse_never_throws_on_messages_with_odd_encoding_characters() => WithinGenerousDeadline(() =>
    {
        var punctuation = Gen.Char["!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~\r\n\t A1é"];
        Gen.Select(punctuation.Array[0, 7].Select(c => new string(c)), Gen.Int[0, ValidMessages.Length - 1]).Sample((header, sample) =>
        {
            var body = ValidMessages[sample];
            ParsesOrExplains("MSH" + header);
            ParsesOrExplains("MSH" + header + body[8..]);
        }, iter: 5000);
    });

    /// <summary>Applies <paramref name="count"/> random edits to <paramref name="text"/>, chosen by <paramref name="seed"/>.</summary>
    private static string Mutate(string text, int count, int seed)
    {
        var random = new Random(seed);
        var s = new StringBuilder(text);
        const string separators = "|^~\\&\r\n\u000B\u001C";
        for (var i = 0; i < count; i++)
        {
            var at = s.Length == 0 ? 0 : random.Next(s.Length);
            switch (random.Next(8))
            {
                case 0:
                    s.Length = at;
                    break;
                case 1 when s.Length > 0:
                    s[at] = (char)random.Next(0, 0x3000);
                    break;
                case 2:
                    s.Insert(at, separators[random.Next(separators.Length)]);
                    break;
                case 3:
                    s.Remove(at, Math.Min(s.Length - at, random.Next(1, 20)));
                    break;
                case 4:
                    s.Insert(at, new string(separators[random.Next(5)], random.Next(1, 2000)));
                    break;
                case 5:
                    var lines = s.ToString().Split('\r');
                    var line = lines[random.Next(lines.Length)];
                    s.Append(string.Concat(Enumerable.Repeat(line + "\r", random.Next(1, 300))));
                    break;
                case 6:
                    var bytes = Encoding.UTF8.GetBytes(s.ToString());
                    if (bytes.Length > 0)
                        bytes[random.Next(bytes.Length)] ^= (byte)(1 << random.Next(8));
                    s.Clear().Append(Encoding.UTF8.GetString(bytes));
                    break;
                default:
                    s.Insert(at, "\\X" + random.Next().ToString("X", CultureInfo.InvariantCulture) + (random.Next(2) == 0 ? "\\" : ""));
                    break;
            }
        }
        return s.ToString();
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("\r\n\r\n")]
    [InlineData("\uFEFF \t")]
    [InlineData("MSH")]
    [InlineData("MSH|")]
    [InlineData("MSH|^~\\&")]
    [InlineData("MSH|^~\\&|")]
    [InlineData("MSH|^~\\&#|")]
    [InlineData("MSH|^~\\&#!|")]
    [InlineData("MSH|^^\\&|")]
    [InlineData("MSH||~\\&|")]
    [InlineData("MSHA^~\\&|")]
    [InlineData("MSH\r^~\\&|")]
    [InlineData("MSH#!*$%#A#B\rPID#1##4000001!!!CHS!MR")]
    [InlineData("MSH|^~\\&|||||||ADT^A01|1|P|2.5.1\rMSH|^~\\&")]
    [InlineData("MSH|^~\\&|||||20260301||ADT^A01|1|P|2.5.1\rPID|||\rPV1|")]
    [InlineData("MSH|^~\\&|||||99991231235959-1400||ADT^A01|1|P|2.5.1\rEVN||00010101000000+1400\rPID|||1\rPV1||I")]
    [InlineData("MSH|^~\\&|||||20260301||ADT^A40|1|P|2.5.1\rPID|||1\rMRG|")]
    [InlineData("MSH|^~\\&|||||20260301||ADT^+12|1|P|2.5.1\rPID|||1")]
    [InlineData("MSH|^~\\&|||||20260301||ADT|1|P|2.5.1\rEVN|A0\rPID|||1")]
    public void Empty_header_only_and_broken_headers_parse_or_explain(string? text)
    {
        ParsesOrExplains(text);
    }

    [Fact]
    public void A_segment_repeated_fifty_thousand_times_parses()
    {
        var text = Samples.AdmitV251 + string.Concat(Enumerable.Repeat("NTE|1||note \\T\\ more\r", 50_000));

        var message = Hl7Message.Parse(text).Message.ShouldNotBeNull();

        message.SegmentsNamed("NTE").Count().ShouldBe(50_000);
        ParsesOrExplains(text);
    }

    [Theory]
    [InlineData('~')]
    [InlineData('^')]
    [InlineData('&')]
    [InlineData('\\')]
    [InlineData('|')]
    public void A_delimiter_repeated_two_hundred_thousand_times_in_one_field_parses(char delimiter)
    {
        var text = Samples.AdmitV251.Replace("PID|1||", "PID|1||" + new string(delimiter, 200_000), StringComparison.Ordinal);

        ParsesOrExplains(text);
        var message = Hl7Message.Parse(text).Message.ShouldNotBeNull();
        if (delimiter == '~')
            message.Segment("PID")!.Field(3).Repetitions.Count.ShouldBe(200_002);
    }

    [Fact]
    public void A_hex_escape_of_a_hundred_thousand_digits_parses()
    {
        var text = Samples.AdmitV251.Replace("O'Brien^Mary", "\\X" + string.Concat(Enumerable.Repeat("C3A9", 25_000)) + "\\^Mary", StringComparison.Ordinal);

        Hl7Message.Parse(text).Message.ShouldNotBeNull().Get("PID-5.1").ShouldBe(new string('é', 25_000));
        ParsesOrExplains(text);
    }

    // MLLP

    [Fact]
    public Task The_mllp_reader_never_throws_and_always_ends_on_random_bytes() => WithinGenerousDeadline(() =>
    {
        var bytes = Gen.Frequency<byte>((8, Gen.Byte), (1, Gen.Const(Framing.StartBlock)), (1, Gen.Const(Framing.EndBlock)), (1, Gen.Const(Framing.CarriageReturn)));
        Gen.Select(bytes.Array[0, 400], Gen.Int[1, 64], Gen.Int[1, 100]).Sample((data, chunk, max) =>
        {
            using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(1));
            using var reader = new MllpReader(new Mllp.TrickleStream(data, chunk), max);
            var frames = 0;
            while (reader.ReadAsync(deadline.Token).AsTask().GetAwaiter().GetResult() is { } frame)
            {
                (frame.Message is null).ShouldNotBe(frame.Error is null, "a frame has either a message or an error");
                frame.Message?.Length.ShouldBeLessThanOrEqualTo(max);
                frames++;
                frames.ShouldBeLessThanOrEqualTo(data.Length + 1, "every frame consumes input, so the reader must reach the end");
            }
        }, iter: 3000);
    });

    [Fact]
    public Task Every_frame_written_among_random_noise_without_framing_bytes_is_read_back() => WithinGenerousDeadline(() =>
    {
        var noise = Gen.Byte.Where(b => b is not (Framing.StartBlock or Framing.EndBlock)).Array[0, 20];
        var text = Gen.Char['\u0020', '\u3000'].Array[0, 50].Select(c => new string(c))
            .Where(s => !s.Contains('\u000B', StringComparison.Ordinal) && !s.Contains('\u001C', StringComparison.Ordinal));
        Gen.Select(Gen.Select(noise, text).Array[0, 8], Gen.Int[1, 17]).Sample((parts, chunk) =>
        {
            var data = parts.SelectMany(p => p.Item1.Concat(Framing.Frame(p.Item2))).ToArray();
            using var reader = new MllpReader(new Mllp.TrickleStream(data, chunk));
            var read = new List<string?>();
            while (reader.ReadAsync(TestContext.Current.CancellationToken).AsTask().GetAwaiter().GetResult() is { } frame)
                read.Add(frame.Message);

            read.ShouldBe(parts.Select(p => (string?)p.Item2));
        }, iter: 2000);
    });
}
