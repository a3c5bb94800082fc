using System.Text;
using CareHub.Interop.Mllp;
using Framing = CareHub.Interop.Mllp.Mllp;

namespace CareHub.Interop.Tests.Mllp;

public sealed class MllpReaderTests
{
    private static byte[] Bytes(params object[] parts)
    {
        var all = new List<byte>();
        foreach (var part in parts)
        {
            switch (part)
            {
                case byte[] b: all.AddRange(b); break;
                case string s: all.AddRange(Encoding.UTF8.GetBytes(s)); break;
                case byte b: all.Add(b); break;
                default: throw new ArgumentException("bytes, strings or byte arrays only", nameof(parts));
            }
        }
        return [.. all];
    }

    /// <summary>Every frame until the reader reports the end.</summary>
    private static async Task<List<MllpFrame>> ReadAll(Stream stream, int maxMessageBytes = 1_048_576)
    {
        using var reader = new MllpReader(stream, maxMessageBytes);
        var frames = new List<MllpFrame>();
        while (await reader.ReadAsync(TestContext.Current.CancellationToken) is { } frame)
        {
            frames.Add(frame);
            frames.Count.ShouldBeLessThan(10_000, "the reader should have reached the end of the stream");
        }
        return frames;
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(7)]
    [InlineData(100_000)]
    public async Task Frames_split_across_reads_come_back_whole(int bytesPerRead)
    {
        var data = Bytes(Framing.Frame(Samples.AdmitV251), Framing.Frame(Samples.RegisterV24));
        var stream = new TrickleStream(data, bytesPerRead);

        var frames = await ReadAll(stream);

        frames.Select(f => f.Message).ShouldBe([Samples.AdmitV251, Samples.RegisterV24]);
        frames.ShouldAllBe(f => !f.IsError);
        if (bytesPerRead == 1)
            stream.Reads.ShouldBeGreaterThan(data.Length);
    }

    [Fact]
    public async Task Multi_byte_utf8_characters_split_between_reads_decode_correctly()
    {
        const string message = "MSH|^~\\&|A|B\rPID|1||1||Müller^Zoë^李\r";

        var frames = await ReadAll(new TrickleStream(Framing.Frame(message), 1));

        frames.Single().Message.ShouldBe(message);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(4096)]
    public async Task Garbage_before_and_between_frames_is_skipped(int bytesPerRead)
    {
        var data = Bytes(
            "noise\r\n", (byte)0x00, (byte)0x1C, (byte)0x0D,
            Framing.Frame("first"),
            "between", (byte)0x0D, (byte)0x1C, (byte)0xFF,
            Framing.Frame("second"),
            "trailing garbage with no start block");

        var frames = await ReadAll(new TrickleStream(data, bytesPerRead));

        frames.Select(f => f.Message).ShouldBe(["first", "second"]);
    }

    [Fact]
    public async Task Several_frames_in_one_read_are_returned_one_by_one()
    {
        var data = Bytes(
            Framing.Frame("one"),
            Framing.Frame("two"),
            Framing.Frame("three"));
        var stream = new TrickleStream(data, data.Length);

        var frames = await ReadAll(stream);

        frames.Select(f => f.Message).ShouldBe(["one", "two", "three"]);
        stream.Reads.ShouldBe(2, "one read for all three frames and one that sees the end");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(100_000)]
    public async Task An_oversized_frame_is_an_error_and_the_reader_resynchronises_at_the_next_start_block(int bytesPerRead)
    {
        var data = Bytes(
            Framing.Frame("small"),
            Framing.Frame(new string('x', 50)),
            Framing.Frame("after"));

        var frames = await ReadAll(new TrickleStream(data, bytesPerRead), maxMessageBytes: 20);

        frames.Count.ShouldBe(3);
        frames[0].Message.ShouldBe("small");
        frames[1].IsError.ShouldBeTrue();
        frames[1].Message.ShouldBeNull();
        frames[1].Error.ShouldNotBeNull().ShouldContain("larger than the 20 bytes");
        frames[2].Message.ShouldBe("after");
    }

    [Fact]
    public async Task A_frame_of_exactly_the_limit_is_accepted()
    {
        var text = new string('y', 20);

        var frames = await ReadAll(new TrickleStream(Framing.Frame(text), 1), maxMessageBytes: 20);

        frames.Single().Message.ShouldBe(text);
    }

    [Fact]
    public async Task A_start_block_inside_a_frame_drops_the_unfinished_frame()
    {
        var data = Bytes((byte)0x0B, "unfinished", Framing.Frame("complete"));

        var frames = await ReadAll(new TrickleStream(data, 1));

        frames.Select(f => f.Message).ShouldBe(["complete"]);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(4096)]
    public async Task A_connection_closed_mid_frame_gives_one_truncated_error_then_null(int bytesPerRead)
    {
        var data = Bytes(Framing.Frame("whole"), (byte)0x0B, "MSH|^~\\&|cut off here");
        using var reader = new MllpReader(new TrickleStream(data, bytesPerRead));
        var ct = TestContext.Current.CancellationToken;

        (await reader.ReadAsync(ct)).ShouldNotBeNull().Message.ShouldBe("whole");
        var truncated = (await reader.ReadAsync(ct)).ShouldNotBeNull();
        truncated.IsError.ShouldBeTrue();
        truncated.Error.ShouldNotBeNull().ShouldContain("closed in the middle of a message (21 bytes received");
        (await reader.ReadAsync(ct)).ShouldBeNull();
        (await reader.ReadAsync(ct)).ShouldBeNull();
    }

    [Fact]
    public async Task A_clean_close_between_frames_returns_null()
    {
        using var reader = new MllpReader(new TrickleStream(Framing.Frame("only"), 1));
        var ct = TestContext.Current.CancellationToken;

        (await reader.ReadAsync(ct)).ShouldNotBeNull().Message.ShouldBe("only");
        (await reader.ReadAsync(ct)).ShouldBeNull();
    }

    [Fact]
    public async Task An_empty_stream_returns_null_at_once()
    {
        using var reader = new MllpReader(new TrickleStream([], 1));

        (await reader.ReadAsync(TestContext.Current.CancellationToken)).ShouldBeNull();
    }

    [Fact]
    public async Task A_disposed_reader_refuses_to_read()
    {
        var reader = new MllpReader(new TrickleStream(Framing.Frame("x"), 1));
        reader.Dispose();
        reader.Dispose();

        await Should.ThrowAsync<ObjectDisposedException>(async () => await reader.ReadAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task A_cancelled_read_throws_operation_cancelled()
    {
        using var reader = new MllpReader(new TrickleStream(Framing.Frame("x"), 1));
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();

        await Should.ThrowAsync<OperationCanceledException>(async () => await reader.ReadAsync(cts.Token));
    }
}
