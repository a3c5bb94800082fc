namespace CareHub.Flux.Exceptions;

/// <summary>An exception thrown by an effect (Fluxor: <c>Fluxor.Exceptions.UnhandledExceptionEventArgs</c>).</summary>
public sealed class UnhandledExceptionEventArgs(Exception exception) : EventArgs
{
    public Exception Exception { get; } = exception;

    /// <summary>Set by a handler that dealt with the exception.</summary>
    public bool WasHandled { get; set; }
}
