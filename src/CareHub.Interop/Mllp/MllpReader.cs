using System.Buffers;
using System.Globalization;
using System.Text;

namespace CareHub.Interop.Mllp;

/// <summary>
/// Reads MLLP frames from a stream. Bytes outside a frame are skipped (including the CR after the end block). A frame
/// growing past <c>maxMessageBytes</c> is answered at once with an error frame, and reading resumes at the next start
/// block. A start block inside a frame drops the unfinished frame and starts again there. When the peer closes in the
/// middle of a frame the reader returns one error frame ("truncated") and then null. Buffers come from
/// <see cref="ArrayPool{T}"/> and go back on <see cref="Dispose"/>; the reader does not own the stream.
/// </summary>
public sealed class MllpReader : IDisposable
{
    private const int ReadSize = 8 * 1024;

    private readonly Stream stream;
    private readonly int maxMessageBytes;
    private byte[] readBuffer;
    private int readStart;
    private int readEnd;
    private byte[] messageBuffer;
    private int messageLength;
    private bool inFrame;
    private bool ended;

    public MllpReader(Stream stream, int maxMessageBytes = 1_048_576)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxMessageBytes, 1);
        this.stream = stream;
        this.maxMessageBytes = maxMessageBytes;
        readBuffer = ArrayPool<byte>.Shared.Rent(ReadSize);
        messageBuffer = ArrayPool<byte>.Shared.Rent(Math.Min(maxMessageBytes, ReadSize));
    }

    /// <summary>The next frame; null when the peer has closed (cleanly between frames, or after a truncated-frame error).</summary>
    public async ValueTask<MllpFrame?> ReadAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(readBuffer.Length == 0, this);
        while (true)
        {
            if (readStart < readEnd && TryTakeFrame(out var frame))
                return frame;
            if (ended)
                return null;
            readStart = 0;
            readEnd = await stream.ReadAsync(readBuffer.AsMemory(0, readBuffer.Length), cancellationToken);
            if (readEnd == 0)
            {
                ended = true;
                if (inFrame)
                {
                    var received = messageLength;
                    inFrame = false;
                    messageLength = 0;
                    return new MllpFrame(null, string.Create(CultureInfo.InvariantCulture,
                        $"The connection closed in the middle of a message ({received} bytes received, no end block)."));
                }
                return null;
            }
        }
    }

    private bool TryTakeFrame(out MllpFrame? frame)
    {
        frame = null;
        while (readStart < readEnd)
        {
            var span = readBuffer.AsSpan(readStart, readEnd - readStart);
            if (!inFrame)
            {
                var start = span.IndexOf(Mllp.StartBlock);
                if (start < 0)
                {
                    readStart = readEnd;
                    return false;
                }
                readStart += start + 1;
                inFrame = true;
                messageLength = 0;
                continue;
            }

            var end = span.IndexOfAny(Mllp.EndBlock, Mllp.StartBlock);
            var chunk = end < 0 ? span : span[..end];
            if (messageLength + chunk.Length > maxMessageBytes)
            {
                inFrame = false;
                messageLength = 0;
                readStart += chunk.Length;
                frame = new MllpFrame(null, string.Create(CultureInfo.InvariantCulture,
                    $"The message is larger than the {maxMessageBytes} bytes accepted; it was skipped."));
                return true;
            }
            Append(chunk);
            readStart += chunk.Length;
            if (end < 0)
                return false;
            if (span[end] == Mllp.StartBlock)
            {
                // A new frame began before this one ended: drop the unfinished one.
                messageLength = 0;
                readStart++;
                continue;
            }
            readStart++;
            inFrame = false;
            frame = new MllpFrame(Encoding.UTF8.GetString(messageBuffer, 0, messageLength), null);
            messageLength = 0;
            return true;
        }
        return false;
    }

    private void Append(ReadOnlySpan<byte> chunk)
    {
        if (messageLength + chunk.Length > messageBuffer.Length)
        {
            var bigger = ArrayPool<byte>.Shared.Rent(Math.Max(messageLength + chunk.Length, messageBuffer.Length * 2));
            messageBuffer.AsSpan(0, messageLength).CopyTo(bigger);
            ArrayPool<byte>.Shared.Return(messageBuffer);
            messageBuffer = bigger;
        }
        chunk.CopyTo(messageBuffer.AsSpan(messageLength));
        messageLength += chunk.Length;
    }

    public void Dispose()
    {
        if (readBuffer.Length == 0)
            return;
        ArrayPool<byte>.Shared.Return(readBuffer);
        ArrayPool<byte>.Shared.Return(messageBuffer);
        readBuffer = [];
        messageBuffer = [];
    }
}
