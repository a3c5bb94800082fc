using CareHub.Web.Security;
using Microsoft.AspNetCore.SignalR;

namespace CareHub.Web.Realtime;

/// <summary>
/// Gives each hub call's scope its <see cref="CurrentUser"/> from the connection's principal, before the hub method
/// runs (SignalR creates a scope per invocation, so nothing carries over from the previous call). A connection opened
/// with a sign-in whose session the idle logoff has since ended is nobody from then on.
/// </summary>
public sealed class CurrentUserHubFilter : IHubFilter
{
    public ValueTask<object?> InvokeMethodAsync(HubInvocationContext invocationContext, Func<HubInvocationContext, ValueTask<object?>> next)
    {
        SetUser(invocationContext.ServiceProvider, invocationContext.Context);
        return next(invocationContext);
    }

    public Task OnConnectedAsync(HubLifetimeContext context, Func<HubLifetimeContext, Task> next)
    {
        SetUser(context.ServiceProvider, context.Context);
        return next(context);
    }

    public Task OnDisconnectedAsync(HubLifetimeContext context, Exception? exception, Func<HubLifetimeContext, Exception?, Task> next)
    {
        SetUser(context.ServiceProvider, context.Context);
        return next(context, exception);
    }

    private static void SetUser(IServiceProvider services, HubCallerContext caller)
    {
        var user = caller.User ?? new();
        if (user.GetSessionId() is { } sessionId && services.GetRequiredService<SignInSessions>().IsEnded(sessionId))
            user = new();
        services.GetRequiredService<CurrentUser>().Set(user, $"hub:{caller.ConnectionId}");
    }
}
