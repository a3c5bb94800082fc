namespace CareHub.Flux;

/// <summary>Thrown by <c>AddFlux</c> when a feature state, reducer or effect is declared wrongly.</summary>
public sealed class FluxRegistrationException : Exception
{
    public FluxRegistrationException()
    {
    }

    public FluxRegistrationException(string message)
        : base(message)
    {
    }

    public FluxRegistrationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    internal FluxRegistrationException(IReadOnlyList<string> errors)
        : base("Flux registration failed:" + Environment.NewLine + string.Join(Environment.NewLine, errors))
    {
        Errors = errors;
    }

    /// <summary>Every problem found, one per method or type (<c>Type.Method: reason</c>).</summary>
    public IReadOnlyList<string> Errors { get; } = [];
}
