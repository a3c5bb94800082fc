using System.Net.Sockets;

namespace CareHub.Interop.Mllp;

/// <summary>
/// A sending MLLP connection for the simulator and tests: one message at a time, each answered by an ACK frame.
/// Not for concurrent use; open one client per connection.
/// </summary>
public sealed class MllpClient : IAsyncDisposable
{
    private readonly TcpClient tcp;
    private readonly NetworkStream stream;
    private readonly MllpReader reader;

    private MllpClient(TcpClient tcp)
    {
        this.tcp = tcp;
        stream = tcp.GetStream();
        reader = new MllpReader(stream);
    }

    public static async Task<MllpClient> ConnectAsync(string host, int port, CancellationToken cancellationToken = default)
    {
        var tcp = new TcpClient { NoDelay = true };
        try
        {
            await tcp.ConnectAsync(host, port, cancellationToken);
            return new MllpClient(tcp);
        }
        catch
        {
            tcp.Dispose();
            throw;
        }
    }

    /// <summary>Sends one framed message and returns the ACK text.</summary>
    /// <exception cref="IOException">The connection closed before an ACK, or the ACK frame was unreadable.</exception>
    public async Task<string> SendAsync(string message, CancellationToken cancellationToken = default)
    {
        await stream.WriteAsync(Mllp.Frame(message), cancellationToken);
        var frame = await reader.ReadAsync(cancellationToken);
        if (frame is null)
            throw new IOException("The connection closed before the acknowledgment arrived.");
        return frame.Message ?? throw new IOException($"The acknowledgment could not be read: {frame.Error}");
    }

    public async ValueTask DisposeAsync()
    {
        reader.Dispose();
        await stream.DisposeAsync();
        tcp.Dispose();
    }
}
