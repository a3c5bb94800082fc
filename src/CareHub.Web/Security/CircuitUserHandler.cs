using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server.Circuits;

namespace CareHub.Web.Security;

/// <summary>Gives the circuit's <see cref="CurrentUser"/> its principal before the first component renders.</summary>
public sealed class CircuitUserHandler(CurrentUser currentUser, AuthenticationStateProvider authentication) : CircuitHandler
{
    private string _source = "circuit";

    public override int Order => -100;

    public override async Task OnCircuitOpenedAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        _source = $"circuit:{circuit.Id}";
        var state = await authentication.GetAuthenticationStateAsync();
        currentUser.Set(state.User, _source);
        authentication.AuthenticationStateChanged += OnAuthenticationStateChanged;
    }

    public override Task OnCircuitClosedAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        authentication.AuthenticationStateChanged -= OnAuthenticationStateChanged;
        return Task.CompletedTask;
    }

    private void OnAuthenticationStateChanged(Task<AuthenticationState> task) =>
        _ = task.ContinueWith(t => currentUser.Set(t.Result.User, _source), CancellationToken.None,
            TaskContinuationOptions.OnlyOnRanToCompletion, TaskScheduler.Default);
}

/// <summary>Gives the request's <see cref="CurrentUser"/> its principal (endpoints, static pages).</summary>
public sealed class HttpUserMiddleware(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext context, CurrentUser currentUser)
    {
        currentUser.Set(context.User, $"http:{context.TraceIdentifier}");
        return next(context);
    }
}
