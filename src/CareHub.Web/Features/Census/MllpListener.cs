using System.Net;
using System.Net.Sockets;
using CareHub.Interop.Acks;
using CareHub.Interop.Mllp;

namespace CareHub.Web.Features.Census;

/// <summary>
/// The MLLP listener hospitals' interface engines send ADT to (Census:Listener; port 2575 by default, on in Development).
/// Each connection is served on its own: frames are read in order and each is answered with its acknowledgement before
/// the next is read (MLLP's one-at-a-time exchange). At most <see cref="CensusOptions.MaxConnections"/> are served at
/// once; a connection silent for <see cref="CensusOptions.IdleTimeout"/> is closed. An oversized or broken frame is
/// answered AR and the connection goes on. Logs hold addresses and counts, never message content.
/// </summary>
public sealed class MllpListener(CensusOptions settings, AdtProcessor processor, TimeProvider clock, ILogger<MllpListener> logger) : BackgroundService
{
    private readonly TaskCompletionSource<IPEndPoint> _bound = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private SemaphoreSlim? _slots;

    /// <summary>Where the listener accepts connections, once it does (tests bind port 0 and read the port here).</summary>
    public Task<IPEndPoint> Bound => _bound.Task;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var listener = new TcpListener(settings.ListenerAddress, settings.ListenerPort);
        try
        {
            listener.Start(backlog: 256);
        }
        catch (SocketException e)
        {
            // The app keeps serving screens; the feed is what is missing, and the log says why.
            logger.LogError(e, "The MLLP listener could not listen on {Address}:{Port}.", settings.ListenerAddress, settings.ListenerPort);
            _bound.TrySetException(e);
            return;
        }

        var endpoint = (IPEndPoint)listener.LocalEndpoint;
        logger.LogInformation("MLLP listener on {Endpoint}.", endpoint);
        _bound.TrySetResult(endpoint);
        _slots = new SemaphoreSlim(settings.MaxConnections, settings.MaxConnections);
        var connections = new List<Task>();
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                await _slots.WaitAsync(stoppingToken);
                TcpClient client;
                try
                {
                    client = await listener.AcceptTcpClientAsync(stoppingToken);
                }
                catch
                {
                    _slots.Release();
                    throw;
                }
                connections.RemoveAll(t => t.IsCompleted);
                connections.Add(ServeAsync(client, stoppingToken));
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            listener.Stop();
            await Task.WhenAll(connections);
        }
    }

    private async Task ServeAsync(TcpClient client, CancellationToken stoppingToken)
    {
        var remote = client.Client.RemoteEndPoint?.ToString() ?? "unknown";
        var messages = 0;
        try
        {
            using (client)
            {
                client.NoDelay = true;
                var stream = client.GetStream();
                using var reader = new MllpReader(stream, settings.MaxMessageBytes);
                while (!stoppingToken.IsCancellationRequested)
                {
                    using var idle = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
                    idle.CancelAfter(settings.IdleTimeout);
                    MllpFrame? frame;
                    try
                    {
                        frame = await reader.ReadAsync(idle.Token);
                    }
                    catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
                    {
                        break; // idle: the sender reconnects when it has something to send
                    }
                    if (frame is null)
                        break;

                    var ack = frame.Message is { } message
                        ? (await processor.ProcessAsync(message, "mllp", remote, stoppingToken)).Ack
                        : Hl7Ack.RejectUnreadable(null, frame.Error ?? "The frame could not be read.", Guid.NewGuid().ToString("N")[..20], clock.GetUtcNow());
                    await stream.WriteAsync(Mllp.Frame(ack), stoppingToken);
                    messages++;
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException)
        {
            logger.LogInformation("MLLP connection from {Remote} ended after {Messages} messages: {Reason}", remote, messages, e.GetType().Name);
        }
        catch (Exception e)
        {
            logger.LogError(e, "MLLP connection from {Remote} failed after {Messages} messages.", remote, messages);
        }
        finally
        {
            _slots?.Release();
        }
    }
}
