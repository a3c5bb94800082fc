using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;

namespace CareHub.Web.Realtime;

/// <summary>
/// The hub for outside clients (wall displays, integrations): follow a topic, receive its <see cref="RealtimeEvent"/>s
/// as "event" messages. Circuits never connect here; they use <see cref="IRealtimeBus"/> in process.
/// </summary>
[Authorize]
public sealed class CareHubHub(TopicAccess access, HubFollowers followers) : Hub
{
    public const string Path = "/hubs/carehub";

    /// <summary>The client method every relayed event arrives on.</summary>
    public const string EventMethod = "event";

    /// <summary>The one answer for a topic that is malformed, missing or another team's.</summary>
    public const string NotFoundMessage = "Not found.";

    public async Task JoinTopic(string topic)
    {
        if (!await access.CanFollowAsync(topic, Context.ConnectionAborted))
            throw new HubException(NotFoundMessage);
        await Groups.AddToGroupAsync(Context.ConnectionId, topic, Context.ConnectionAborted);
        // Checked again when care teams change (HubAccessSweeper).
        followers.Joined(Context.ConnectionId, Context.User ?? new(), topic);
    }

    public async Task LeaveTopic(string topic)
    {
        if (!Topics.TryParse(topic, out _, out _))
            return;
        followers.Left(Context.ConnectionId, topic);
        await Groups.RemoveFromGroupAsync(Context.ConnectionId, topic, Context.ConnectionAborted);
    }

    public override Task OnDisconnectedAsync(Exception? exception)
    {
        followers.Disconnected(Context.ConnectionId);
        return base.OnDisconnectedAsync(exception);
    }
}
