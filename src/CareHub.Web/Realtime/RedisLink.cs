using StackExchange.Redis;

namespace CareHub.Web.Realtime;

/// <summary>
/// The one Redis connection of this instance for the bus and presence (singleton, started as a hosted service).
/// It never stops start-up nor care work: it connects with abortConnect=false, commands fail fast while Redis is down
/// (no backlog: delivery is at most once), and <see cref="IsLive"/> says whether Redis answers. Going down is logged
/// once per outage as a warning; coming back is logged and raised, so that every circuit reloads.
/// </summary>
public sealed class RedisLink : IRealtimeLink, IHostedService, IAsyncDisposable
{
    private const int Unknown = -1, Down = 0, Up = 1;

    private readonly ConfigurationOptions _options;
    private readonly ILogger<RedisLink> _logger;
    private readonly TimeSpan _recheckInterval;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Lock _gate = new();
    private ConnectionMultiplexer? _connection;
    private Task? _recheck;
    private int _state = Unknown;
    private int _disposed;

    /// <param name="options">The parsed <c>ConnectionStrings:Redis</c>; cloned, with abortConnect=false and a fail-fast backlog.</param>
    /// <param name="recheckInterval">How often the state is checked besides the connection's own events (default 1 s).</param>
    public RedisLink(ConfigurationOptions options, ILogger<RedisLink> logger, TimeSpan? recheckInterval = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = ForCareHub(options);
        _logger = logger;
        _recheckInterval = recheckInterval ?? TimeSpan.FromSeconds(1);
    }

    /// <summary>The channel the bus uses; the link is live only when its subscription connection is up too.</summary>
    public static RedisChannel EventsChannel { get; } = RedisChannel.Literal("carehub:events");

    public bool IsLive => Volatile.Read(ref _state) == Up;

    public event EventHandler<bool>? LiveChanged;

    /// <summary>The connection, once started (null before). Use it only while <see cref="IsLive"/>, and catch.</summary>
    public IConnectionMultiplexer? Connection => Volatile.Read(ref _connection);

    /// <summary>The options CareHub connects with: never abort on a failed connect, never queue commands while down.</summary>
    public static ConfigurationOptions ForCareHub(ConfigurationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var clone = options.Clone();
        clone.AbortOnConnectFail = false;
        clone.BacklogPolicy = BacklogPolicy.FailFast;
        return clone;
    }

    /// <summary>Connects (waiting at most the connect timeout when Redis does not answer) and starts watching the link.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (Connection is not null)
            return;
        var connection = await ConnectionMultiplexer.ConnectAsync(_options);
        connection.ConnectionFailed += (_, _) => Recheck();
        connection.ConnectionRestored += (_, _) => Recheck();
        Volatile.Write(ref _connection, connection);
        Recheck();
        _recheck = RecheckPeriodicallyAsync(_stopping.Token);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        if (_recheck is not null)
            await _recheck;
    }

    private async Task RecheckPeriodicallyAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(_recheckInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
                Recheck();
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    /// <summary>Reads the connection's state and, when it flipped, logs once and raises <see cref="LiveChanged"/>.</summary>
    internal void Recheck()
    {
        if (Connection is not { } connection || Volatile.Read(ref _disposed) != 0)
            return;
        bool live;
        try
        {
            live = connection.IsConnected && connection.GetSubscriber().IsConnected(EventsChannel);
        }
        catch (ObjectDisposedException)
        {
            return;
        }
        int previous;
        lock (_gate)
        {
            previous = _state;
            _state = live ? Up : Down;
        }
        if (previous == _state)
            return;
        // The endpoints only: the connection string may hold a password.
        var endpoints = string.Join(", ", _options.EndPoints.Select(e => e.ToString()));
        if (!live)
        {
            _logger.LogWarning("Redis ({Endpoints}) does not answer: live updates between instances are paused. Care work continues; " +
                "screens catch up when it returns.", endpoints);
        }
        else if (previous == Down)
        {
            _logger.LogInformation("Redis ({Endpoints}) answers again: live updates between instances resume and every screen reloads.", endpoints);
        }
        if (previous != Unknown || !live)
            Raise(live);
    }

    // One failing listener (a circuit going away) must not keep the others from hearing it.
    private void Raise(bool live)
    {
        if (LiveChanged is not { } listeners)
            return;
        foreach (var listener in listeners.GetInvocationList().Cast<EventHandler<bool>>())
        {
            try
            {
                listener(this, live);
            }
            catch (Exception ex)
            {
                _logger.LogError(ex, "A listener of the Redis link failed; the others were still told.");
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
            return;
        await _stopping.CancelAsync();
        if (_recheck is not null)
            await _recheck;
        if (Connection is { } connection)
            await connection.DisposeAsync();
        _stopping.Dispose();
    }
}
